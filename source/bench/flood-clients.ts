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
	/**
	 * A dropped connection goes on flooding until the server closes it for good, as an
	 * attacker's would (a new one joins meanwhile); when false it stops at the server's FIN.
	 */
	keepAfterDrop: boolean;
};

export type FloodReport = {
	flooders: number;
	/** Connections the server dropped (its FIN) while they flooded. */
	drops: number;
	/** Milliseconds from a connection's first flood byte to the server's FIN, each drop. */
	dropMs: number[];
	/** Milliseconds from the FIN to the server closing the connection for good (only when flooding on after the drop). */
	closeMs: number[];
	/** Flood bytes the kernel took. */
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

function emptyReport(flooders: number): FloodReport {
	return {flooders, drops: 0, dropMs: [], closeMs: [], bytesWritten: 0, joinFailures: 0};
}

/**
 * Connections that flood the server with control lines as fast as the socket takes them and,
 * when the server drops one, join again and go on: the flood lasts as long as it is asked to,
 * whatever the server does to each connection.
 */
export class Flooders {
	private running = false;
	private readonly sockets = new Set<net.Socket>();
	private report = emptyReport(0);
	private serial = 0;
	private loops: Array<Promise<void>> = [];
	private floods: Array<Promise<void>> = [];

	/** Resolves once every flooder has joined and begun, or failed to. */
	async start(request: FloodRequest): Promise<void> {
		this.running = true;
		this.report = emptyReport(request.kinds.length);
		const begun: Array<Promise<void>> = [];
		this.loops = request.kinds.map(kind => {
			let started: () => void = () => undefined;
			begun.push(new Promise<void>(resolve => (started = resolve)));
			return this.loop(request, kind, () => started());
		});
		await Promise.all(begun);
	}

	async stop(): Promise<FloodReport> {
		this.running = false;
		for (const socket of this.sockets) socket.destroy();
		await Promise.all(this.loops);
		await Promise.all(this.floods);
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
					allowHalfOpen: request.keepAfterDrop,
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
			await this.flood(socket, chunk, request.keepAfterDrop);
		}
		begun();
	}

	/**
	 * Writes `chunk` whenever the socket has room. Resolves at the server's FIN (the drop), so
	 * that the next connection joins; with `keepAfterDrop` the writing goes on until the server
	 * closes the connection or the flood stops.
	 */
	private flood(socket: net.Socket, chunk: Buffer, keepAfterDrop: boolean): Promise<void> {
		let dropped = () => undefined as void;
		const droppedOnce = new Promise<void>(resolve => (dropped = resolve));
		const closed = new Promise<void>(resolve => {
			this.sockets.add(socket);
			const started = performance.now();
			let finAt: number | undefined;
			let open = true;
			socket.on('end', () => {
				finAt = performance.now();
				if (this.running) {
					this.report.drops++;
					this.report.dropMs.push(finAt - started);
				}
				if (!keepAfterDrop) socket.destroy();
				dropped();
			});
			socket.on('close', () => {
				open = false;
				this.sockets.delete(socket);
				if (finAt !== undefined && keepAfterDrop && this.running) this.report.closeMs.push(performance.now() - finAt);
				dropped();
				resolve();
			});
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
		this.floods.push(closed);
		return droppedOnce;
	}
}
