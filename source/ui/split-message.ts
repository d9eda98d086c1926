import {MAX_TEXT_CHARS} from '../protocol/limits.js';

/** Characters, as the server counts them (code points). */
function length(text: string): number {
	let n = 0;
	for (const _ of text) n++;
	return n;
}

/** A line longer than `max` in pieces of at most `max` characters, cut after a space near the end when there is one. */
function cutLine(line: string, max: number): string[] {
	const chars = [...line];
	const pieces: string[] = [];
	let start = 0;
	while (chars.length - start > max) {
		let end = start + max;
		// Back to just after a space in the last fifth, so that a word is not split when it need not be.
		for (let i = end - 1; i > start + Math.floor(max * 0.8); i--) {
			if (/\s/u.test(chars[i]!)) {
				end = i + 1;
				break;
			}
		}
		pieces.push(chars.slice(start, end).join(''));
		start = end;
	}
	pieces.push(chars.slice(start).join(''));
	return pieces;
}

/**
 * A text too long for one message (2000 characters), as the messages that carry it, in order:
 * whole lines packed together up to the limit (a multi-line paste stays as few messages as it
 * can), a line longer than the limit cut into pieces. Nothing is lost but the line breaks
 * between messages; parts holding only white space are left out (the server refuses them).
 */
export function splitMessage(text: string, max = MAX_TEXT_CHARS): string[] {
	if (length(text) <= max) return [text];
	const parts: string[] = [];
	let current: string | undefined;
	let currentLength = 0;
	const flush = () => {
		if (current !== undefined && current.trim().length > 0) parts.push(current);
		current = undefined;
		currentLength = 0;
	};
	for (const line of text.split('\n')) {
		const size = length(line);
		if (size > max) {
			flush();
			const pieces = cutLine(line, max);
			for (const piece of pieces.slice(0, -1)) parts.push(piece);
			current = pieces.at(-1)!;
			currentLength = length(current);
			continue;
		}
		if (current !== undefined && currentLength + 1 + size <= max) {
			current += `\n${line}`;
			currentLength += 1 + size;
		} else {
			flush();
			current = line;
			currentLength = size;
		}
	}
	flush();
	return parts;
}
