import net from 'node:net';
import os from 'node:os';
import {performance} from 'node:perf_hooks';
import type {ErrorCode, RoomEvent} from '../protocol/frames.js';
import {encodeFrame} from '../protocol/encode.js';
import {oneLineReason, sanitiseText} from '../protocol/sanitise.js';
import {addressKey, plainAddress} from './address-key.js';
import {RoomCreationLimit, roomsPerAddress} from './room-creation-limit.js';
import {roomKey} from '../protocol/room-names.js';
import {listeningAddresses} from './listening-addresses.js';
import {ListenError, toListenError} from './listen-error.js';
import {defaultDbPath, defaultLogPath} from './log-path.js';
import {MemoryReclaimer} from './memory-reclaimer.js';
import {MemoryStore} from './memory-store.js';
import type {MessageStore} from './message-store.js';
import {LocalBackend} from './local-backend.js';
import {MemberRequests} from './member-requests.js';
import {Outgoing} from './outgoing.js';
import {RateMeter} from './rate-meter.js';
import type {Room} from './room.js';
import type {RoomBackend} from './room-backend.js';
import {expiryCheckEvery, RoomExpiry} from './room-expiry.js';
import {RoomManager} from './room-manager.js';
import {DEFAULT_SERVER_OPTIONS, type ServerOptions} from './server-options.js';
import type {ConnectionInfo, RoomStats, ServerActivity, ServerStats} from './server-types.js';
import {SERVER_NAME} from './server-version.js';
import {Session, type SessionHost} from './session.js';
import {SqliteStore} from './sqlite-store.js';

export type ChatServerDeps = {
	store?: MessageStore;
	/** Where rooms keep events and names (default: this process, with `store`). */
	backend?: RoomBackend<Session>;
	/** Wall clock for `ts` (ms since the epoch). */
	now?: () => number;
};

export type ListenInfo = {host: string; port: number; addresses: string[]};

/** How long a closing connection may take to read its last bytes before it is dropped. */
const LINGER_MS = 5000;
const SHUTDOWN_LINGER_MS = 1000;
/** How long presence news may wait to share a write: longer in bigger rooms, at most this. */
const MAX_LAZY_FLUSH_MS = 100;

/**
 * The chat server: accepts sockets (limits checked before a byte is read), gives each a
 * `Session`, and keeps the rooms (a `RoomManager` over a `RoomBackend`); what members ask is
 * `MemberRequests`'. Tells its listeners what happens (`ServerActivity`); has no UI of its own.
 * See docs/architecture.md for the API.
 */
export class ChatServer {
	readonly options: ServerOptions;
	readonly serverName = SERVER_NAME;
	address: {host: string; port: number} | undefined;

	private readonly listeners = new Set<(activity: ServerActivity) => void>();
	private readonly backend: RoomBackend<Session>;
	private readonly clock: () => number;
	private server: net.Server | undefined;
	private readonly roomManager: RoomManager<Session>;
	private readonly requests: MemberRequests<Session>;
	private opened = false;
	private readonly sessions = new Set<Session>();
	private readonly perIp = new Map<string, number>();
	private readonly roomCreation: RoomCreationLimit;
	private readonly expiry: RoomExpiry<Room<Session>>;
	/** When the sweep next looks for rooms to expire (monotonic ms). */
	private nextExpiryCheck = 0;
	private dirty: Session[] = [];
	private flushScheduled = false;
	private lazyDirty: Session[] = [];
	private lazyTimer: NodeJS.Timeout | undefined;
	private sweepTimer: NodeJS.Timeout | undefined;
	private nextId = 1;
	private startedAt = 0;
	private messagesTotal = 0;
	private readonly meter = new RateMeter();
	/** Each room's message rate, for the dashboard's rooms panel. */
	private readonly roomMeters = new WeakMap<Room<Session>, RateMeter>();
	private stopping: Promise<void> | undefined;
	private readonly socketsGone = new Set<() => void>();
	private readonly reclaimer = new MemoryReclaimer();

	constructor(options: Partial<ServerOptions> = {}, deps: ChatServerDeps = {}) {
		// An option given as undefined means its default (logFile: null means no log).
		const merged = {...DEFAULT_SERVER_OPTIONS, ...stripUndefined(options)};
		// The motd goes out in every welcome, in every dialect: cleaned once, here.
		this.options = {...merged, motd: sanitiseText(merged.motd)};
		this.clock = deps.now ?? Date.now;
		this.expiry = new RoomExpiry(this.options.roomExpiry * 1000);
		this.roomCreation = new RoomCreationLimit(roomsPerAddress(this.options.maxRooms));
		this.backend =
			deps.backend ?? new LocalBackend<Session>(deps.store ?? this.defaultStore(), this.options.defaultRoom, () => this.scheduleTick());
		this.roomManager = new RoomManager<Session>(
			this.backend,
			{defaultRoom: this.options.defaultRoom, rooms: this.options.rooms, maxRooms: this.options.maxRooms, historyLimit: this.options.history},
			this.clock,
			(room, event, member) => this.onRoomEvent(room, event, member),
		);
		this.requests = new MemberRequests<Session>({
			options: this.options,
			serverName: SERVER_NAME,
			names: this.backend.names,
			rooms: this.roomManager,
			now: this.clock,
			changed: session => this.emit({kind: 'connection', info: session.info()}),
			commit: () => this.backend.flush(),
			store: this.backend,
		});
	}

	/** Path of the history database, or "memory". */
	get logLocation(): string {
		return this.backend.location;
	}

	/** Every room (once listening). */
	get rooms(): RoomManager<Session> {
		return this.roomManager;
	}

	/** The room everyone starts in (once listening). */
	get room(): Room<Session> {
		return this.roomManager.defaultRoom;
	}

	subscribe(listener: (activity: ServerActivity) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	async listen(): Promise<ListenInfo> {
		if (this.server || this.stopping) throw new ListenError('the server is already started', undefined);
		const {host, port} = this.options;
		if (!this.opened) {
			try {
				await this.roomManager.open();
			} catch (error) {
				throw new ListenError(error instanceof Error ? error.message : String(error), 'ELOG');
			}
			this.opened = true;
		}
		const server = net.createServer({pauseOnConnect: true, noDelay: true}, socket => this.accept(socket));
		this.server = server;
		try {
			await new Promise<void>((resolve, reject) => {
				server.once('error', reject);
				server.listen({host, port, backlog: 4096}, () => {
					server.off('error', reject);
					resolve();
				});
			});
		} catch (error) {
			this.server = undefined;
			await this.backend.close().catch(() => {});
			this.opened = false;
			throw toListenError(error, host, port);
		}
		server.on('error', error => this.emit({kind: 'warning', text: `server error: ${error.message}`}));
		const bound = server.address() as net.AddressInfo;
		this.address = {host, port: bound.port};
		this.startedAt = this.clock();
		this.sweepTimer = setInterval(() => this.sweep(), this.sweepEvery());
		this.sweepTimer.unref();
		const addresses = listeningAddresses(host, bound.port, os.networkInterfaces());
		this.emit({kind: 'listening', host, port: bound.port, addresses});
		return {host, port: bound.port, addresses};
	}

	/**
	 * A notice to every member, each member's `leave … shutdown` recorded (not delivered: they
	 * are all going), every connection closed, the log flushed.
	 */
	shutdown(): Promise<void> {
		this.stopping ??= this.stop();
		return this.stopping;
	}

	/**
	 * Closes a member: it is told why, everyone else sees `leave … kicked`. The `kicked` error is
	 * what clients act on; the notice after it is for people at nc and for clients that predate
	 * the error code (they recognise the notice and do not rejoin).
	 */
	kick(name: string, reason?: string): boolean {
		const session = this.backend.names.find(name);
		if (!session) return false;
		const why = reason === undefined ? '' : oneLineReason(reason);
		session.sendError('kicked', why || 'no reason given');
		session.sendFrame({type: 'notice', ts: this.clock(), text: why ? `you were kicked: ${why}` : 'you were kicked by the operator'});
		session.close('kicked', {graceful: true, text: why || undefined, lingerMs: LINGER_MS});
		return true;
	}

	/**
	 * A notice from the operator to every member, or to one room's. False when there is no such
	 * room or nothing to say.
	 */
	notice(text: string, roomName?: string): boolean {
		const clean = sanitiseText(text);
		if (clean.trim().length === 0 || !this.opened) return false;
		this.backend.flush();
		const ts = this.clock();
		if (roomName !== undefined) {
			const room = this.roomManager.get(roomName);
			if (!room) return false;
			room.broadcast(new Outgoing({type: 'notice', ts, text: clean, room: room.name}));
			this.emit({kind: 'notice', ts, text: clean, room: room.name});
			return true;
		}
		this.broadcast(new Outgoing({type: 'notice', ts, text: clean}));
		this.emit({kind: 'notice', ts, text: clean});
		return true;
	}

	/**
	 * Removes a room for good: each member still in it is sent its own `leave … dropped` (the
	 * others' are not sent: they are all going) and stays connected in its other rooms; the
	 * room's history and topic are removed from the store, and its `seq` is never given again
	 * under its name. The default room, where everyone starts, cannot be removed.
	 */
	drop(roomName: string, reason?: string): 'dropped' | 'no_such_room' | 'default_room' {
		if (!this.opened) return 'no_such_room';
		const room = this.roomManager.get(roomName);
		if (!room) return 'no_such_room';
		if (room === this.roomManager.defaultRoom) return 'default_room';
		const why = reason === undefined ? '' : oneLineReason(reason);
		this.removeRoom(room, 'operator', why || undefined);
		return 'dropped';
	}

	/** Open connections; one that is closing (kicked, quit, slow) is gone for the operator at once. */
	connections(): ConnectionInfo[] {
		const list: ConnectionInfo[] = [];
		for (const s of this.sessions) if (s.isOpen) list.push(s.info());
		return list;
	}

	stats(): ServerStats {
		return {
			startedAt: this.startedAt,
			online: this.backend.names.size,
			rooms: this.roomManager.size,
			connections: this.sessions.size,
			messagesTotal: this.messagesTotal,
			messagesPerSecond: this.meter.perSecond(performance.now()),
		};
	}

	/** Every room with its numbers; as cheap as `connections()` (a few fields per room). */
	roomStats(): RoomStats[] {
		if (!this.opened) return [];
		const now = performance.now();
		const list: RoomStats[] = [];
		for (const room of this.roomManager.values()) {
			list.push({
				name: room.name,
				topic: room.topic,
				members: room.size,
				messages: room.messages,
				messagesPerSecond: this.roomMeters.get(room)?.perSecond(now) ?? 0,
			});
		}
		return list;
	}

	/** The recent history of a room (the default room without a name). */
	history(roomName?: string): RoomEvent[] {
		if (!this.opened) return [];
		return (roomName === undefined ? this.roomManager.defaultRoom : this.roomManager.get(roomName))?.history() ?? [];
	}

	/** Unread input held for one connection (by id), for tests of the frame limit. */
	bufferedInput(id: number): number | undefined {
		for (const s of this.sessions) if (s.id === id) return s.bufferedInput;
		return undefined;
	}

	private defaultStore(): MessageStore {
		const {db, logFile, port, retainDays} = this.options;
		// With --port 0 the port is not known yet, and a shared "tcpchat-0.db" would mix unrelated
		// rooms: such a server keeps history in memory unless given --db.
		if (db === null || (db === undefined && (logFile === null || port === 0))) return new MemoryStore();
		// The log of an older tcpchat is imported once: the one named, or the default one beside the default database.
		const importFrom =
			typeof logFile === 'string' ? {path: logFile, explicit: true} : db === undefined ? {path: defaultLogPath(port), explicit: false} : undefined;
		return new SqliteStore(db ?? defaultDbPath(port), {
			importFrom,
			retainDays,
			now: this.clock,
			onWarning: text => this.emit({kind: 'warning', text}),
		});
	}

	/** A frame to every member, once each. */
	private broadcast(out: Outgoing): void {
		for (const session of this.sessions) if (session.joined) session.deliver(out);
	}

	private emit(activity: ServerActivity): void {
		for (const listener of this.listeners) {
			try {
				listener(activity);
			} catch {
				// A broken listener (a screen) must not take the room down.
			}
		}
	}

	private accept(socket: net.Socket): void {
		const address = plainAddress(socket.remoteAddress);
		if (this.stopping) {
			socket.destroy();
			return;
		}
		const {maxClients, maxPerIp} = this.options;
		if (maxClients > 0 && this.sessions.size >= maxClients) {
			this.reject(socket, address, 'server_full', 'the server is full — try again later');
			return;
		}
		const key = addressKey(address, this.options.ipv6Prefix);
		const fromHere = this.perIp.get(key) ?? 0;
		if (maxPerIp > 0 && fromHere >= maxPerIp) {
			const where = key.includes('/') ? `your network (${key})` : address;
			this.reject(socket, address, 'too_many_connections', `too many connections from ${where} — close some and try again`);
			return;
		}
		this.perIp.set(key, fromHere + 1);
		this.reclaimer.note(performance.now());
		const session = new Session(this.nextId++, socket, address, key, this.sessionHost);
		this.sessions.add(session);
		this.emit({kind: 'connection', info: session.info()});
	}

	/** Decided before reading a byte; the error goes out as a tcpchat/1 frame, then the socket closes. */
	private reject(socket: net.Socket, address: string, code: ErrorCode & ('server_full' | 'too_many_connections'), message: string): void {
		socket.on('error', () => {});
		socket.end(encodeFrame({type: 'error', code, message}));
		// Whatever the peer already sent is read and dropped: closing with unread input would
		// reset the connection and could lose the error before the peer reads it.
		socket.resume();
		socket.setTimeout(LINGER_MS, () => socket.destroy());
		this.emit({kind: 'rejected', address, code});
	}

	private readonly sessionHost: SessionHost = ((server: ChatServer): SessionHost => ({
		get options() {
			return server.options;
		},
		get requests() {
			return server.requests;
		},
		serverName: SERVER_NAME,
		now: () => server.clock(),
		monotonic: () => performance.now(),
		scheduleFlush: session => server.scheduleFlush(session),
		commit: () => server.backend.flush(),
		scheduleLazyFlush: session => server.scheduleLazyFlush(session),
		socketClosed: session => server.onSocketClosed(session),
		lookup: name => {
			const found = server.backend.names.find(name);
			return found && {name: found.name, since: found.since, away: found.away, rooms: found.rooms.map(r => r.name)};
		},
		stats: () => ({online: server.backend.names.size, rooms: server.roomManager.size, startedAt: server.startedAt}),
		mayCreateRoom: address => server.roomCreation.mayCreate(address, performance.now()),
		holdsMostRooms: address => server.roomCreation.holdsMost(address),
		madeRoom: (address, room) => server.roomCreation.made(address, roomKey(room)),
	}))(this);

	private scheduleFlush(session: Session): void {
		this.dirty.push(session);
		this.scheduleTick();
	}

	/** The end of this tick: after every socket read in this turn of the event loop, so that a burst costs one write per member. */
	private scheduleTick(): void {
		if (this.flushScheduled) return;
		this.flushScheduled = true;
		setImmediate(this.flushAll);
	}

	/**
	 * The tick's work: the backend stores the tick's events (one transaction) and delivers them,
	 * then each member with news gets one write. Stored before seen: no byte of an event reaches
	 * a socket before the event is in the store.
	 */
	private readonly flushAll = (): void => {
		this.backend.flush();
		this.flushScheduled = false;
		const list = this.dirty;
		this.dirty = [];
		for (const session of list) session.flush();
	};

	private scheduleLazyFlush(session: Session): void {
		this.lazyDirty.push(session);
		// 10 ms per thousand members online: a join storm in a room of 10 000 costs ten writes a second per member.
		const delay = Math.min(MAX_LAZY_FLUSH_MS, Math.max(5, Math.floor(this.backend.names.size / 100)));
		this.lazyTimer ??= setTimeout(this.flushLazy, delay);
	}

	private readonly flushLazy = (): void => {
		this.lazyTimer = undefined;
		const list = this.lazyDirty;
		this.lazyDirty = [];
		// A session flushed since (by urgent news) is 'no' or 'now' by now: nothing to do here.
		for (const session of list) if (session.flushQueued === 'later') session.flush();
	};

	private onRoomEvent(room: Room<Session>, event: RoomEvent, member: Session | undefined): void {
		if (event.type === 'leave' && event.reason === 'dropped') {
			// Recorded without a fan-out (see removeRoom): the member alone is sent its own, in its
			// dialect. The room's removal is one line in the log, not one per member.
			member?.sendFrame(event);
			return;
		}
		if (event.type === 'msg') {
			const now = performance.now();
			this.messagesTotal++;
			this.meter.add(now);
			let roomMeter = this.roomMeters.get(room);
			if (!roomMeter) this.roomMeters.set(room, (roomMeter = new RateMeter()));
			roomMeter.add(now);
		}
		this.emit(event.type === 'join' && member ? {kind: 'event', event, address: member.address} : {kind: 'event', event});
	}

	private onSocketClosed(session: Session): void {
		if (!this.sessions.delete(session)) return;
		this.reclaimer.note(performance.now());
		this.emit({kind: 'disconnect', id: session.id, name: session.endName, reason: session.endReason ?? 'closed'});
		const left = (this.perIp.get(session.addressKey) ?? 1) - 1;
		if (left <= 0) this.perIp.delete(session.addressKey);
		else this.perIp.set(session.addressKey, left);
		if (this.sessions.size === 0) for (const done of this.socketsGone) done();
	}

	/**
	 * Takes every member out of `room` (each told, see onRoomEvent), then removes the room from
	 * the manager and the store. Everything said in the room before reaches its members first.
	 */
	private removeRoom(room: Room<Session>, by: 'operator' | 'expiry', text: string | undefined): void {
		this.backend.flush();
		const members = [...room.values()];
		for (const member of members) {
			member.rooms = member.rooms.filter(r => r !== room);
			// Before its leave is encoded: a person at nc is told where its lines go now.
			member.codec?.roomsChanged?.(member.rooms.map(r => r.name));
			room.leave(member, 'dropped', text, false);
		}
		// The leaves are stored and each handed to its member; then the room goes, seq and all.
		this.backend.flush();
		this.roomManager.remove(room);
		this.roomCreation.removed(roomKey(room.name));
		for (const member of members) this.emit({kind: 'connection', info: member.info()});
		const ts = this.clock();
		this.emit(text === undefined ? {kind: 'dropped', ts, room: room.name, by, members: members.length} : {kind: 'dropped', ts, room: room.name, by, members: members.length, text});
	}

	/** Deadlines of every session, checked by one timer rather than one timer per connection; and rooms that expire. */
	private sweep(): void {
		const now = performance.now();
		for (const session of this.sessions) session.sweep(now);
		this.reclaimer.sweep(now);
		this.roomCreation.sweep(now);
		this.expireRooms(now);
	}

	/** Empty rooms that hold nothing go once their grace is over (`--room-expiry`), a look every so often. */
	private expireRooms(now: number): void {
		const graceMs = this.options.roomExpiry * 1000;
		if (graceMs <= 0 || now < this.nextExpiryCheck || this.stopping) return;
		this.nextExpiryCheck = now + expiryCheckEvery(graceMs);
		const rooms = this.roomManager;
		for (const room of this.expiry.due(rooms.values(), r => r.size === 0 && rooms.isThrowaway(r), now)) this.removeRoom(room, 'expiry', undefined);
	}

	private sweepEvery(): number {
		const o = this.options;
		const deadlines = [o.helloTimeout * 1000, o.nickTimeout * 1000, o.pingInterval * 1000, o.plainGreetingDelay, o.sendqStallMs, o.roomExpiry * 1000].filter(
			ms => ms > 0,
		);
		const shortest = deadlines.length > 0 ? Math.min(...deadlines) : 1000;
		return Math.max(5, Math.min(500, Math.floor(shortest / 5)));
	}

	private async stop(): Promise<void> {
		const server = this.server;
		if (!server) {
			await this.backend.close().catch(() => {});
			return;
		}
		if (this.sweepTimer) clearInterval(this.sweepTimer);
		if (this.lazyTimer) clearTimeout(this.lazyTimer);
		this.flushLazy();
		const serverClosed = new Promise<void>(resolve => server.close(() => resolve()));
		const ts = this.clock();
		const text = 'the server is shutting down';
		this.broadcast(new Outgoing({type: 'notice', ts, text}));
		this.emit({kind: 'notice', ts, text});
		const allGone = new Promise<void>(resolve => {
			if (this.sessions.size === 0) resolve();
			else this.socketsGone.add(resolve);
		});
		for (const session of [...this.sessions]) session.close('shutdown', {graceful: true, quiet: true, lingerMs: SHUTDOWN_LINGER_MS});
		await allGone;
		await serverClosed;
		await this.backend.close().catch(error => this.emit({kind: 'warning', text: `could not close the history store: ${(error as Error).message}`}));
		this.server = undefined;
		this.emit({kind: 'closed'});
	}
}

function stripUndefined<T extends object>(value: T): Partial<T> {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
