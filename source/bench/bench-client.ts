import net from 'node:net';
import {encodeFrame} from '../protocol/encode.js';
import {LineDecoder} from '../protocol/line-decoder.js';
import {MAX_SERVER_FRAME_BYTES} from '../protocol/limits.js';
import {parseServerFrame} from '../protocol/parse-server-frame.js';
import {PROTOCOL_VERSION} from '../protocol/limits.js';
import {DeliveryScanner, readStamp, readStampRoom} from './delivery-scanner.js';
import {MarkerWatch} from './marker-watch.js';
import {nowMicros} from './clock.js';
import {benchRoomName} from './room-spread.js';

/**
 * `fast` finds stamps by byte search; `full` decodes and validates every line like a real
 * client; `idle`, once welcomed, only looks for pings to answer (a member that says nothing
 * and reads cheaply, as a real idle client does: news it does not count costs it no work).
 */
export type ReceiveMode = 'fast' | 'full' | 'idle';

/** What the clients speak: tcpchat/1 JSON (this file), or IRC to any IRC server (irc-bench-client.ts). */
export type BenchDialect = 'json' | 'irc';

const PING_LINE = '{"type":"ping"}';
const WELCOME_PREFIX = Buffer.from('{"type":"welcome"');

/** What a client reports to its group; one object for all of a group's clients. */
export type ClientSink = {
	delivery(stampMicros: number, nowMicros: number): void;
	/** A message said in another room than this client's: the server let it out of its room. */
	strayed(): void;
	presence(): void;
	error(code: string): void;
	closed(client: LoadClient, reason: string): void;
};

/** One connection of the load generator, whatever its dialect (this file's tcpchat/1, or irc-bench-client.ts). */
export type LoadClient = {
	readonly name: string;
	readonly connected: boolean;
	/** The room of the rooms workload it is in (1…N); 0: the default room. */
	readonly roomNumber: number;
	/** Connects (from `localAddress` when given) and joins; resolves with the microseconds from connect() to joined. */
	connect(host: string, port: number, timeoutMs?: number, localAddress?: string): Promise<number>;
	say(text: string): void;
	close(): void;
};

/** One tcpchat/1 connection of the load generator. */
export class BenchClient implements LoadClient {
	private socket: net.Socket | undefined;
	private scanner: DeliveryScanner | undefined;
	private decoder: LineDecoder | undefined;
	private pings: MarkerWatch | undefined;
	private now = 0;
	/** Until joined: called with nothing for the welcome, with a sentence for a refusal. */
	private welcomed: ((refusal?: string) => void) | undefined;
	/** `idle` mode before the welcome: the first bytes, until they show whether the first line is a welcome. */
	private head: Buffer | undefined = Buffer.alloc(0);
	private open = false;
	/** Where this client talks: the first room its welcome names. */
	private room = '#general';

	/**
	 * `roomNumber` above 0 (the rooms workload): the hello asks for no room, then the client
	 * joins #bench-N with a join and says there; 0: it stays in the room its welcome names.
	 */
	constructor(
		readonly name: string,
		private readonly sink: ClientSink,
		private readonly mode: ReceiveMode = 'fast',
		readonly roomNumber = 0,
	) {}

	get connected(): boolean {
		return this.open;
	}

	/**
	 * Connects (from `localAddress` when given) and joins; resolves with the microseconds from
	 * connect() to the welcome.
	 */
	connect(host: string, port: number, timeoutMs = 30_000, localAddress?: string): Promise<number> {
		const started = nowMicros();
		return new Promise<number>((resolve, reject) => {
			const socket = net.connect({host, port, ...(localAddress ? {localAddress} : {})});
			this.socket = socket;
			socket.setNoDelay(true);
			const timer = setTimeout(() => fail(new Error(`no welcome from ${host}:${port} within ${timeoutMs / 1000} s`)), timeoutMs);
			const fail = (error: Error) => {
				clearTimeout(timer);
				this.welcomed = undefined;
				socket.destroy();
				reject(error);
			};
			this.welcomed = refusal => {
				clearTimeout(timer);
				this.welcomed = undefined;
				if (refusal === undefined) {
					this.open = true;
					resolve(nowMicros() - started);
				} else fail(new Error(`the server refused ${this.name}: ${refusal}`));
			};
			if (this.mode !== 'full') {
				const scanner = new DeliveryScanner({
					stamp: (micros, room) => this.stamped(micros, room),
					presence: () => this.sink.presence(),
					line: line => this.handleLine(line),
				});
				this.scanner = scanner;
			} else this.decoder = new LineDecoder(MAX_SERVER_FRAME_BYTES);
			const rooms = this.roomNumber > 0 ? {rooms: []} : {};
			socket.on('connect', () => socket.write(encodeFrame({type: 'hello', proto: PROTOCOL_VERSION, name: this.name, ...rooms})));
			socket.on('data', chunk => this.receive(chunk));
			socket.on('error', error => {
				if (this.welcomed) fail(new Error(connectProblem(error, host, port)));
			});
			socket.on('close', () => {
				if (this.welcomed) fail(new Error(`the server closed the connection of ${this.name} before welcoming it`));
				if (this.open) {
					this.open = false;
					this.sink.closed(this, 'closed');
				}
			});
		});
	}

	say(text: string): void {
		if (this.open) this.socket!.write(encodeFrame({type: 'say', room: this.room, text}));
	}

	close(): void {
		this.open = false;
		this.socket?.destroy();
	}

	private receive(chunk: Buffer): void {
		// One clock read per read(): every line in it arrived at the same moment.
		this.now = nowMicros();
		if (this.pings) {
			if (this.pings.push(chunk)) this.socket?.write(encodeFrame({type: 'pong'}));
			return;
		}
		if (this.mode === 'idle' && this.head) {
			this.idleHead(chunk);
			return;
		}
		if (this.scanner) {
			this.scanner.push(chunk);
			return;
		}
		for (const decoded of this.decoder!.push(chunk)) {
			if (decoded.kind === 'line') this.handleLine(decoded.line);
		}
	}

	/**
	 * An idle client does not parse its welcome (in a room of 10 000 it is 400 KB of user
	 * list, and a client that parses 10 000 of them reads the join wave slower than a real
	 * one): a first line that starts as a welcome is one. Anything else (a refusal) is read in full.
	 */
	private idleHead(chunk: Buffer): void {
		const head = this.head!.length > 0 ? Buffer.concat([this.head!, chunk]) : chunk;
		if (head.length < WELCOME_PREFIX.length) {
			this.head = Buffer.from(head);
			return;
		}
		this.head = undefined;
		if (head.subarray(0, WELCOME_PREFIX.length).equals(WELCOME_PREFIX)) {
			this.pings = new MarkerWatch(PING_LINE);
			this.welcomed?.();
			return;
		}
		this.scanner!.push(head);
	}

	private stamped(micros: number, room: number): void {
		if (room === this.roomNumber) this.sink.delivery(micros, this.now);
		else this.sink.strayed();
	}

	/** Joined: measuring may start (before it, a welcome's or a joined's history holds old stamps). */
	private ready(): void {
		if (this.scanner) this.scanner.fast = true;
		this.welcomed?.();
	}

	private handleLine(line: string): void {
		const frame = parseServerFrame(line);
		if (!frame) return;
		switch (frame.type) {
			case 'welcome':
				if (this.roomNumber > 0) {
					this.socket?.write(encodeFrame({type: 'join', room: benchRoomName(this.roomNumber)}));
					return;
				}
				this.room = frame.rooms[0]?.room ?? this.room;
				this.ready();
				return;
			case 'joined':
				if (this.roomNumber > 0 && frame.room === benchRoomName(this.roomNumber)) {
					this.room = frame.room;
					this.ready();
				}
				return;
			case 'msg': {
				const stamp = readStamp(frame.text);
				if (stamp === undefined) return;
				if (this.roomNumber > 0 && frame.room !== this.room) this.sink.strayed();
				else this.stamped(stamp, readStampRoom(frame.text));
				return;
			}
			case 'join':
			case 'leave':
			case 'nick':
				this.sink.presence();
				return;
			case 'ping':
				this.socket?.write(encodeFrame({type: 'pong'}));
				return;
			case 'error':
				if (this.welcomed) this.welcomed(`${frame.message} (${frame.code})`);
				else this.sink.error(frame.code);
				return;
			default:
				return;
		}
	}
}

export function connectProblem(error: NodeJS.ErrnoException, host: string, port: number): string {
	switch (error.code) {
		case 'ECONNREFUSED':
			return `connection refused — is a server running on ${host}:${port}?`;
		case 'EMFILE':
		case 'ENFILE':
			return 'out of file descriptors — raise the limit with `ulimit -n 65536` and try again';
		case 'EADDRNOTAVAIL':
			return 'out of local ports or addresses for new connections — use fewer clients';
		case 'ECONNRESET':
			return `the server at ${host}:${port} reset the connection`;
		default:
			return `cannot connect to ${host}:${port}: ${error.message}`;
	}
}
