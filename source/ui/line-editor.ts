import stringWidth from 'string-width';
import {sanitiseText} from '../protocol/sanitise.js';

/** The input line: its text and the cursor, an index into the string (always on a code-point boundary). */
export type LineState = {value: string; cursor: number};

/** The keys the editor reads, a subset of Ink's `Key`. */
export type EditKey = {
	leftArrow?: boolean;
	rightArrow?: boolean;
	backspace?: boolean;
	delete?: boolean;
	ctrl?: boolean;
	meta?: boolean;
	return?: boolean;
	tab?: boolean;
	escape?: boolean;
	upArrow?: boolean;
	downArrow?: boolean;
	pageUp?: boolean;
	pageDown?: boolean;
	home?: boolean;
	end?: boolean;
};

export const EMPTY_LINE: LineState = {value: '', cursor: 0};

export function lineAt(value: string): LineState {
	return {value, cursor: value.length};
}

function previousBoundary(value: string, cursor: number): number {
	if (cursor <= 0) return 0;
	const code = value.charCodeAt(cursor - 1);
	return code >= 0xdc00 && code <= 0xdfff && cursor >= 2 ? cursor - 2 : cursor - 1;
}

function nextBoundary(value: string, cursor: number): number {
	if (cursor >= value.length) return value.length;
	const code = value.charCodeAt(cursor);
	return code >= 0xd800 && code <= 0xdbff && cursor + 2 <= value.length ? cursor + 2 : cursor + 1;
}

/**
 * Applies one key press to the line, readline style (Ctrl+A/E/U/K/W). Returns undefined for a key
 * the editor does not handle, so the caller can give it another meaning.
 */
export function editLine(state: LineState, input: string, key: EditKey): LineState | undefined {
	const {value, cursor} = state;
	if (key.leftArrow) return {value, cursor: previousBoundary(value, cursor)};
	if (key.rightArrow) return {value, cursor: nextBoundary(value, cursor)};
	// Most terminals send DEL for Backspace, which Ink calls "delete": both erase backwards.
	if (key.backspace || key.delete) {
		if (cursor === 0) return state;
		const from = previousBoundary(value, cursor);
		return {value: value.slice(0, from) + value.slice(cursor), cursor: from};
	}
	if (key.ctrl) {
		switch (input) {
			case 'a':
				return {value, cursor: 0};
			case 'e':
				return {value, cursor: value.length};
			case 'u':
				return {value: value.slice(cursor), cursor: 0};
			case 'k':
				return {value: value.slice(0, cursor), cursor};
			case 'w': {
				const head = value.slice(0, cursor).replace(/\S*\s*$/u, '');
				return {value: head + value.slice(cursor), cursor: head.length};
			}
			default:
				return undefined;
		}
	}
	// Alt+letter has no binding: the letter is typed. A stray ESC in a paste reads as Alt with
	// the next character, so the paste loses only the ESC.
	if (key.return || key.tab || key.escape || key.upArrow || key.downArrow) return undefined;
	if (key.pageUp || key.pageDown || key.home || key.end) return undefined;
	if (input.length === 0) return undefined;
	// A paste arrives as one input: keep its line breaks as newlines, drop every other control character.
	const text = sanitiseText(input.replace(/\r\n?/g, '\n'));
	if (text.length === 0) return state;
	return {value: value.slice(0, cursor) + text + value.slice(cursor), cursor: cursor + text.length};
}

/** What the input line shows in `width` columns: the text around the cursor, the cursor cell apart. */
export function inputWindow(state: LineState, width: number): {before: string; at: string; after: string} {
	const show = (s: string) => s.replace(/\n/g, '↵').replace(/\t/g, ' ');
	const head = [...show(state.value.slice(0, state.cursor))];
	const tail = [...show(state.value.slice(state.cursor))];
	const at = tail.shift() ?? ' ';
	const room = Math.max(0, width - stringWidth(at));
	const tailWidth = stringWidth(tail.join(''));
	// Keep some of what follows the cursor in view, so the cursor is not glued to the right edge.
	const leftBudget = room - Math.min(tailWidth, Math.floor(width / 4));
	let before = '';
	let used = 0;
	for (let i = head.length - 1; i >= 0; i--) {
		const w = stringWidth(head[i]!);
		if (used + w > leftBudget) break;
		before = head[i]! + before;
		used += w;
	}
	let after = '';
	for (const char of tail) {
		const w = stringWidth(char);
		if (used + w > room) break;
		after += char;
		used += w;
	}
	return {before, at, after};
}
