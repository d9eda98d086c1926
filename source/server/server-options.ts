import {DEFAULT_ROOM_EXPIRY_SECONDS} from './room-expiry.js';

/** Every server setting, each a command-line flag (see DESIGN.md, "Server behaviour and defaults"). */
export type ServerOptions = {
	host: string;
	port: number;
	/** 0 = no limit. */
	maxClients: number;
	/** 0 = no limit. */
	maxPerIp: number;
	/** Seconds to send hello (JSON dialect). */
	helloTimeout: number;
	/** Seconds a plain-text connection (or a silent one, once greeted) has to give a nickname. */
	nickTimeout: number;
	/** Seconds of silence before a ping; closed as `timeout` one interval later. 0 = off. */
	pingInterval: number;
	/** Messages per second, token bucket refill. */
	rate: number;
	/** Token bucket size. */
	burst: number;
	/** Consecutive rate-limited drops before the client is closed as `flood`. */
	floodDrops: number;
	/** Bytes a client's socket may hold unaccepted; past it, a client that stops draining is closed as `slow`. */
	maxSendq: number;
	/** Milliseconds a client over `maxSendq` may go without accepting a byte before it is `slow`. */
	sendqStallMs: number;
	/** IPv6 clients are counted for `maxPerIp` per network of this prefix length. */
	ipv6Prefix: number;
	/** The room everyone is in at first, and the only one tcpchat/1 members see. */
	defaultRoom: string;
	/** Rooms made at start, besides the default one. */
	rooms: string[];
	/** Rooms in all, 0 = no limit. */
	maxRooms: number;
	/** Rooms one member may be in at once, 0 = no limit. */
	maxRoomsPerMember: number;
	/**
	 * Seconds an empty room that holds nothing (no message ever, no topic; not the default room
	 * nor one of `rooms`) stays before it is removed, freeing its place; 0 = never.
	 */
	roomExpiry: number;
	/** Room events kept and sent in `welcome`. */
	history: number;
	/** The history database; undefined = the per-port default (memory with port 0); null = memory only. */
	db: string | null | undefined;
	/**
	 * An older tcpchat's JSONL message log, imported into a new database on its first start
	 * (undefined: the per-port log of the default place, when the database is the default one);
	 * null, without a `db`: history in memory only (`--no-log` sets both to null).
	 */
	logFile: string | null | undefined;
	/** Events older than this many days are pruned; 0 keeps everything. */
	retainDays: number;
	motd: string;
	/** Milliseconds a connection may stay silent before it is greeted as a plain-text client. */
	plainGreetingDelay: number;
};

export const DEFAULT_SERVER_OPTIONS: ServerOptions = {
	host: '0.0.0.0',
	port: 7777,
	maxClients: 10000,
	maxPerIp: 100,
	helloTimeout: 10,
	nickTimeout: 60,
	pingInterval: 30,
	rate: 5,
	burst: 10,
	floodDrops: 50,
	maxSendq: 1048576,
	sendqStallMs: 3000,
	ipv6Prefix: 64,
	defaultRoom: '#general',
	rooms: [],
	maxRooms: 1000,
	maxRoomsPerMember: 50,
	roomExpiry: DEFAULT_ROOM_EXPIRY_SECONDS,
	history: 100,
	db: undefined,
	logFile: undefined,
	retainDays: 0,
	motd: 'Welcome to tcpchat. Type /help for commands.',
	plainGreetingDelay: 1000,
};
