/** Never written to: what `bytes()` returns while the list is empty. */
const NONE = Buffer.alloc(0);
/** First capacity, so that a small room does not grow its buffer a byte at a time. */
const MIN_CAPACITY = 1024;

/**
 * A list of JSON array elements kept encoded, joined by commas, in one growing buffer. The
 * bytes handed out by `bytes()` never change afterwards (a push writes past them or into a
 * new buffer), so every welcome can write the very same bytes instead of building its own
 * copy: a room of thousands then costs no big transient buffer per newcomer.
 */
export class JsonElements {
	private buf: Buffer = NONE;
	private start = 0;
	private end = 0;
	/** Encoded length of each element, its leading comma included; `head` is the oldest. */
	private lengths: number[] = [];
	private head = 0;

	get count(): number {
		return this.lengths.length - this.head;
	}

	/** Appends one element, already JSON. */
	push(json: string): void {
		const length = Buffer.byteLength(json, 'utf8') + 1;
		if (this.end + length > this.buf.length) this.regrow(length);
		this.buf[this.end] = 0x2c; // ','
		this.buf.write(json, this.end + 1, 'utf8');
		this.end += length;
		this.lengths.push(length);
	}

	/** Drops the oldest element. */
	shift(): void {
		if (this.count === 0) return;
		this.start += this.lengths[this.head++]!;
		if (this.head >= 1024 && this.head * 2 >= this.lengths.length) {
			this.lengths = this.lengths.slice(this.head);
			this.head = 0;
		}
	}

	/** The elements joined by commas (the inside of a JSON array): shared, never modified. */
	bytes(): Buffer {
		return this.count === 0 ? NONE : this.buf.subarray(this.start + 1, this.end);
	}

	/** The live bytes move to a new buffer twice their size: the old one stays as it is for whoever holds a view of it. */
	private regrow(extra: number): void {
		const live = this.end - this.start;
		const next = Buffer.allocUnsafeSlow(Math.max(MIN_CAPACITY, 2 * (live + extra)));
		this.buf.copy(next, 0, this.start, this.end);
		this.buf = next;
		this.start = 0;
		this.end = live;
	}
}
