import type {Socket} from 'node:net';
import type {ClientFrame, ErrorCode, LeaveReason, ServerFrame} from '../protocol/frames.js';
import {MAX_FRAME_BYTES} from '../protocol/limits.js';
import {type Charset, decodeText, isValidUtf8, withoutBom} from '../protocol/charset.js';
import {LineDecoder} from '../protocol/line-decoder.js';
import {plainGreeting} from '../protocol/plain-text-format.js';
import {oneLineReason} from '../protocol/sanitise.js';
import type {Codec, Intent, MemberInfo} from './codec.js';
import {detectDialect} from './dialects.js';
import {JSON_V2} from './json-codec.js';
import type {Member, MemberRequests} from './member-requests.js';
import type {FrameEncoder, MessageRun, Outgoing} from './outgoing.js';
import {plainLines} from './plain-codec.js';
import type {Room, RoomMember} from './room.js';
import {SendQueue} from './send-queue.js';
import type {ServerOptions} from './server-options.js';
import type {ConnectionInfo} from './server-types.js';
import {TokenBucket} from './token-bucket.js';
import {CONNECTION_CREATE_BURST, CONNECTION_CREATE_RATE} from './room-creation-limit.js';

/** What a session needs from its server: kept narrow so that sessions stay testable and small. */
export type SessionHost = {
	readonly options: ServerOptions;
	readonly requests: MemberRequests<Session>;
	readonly serverName: string;
	/** Wall clock, ms since the epoch, for `ts` and `since`. */
	now(): number;
	/** Monotonic ms, for deadlines and the rate limit. */
	monotonic(): number;
	/** Asks for `flush()` once the current burst of work is done (one write per tick). */
	scheduleFlush(session: Session): void;
	/** Stores and delivers the room events published so far, now (see RoomBackend.flush). */
	commit(): void;
	/** Asks for `flush()` within a few milliseconds (presence news, which may wait). */
	scheduleLazyFlush(session: Session): void;
	/** The socket is closed for good; `endReason` and `endName` say why and who. */
	socketClosed(session: Session): void;
	/** Who is online under a name, for a dialect's own lookups (see CodecContext). */
	lookup(name: string): MemberInfo | undefined;
	stats(): {online: number; rooms: number; startedAt: number};
	/** Takes one of this address's rooms to make, when it has one (see RoomCreationLimit). */
	mayCreateRoom(address: string): boolean;
	/** Whether the address has made as many rooms, still there, as one address may. */
	holdsMostRooms(address: string): boolean;
	madeRoom(address: string, room: string): void;
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

/** Keepalives, goodbyes and blank lines a connection may send: far more than any client needs. */
const CONTROL_RATE = 5;
const CONTROL_BURST = 20;
const OPEN_BRACE = 0x7b;
/** How long a connection dropped as `flood` has to read its goodbye before it is cut. */
const FLOOD_LINGER_MS = 1000;
/** Bytes of an answer (`who`, `history`, …) per token it costs. */
const ANSWER_BYTES_PER_TOKEN = 4096;

const ERROR_SENTENCES = {
	frame_too_long: `the line is longer than ${MAX_FRAME_BYTES} bytes and was dropped`,
	not_joined: 'say hello first',
	rate_limited: 'you are sending too fast — slow down',
} satisfies Partial<Record<ErrorCode, string>>;

/**
 * One connection: its decoder, its codec (the dialect it speaks), its limits (rate, send
 * queue, deadlines) and its send queue, coalesced into one write per tick. What its requests
 * mean is `MemberRequests`'; the session is the member those requests act for. It has no
 * timer of its own: the server's sweep calls `sweep()`, so an idle connection costs a few fields.
 */
export class Session implements Member {
	name = '';
	since = 0;
	away = '';
	joined = false;
	rooms: Room<this>[] = [];
	codec: Codec | undefined;
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
	/** UTF-8 until a plain-text line is not: from then on, both ways, GB18030. */
	private charset: Charset = 'utf8';
	private readonly decoder = new LineDecoder(MAX_FRAME_BYTES, bytes => this.decodeLine(bytes));
	private readonly bucket: TokenBucket;
	/** Keepalives, goodbyes, hello and blank lines: cheap, but not free, or a flood of them is. */
	private readonly controlBucket: TokenBucket;
	private creationBucket: TokenBucket | undefined;
	private readonly connectedSince: number;
	private drops = 0;
	private discardedCharged = 0;
	private readonly queue: SendQueue;
	private readonly connectedAt: number;
	private lastInAt: number;
	private pingSentAt = 0;
	private greeted = false;
	/** Its first byte was `{`: a program, whose line is still coming. */
	private speaksJson = false;
	/** No line decoded yet: the next may start with a byte order mark. */
	private firstLine = true;
	private lingerTimer: NodeJS.Timeout | undefined;

	constructor(
		readonly id: number,
		readonly socket: Socket,
		address: string,
		/** What `--max-per-ip` counts this connection under (its IPv6 network, say). */
		readonly addressKey: string,
		private readonly host: SessionHost,
	) {
		this.address = address;
		this.remotePort = socket.remotePort ?? 0;
		this.connectedSince = host.now();
		this.connectedAt = this.lastInAt = host.monotonic();
		this.bucket = new TokenBucket(host.options.rate, host.options.burst, this.connectedAt);
		this.controlBucket = new TokenBucket(CONTROL_RATE, CONTROL_BURST, this.connectedAt);
		this.queue = new SendQueue(socket, {maxSendq: host.options.maxSendq, stallMs: host.options.sendqStallMs});
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
			dialect: this.codec?.name ?? 'unknown',
			since: this.connectedSince,
			messagesIn: this.messagesIn,
			messagesOut: this.messagesOut,
			bytesIn: this.bytesIn,
			bytesOut: this.bytesOut,
			sendq: this.queue.backlog + this.queue.pending,
			rooms: this.rooms.map(room => room.name),
		};
	}

	/** RoomMember: the same bytes as every other member whose codec picks the same encoder. */
	deliver(out: Outgoing): void {
		const codec = this.codec;
		if (!codec) return;
		const encoder = codec.encoderFor(out.frame);
		this.enqueue(out.encode(encoder), {lazy: out.lazy, source: out.batch === undefined ? undefined : out, encoder, frames: 1});
	}

	/**
	 * RoomMember: a room's messages in one go. A codec picks one encoder for every message of a
	 * room but its member's own (see Codec.encoderFor), so the run is the shared bytes as they
	 * are, or, around this member's own messages when it reads those otherwise, views of them.
	 */
	deliverRun(run: MessageRun<RoomMember>): void {
		const codec = this.codec;
		if (!codec) return;
		const items = run.items;
		const own = run.saidBy(this);
		let bytes: Buffer | Buffer[] | undefined;
		if (own === undefined) bytes = run.bytes(codec.encoderFor(items[0]!.frame));
		else {
			// Its own are listed in order: the first index that is not one of them is someone else's.
			let other = 0;
			while (other < own.length && own[other] === other) other++;
			const ownEncoder = codec.encoderFor(items[own[0]!]!.frame);
			const encoder = other < items.length ? codec.encoderFor(items[other]!.frame) : ownEncoder;
			bytes = encoder === ownEncoder ? run.bytes(encoder) : run.pieces(encoder, own, ownEncoder);
		}
		this.enqueue(bytes, {lazy: false, frames: items.length});
	}

	/** A frame for this reader only. */
	sendFrame(frame: ServerFrame): void {
		this.direct(this.codec ? this.codec.encodeFor(frame) : JSON_V2(frame));
	}

	sendError(code: ErrorCode, message: string, room?: string): void {
		this.sendFrame(room === undefined ? {type: 'error', code, message} : {type: 'error', code, message, room});
	}

	sendBytes(bytes: Buffer | Buffer[] | undefined): void {
		this.direct(bytes);
	}

	/** Within the connection's allowance and its address's (see RoomCreationLimit); both are spent, or neither. */
	mayCreateRoom(): boolean {
		const now = this.host.monotonic();
		this.creationBucket ??= new TokenBucket(CONNECTION_CREATE_RATE, CONNECTION_CREATE_BURST, now);
		if (this.creationBucket.available(now) < 1 || !this.host.mayCreateRoom(this.addressKey)) return false;
		return this.creationBucket.take(now);
	}

	holdsMostRooms(): boolean {
		return this.host.holdsMostRooms(this.addressKey);
	}

	madeRoom(room: string): void {
		this.host.madeRoom(this.addressKey, room);
	}

	/** Writes everything queued since the last flush, in one write per tick. */
	flush(): void {
		const lazy = this.flushQueued === 'later';
		this.flushQueued = 'no';
		if (this.state === 'closed') {
			this.queue.clear();
			return;
		}
		if (this.queue.flush(lazy) === 'slow') this.overflow();
	}

	/** Called by the server's sweep timer, a few times per deadline. */
	sweep(now: number): void {
		if (this.state !== 'open') return;
		if (this.queue.check(now) === 'slow') {
			this.overflow();
			return;
		}
		const o = this.host.options;
		if (!this.joined) {
			const age = now - this.connectedAt;
			const greetAt = o.plainGreetingDelay;
			// Silent so far: probably a person at nc or telnet, waiting to be told what to do. From
			// the greeting on, the nickname deadline applies; before it, the hello deadline.
			if (!this.codec && !this.greeted && !this.speaksJson && greetAt > 0 && age >= greetAt && o.helloTimeout * 1000 > greetAt) {
				this.greeted = true;
				this.direct(plainLines(plainGreeting(this.host.serverName), this.charset));
			}
			const plain = this.codec ? this.codec.name === 'plain' : this.greeted;
			const limit = (plain ? o.nickTimeout : o.helloTimeout) * 1000;
			if (limit > 0 && age >= limit) {
				if (plain) this.direct(plainLines(['* no nickname given in time — goodbye'], this.charset));
				this.close('timeout', {graceful: true});
			}
			return;
		}
		const interval = o.pingInterval * 1000;
		if (!this.codec?.pings || interval <= 0) return;
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
			// What was said before the close (its own last message too) still reaches it, then the codec's last words.
			this.host.commit();
			this.enqueue(this.codec?.farewell?.(reason, how.text));
			this.flush();
			this.state = 'closing';
			this.socket.end();
			// A flooder floods on past our FIN: reading what it sends would cost the room as much as
			// the flood did. Its goodbye is already written; the kernel's window now holds it back.
			if (reason === 'flood') this.socket.pause();
			this.lingerTimer = setTimeout(() => this.socket.destroy(), how.lingerMs ?? (reason === 'flood' ? FLOOD_LINGER_MS : 5000));
			this.lingerTimer.unref();
		} else {
			this.state = 'closing';
			this.queue.clear();
			this.socket.destroy();
		}
		this.end(reason, how.text, how.quiet ?? false);
	}

	private end(reason: LeaveReason, text: string | undefined, quiet: boolean): void {
		if (this.endReason !== undefined) return;
		this.endReason = reason;
		this.endName = this.joined ? this.name : null;
		this.host.requests.leaveAll(this, reason, text, !quiet);
	}

	private onSocketClose(): void {
		const wasOpen = this.state === 'open';
		this.state = 'closed';
		if (this.lingerTimer) clearTimeout(this.lingerTimer);
		this.lingerTimer = undefined;
		this.queue.clear();
		// A dropped socket is seen at once, not by polling.
		if (wasOpen) this.end('closed', undefined, false);
		// A slow reader's leave is on its way in a microtask: report after it.
		if (this.endReason === undefined) queueMicrotask(() => this.host.socketClosed(this));
		else this.host.socketClosed(this);
	}

	/**
	 * A frame for this member alone (an answer, an error, a welcome). Room events published
	 * before it are delivered first (they wait for the tick's transaction otherwise), so that a
	 * member receives everything in the order it happened: its echo before the error that
	 * followed it, the room it left before it was told it left.
	 */
	private direct(bytes: Buffer | Buffer[] | undefined): void {
		this.host.commit();
		this.enqueue(bytes);
	}

	/**
	 * One frame (see SendQueue.push), flushed at the end of the tick or, when `live.lazy`, a
	 * little later. `live`: room traffic (`frames` of it), as opposed to a reply to this member.
	 */
	private enqueue(bytes: Buffer | Buffer[] | undefined, live?: {lazy: boolean; source?: Outgoing; encoder?: FrameEncoder; frames: number}): void {
		if (bytes === undefined || this.state !== 'open') return;
		this.bytesOut += this.queue.push(bytes, live === undefined ? 'reply' : 'live', live?.source, live?.encoder);
		this.messagesOut += live?.frames ?? 1;
		const lazy = live?.lazy ?? false;
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
		this.queue.clear();
		this.socket.destroy();
		queueMicrotask(() => this.end('slow', undefined, false));
	}

	private onData(chunk: Buffer): void {
		if (this.state !== 'open') return;
		// The start of a JSON line is a program, not a person at nc: no greeting, the hello deadline.
		if (this.bytesIn === 0 && withoutBom(chunk)[0] === OPEN_BRACE) this.speaksJson = true;
		this.bytesIn += chunk.length;
		this.lastInAt = this.host.monotonic();
		this.pingSentAt = 0;
		for (const item of this.decoder.push(chunk)) {
			if (this.state !== 'open') return;
			if (item.kind === 'line') this.onLine(item.line);
			else if (this.admit(this.bucket, 1)) this.sendError('frame_too_long', ERROR_SENTENCES.frame_too_long);
		}
		this.chargeDiscarded();
	}

	/**
	 * Bytes of a line too long to keep are dropped as they come, but not for free: a token per
	 * 8 KB, refused silently, so that a line that never ends is a flood like any other.
	 */
	private chargeDiscarded(): void {
		const owed = Math.floor((this.decoder.discarded - this.discardedCharged) / MAX_FRAME_BYTES);
		if (owed <= 0) return;
		this.discardedCharged += owed * MAX_FRAME_BYTES;
		for (let i = 0; i < owed && this.state === 'open'; i++) this.admit(this.bucket, 1, true);
	}

	private onLine(line: string): void {
		this.messagesIn++;
		this.codec ??= this.pickCodec(line);
		const intents = this.codec.interpret(line, this.joined);
		if (!Array.isArray(intents)) return this.carryOut(this.codec, intents as Intent);
		const all = intents as readonly Intent[];
		// A line that asks for nothing (a JOIN of rooms one is in) still costs: every line does.
		if (all.length === 0) return void this.admit(this.controlBucket, 1, true);
		// One line is admitted or refused whole (an IRC autojoin of 50 channels is one line, as a
		// hello with 50 rooms is), at what its parts cost together, up to a full burst.
		if (all.length > 1 && !this.admit(...this.groupPrice(all))) return;
		for (const intent of all) {
			if (this.state !== 'open') return;
			this.carryOut(this.codec, intent, all.length > 1);
		}
	}

	private carryOut(codec: Codec, intent: Intent, admitted = false): void {
		codec.begin?.(intent);
		if (!admitted && !this.admit(...this.price(intent))) return;
		switch (intent.kind) {
			case 'ignore':
				return;
			case 'error':
				this.sendError(intent.code, intent.message);
				return;
			case 'lines':
				this.direct(codec.encodeLines(intent.lines));
				return;
			case 'frame':
				this.onFrame(intent.frame);
				return;
			case 'read':
				intent.run();
		}
	}

	/** The parts' prices summed, from the main bucket if any part is a message's, else the control bucket. */
	private groupPrice(intents: readonly Intent[]): [TokenBucket, number] {
		let cost = 0;
		let bucket = this.controlBucket;
		for (const intent of intents) {
			const [b, c] = this.price(intent);
			cost += c;
			if (b === this.bucket) bucket = this.bucket;
		}
		return [bucket, Math.min(bucket === this.bucket ? this.host.options.burst : CONTROL_BURST, cost)];
	}

	/**
	 * What a line costs, and from which bucket: every line costs something, or a flood of the
	 * cheap ones (pongs, blank lines) would take a core unpunished. An answer that is big for
	 * its question (the user list of a big room) costs more, up to a full burst.
	 */
	private price(intent: Intent): [TokenBucket, number] {
		if (intent.kind === 'ignore' || (intent.kind === 'lines' && intent.control)) return [this.controlBucket, 1];
		if (intent.kind === 'read') return this.price({kind: 'frame', frame: intent.pricedAs});
		if (intent.kind !== 'frame') return [this.bucket, 1];
		switch (intent.frame.type) {
			case 'ping':
			case 'pong':
			case 'bye':
			case 'hello':
				return [this.controlBucket, 1];
			case 'who':
			case 'list':
			case 'join':
			case 'history':
			case 'search': {
				const bytes = this.joined ? this.host.requests.answerBytes(this, intent.frame) : 0;
				return [this.bucket, Math.min(this.host.options.burst, 1 + Math.floor(bytes / ANSWER_BYTES_PER_TOKEN))];
			}
			default:
				return [this.bucket, 1];
		}
	}

	/**
	 * Takes the tokens, or counts a drop: a refused message is told `rate_limited`; a refused
	 * control line is dropped silently (answering a flood would feed it). `floodDrops` refusals
	 * in a row, of any kind, close the connection as `flood`.
	 */
	private admit(bucket: TokenBucket, cost: number, quiet = false): boolean {
		if (bucket.take(this.host.monotonic(), cost)) {
			this.drops = 0;
			return true;
		}
		this.drops++;
		if (this.drops >= this.host.options.floodDrops) this.close('flood', {graceful: true});
		else if (bucket === this.bucket && !quiet) this.sendError('rate_limited', ERROR_SENTENCES.rate_limited);
		return false;
	}

	private pickCodec(firstLine: string): Codec {
		const dialect = detectDialect(firstLine);
		// Nobody at nc answers pings: let TCP notice a vanished peer instead.
		const interval = this.host.options.pingInterval;
		if (dialect.name === 'plain' && interval > 0) this.socket.setKeepAlive(true, interval * 1000);
		const codec = dialect.create(
			{
				me: () => this.name,
				lookup: name => this.host.lookup(name),
				stats: () => this.host.stats(),
				options: this.host.options,
				history: (room, before, limit) => this.host.requests.readHistory(this, room, before, limit),
				send: bytes => this.sendBytes(bytes),
			},
			this.charset,
		);
		this.decoder.maxBytes = codec.maxLineBytes ?? MAX_FRAME_BYTES;
		return codec;
	}

	/**
	 * The line decoder's text decoding. A plain-text line (or a first line that will make the
	 * connection plain text) that is not valid UTF-8 switches the connection to GB18030 for
	 * good, both ways; JSON stays UTF-8 (invalid bytes become U+FFFD, as ever).
	 */
	private decodeLine(line: Buffer): string {
		// A byte order mark before the first line is not text: the dialect is told by what follows it.
		const bytes = this.firstLine ? withoutBom(line) : line;
		this.firstLine = false;
		if (this.charset === 'utf8') {
			// Before the first line has chosen a dialect, its first bytes say which it will be.
			const plain = this.codec ? this.codec.name === 'plain' : detectDialect(bytes.subarray(0, 8).toString('latin1')).name === 'plain';
			if (!plain || isValidUtf8(bytes)) return decodeText(bytes, 'utf8');
			this.charset = 'gb18030';
			this.codec?.useCharset?.('gb18030');
		}
		return decodeText(bytes, this.charset);
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
				this.host.requests.hello(this, frame);
				return;
		}
		if (!this.joined) {
			this.sendError('not_joined', ERROR_SENTENCES.not_joined);
			return;
		}
		this.host.requests.handle(this, frame);
	}
}
