import net from 'node:net';
import {encodeFrame} from '../protocol/encode.js';
import {LineDecoder} from '../protocol/line-decoder.js';
import {MAX_SERVER_FRAME_BYTES} from '../protocol/limits.js';
import {parseServerFrame} from '../protocol/parse-server-frame.js';
import {PROTOCOL_VERSION} from '../protocol/limits.js';
import type {ServerFrame} from '../protocol/frames.js';
import {DeliveryScanner, readStamp} from './delivery-scanner.js';
import {nowMicros} from './clock.js';

/** `fast` finds stamps by byte search; `full` decodes and validates every line like a real client. */
export type ReceiveMode = 'fast' | 'full';

/** What a client reports to its group; one object for all of a group's clients. */
export type ClientSink = {
	delivery(stampMicros: number, nowMicros: number): void;
	presence(): void;
	error(code: string): void;
	closed(client: BenchClient, reason: string): void;
};

/** One tcpchat/1 connection of the load generator. */
export class BenchClient {
	private socket: net.Socket | undefined;
	private scanner: DeliveryScanner | undefined;
	private decoder: LineDecoder | undefined;
	private now = 0;
	private welcome: ((frame: ServerFrame) => void) | undefined;
	private open = false;
	/** Where this client talks: the first room its welcome names. */
	private room = '#general';

	constructor(
		readonly name: string,
		private readonly sink: ClientSink,
		private readonly mode: ReceiveMode = 'fast',
	) {}

	get connected(): boolean {
		return this.open;
	}

	/** Connects and joins; resolves with the microseconds from connect() to the welcome. */
	connect(host: string, port: number, timeoutMs = 30_000): Promise<number> {
		const started = nowMicros();
		return new Promise<number>((resolve, reject) => {
			const socket = net.connect({host, port});
			this.socket = socket;
			socket.setNoDelay(true);
			const timer = setTimeout(() => fail(new Error(`no welcome from ${host}:${port} within ${timeoutMs / 1000} s`)), timeoutMs);
			const fail = (error: Error) => {
				clearTimeout(timer);
				this.welcome = undefined;
				socket.destroy();
				reject(error);
			};
			this.welcome = frame => {
				clearTimeout(timer);
				this.welcome = undefined;
				if (frame.type === 'welcome') {
					this.open = true;
					resolve(nowMicros() - started);
				} else if (frame.type === 'error') fail(new Error(`the server refused ${this.name}: ${frame.message} (${frame.code})`));
			};
			if (this.mode === 'fast') {
				const scanner = new DeliveryScanner({
					stamp: micros => this.sink.delivery(micros, this.now),
					presence: () => this.sink.presence(),
					line: line => this.handleLine(line),
				});
				this.scanner = scanner;
			} else this.decoder = new LineDecoder(MAX_SERVER_FRAME_BYTES);
			socket.on('connect', () => socket.write(encodeFrame({type: 'hello', proto: PROTOCOL_VERSION, name: this.name})));
			socket.on('data', chunk => this.receive(chunk));
			socket.on('error', error => {
				if (this.welcome) fail(new Error(connectProblem(error, host, port)));
			});
			socket.on('close', () => {
				if (this.welcome) fail(new Error(`the server closed the connection of ${this.name} before welcoming it`));
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
		if (this.scanner) {
			this.scanner.push(chunk);
			return;
		}
		for (const decoded of this.decoder!.push(chunk)) {
			if (decoded.kind === 'line') this.handleLine(decoded.line);
		}
	}

	private handleLine(line: string): void {
		const frame = parseServerFrame(line);
		if (!frame) return;
		switch (frame.type) {
			case 'welcome':
				this.room = frame.rooms[0]?.room ?? this.room;
				if (this.scanner) this.scanner.fast = true;
				this.welcome?.(frame);
				return;
			case 'msg': {
				const stamp = readStamp(frame.text);
				if (stamp !== undefined) this.sink.delivery(stamp, this.now);
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
				if (this.welcome) this.welcome(frame);
				else this.sink.error(frame.code);
				return;
			default:
				return;
		}
	}
}

function connectProblem(error: NodeJS.ErrnoException, host: string, port: number): string {
	switch (error.code) {
		case 'ECONNREFUSED':
			return `connection refused — is a server running on ${host}:${port}?`;
		case 'EMFILE':
		case 'ENFILE':
			return 'out of file descriptors — raise the limit with `ulimit -n 65536` and try again';
		case 'EADDRNOTAVAIL':
			return 'out of local ports for new connections — use fewer clients';
		case 'ECONNRESET':
			return `the server at ${host}:${port} reset the connection`;
		default:
			return `cannot connect to ${host}:${port}: ${error.message}`;
	}
}
