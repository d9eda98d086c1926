import {decodeUtf8, type TextDecoding} from './charset.js';
import {MAX_FRAME_BYTES} from './limits.js';

export type DecodedLine = {kind: 'line'; line: string} | {kind: 'too_long'};

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
/** The first buffer an unfinished line gets; most lines fit. */
const MIN_CAPACITY = 256;

/**
 * Splits a TCP byte stream into lines. TCP keeps no message boundaries: one read may hold
 * several lines, half a line, or half a UTF-8 character, so bytes are kept until their
 * newline and only then decoded.
 *
 * A line longer than `maxBytes` (terminator included) yields one `too_long` as soon as it is
 * known to be too long, and its bytes are dropped as they arrive: the decoder never holds more
 * than `maxBytes` of any line.
 */
export class LineDecoder {
	/**
	 * The unfinished line, in one buffer that grows by doubling: a line sent a byte per TCP
	 * segment then costs about its own size, not a Buffer object per segment (~130 times more).
	 * Dropped once the line is done, so an idle connection holds nothing.
	 */
	private held: Buffer | undefined;
	private pending = 0;
	private discarding = false;
	/** Bytes of over-long lines dropped so far: what they cost, the reader decides. */
	discarded = 0;

	/**
	 * @param decodeText turns each line's bytes into text: UTF-8 unless the owner decides
	 * otherwise, line by line (a plain-text connection that turns out to speak GB18030).
	 */
	constructor(
		/** Bytes a line may have, terminator included; a connection may change it once its dialect is known. */
		public maxBytes = MAX_FRAME_BYTES,
		private readonly decodeText: TextDecoding = decodeUtf8,
	) {}

	/** Bytes of an unfinished line held right now. */
	get buffered(): number {
		return this.pending;
	}

	/** Bytes of memory the decoder holds for the unfinished line (its buffer's capacity). */
	get retained(): number {
		return this.held?.length ?? 0;
	}

	push(chunk: Uint8Array): DecodedLine[] {
		const out: DecodedLine[] = [];
		let start = 0;
		let newline = chunk.indexOf(NEWLINE, start);
		while (newline !== -1) {
			this.finishLine(chunk.subarray(start, newline), out);
			start = newline + 1;
			newline = chunk.indexOf(NEWLINE, start);
		}
		if (start < chunk.length) this.keep(chunk.subarray(start), out);
		return out;
	}

	private finishLine(tail: Uint8Array, out: DecodedLine[]): void {
		if (this.discarding) {
			this.discarding = false;
			this.discarded += tail.length + 1;
			return;
		}
		if (this.pending + tail.length + 1 > this.maxBytes) {
			this.discarded += this.pending + tail.length + 1;
			this.reset();
			out.push({kind: 'too_long'});
			return;
		}
		let bytes: Uint8Array = tail;
		if (this.pending > 0) {
			this.append(tail);
			bytes = this.held!.subarray(0, this.pending);
		}
		const end = bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN ? bytes.length - 1 : bytes.length;
		const line = this.decodeText(Buffer.from(bytes.buffer, bytes.byteOffset, end));
		this.reset();
		out.push({kind: 'line', line});
	}

	private keep(rest: Uint8Array, out: DecodedLine[]): void {
		if (this.discarding) {
			this.discarded += rest.length;
			return;
		}
		// Without its newline yet, a line of maxBytes bytes can only end longer than the limit.
		if (this.pending + rest.length >= this.maxBytes) {
			this.discarded += this.pending + rest.length;
			this.reset();
			this.discarding = true;
			out.push({kind: 'too_long'});
			return;
		}
		// Copied, so that a small tail does not pin a large socket chunk in memory.
		this.append(rest);
	}

	private append(bytes: Uint8Array): void {
		const need = this.pending + bytes.length;
		if (this.held === undefined || this.held.length < need) {
			let capacity = Math.max(MIN_CAPACITY, this.held?.length ?? 0);
			while (capacity < need) capacity *= 2;
			// Never more than a line may hold: the limit is also the most a decoder keeps.
			const grown = Buffer.allocUnsafeSlow(Math.min(capacity, this.maxBytes + 1));
			if (this.pending > 0) this.held!.copy(grown, 0, 0, this.pending);
			this.held = grown;
		}
		this.held.set(bytes, this.pending);
		this.pending = need;
	}

	private reset(): void {
		this.held = undefined;
		this.pending = 0;
	}
}
