/** A stream the headless printer writes to: process.stdout, process.stderr, or a test's capture. */
export type OutputStream = {
	write(text: string, callback?: (error?: Error | null) => void): unknown;
	/** Bytes written but not yet taken by the reader (Node's writable streams have it). */
	readonly writableLength?: number;
	once?(event: 'drain', listener: () => void): unknown;
	/** libuv's stream handle: a terminal's writes block unless it is switched to non-blocking. */
	readonly _handle?: {setBlocking?: (blocking: boolean) => unknown};
	readonly isTTY?: boolean;
};

/** What may wait in memory for a slow reader before lines are dropped. */
export const DEFAULT_OUTPUT_BOUND = 1024 * 1024;

/**
 * Lines out to a stream that may be slow or stuck (a log collector that stopped reading, a
 * terminal paused with Ctrl+S): never blocks the event loop, never holds more than `bound`
 * bytes for the reader. Lines beyond that are dropped and counted; when the reader catches up
 * a line says how many (`… N lines dropped: the reader of stdout is too slow`).
 */
export class LineOutput {
	private droppedLines = 0;
	private waitingForDrain = false;
	/** Writes the stream has not finished (counted only for streams that report `writableLength`). */
	private outstanding = 0;
	private readonly flushWaiters = new Set<() => void>();

	constructor(
		private readonly stream: OutputStream,
		private readonly options: {name: string; bound?: number; stamp?: () => string} = {name: 'stdout'},
	) {
		// A terminal's writes are synchronous in Node: a paused terminal would stop the room.
		if (stream.isTTY) stream._handle?.setBlocking?.(false);
	}

	/** Lines dropped so far and not yet reported. */
	get dropped(): number {
		return this.droppedLines;
	}

	/** Writes `lines` (each without its line break), or drops them when the reader is too far behind. */
	write(lines: readonly string[]): void {
		if (lines.length === 0) return;
		const bound = this.options.bound ?? DEFAULT_OUTPUT_BOUND;
		if ((this.stream.writableLength ?? 0) > bound) {
			this.droppedLines += lines.reduce((count, line) => count + line.split('\n').length, 0);
			this.awaitDrain();
			return;
		}
		let text = lines.join('\n') + '\n';
		if (this.droppedLines > 0) {
			text = `${this.droppedNotice()}\n${text}`;
			this.droppedLines = 0;
		}
		if (this.send(text) === false) this.awaitDrain();
	}

	/**
	 * Resolves true once everything written has reached the reader, false if it has not within
	 * `timeoutMs` (a reader that never reads must not keep the process from exiting).
	 */
	flushed(timeoutMs: number): Promise<boolean> {
		if (this.outstanding === 0) return Promise.resolve(true);
		return new Promise(resolve => {
			const done = (result: boolean) => {
				clearTimeout(timer);
				this.flushWaiters.delete(onFlushed);
				resolve(result);
			};
			const onFlushed = () => done(true);
			const timer = setTimeout(() => done(false), timeoutMs);
			timer.unref();
			this.flushWaiters.add(onFlushed);
		});
	}

	private send(text: string): unknown {
		if (typeof this.stream.writableLength !== 'number') return this.stream.write(text);
		this.outstanding++;
		return this.stream.write(text, () => {
			this.outstanding--;
			if (this.outstanding === 0) for (const waiter of [...this.flushWaiters]) waiter();
		});
	}

	private droppedNotice(): string {
		const n = this.droppedLines;
		const stamp = this.options.stamp ? `${this.options.stamp()} ` : '';
		return `${stamp}… ${n} ${n === 1 ? 'line' : 'lines'} dropped: the reader of ${this.options.name} is too slow`;
	}

	private awaitDrain(): void {
		if (this.waitingForDrain || !this.stream.once) return;
		this.waitingForDrain = true;
		this.stream.once('drain', () => {
			this.waitingForDrain = false;
			// The reader caught up: say what it missed now rather than with the next line.
			if (this.droppedLines > 0) {
				const notice = this.droppedNotice();
				this.droppedLines = 0;
				if (this.send(`${notice}\n`) === false) this.awaitDrain();
			}
		});
	}
}
