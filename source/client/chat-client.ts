import net from 'node:net';
import {encodeFrame} from '../protocol/encode.js';
import type {ClientFrame, ErrorCode, ErrorFrame, ServerFrame, WelcomeFrame} from '../protocol/frames.js';
import {PROTOCOL_VERSION} from '../protocol/limits.js';
import {LineDecoder} from '../protocol/line-decoder.js';
import {MAX_SERVER_FRAME_BYTES} from '../protocol/limits.js';
import {nameKey} from '../protocol/names.js';
import {parseServerFrame, V1_ROOM} from '../protocol/parse-server-frame.js';
import {backoffSeconds} from './backoff.js';
import {roomKey} from '../protocol/room-names.js';
import {Outbox, PACE_BURST, type Destination, type OutboxMessage, type OutboxProgress, type Pace} from './outbox.js';
import {connectErrorSentence, isRefusal, refusalSentence, roomErrorSentence, timeoutSentence} from './connect-error.js';
import {requestCost} from './request-cost.js';

export type ChatClientOptions = {
	host: string;
	port: number;
	name: string;
	/** From the first byte sent to the welcome. */
	connectTimeoutMs?: number;
	/** Reconnect with backoff when a joined connection is lost. */
	reconnect?: boolean;
	/** Seconds of silence from the server before a ping; dead one interval later. 0 = off. */
	pingInterval?: number;
	/** Milliseconds before reconnect attempt `attempt` (1-based). Default: 1, 2, 4 … 30 s. */
	backoffMs?: (attempt: number) => number;
	/** The rate limit messages keep under; default the server's default (5 a second, 10 at once). */
	pace?: Pace;
};

export type ClientStatus =
	| {state: 'idle'}
	/** `attempt` is 0 for the first connection, then the reconnect attempt. */
	| {state: 'connecting'; host: string; port: number; name: string; attempt: number}
	| {state: 'joined'; welcome: WelcomeFrame; reconnected: boolean}
	/** `nameTaken`: the last attempt was refused because this name is in use (perhaps by our own ghost). */
	| {state: 'reconnecting'; reason: string; attempt: number; retryAt: number; nameTaken?: string}
	/** `kicked` when the operator removed us: `message` says so, `kicked.reason` is the operator's words. */
	| {state: 'failed'; message: string; kicked?: {reason: string}}
	| {state: 'closed'};

export type ClientActivity =
	| {kind: 'frame'; frame: ServerFrame}
	| {kind: 'status'; status: ClientStatus}
	/**
	 * The messages on their way (see `Outbox`); `unsent` when the client stopped with some never
	 * sent, or (with `left`, the room) when the room they were for was left first.
	 */
	| {kind: 'outbox'; progress: OutboxProgress; unsent?: number; left?: string}
	/**
	 * A `history` or `search` request that will not be answered: the server refused it
	 * (`message`, a sentence), or the connection went before the answer came.
	 */
	| {kind: 'refused'; request: PendingRequest; message: string};

/** A question on its way to the server: a page of a room's history, or a search. */
export type PendingRequest = {type: 'history'; room: string} | {type: 'search'; text: string; room?: string};

/** Frames the server's rate limit does not count against the messages' bucket. */
const FREE_FRAMES: ReadonlySet<ClientFrame['type']> = new Set(['ping', 'pong', 'bye', 'hello']);

type Listener = (activity: ClientActivity) => void;

const QUIT_GRACE_MS = 1000;

/** A hello the server refused (name taken, server full, …): the sentence and the code. */
class RefusedError extends Error {
	constructor(
		message: string,
		readonly code: ErrorCode,
	) {
		super(message);
	}
}
export const KICKED_SENTENCE = 'you were kicked by the operator';

/**
 * One connection to a tcpchat server, speaking tcpchat/1. No UI: the hook, the tests and the
 * benchmark use it alike. Every failure reaches the caller as a sentence (an Error's message
 * or a status), never as a raw socket error.
 */
export class ChatClient {
	readonly host: string;
	readonly port: number;
	private currentName: string;
	/**
	 * The rooms this client is in, as the server spells them, in the order joined: a reconnect
	 * asks for them again (hello `rooms`), and a message without a room goes to the first.
	 */
	private joinedRooms: string[] = [];
	/** The tcpchat version the last welcome chose (1: one room, no join, part, topic or list). */
	private proto = PROTOCOL_VERSION;
	private readonly connectTimeoutMs: number;
	private readonly reconnect: boolean;
	private readonly pingMs: number;
	private readonly backoffMs: (attempt: number) => number;
	private readonly listeners = new Set<Listener>();
	private socket: net.Socket | undefined;
	private joined = false;
	private stopped = false;
	private everJoined = false;
	private attempt = 0;
	private retryTimer: NodeJS.Timeout | undefined;
	private silenceTimer: NodeJS.Timeout | undefined;
	private pingSent = false;
	private currentStatus: ClientStatus = {state: 'idle'};
	/** The name the last hello asked for. */
	private helloName: string | undefined;
	/** A name chosen with /nick while reconnecting, until the server has granted it. */
	private wantedName: string | undefined;
	/** The away message we last set ('' when here): a new connection starts here, so it is said again. */
	private awayText = '';
	/** What `say` sends: one message at a time, within the rate limit, none lost. */
	private readonly outbox: Outbox;
	private readonly burst: number;
	/** Rooms (by key) whose history page is on its way: one at a time each. */
	private readonly historyAsked = new Map<string, string>();
	/** The search on its way (one at a time: a new one replaces it). */
	private searchAsked: {text: string; room?: string} | undefined;
	/** Requests waiting for the tokens they cost, in order (see `ask`). */
	private readonly waitingRequests: ClientFrame[] = [];
	private requestTimer: NodeJS.Timeout | undefined;

	constructor(options: ChatClientOptions) {
		this.host = options.host;
		this.port = options.port;
		this.currentName = options.name;
		this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
		this.reconnect = options.reconnect ?? true;
		this.pingMs = (options.pingInterval ?? 30) * 1000;
		this.backoffMs = options.backoffMs ?? (attempt => backoffSeconds(attempt) * 1000);
		this.burst = options.pace?.burst ?? PACE_BURST;
		this.outbox = new Outbox({
			...(options.pace ? {pace: options.pace} : {}),
			write: message => this.send(this.messageFrame(message), false),
			now: () => performance.now(),
			onProgress: progress => this.emit({kind: 'outbox', progress}),
		});
	}

	/** The name the server knows us by (follows welcome and our own renames). */
	get name(): string {
		return this.currentName;
	}

	get status(): ClientStatus {
		return this.currentStatus;
	}

	/** The rooms this client is in (as the server spells them), in the order joined. */
	get rooms(): readonly string[] {
		return this.joinedRooms;
	}

	/** Whether the server speaks rooms to us (tcpchat/2): join, part, topic and list. */
	get hasRooms(): boolean {
		return this.proto >= 2;
	}

	subscribe(listener: Listener): () => void {
		this.listeners.add(listener);
		return () => {
			this.listeners.delete(listener);
		};
	}

	/** Connects and joins. Rejects with an Error whose message is a sentence; no retry on a first failure. */
	async connect(): Promise<WelcomeFrame> {
		if (this.socket || this.retryTimer) throw new Error('already connected');
		this.stopped = false;
		this.everJoined = false;
		this.attempt = 0;
		this.wantedName = undefined;
		this.awayText = '';
		this.joinedRooms = [];
		this.setStatus({state: 'connecting', host: this.host, port: this.port, name: this.currentName, attempt: 0});
		try {
			return await this.open();
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			if (!this.stopped) this.setStatus({state: 'failed', message});
			else this.setStatus({state: 'closed'});
			throw error;
		}
	}

	/**
	 * Queues a message to `room` (default: the first room this client is in): sent at once when
	 * nothing is on its way and the rate allows, else in its turn (see `Outbox`). False when
	 * there is no connection (nothing is queued then).
	 */
	say(text: string, action = false, room?: string): boolean {
		if (!this.joined) return false;
		this.outbox.push(room === undefined ? {text, action} : {text, action, destination: {room}});
		return true;
	}

	/** Messages said and not yet known to have arrived. */
	get unsentMessages(): number {
		return this.outbox.pending;
	}

	nick(name: string): boolean {
		return this.send({type: 'nick', name});
	}

	/**
	 * While reconnecting: rejoin as `name` instead, trying again at once. False when there is no
	 * rejoin under way (joined: use `nick`; never joined, stopped or given up: nothing to change).
	 */
	rejoinAs(name: string): boolean {
		if (this.joined || this.stopped || !this.everJoined) return false;
		const state = this.currentStatus.state;
		if (state !== 'reconnecting' && state !== 'connecting') return false;
		this.currentName = name;
		this.wantedName = name;
		if (this.retryTimer) {
			this.clearRetry();
			this.attemptReconnect();
		}
		// Otherwise an attempt is under way: if it fails, the next one goes at once with the new
		// name (see scheduleReconnect); if it succeeds under the old name, the welcome asks for this one.
		return true;
	}

	away(text: string): boolean {
		if (!this.send({type: 'away', text})) return false;
		this.awayText = text;
		return true;
	}

	/** A private message, queued in the outbox like `say` (a long paste to one person is paced too). */
	dm(to: string, text: string): boolean {
		if (!this.joined) return false;
		this.outbox.push({text, action: false, destination: {to}});
		return true;
	}

	/** The members of `room` (default: the first room this client is in). */
	who(room?: string): boolean {
		return this.send({type: 'who', room: room ?? this.defaultRoom()});
	}

	/** Joins `room` (the server creates it if new); its `joined` frame follows. */
	join(room: string): boolean {
		return this.send({type: 'join', room});
	}

	/**
	 * Leaves `room` and stays connected. Messages still queued for it are dropped and counted
	 * (an `outbox` activity with `left`): the server would refuse them.
	 */
	part(room: string, reason?: string): boolean {
		if (!this.send(reason ? {type: 'part', room, reason} : {type: 'part', room})) return false;
		this.leftRoom(room);
		return true;
	}

	/** Out of `room` (a part, or the operator removed it): what waits for it is of no use any more. */
	private leftRoom(room: string): void {
		const key = roomKey(room);
		// A page on its way for the room is of no use once out of it (its answer is dropped).
		this.historyAsked.delete(key);
		const dropped = this.outbox.discard(m => m.destination !== undefined && 'room' in m.destination && roomKey(m.destination.room) === key);
		if (dropped > 0) this.emit({kind: 'outbox', progress: {done: 0, total: this.outbox.pending, waiting: false}, unsent: dropped, left: room});
	}

	/** Sets `room`'s topic; an empty text clears it. */
	topic(room: string, text: string): boolean {
		return this.send({type: 'topic', room, text});
	}

	/** Asks for the server's rooms; a `rooms` frame answers. */
	list(): boolean {
		return this.send({type: 'list'});
	}

	/**
	 * Asks for the `limit` events of `room` before the event `before` (a seq; absent: the
	 * newest); a `history` frame answers, or a `refused` activity. False when it cannot be asked:
	 * not connected, a tcpchat/1 server (no history), or a page of that room already on its way.
	 */
	history(room: string, before?: number, limit?: number): boolean {
		const key = roomKey(room);
		if (!this.joined || !this.hasRooms || this.historyAsked.has(key)) return false;
		this.historyAsked.set(key, room);
		const frame: ClientFrame = {type: 'history', room, ...(before === undefined ? {} : {before}), ...(limit === undefined ? {} : {limit})};
		this.ask(frame);
		return true;
	}

	/** Whether a page of `room`'s history is on its way. */
	asking(room: string): boolean {
		return this.historyAsked.has(roomKey(room));
	}

	/**
	 * Searches the history of `room` (default: every room this client is in) for messages
	 * containing `text`; a `results` frame answers, or a `refused` activity. A search asked while
	 * another is on its way replaces it. False when not connected or on a tcpchat/1 server.
	 */
	search(text: string, room?: string): boolean {
		if (!this.joined || !this.hasRooms) return false;
		this.searchAsked = room === undefined ? {text} : {text, room};
		this.ask(room === undefined ? {type: 'search', text} : {type: 'search', text, room});
		return true;
	}

	/** Says goodbye and closes; waits (briefly) for the server to close its end. Never reconnects. */
	async quit(reason?: string): Promise<void> {
		this.stopped = true;
		this.clearRetry();
		this.stopOutbox();
		const socket = this.socket;
		if (!socket || socket.destroyed) {
			this.setStatus({state: 'closed'});
			return;
		}
		if (this.joined && socket.writable) socket.write(encodeFrame(reason ? {type: 'bye', reason} : {type: 'bye'}));
		socket.end();
		await new Promise<void>(resolve => {
			const grace = setTimeout(() => {
				socket.destroy();
				resolve();
			}, QUIT_GRACE_MS);
			grace.unref();
			socket.once('close', () => {
				clearTimeout(grace);
				resolve();
			});
		});
		this.setStatus({state: 'closed'});
	}

	/** Drops the connection at once, without a goodbye. Never reconnects. */
	close(): void {
		this.stopped = true;
		this.clearRetry();
		this.stopOutbox();
		this.socket?.destroy();
		this.setStatus({state: 'closed'});
	}

	private defaultRoom(): string {
		return this.joinedRooms[0] ?? V1_ROOM;
	}

	private messageFrame({text, action, destination}: OutboxMessage): ClientFrame {
		if (destination !== undefined && 'to' in destination) return {type: 'dm', to: destination.to, text};
		const room = destination?.room ?? this.defaultRoom();
		return action ? {type: 'say', room, text, action: true} : {type: 'say', room, text};
	}

	/** Our own messages in a welcome's history of `destination` (none for a private message), oldest first. */
	private ownTexts(welcome: WelcomeFrame, destination: Destination | undefined, mine: ReadonlySet<string>): string[] {
		if (destination !== undefined && 'to' in destination) return [];
		const key = roomKey(destination?.room ?? this.defaultRoom());
		const room = welcome.rooms.find(r => roomKey(r.room) === key);
		return (room?.history ?? []).flatMap(e => (e.type === 'msg' && mine.has(nameKey(e.from)) ? [e.text] : []));
	}

	/** Writes a frame when joined; `counted` frames take a token of the outbox's pace too. */
	private send(frame: ClientFrame, counted = !FREE_FRAMES.has(frame.type)): boolean {
		const socket = this.socket;
		if (!this.joined || !socket || !socket.writable) return false;
		socket.write(encodeFrame(frame));
		if (counted) this.outbox.spent();
		return true;
	}

	/**
	 * Sends a priced request once the outbox's pace has its tokens (so that the server's rate
	 * limit does not refuse it), after the requests before it.
	 */
	private ask(frame: ClientFrame): void {
		this.waitingRequests.push(frame);
		this.pumpRequests();
	}

	private pumpRequests(): void {
		if (this.requestTimer) return;
		while (this.waitingRequests.length > 0) {
			const frame = this.waitingRequests[0]!;
			const cost = requestCost(frame, this.burst);
			const wait = this.outbox.waitFor(cost);
			if (wait > 0) {
				this.requestTimer = setTimeout(() => {
					this.requestTimer = undefined;
					this.pumpRequests();
				}, wait);
				return;
			}
			this.waitingRequests.shift();
			if (!this.send(frame, false)) continue;
			this.outbox.spent(cost);
		}
	}

	/** The requests on their way are lost with the connection: each is said to be, once. */
	private dropRequests(message: string): void {
		if (this.requestTimer) clearTimeout(this.requestTimer);
		this.requestTimer = undefined;
		this.waitingRequests.length = 0;
		const lost: PendingRequest[] = [...this.historyAsked.values()].map(room => ({type: 'history', room}));
		if (this.searchAsked) lost.push({type: 'search', ...this.searchAsked});
		this.historyAsked.clear();
		this.searchAsked = undefined;
		for (const request of lost) this.emit({kind: 'refused', request, message});
	}

	/**
	 * An error that answers a request on its way: a refusal about a room whose page is asked for,
	 * the search's own refusals, or a rate limit (which may have been about either). True when
	 * it was one (it is told as a `refused` activity, not as the error).
	 */
	private requestRefused(frame: ErrorFrame, outboxClaimed: boolean): boolean {
		const message = roomErrorSentence(frame);
		if (frame.code === 'rate_limited') {
			// It names no frame: whatever was asked may have been refused, and is asked again by hand
			// (an answer that comes after all is still taken).
			const any = this.historyAsked.size > 0 || this.searchAsked !== undefined;
			if (any) this.dropRequests('the server said we were sending too fast');
			return outboxClaimed || any;
		}
		if (frame.room !== undefined) {
			const key = roomKey(frame.room);
			const room = this.historyAsked.get(key);
			if (room !== undefined && HISTORY_REFUSALS.has(frame.code)) {
				this.historyAsked.delete(key);
				this.emit({kind: 'refused', request: {type: 'history', room}, message});
				return true;
			}
		}
		const search = this.searchAsked;
		if (search && SEARCH_REFUSALS.has(frame.code) && (frame.room === undefined || (search.room !== undefined && roomKey(search.room) === roomKey(frame.room)))) {
			this.searchAsked = undefined;
			this.emit({kind: 'refused', request: {type: 'search', ...search}, message});
			return true;
		}
		return false;
	}

	/** The client stops for good: messages never sent are said to be lost, not dropped silently. */
	private stopOutbox(): void {
		const unsent = this.outbox.stop();
		if (unsent > 0) this.emit({kind: 'outbox', progress: {done: 0, total: 0, waiting: false}, unsent});
	}

	private setStatus(status: ClientStatus): void {
		if (status.state === 'closed' && this.currentStatus.state === 'closed') return;
		this.currentStatus = status;
		this.emit({kind: 'status', status});
	}

	private emit(activity: ClientActivity): void {
		for (const listener of [...this.listeners]) listener(activity);
	}

	/** One connection attempt: resolves on welcome, rejects with a sentence. */
	private open(): Promise<WelcomeFrame> {
		return new Promise((resolve, reject) => {
			const socket = net.connect({host: this.host, port: this.port});
			this.socket = socket;
			socket.setNoDelay(true);
			const decoder = new LineDecoder(MAX_SERVER_FRAME_BYTES);
			let settled = false;
			let lastError: unknown;
			let deadReason: string | undefined;
			let kicked: string | undefined;
			const timer = setTimeout(() => {
				fail(timeoutSentence(this.host, this.port, this.connectTimeoutMs / 1000));
			}, this.connectTimeoutMs);

			const fail = (message: string, refusal?: ErrorCode) => {
				if (settled) return;
				settled = true;
				clearTimeout(timer);
				socket.destroy();
				if (this.socket === socket) this.socket = undefined;
				reject(refusal === undefined ? new Error(message) : new RefusedError(message, refusal));
			};

			const write = (frame: ClientFrame) => {
				if (socket.writable) socket.write(encodeFrame(frame));
			};

			const handle = (frame: ServerFrame) => {
				if (frame.type === 'ping') {
					write({type: 'pong'});
					return;
				}
				if (!settled) {
					if (frame.type === 'welcome') {
						settled = true;
						clearTimeout(timer);
						this.joined = true;
						const before = this.currentName;
						this.currentName = frame.you;
						this.proto = frame.proto;
						this.joinedRooms = frame.rooms.map(r => r.room);
						const wanted = this.wantedName;
						this.wantedName = undefined;
						// /nick while the attempt was on its way under the old name: ask for the new one now.
						let spent = 0;
						if (wanted !== undefined && nameKey(wanted) !== nameKey(frame.you)) {
							write({type: 'nick', name: wanted});
							spent++;
						}
						// Still away after a reconnect: the server forgot with the old connection.
						if (this.everJoined && this.awayText) {
							write({type: 'away', text: this.awayText});
							spent++;
						}
						const reconnected = this.everJoined;
						this.everJoined = true;
						this.attempt = 0;
						this.armKeepalive(socket, reason => {
							deadReason = reason;
						});
						// Status first, synchronously: frames in the same chunk must follow it.
						this.setStatus({state: 'joined', welcome: frame, reconnected});
						// Messages left from the last connection go on, unless its history shows they arrived.
						const mine = new Set([nameKey(before), nameKey(frame.you)]);
						this.outbox.joined(destination => this.ownTexts(frame, destination, mine), spent);
						resolve(frame);
					} else if (frame.type === 'error' && isRefusal(frame.code)) {
						fail(refusalSentence(frame, this.currentName), frame.code);
					}
					return;
				}
				// After a kick the server only says it again in words (for older clients): the status says it once.
				if (kicked !== undefined || frame.type === 'pong') return;
				if (frame.type === 'error' && frame.code === 'kicked') {
					kicked = frame.message;
					return;
				}
				// The outbox's refusals are its own business: it sends the message again later.
				if (frame.type === 'error' && frame.code === 'rate_limited') {
					if (this.requestRefused(frame, this.outbox.refused())) return;
				} else if (frame.type === 'error' && this.requestRefused(frame, false)) return;
				if (frame.type === 'history') this.historyAsked.delete(roomKey(frame.room));
				if (frame.type === 'results') this.searchAsked = undefined;
				// A refusal of the message on its way (its text, its room, its addressee): on to the next.
				if (frame.type === 'error' && MESSAGE_REFUSALS.has(frame.code)) this.outbox.failed(frame.room === undefined ? undefined : {room: frame.room});
				const me = nameKey(this.currentName);
				if (frame.type === 'msg' && nameKey(frame.from) === me) this.outbox.echoed(frame.text, {room: frame.room});
				if (frame.type === 'dm' && nameKey(frame.from) === me) this.outbox.echoed(frame.text, {to: frame.to});
				if (frame.type === 'nick' && nameKey(frame.from) === me) this.currentName = frame.to;
				this.followRooms(frame);
				this.emit({kind: 'frame', frame});
			};

			socket.on('connect', () => {
				this.helloName = this.currentName;
				// Back after a loss: the same rooms again, at once.
				const rooms = this.everJoined && this.joinedRooms.length > 0 ? [...this.joinedRooms] : undefined;
				write(rooms ? {type: 'hello', proto: PROTOCOL_VERSION, name: this.currentName, rooms} : {type: 'hello', proto: PROTOCOL_VERSION, name: this.currentName});
			});
			socket.on('data', (chunk: Buffer) => {
				if (this.silenceTimer && this.socket === socket) {
					this.pingSent = false;
					this.silenceTimer.refresh();
				}
				for (const line of decoder.push(chunk)) {
					if (line.kind !== 'line') continue;
					const frame = parseServerFrame(line.line);
					if (frame) handle(frame);
					// A listener may have closed us while we were handling this chunk.
					if (socket.destroyed) break;
				}
			});
			socket.on('error', error => {
				lastError = error;
			});
			socket.on('close', () => {
				if (!settled) {
					fail(lastError ? connectErrorSentence(lastError, this.host, this.port) : 'the server closed the connection');
					return;
				}
				if (this.socket !== socket) return;
				this.socket = undefined;
				this.joined = false;
				this.disarmKeepalive();
				this.outbox.lost();
				this.dropRequests('the connection went before the answer came');
				if (kicked !== undefined) {
					// Rejoining at once after a kick would defy the operator: stop and say why.
					this.stopped = true;
					this.stopOutbox();
					this.setStatus({state: 'failed', message: KICKED_SENTENCE, kicked: {reason: kicked}});
					return;
				}
				this.lost(
					deadReason ??
						(lastError ? connectErrorSentence(lastError, this.host, this.port) : 'the server closed the connection'),
				);
			});
		});
	}

	/** The rooms we are in follow our joins and parts. */
	private followRooms(frame: ServerFrame): void {
		if (frame.type === 'joined') {
			const key = roomKey(frame.room);
			if (!this.joinedRooms.some(r => roomKey(r) === key)) this.joinedRooms = [...this.joinedRooms, frame.room];
		} else if (frame.type === 'leave' && (frame.reason === 'part' || frame.reason === 'dropped') && nameKey(frame.name) === nameKey(this.currentName)) {
			// A room the operator removed is not asked for again by a reconnect (that would make it anew).
			const key = roomKey(frame.room);
			this.joinedRooms = this.joinedRooms.filter(r => roomKey(r) !== key);
			if (frame.reason === 'dropped') this.leftRoom(frame.room);
		}
	}

	private armKeepalive(socket: net.Socket, onDead: (reason: string) => void): void {
		this.disarmKeepalive();
		if (this.pingMs <= 0) return;
		this.pingSent = false;
		this.silenceTimer = setTimeout(() => {
			if (!this.pingSent) {
				this.pingSent = true;
				if (socket.writable) socket.write(encodeFrame({type: 'ping'}));
				this.silenceTimer?.refresh();
				return;
			}
			onDead(`the server stopped answering (nothing for ${Math.round((2 * this.pingMs) / 1000)} s)`);
			socket.destroy();
		}, this.pingMs);
		this.silenceTimer.unref();
	}

	private disarmKeepalive(): void {
		if (this.silenceTimer) clearTimeout(this.silenceTimer);
		this.silenceTimer = undefined;
		this.pingSent = false;
	}

	private lost(reason: string): void {
		if (this.stopped) {
			this.setStatus({state: 'closed'});
			return;
		}
		if (!this.reconnect) {
			this.stopOutbox();
			this.setStatus({state: 'failed', message: reason});
			return;
		}
		this.scheduleReconnect(reason);
	}

	/**
	 * The next attempt after `backoffMs`, or at once when the name was changed (rejoinAs) since
	 * the attempt that failed asked for its own.
	 */
	private scheduleReconnect(reason: string, nameTaken?: string): void {
		this.attempt += 1;
		const renamed = this.helloName !== undefined && nameKey(this.helloName) !== nameKey(this.currentName);
		const delay = renamed ? 0 : this.backoffMs(this.attempt);
		const attempt = this.attempt;
		const taken = renamed ? undefined : nameTaken;
		this.setStatus({state: 'reconnecting', reason, attempt, retryAt: Date.now() + delay, ...(taken === undefined ? {} : {nameTaken: taken})});
		this.retryTimer = setTimeout(() => {
			this.retryTimer = undefined;
			this.attemptReconnect();
		}, delay);
	}

	private attemptReconnect(): void {
		if (this.stopped) return;
		const attempt = this.attempt;
		this.setStatus({state: 'connecting', host: this.host, port: this.port, name: this.currentName, attempt});
		const asked = this.currentName;
		this.open().catch((error: unknown) => {
			if (this.stopped) return;
			const taken = error instanceof RefusedError && error.code === 'name_taken' ? asked : undefined;
			this.scheduleReconnect(error instanceof Error ? error.message : String(error), taken);
		});
	}

	private clearRetry(): void {
		if (this.retryTimer) clearTimeout(this.retryTimer);
		this.retryTimer = undefined;
	}
}

/** Errors that refuse a message (its text, its room, its addressee): the outbox moves on. */
const MESSAGE_REFUSALS: ReadonlySet<ErrorCode> = new Set(['text_too_long', 'text_empty', 'not_in_room', 'no_such_room', 'no_such_user', 'room_invalid']);

/** Errors about a room that refuse a page of its history asked for. */
const HISTORY_REFUSALS: ReadonlySet<ErrorCode> = new Set(['bad_frame', 'not_in_room', 'no_such_room', 'room_invalid']);
/** Errors that refuse a search (its text, its room, the store unavailable). */
const SEARCH_REFUSALS: ReadonlySet<ErrorCode> = new Set(['bad_frame', 'text_empty', 'text_too_long', 'not_in_room', 'no_such_room', 'room_invalid']);
