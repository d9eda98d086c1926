import fs from 'node:fs/promises';
import {isRoomEvent, type RoomEvent} from '../protocol/frames.js';
import {parseServerFrame} from '../protocol/parse-server-frame.js';
import {sanitiseEvent} from '../protocol/sanitise.js';

/** Bytes read per step. */
const CHUNK_BYTES = 256 * 1024;
/**
 * Our lines are a few kilobytes at most. A longer "line" is not ours: it is skipped without
 * being held whole, so a log full of garbage with no newline cannot fill the memory.
 */
const MAX_LINE_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;

/** A line of an older message log; one written before rooms (no `room`) belongs to `defaultRoom`. */
export function parseLogLine(text: string, defaultRoom: string): RoomEvent | undefined {
	const line = text.trim();
	const frame = parseServerFrame(line);
	if (!frame || !isRoomEvent(frame)) return undefined;
	// An older server may have let more through than today's rules: cleaned as if said now.
	return sanitiseEvent(line.includes('"room":') ? frame : {...frame, room: defaultRoom});
}

/**
 * The lines of a file, first to last, as text (a line over 1 MiB, or a last line without its
 * newline, comes as undefined: not ours, or a write cut short).
 */
export async function* fileLines(file: string): AsyncGenerator<string | undefined> {
	const handle = await fs.open(file, 'r');
	try {
		const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
		let carry: Buffer[] = [];
		let carryLength = 0;
		let oversized = false;
		let position = 0;
		for (;;) {
			const {bytesRead} = await handle.read(chunk, 0, CHUNK_BYTES, position);
			if (bytesRead === 0) break;
			position += bytesRead;
			let start = 0;
			let newline = chunk.indexOf(NEWLINE, 0);
			while (newline !== -1 && newline < bytesRead) {
				const piece = chunk.subarray(start, newline);
				if (oversized || carryLength + piece.length > MAX_LINE_BYTES) yield undefined;
				else yield (carry.length === 0 ? piece : Buffer.concat([...carry, piece])).toString('utf8');
				carry = [];
				carryLength = 0;
				oversized = false;
				start = newline + 1;
				newline = chunk.indexOf(NEWLINE, start);
			}
			if (start < bytesRead && !oversized) {
				// Copied: the chunk is reused by the next read.
				carry.push(Buffer.from(chunk.subarray(start, bytesRead)));
				carryLength += bytesRead - start;
				if (carryLength > MAX_LINE_BYTES) {
					oversized = true;
					carry = [];
					carryLength = 0;
				}
			}
		}
		if (carryLength > 0 || oversized) yield undefined;
	} finally {
		await handle.close();
	}
}
