/**
 * The bench's receive path. A receiving client may see a million lines a second, so it does
 * not JSON-parse the room messages it measures: it finds the send stamp that the sender put in
 * the text (`@bench:<µs>`) with a native byte search, and hands every other line to the full
 * parser. `docs/performance.md` has the measured difference.
 */

export const STAMP_MARKER = '@bench:';
const MARKER = Buffer.from(STAMP_MARKER);
const ROOM_SEPARATOR = '/';
const SLASH = 0x2f;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const JOIN_PREFIX = Buffer.from('{"type":"join"');
const LEAVE_PREFIX = Buffer.from('{"type":"leave"');

/**
 * The text of a bench message: the stamp, `/` and the sender's room number when it says in
 * one of the rooms workload's rooms (so that a receiver can tell a delivery from another
 * room), then padding up to `size` characters.
 */
export function stampText(micros: number, size = 0, room = 0): string {
	const text = `${STAMP_MARKER}${Math.floor(micros)}${room > 0 ? `${ROOM_SEPARATOR}${room}` : ''}`;
	return text.length >= size ? text : text + ' ' + 'x'.repeat(size - text.length - 1);
}

/** The send stamp in a message text, or undefined when the text holds none. */
export function readStamp(text: string): number | undefined {
	const at = text.indexOf(STAMP_MARKER);
	if (at === -1) return undefined;
	const match = /^\d+/.exec(text.slice(at + STAMP_MARKER.length));
	return match ? Number(match[0]) : undefined;
}

/** The sender's room number in a message text (0: the default room, or no stamp). */
export function readStampRoom(text: string): number {
	const at = text.indexOf(STAMP_MARKER);
	if (at === -1) return 0;
	const match = /^\d+\/(\d+)/.exec(text.slice(at + STAMP_MARKER.length));
	return match ? Number(match[1]) : 0;
}

export type ScanSink = {
	/** A line holding a send stamp, in microseconds of the shared monotonic clock, and the sender's room number (0: none). */
	stamp(micros: number, room: number): void;
	/** A join or leave seen on the fast path: counted, never parsed. */
	presence(): void;
	/** Any other line, for the full parser. */
	line(line: string): void;
};

export class DeliveryScanner {
	/** Off until the welcome is in: a welcome's history holds old stamps that must not count. */
	fast = false;
	private carry: Buffer[] = [];
	private carryBytes = 0;

	constructor(private readonly sink: ScanSink) {}

	push(chunk: Buffer): void {
		let from = 0;
		if (this.carryBytes > 0) {
			const newline = chunk.indexOf(NEWLINE);
			if (newline === -1) {
				this.carry.push(chunk);
				this.carryBytes += chunk.length;
				return;
			}
			const joined = Buffer.concat([...this.carry, chunk.subarray(0, newline + 1)]);
			this.carry = [];
			this.carryBytes = 0;
			this.scan(joined);
			from = newline + 1;
		}
		const rest = this.scan(chunk, from);
		if (rest < chunk.length) {
			// Copied, so that a short tail does not pin a 64 KB read buffer.
			this.carry.push(Buffer.from(chunk.subarray(rest)));
			this.carryBytes += chunk.length - rest;
		}
	}

	/** Handles every complete line from `from`; gives where the unfinished tail starts. */
	private scan(buffer: Buffer, from = 0): number {
		let start = from;
		let fast = this.fast;
		let marker = fast ? buffer.indexOf(MARKER, start) : -1;
		let newline = buffer.indexOf(NEWLINE, start);
		while (newline !== -1) {
			if (fast && marker !== -1 && marker < newline) {
				const digits = marker + MARKER.length;
				const end = digitsEnd(buffer, digits, newline);
				const room = buffer[end] === SLASH ? readDigits(buffer, end + 1, digitsEnd(buffer, end + 1, newline)) : 0;
				this.sink.stamp(readDigits(buffer, digits, end), room);
				marker = buffer.indexOf(MARKER, newline + 1);
			} else {
				this.other(buffer, start, newline);
				if (!fast && this.fast) {
					// The full parser has just turned the fast path on (the welcome).
					fast = true;
					marker = buffer.indexOf(MARKER, newline + 1);
				}
			}
			start = newline + 1;
			newline = buffer.indexOf(NEWLINE, start);
		}
		return start;
	}

	private other(buffer: Buffer, start: number, newline: number): void {
		if (this.fast && (startsWith(buffer, start, JOIN_PREFIX) || startsWith(buffer, start, LEAVE_PREFIX))) {
			this.sink.presence();
			return;
		}
		const end = newline > start && buffer[newline - 1] === CARRIAGE_RETURN ? newline - 1 : newline;
		this.sink.line(buffer.toString('utf8', start, end));
	}
}

/** Where the run of digits from `at` ends (at most `end`). */
function digitsEnd(buffer: Buffer, at: number, end: number): number {
	let i = at;
	while (i < end && buffer[i]! >= DIGIT_0 && buffer[i]! <= DIGIT_9) i++;
	return i;
}

/** The digits from `at` to `end` (all digits) as a number. */
function readDigits(buffer: Buffer, at: number, end: number): number {
	let value = 0;
	for (let i = at; i < end; i++) value = value * 10 + (buffer[i]! - DIGIT_0);
	return value;
}

function startsWith(buffer: Buffer, at: number, prefix: Buffer): boolean {
	return buffer.length - at >= prefix.length && buffer.compare(prefix, 0, prefix.length, at, at + prefix.length) === 0;
}
