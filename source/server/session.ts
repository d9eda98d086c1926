import type {Socket} from 'node:net';
import type {ClientFrame, ErrorCode, HelloFrame, LeaveReason, ServerFrame} from '../protocol/frames.js';
import {MAX_FRAME_BYTES, PROTOCOL_VERSION} from '../protocol/limits.js';
import {LineDecoder} from '../protocol/line-decoder.js';
import {nameProblem} from '../protocol/names.js';
import {plainGreeting} from '../protocol/plain-text-format.js';
import {oneLineReason, sanitiseName} from '../protocol/sanitise.js';
import {checkText} from '../protocol/text.js';
import type {DialectAdapter} from './dialect.js';
import {JSON_DIALECT} from './json-dialect.js';
import {Outgoing} from './outgoing.js';
import {PLAIN_DIALECT} from './plain-dialect.js';
import type {Room, RoomMember} from './room.js';
import type {ServerOptions} from './server-options.js';
import type {ConnectionInfo} from './server-types.js';
import {TokenBucket} from './token-bucket.js';

/** What a session needs from its server: kept narrow so that sessions stay testable and small. */
export type SessionHost = {
	readonly options: ServerOptions;
	readonly room: Room<Session>;
	readonly serverName: string;
	/** Wall clock, ms since the epoch, for `ts` and `since`. */
	now(): number;
	/** Monotonic ms, for deadlines and the rate limit. */
	monotonic(): number;
	/** Asks for `flush()` once the current burst of work is done (one write per tick). */
	scheduleFlush(session: Session): void;
	/** Asks for `flush()` within a few milliseconds (presence news, which may wait). */
	scheduleLazyFlush(session: Session): void;
	sessionJoined(session: Session): void;
	/** The socket is closed for good; `endReason` and `endName` say why and who. */
	socketClosed(session: Session): void;
};

type CloseHow = {
	graceful: boolean;
	/** The human reason carried by the leave (a kick's words, a /quit message). */
	text?: string;
	/** Record the leave without delivering it (shutdown: everybody is going anyway). */
	quiet?: boolean;
	/** Milliseconds a graceful close waits for the peer before dropping it. */
	lingerMs?: number;
};

/**
 * From this size on a queued piece is written on its own rather than copied with the rest:
 * one copy into one buffer beats a write per small event (each stream write has its own
 * bookkeeping), but copying a big shared piece again for every member fills the heap.
 */
const BIG_PIECE = 16 * 1024;

/** From this size on a run of presence frames is written from the batch's shared bytes even off the lazy flush. */
const SHARED_RUN = 4 * 1024;

const ERROR_SENTENCES = {
	frame_too_long: `the line is longer than ${MAX_FRAME_BYTES} bytes and was dropped`,
	not_joined: 'say hello first',
	rate_limited: 'you are sending too fast — slow down',
} satisfies Partial<Record<ErrorCode, string>>;

/**
 * One connection: its decoder, its dialect, its limits (rate, send queue, deadlines) and its
 * send queue, coalesced into one write per tick. It has no timer of its own: the server's
 * sweep calls `sweep()`, so an idle connection costs a few fields.
 */
export class Session implements RoomMember {
	name = '';
	since = 0;
	joined = false;
	dialect: DialectAdapter | undefined;
	/** Whether a flush is scheduled: at the end of this tick ('now') or a little later ('later'). */
	flushQueued: 'no' | 'now' | 'later' = 'no';
	readonly address: string;
	readonly remotePort: number;
	messagesIn = 0;
	messagesOut = 0;
	bytesIn = 0;
	bytesOut = 0;

	/** Why the session ended, and the name it had then (null if it never joined). */
	endReason: LeaveReason | undefined;
	endName: string | null = null;

	private state: 'open' | 'closing' | 'closed' = 'open';
	private readonly decoder = new LineDecoder();
	private readonly bucket: TokenBucket;
	private readonly connectedSince: number;
	private drops = 0;
	/** Queued bytes in order; a presence frame stays an Outgoing, so that a run of them can share bytes. */
	private readonly out: (Buffer | Outgoing)[] = [];
	private outBytes = 0;
	private readonly connectedAt: number;
	private lastInAt: number;
	private pingSentAt = 0;
	private greeted = false;
	private lingerTimer: NodeJS.Timeout | undefined;

	constructor(
		readonly id: number,
		readonly socket: Socket,
		address: string,
		private readonly host: SessionHost,
	) {
		this.address = address;
		this.remotePort = socket.remotePort ?? 0;
		this.connectedSince = host.now();
		this.connectedAt = this.lastInAt = host.monotonic();
		this.bucket = new TokenBucket(host.options.rate, host.options.burst, this.connectedAt);
		socket.setNoDelay(true);
		socket.on('data', chunk => this.onData(chunk as Buffer));
		// A reset or a write to a dead peer: the 'close' that follows says the rest.
		socket.on('error', () => {});
		socket.on('close', () => this.onSocketClose());
		socket.resume();
	}

	get isOpen(): boolean {
		return this.state === 'open';
	}

	/** Unread input held by the decoder, for tests of the frame limit. */
	get bufferedInput(): number {
		return this.decoder.buffered;
	}

	info(): ConnectionInfo {
		return {
			id: this.id,
			name: this.joined ? this.name : null,
			address: this.address,
			remotePort: this.remotePort,
			dialect: this.dialect?.name ?? 'unknown',
			since: this.connectedSince,
			messagesIn: this.messagesIn,
			messagesOut: this.messagesOut,
			bytesIn: this.bytesIn,
			bytesOut: this.bytesOut,
		};
	}

	/** RoomMember: the same bytes as every other member of this dialect. */
	deliver(out: Outgoing): void {
		if (this.dialect) this.enqueue(out.encode(this.dialect.shared), out.lazy, out.batch === undefined ? undefined : out);
	}

	/** A frame for this reader only. */
	sendFrame(frame: ServerFrame): void {
		this.enqueue((this.dialect ?? JSON_DIALECT).encodeFor(frame, this.joined ? this.name : null));
	}

	sendError(code: ErrorCode, message: string): void {
		this.sendFrame({type: 'error', code, message});
	}

	/** Writes everything queued since the last flush, in one write per tick. */
	flush(): void {
		const lazy = this.flushQueued === 'later';
		this.flushQueued = 'no';
		const queued = this.out;
		if (queued.length === 0) return;
		if (this.state === 'closed' || this.socket.destroyed) {
			queued.length = 0;
			this.outBytes = 0;
			return;
		}
		const out = this.resolve(queued, lazy);
		if (out.length === 1) this.socket.write(out[0]!);
		else if (this.outBytes < BIG_PIECE) this.socket.write(Buffer.concat(out, this.outBytes));
		else this.writeCorked(out);
		queued.length = 0;
		this.outBytes = 0;
	}

	/**
	 * The queue as bytes. A run of consecutive frames of one presence batch becomes a view of
	 * the batch's shared bytes when it is worth it: on the lazy flush (every member flushes the
	 * same batch then) or when the run is big; a newcomer's own join alone stays as it is, so
	 * that it does not seal a batch still filling.
	 */
	private resolve(queued: (Buffer | Outgoing)[], lazy: boolean): Buffer[] {
		let i = 0;
		while (i < queued.length && Buffer.isBuffer(queued[i])) i++;
		if (i === queued.length) return queued as Buffer[];
		const encoder = this.dialect!.shared;
		const out = queued.slice(0, i) as Buffer[];
		while (i < queued.length) {
			const item = queued[i]!;
			if (Buffer.isBuffer(item)) {
				out.push(item);
				i++;
				continue;
			}
			const batch = item.batch!;
			let j = i + 1;
			let bytes = item.encode(encoder)!.length;
			for (; j < queued.length; j++) {
				const next = queued[j]!;
				if (Buffer.isBuffer(next) || next.batch !== batch || next.index !== item.index + (j - i)) break;
				bytes += next.encode(encoder)!.length;
			}
			if (lazy) batch.seal();
			if (j - i >= 2 && (lazy || bytes >= SHARED_RUN)) out.push(batch.bytes(encoder, item.index, item.index + (j - i)));
			else for (let k = i; k < j; k++) out.push((queued[k] as Outgoing).encode(encoder)!);
			i = j;
		}
		return out;
	}

	/**
	 * Big pieces (a welcome's shared user list) are written as they are, small ones between
	 * them copied together: a copy of the big ones per member is what filled the allocator's
	 * heap while a big room filled up.
	 */
	private writeCorked(out: Buffer[]): void {
		const socket = this.socket;
		socket.cork();
		let from = 0;
		let small = 0;
		for (let i = 0; i <= out.length; i++) {
			const piece = out[i];
			if (piece !== undefined && piece.length < BIG_PIECE) {
				small += piece.length;
				continue;
			}
			if (i > from) socket.write(i - from === 1 ? out[from]! : Buffer.concat(out.slice(from, i), small));
			if (piece !== undefined) socket.write(piece);
			from = i + 1;
			small = 0;
		}
		socket.uncork();
	}

	/** Called by the server's sweep timer, a few times per deadline. */
	sweep(now: number): void {
		if (this.state !== 'open') return;
		const o = this.host.options;
		if (!this.joined) {
			if (!this.dialect && !this.greeted && o.plainGreetingDelay > 0 && now - this.connectedAt >= o.plainGreetingDelay) {
				// Silent so far: probably a person at nc or telnet, waiting to be told what to do.
				this.greeted = true;
				this.enqueue(PLAIN_DIALECT.encodeLines(plainGreeting(this.host.serverName)));
			}
			const plain = this.dialect ? this.dialect.name === 'plain' : this.greeted;
			const limit = (plain ? o.plainHelloTimeout : o.helloTimeout) * 1000;
			if (limit > 0 && now - this.connectedAt >= limit) {
				if (plain) this.enqueue(PLAIN_DIALECT.encodeLines(['* no nickname given in time — goodbye']));
				this.close('timeout', {graceful: true});
			}
			return;
		}
		const interval = o.pingInterval * 1000;
		if (!this.dialect?.pings || interval <= 0) return;
		if (this.pingSentAt === 0) {
			if (now - this.lastInAt >= interval) {
				this.pingSentAt = now;
				this.sendFrame({type: 'ping'});
			}
		} else if (now - this.pingSentAt >= interval) {
			this.close('timeout', {graceful: false});
		}
	}

	/**
	 * Ends the session. A graceful close flushes what is queued and half-closes, dropping the
	 * peer if it does not close within `lingerMs`; otherwise the socket is destroyed at once.
	 */
	close(reason: LeaveReason, how: CloseHow): void {
		if (this.state !== 'open') return;
		if (how.graceful) {
			this.flush();
			this.state = 'closing';
			this.socket.end();
			this.lingerTimer = setTimeout(() => this.socket.destroy(), how.lingerMs ?? 5000);
			this.lingerTimer.unref();
		} else {
			this.state = 'closing';
			this.out.length = 0;
			this.outBytes = 0;
			this.socket.destroy();
		}
		this.end(reason, how.text, how.quiet ?? false);
	}

	private end(reason: LeaveReason, text: string | undefined, quiet: boolean): void {
		if (this.endReason !== undefined) return;
		this.endReason = reason;
		this.endName = this.joined ? this.name : null;
		if (this.joined) this.host.room.leave(this, reason, text, !quiet);
		this.joined = false;
	}

	private onSocketClose(): void {
		const wasOpen = this.state === 'open';
		this.state = 'closed';
		if (this.lingerTimer) clearTimeout(this.lingerTimer);
		this.lingerTimer = undefined;
		this.out.length = 0;
		this.outBytes = 0;
		// A dropped socket is seen at once, not by polling.
		if (wasOpen) this.end('closed', undefined, false);
		// A slow reader's leave is on its way in a microtask: report after it.
		if (this.endReason === undefined) queueMicrotask(() => this.host.socketClosed(this));
		else this.host.socketClosed(this);
	}

	/**
	 * One frame: one Buffer, or several pieces (a welcome, whose big parts are shared) to write in
	 * order. `source` is the presence frame the Buffer encodes, queued as is to share bytes at flush.
	 */
	private enqueue(bytes: Buffer | Buffer[] | undefined, lazy = false, source?: Outgoing): void {
		if (bytes === undefined || this.state !== 'open') return;
		if (Array.isArray(bytes)) {
			for (const piece of bytes) {
				this.out.push(piece);
				this.outBytes += piece.length;
				this.bytesOut += piece.length;
			}
		} else {
			this.out.push(source ?? bytes);
			this.outBytes += bytes.length;
			this.bytesOut += bytes.length;
		}
		this.messagesOut++;
		if (this.socket.writableLength + this.outBytes > this.host.options.maxSendq) {
			this.overflow();
			return;
		}
		// Queued bytes keep their order whichever flush writes them.
		if (!lazy) {
			if (this.flushQueued !== 'now') {
				this.flushQueued = 'now';
				this.host.scheduleFlush(this);
			}
		} else if (this.flushQueued === 'no') {
			this.flushQueued = 'later';
			this.host.scheduleLazyFlush(this);
		}
	}

	/**
	 * A reader too slow for what the room says: dropped at once, so it never slows the others
	 * nor grows the server. Its leave waits for the end of the current fan-out, so that everyone
	 * else still sees the events in `seq` order.
	 */
	private overflow(): void {
		this.state = 'closing';
		this.out.length = 0;
		this.outBytes = 0;
		this.socket.destroy();
		queueMicrotask(() => this.end('slow', undefined, false));
	}

	private onData(chunk: Buffer): void {
		if (this.state !== 'open') return;
		this.bytesIn += chunk.length;
		this.lastInAt = this.host.monotonic();
		this.pingSentAt = 0;
		for (const item of this.decoder.push(chunk)) {
			if (this.state !== 'open') return;
			if (item.kind === 'too_long') this.sendError('frame_too_long', ERROR_SENTENCES.frame_too_long);
			else this.onLine(item.line);
		}
	}

	private onLine(line: string): void {
		this.messagesIn++;
		this.dialect ??= this.pickDialect(line);
		const intent = this.dialect.interpret(line, this.joined);
		if (intent.kind === 'ignore') return;
		const keepalive = intent.kind === 'frame' && (intent.frame.type === 'ping' || intent.frame.type === 'pong' || intent.frame.type === 'bye');
		if (!keepalive && !this.bucket.take(this.host.monotonic())) {
			this.drops++;
			if (this.drops >= this.host.options.floodDrops) {
				this.close('flood', {graceful: true});
				return;
			}
			this.sendError('rate_limited', ERROR_SENTENCES.rate_limited);
			return;
		}
		if (!keepalive) this.drops = 0;
		switch (intent.kind) {
			case 'error':
				this.sendError(intent.code, intent.message);
				return;
			case 'lines':
				this.enqueue(this.dialect.encodeLines(intent.lines));
				return;
			case 'frame':
				this.onFrame(intent.frame);
		}
	}

	private pickDialect(firstLine: string): DialectAdapter {
		if (firstLine.startsWith('{')) return JSON_DIALECT;
		// Nobody at nc answers pings: let TCP notice a vanished peer instead.
		const interval = this.host.options.pingInterval;
		if (interval > 0) this.socket.setKeepAlive(true, interval * 1000);
		return PLAIN_DIALECT;
	}

	private onFrame(frame: ClientFrame): void {
		switch (frame.type) {
			case 'ping':
				this.sendFrame({type: 'pong'});
				return;
			case 'pong':
				return;
			case 'bye': {
				const reason = frame.reason === undefined ? undefined : oneLineReason(frame.reason);
				this.close('quit', {graceful: true, text: reason || undefined});
				return;
			}
			case 'hello':
				this.hello(frame);
				return;
		}
		if (!this.joined) {
			this.sendError('not_joined', ERROR_SENTENCES.not_joined);
			return;
		}
		const room = this.host.room;
		switch (frame.type) {
			case 'say': {
				const check = checkText(frame.text);
				if (!check.ok) return this.sendError(check.code, check.message);
				room.say(this, check.text, frame.action === true);
				return;
			}
			case 'nick': {
				const name = sanitiseName(frame.name);
				const problem = nameProblem(name);
				if (problem !== undefined) return this.sendError('name_invalid', problem);
				if (name === this.name) return;
				const other = room.find(name);
				if (other !== undefined && other !== this) return this.sendError('name_taken', `the name "${name}" is taken`);
				room.rename(this, name);
				this.host.sessionJoined(this);
				return;
			}
			case 'dm': {
				const check = checkText(frame.text);
				if (!check.ok) return this.sendError(check.code, check.message);
				const to = sanitiseName(frame.to);
				const target = room.find(to);
				if (target === undefined) return this.sendError('no_such_user', `no one called "${to}" is online`);
				const dm: ServerFrame = {type: 'dm', ts: this.host.now(), from: this.name, to: target.name, text: check.text};
				target.sendFrame(dm);
				if (target !== this) this.sendFrame(dm);
				return;
			}
			case 'who':
				this.sendFrame({type: 'users', users: room.users()});
				return;
		}
	}

	private hello(frame: HelloFrame): void {
		if (this.joined) return this.sendError('bad_frame', 'you have already joined; use nick to change your name');
		if (!Number.isInteger(frame.proto) || frame.proto < PROTOCOL_VERSION)
			return this.sendError('bad_frame', `this server speaks tcpchat/${PROTOCOL_VERSION}`);
		const name = sanitiseName(frame.name);
		const problem = nameProblem(name);
		if (problem !== undefined) return this.sendError('name_invalid', problem);
		const room = this.host.room;
		if (room.find(name) !== undefined) return this.sendError('name_taken', `the name "${name}" is taken`);
		this.name = name;
		this.since = this.host.now();
		// The welcome holds the room as it was, plus the newcomer; its own join follows as a live event.
		this.joined = true;
		const me = {name, since: this.since};
		const entry = JSON.stringify(me);
		this.enqueue(
			this.dialect!.encodeWelcome({
				server: this.host.serverName,
				you: name,
				motd: this.host.options.motd,
				users: () => [...room.users(), me],
				usersBytes: () => {
					const others = room.usersBytes();
					return others.length === 0 ? [Buffer.from(entry, 'utf8')] : [others, Buffer.from(`,${entry}`, 'utf8')];
				},
				history: () => room.history(),
				historyBytes: () => room.historyBytes(),
			}),
		);
		room.join(this);
		this.host.sessionJoined(this);
	}
}
