import {MAX_FRAME_BYTES} from './limits.js';

export type DecodedLine = {kind: 'line'; line: string} | {kind: 'too_long'};

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

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
	private parts: Buffer[] = [];
	private pending = 0;
	private discarding = false;

	constructor(private readonly maxBytes = MAX_FRAME_BYTES) {}

	/** Bytes of an unfinished line held right now. */
	get buffered(): number {
		return this.pending;
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
			return;
		}
		if (this.pending + tail.length + 1 > this.maxBytes) {
			this.reset();
			out.push({kind: 'too_long'});
			return;
		}
		const bytes = this.parts.length === 0 ? tail : Buffer.concat([...this.parts, tail]);
		const end = bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN ? bytes.length - 1 : bytes.length;
		this.reset();
		out.push({kind: 'line', line: Buffer.from(bytes.buffer, bytes.byteOffset, end).toString('utf8')});
	}

	private keep(rest: Uint8Array, out: DecodedLine[]): void {
		if (this.discarding) return;
		// Without its newline yet, a line of maxBytes bytes can only end longer than the limit.
		if (this.pending + rest.length >= this.maxBytes) {
			this.reset();
			this.discarding = true;
			out.push({kind: 'too_long'});
			return;
		}
		// Copy, so that a small tail does not pin a large socket chunk in memory.
		this.parts.push(Buffer.from(rest));
		this.pending += rest.length;
	}

	private reset(): void {
		this.parts = [];
		this.pending = 0;
	}
}
