import type net from 'node:net';
import {localAddress} from './local-address.js';
import {JSON_WELCOME, PLAIN_WELCOME, rawJoin} from './raw-join.js';

/** What a flooder sends, over and over: lines that are cheap to send and used to cost the server nothing. */
export type FloodKind = 'pong' | 'blank';

export type FloodRequest = {
	host: string;
	port: number;
	/** One flooder per entry: `pong` joins with hello, then sends pongs; `blank` joins as a plain-text member, then sends empty lines. */
	kinds: FloodKind[];
	/** Every flooder from one address of 127.N.0.0/16, as one attacker. */
	network: number;
	namePrefix: string;
	timeoutMs: number;
};

export type FloodReport = {
	flooders: number;
	/** Connections the server closed while they flooded. */
	drops: number;
	/** Milliseconds from a connection's first flood byte to the server closing it, each drop. */
	dropMs: number[];
	/** Flood bytes the kernel took (the server reads what it is given, then discards it). */
	bytesWritten: number;
	/** Flood connections that could not join (refused, timed out). */
	joinFailures: number;
	firstError?: string;
};

const CHUNK_LINES = 1024;

/** A chunk of flood lines of one kind. */
export function floodChunk(kind: FloodKind): Buffer {
	return Buffer.from((kind === 'pong' ? '{"type":"pong"}\n' : '\n').repeat(CHUNK_LINES));
}

/**
 * Connections that flood the server with control lines as fast as the socket takes them and,
 * when the server drops one, join again and go on: the flood lasts as long as it is asked to,
 * whatever the server does to each connection.
 */
export class Flooders {
	private running = false;
	private readonly sockets = new Set<net.Socket>();
	private report: FloodReport = {flooders: 0, drops: 0, dropMs: [], bytesWritten: 0, joinFailures: 0};
	private serial = 0;
	private loops: Array<Promise<void>> = [];

	/** Resolves once every flooder has joined and begun, or failed to. */
	async start(request: FloodRequest): Promise<void> {
		this.running = true;
		this.report = {flooders: request.kinds.length, drops: 0, dropMs: [], bytesWritten: 0, joinFailures: 0};
		const begun: Array<Promise<void>> = [];
		this.loops = request.kinds.map(kind => {
			let started = () => undefined as void;
			begun.push(new Promise<void>(resolve => (started = resolve)));
			return this.loop(request, kind, () => started());
		});
		await Promise.all(begun);
	}

	async stop(): Promise<FloodReport> {
		this.running = false;
		for (const socket of this.sockets) socket.destroy();
		await Promise.all(this.loops);
		return this.report;
	}

	private async loop(request: FloodRequest, kind: FloodKind, begun: () => void): Promise<void> {
		const chunk = floodChunk(kind);
		while (this.running) {
			const name = `${request.namePrefix}${this.serial++}`;
			let socket: net.Socket;
			try {
				socket = await rawJoin({
					host: request.host,
					port: request.port,
					localAddress: localAddress(request.network, 0),
					hello: kind === 'pong' ? `${JSON.stringify({type: 'hello', proto: 1, name})}\n` : `${name}\n`,
					welcomeMarker: kind === 'pong' ? JSON_WELCOME : PLAIN_WELCOME,
					timeoutMs: request.timeoutMs,
				});
			} catch (error) {
				this.report.joinFailures++;
				this.report.firstError ??= error instanceof Error ? error.message : String(error);
				begun();
				// A refused join is retried, but not in a tight loop against a server that says no.
				await new Promise(resolve => setTimeout(resolve, 100));
				continue;
			}
			if (!this.running) {
				socket.destroy();
				break;
			}
			begun();
			await this.flood(socket, chunk);
		}
		begun();
	}

	/** Writes `chunk` whenever the socket has room, until the server closes it or the flood stops. */
	private flood(socket: net.Socket, chunk: Buffer): Promise<void> {
		return new Promise(resolve => {
			this.sockets.add(socket);
			const started = performance.now();
			let open = true;
			const ended = () => {
				if (!open) return;
				open = false;
				this.sockets.delete(socket);
				if (this.running) {
					this.report.drops++;
					this.report.dropMs.push(performance.now() - started);
				}
				socket.destroy();
				resolve();
			};
			// The server half-closes a connection it drops: its FIN is the verdict.
			socket.on('end', ended);
			socket.on('close', ended);
			socket.on('data', () => undefined);
			const pump = () => {
				// A few chunks per turn, so that the server's FIN and the stop are seen between them.
				for (let i = 0; i < 4 && open; i++) {
					const room = socket.write(chunk, error => {
						if (!error) this.report.bytesWritten += chunk.length;
					});
					if (!room) return;
				}
				if (open) setImmediate(pump);
			};
			socket.on('drain', pump);
			pump();
		});
	}
}
