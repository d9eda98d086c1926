import net from 'node:net';
import {encodeFrame} from '../protocol/encode.js';
import type {ClientFrame, ErrorCode, ServerFrame, WelcomeFrame} from '../protocol/frames.js';
import {PROTOCOL_VERSION} from '../protocol/limits.js';
import {LineDecoder} from '../protocol/line-decoder.js';
import {MAX_SERVER_FRAME_BYTES} from '../protocol/limits.js';
import {nameKey} from '../protocol/names.js';
import {parseServerFrame} from '../protocol/parse-server-frame.js';
import {backoffSeconds} from './backoff.js';
import {Outbox, type OutboxMessage, type OutboxProgress, type Pace} from './outbox.js';
import {connectErrorSentence, isRefusal, refusalSentence, timeoutSentence} from './connect-error.js';

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
	/** The messages on their way (see `Outbox`); `unsent` when the client stopped with some never sent. */
	| {kind: 'outbox'; progress: OutboxProgress; unsent?: number};

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
	/** The room this client talks in: the first its welcome names (the server's default room). */
	private room = '#general';
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

	constructor(options: ChatClientOptions) {
		this.host = options.host;
		this.port = options.port;
		this.currentName = options.name;
		this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
		this.reconnect = options.reconnect ?? true;
		this.pingMs = (options.pingInterval ?? 30) * 1000;
		this.backoffMs = options.backoffMs ?? (attempt => backoffSeconds(attempt) * 1000);
		this.outbox = new Outbox({
			...(options.pace ? {pace: options.pace} : {}),
			write: message => this.send(sayFrame(message, this.room), false),
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
	 * Queues a message: sent at once when nothing is on its way and the rate allows, else in its
	 * turn (see `Outbox`). False when there is no connection (nothing is queued then).
	 */
	say(text: string, action = false): boolean {
		if (!this.joined) return false;
		this.outbox.push({text, action});
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

	dm(to: string, text: string): boolean {
		return this.send({type: 'dm', to, text});
	}

	who(): boolean {
		return this.send({type: 'who', room: this.room});
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

	/** Writes a frame when joined; `counted` frames take a token of the outbox's pace too. */
	private send(frame: ClientFrame, counted = !FREE_FRAMES.has(frame.type)): boolean {
		const socket = this.socket;
		if (!this.joined || !socket || !socket.writable) return false;
		socket.write(encodeFrame(frame));
		if (counted) this.outbox.spent();
		return true;
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
						this.room = frame.rooms[0]?.room ?? this.room;
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
						this.outbox.joined(
							(frame.rooms.find(r => r.room === this.room)?.history ?? []).flatMap(e =>
								e.type === 'msg' && mine.has(nameKey(e.from)) ? [e.text] : [],
							),
							spent,
						);
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
				if (frame.type === 'error' && frame.code === 'rate_limited' && this.outbox.refused()) return;
				if (frame.type === 'error' && (frame.code === 'text_too_long' || frame.code === 'text_empty')) this.outbox.failed();
				if (frame.type === 'msg' && frame.room === this.room && nameKey(frame.from) === nameKey(this.currentName)) this.outbox.echoed(frame.text);
				if (frame.type === 'nick' && nameKey(frame.from) === nameKey(this.currentName)) this.currentName = frame.to;
				this.emit({kind: 'frame', frame});
			};

			socket.on('connect', () => {
				this.helloName = this.currentName;
				write({type: 'hello', proto: PROTOCOL_VERSION, name: this.currentName});
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

function sayFrame({text, action}: OutboxMessage, room: string): ClientFrame {
	return action ? {type: 'say', room, text, action: true} : {type: 'say', room, text};
}
