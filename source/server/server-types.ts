import type {LeaveReason, RoomEvent} from '../protocol/frames.js';

export type Dialect = 'json' | 'plain' | 'irc' | 'unknown';

/** A snapshot of one connection, for the dashboard. */
export type ConnectionInfo = {
	id: number;
	/** null until the hello (or the plain-text nickname) is accepted. */
	name: string | null;
	address: string;
	remotePort: number;
	dialect: Dialect;
	/** ms since the epoch */
	since: number;
	messagesIn: number;
	messagesOut: number;
	bytesIn: number;
	bytesOut: number;
	/** Bytes written to the socket that the peer has not read yet (and queued this tick). */
	sendq: number;
	/** The rooms it is in, in the order it joined them. */
	rooms: string[];
};

/** A snapshot of one room, for the dashboard. */
export type RoomStats = {
	name: string;
	topic: string;
	/** Members in it now. */
	members: number;
	/** Messages said in it since the server started. */
	messages: number;
	/** Its messages in the last few seconds, per second. */
	messagesPerSecond: number;
};

export type ServerStats = {
	startedAt: number;
	online: number;
	rooms: number;
	connections: number;
	messagesTotal: number;
	/** Room messages in the last few seconds, per second. */
	messagesPerSecond: number;
};

/** What `ChatServer` tells its listeners (headless printer, dashboard hook). */
export type ServerActivity =
	| {kind: 'listening'; host: string; port: number; addresses: string[]}
	/** `address` is the member's, on joins (for the headless log). */
	| {kind: 'event'; event: RoomEvent; address?: string}
	/** `room` when it went to one room's members only. */
	| {kind: 'notice'; ts: number; text: string; room?: string}
	/** A new connection, and the same id again whenever its name changes (join, nick). */
	| {kind: 'connection'; info: ConnectionInfo}
	/** The connection is gone (its socket closed); a member's leave was reported as an event before. */
	| {kind: 'disconnect'; id: number; name: string | null; reason: LeaveReason}
	| {kind: 'rejected'; address: string; code: 'server_full' | 'too_many_connections'}
	/**
	 * A room was removed: by the operator (`/drop`; its `members` were told and taken out), or
	 * because it was empty and held nothing for `--room-expiry` seconds.
	 */
	| {kind: 'dropped'; ts: number; room: string; by: 'operator' | 'expiry'; members: number; text?: string}
	| {kind: 'warning'; text: string}
	| {kind: 'closed'};
