import net from 'node:net';

/**
 * A raw TCP client for tests, playing netcat or a hand-written tcpchat/1 client: it collects
 * every line it receives and lets a test `await next(predicate)` — waits are driven by what
 * arrives, never by time (the vitest timeout is the ceiling).
 */
export class LineSocket {
	/** Every line received so far (terminator and a trailing CR removed). */
	readonly lines: string[] = [];
	/** Whether the server has closed (or reset) the connection. */
	isClosed = false;
	readonly closed: Promise<void>;
	private cursor = 0;
	private partial = '';
	private readonly waiters = new Set<() => void>();
	private readonly decoder = new TextDecoder('utf-8');

	private constructor(readonly socket: net.Socket) {
		socket.on('data', chunk => {
			this.partial += this.decoder.decode(chunk as Buffer, {stream: true});
			let newline = this.partial.indexOf('\n');
			while (newline !== -1) {
				const line = this.partial.slice(0, newline);
				this.lines.push(line.endsWith('\r') ? line.slice(0, -1) : line);
				this.partial = this.partial.slice(newline + 1);
				newline = this.partial.indexOf('\n');
			}
			this.wake();
		});
		socket.on('error', () => {});
		this.closed = new Promise(resolve => {
			socket.on('close', () => {
				this.isClosed = true;
				this.wake();
				resolve();
			});
		});
	}

	/** A socket connected by the test itself (from a chosen local address, say). */
	static wrap(socket: net.Socket): LineSocket {
		socket.setNoDelay(true);
		return new LineSocket(socket);
	}

	static connect(port: number, host = '127.0.0.1'): Promise<LineSocket> {
		return new Promise((resolve, reject) => {
			const socket = net.connect({port, host});
			const onError = (error: Error): void => reject(error);
			socket.once('error', onError);
			socket.once('connect', () => {
				socket.off('error', onError);
				socket.setNoDelay(true);
				resolve(new LineSocket(socket));
			});
		});
	}

	/** Writes one line (a string as is, anything else as JSON) and its newline. */
	send(frame: unknown): void {
		this.socket.write((typeof frame === 'string' ? frame : JSON.stringify(frame)) + '\n');
	}

	/** Answers every `ping` with a `pong`, as a tcpchat client does. */
	autoPong(): this {
		let seen = 0;
		const answer = (): void => {
			for (; seen < this.lines.length; seen++) if (this.lines[seen]!.startsWith('{"type":"ping"')) this.send({type: 'pong'});
		};
		this.socket.on('data', answer);
		answer();
		return this;
	}

	write(bytes: string | Uint8Array): boolean {
		return this.socket.write(bytes);
	}

	/**
	 * The next line (after the last one returned) matching `predicate`; lines before it are
	 * passed over. Rejects if the connection closes first. Several waits may run at once: each
	 * scans from where the last returned line was when it started.
	 */
	next(predicate: (line: string) => boolean = () => true, what = 'a matching line'): Promise<string> {
		return new Promise((resolve, reject) => {
			let pos = this.cursor;
			const check = (): boolean => {
				while (pos < this.lines.length) {
					const line = this.lines[pos++]!;
					if (predicate(line)) {
						this.waiters.delete(wake);
						this.cursor = Math.max(this.cursor, pos);
						resolve(line);
						return true;
					}
				}
				if (this.isClosed) {
					this.waiters.delete(wake);
					reject(new Error(`connection closed while waiting for ${what}; last lines received:\n${this.lines.slice(-10).map(l => l.slice(0, 160)).join('\n')}`));
					return true;
				}
				return false;
			};
			const wake = (): void => void check();
			if (!check()) this.waiters.add(wake);
		});
	}

	/** The next JSON frame matching `predicate` (lines that are not JSON are passed over). */
	async nextFrame<T = Record<string, any>>(predicate: (frame: Record<string, any>) => boolean = () => true, what?: string): Promise<T> {
		const line = await this.next(l => {
			const frame = parseJson(l);
			return frame !== undefined && predicate(frame);
		}, what ?? 'a matching frame');
		return parseJson(line) as T;
	}

	/** The next frame of a type (and matching `predicate`, when given). */
	nextOfType<T = Record<string, any>>(type: string, predicate: (frame: Record<string, any>) => boolean = () => true): Promise<T> {
		return this.nextFrame<T>(f => f['type'] === type && predicate(f), `a "${type}" frame`);
	}

	/** Every JSON frame received so far. */
	frames(): Array<Record<string, any>> {
		return this.lines.flatMap(l => {
			const f = parseJson(l);
			return f === undefined ? [] : [f];
		});
	}

	/** Resolves once everything written so far has been handed to the kernel. */
	flushed(): Promise<void> {
		return new Promise(resolve => {
			if (this.socket.writableLength === 0) resolve();
			else this.socket.write('', () => resolve());
		});
	}

	end(): void {
		this.socket.end();
	}

	destroy(): void {
		this.socket.destroy();
	}

	private wake(): void {
		for (const waiter of [...this.waiters]) waiter();
	}
}

function parseJson(line: string): Record<string, any> | undefined {
	if (!line.startsWith('{')) return undefined;
	try {
		const value: unknown = JSON.parse(line);
		return typeof value === 'object' && value !== null ? (value as Record<string, any>) : undefined;
	} catch {
		return undefined;
	}
}
