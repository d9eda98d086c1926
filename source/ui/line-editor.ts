import stringWidth from 'string-width';
import {sanitiseText} from '../protocol/sanitise.js';

/** The input line: its text and the cursor, an index into the string (always on a grapheme boundary). */
export type LineState = {value: string; cursor: number};

/** The keys the editor reads: a subset of a parsed `Key` (see parse-keys.ts), every field optional. */
export type EditKey = {
	name?: string;
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

export type EditOptions = {
	/** A form field: line breaks and tabs in typed or pasted text are dropped. */
	singleLine?: boolean;
};

export const EMPTY_LINE: LineState = {value: '', cursor: 0};

export function lineAt(value: string): LineState {
	return {value, cursor: value.length};
}

const graphemes = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

/** Where the grapheme before `cursor` starts: an emoji with its modifiers or an accent with its letter is one step. */
function previousBoundary(value: string, cursor: number): number {
	if (cursor <= 0) return 0;
	let last = 0;
	for (const {index} of graphemes.segment(value.slice(0, cursor))) last = index;
	return last;
}

function nextBoundary(value: string, cursor: number): number {
	if (cursor >= value.length) return value.length;
	const first = graphemes.segment(value.slice(cursor))[Symbol.iterator]().next();
	return first.done ? value.length : cursor + first.value.segment.length;
}

/** A word, for the word moves: letters, marks, digits and `_` (readline's Alt+B/F). */
const WORD = /[\p{L}\p{M}\p{N}_]/u;

function isWordAt(value: string, index: number): boolean {
	const code = value.codePointAt(index);
	return code !== undefined && WORD.test(String.fromCodePoint(code));
}

/** The start of the word before the cursor (or of the one the cursor is in). */
export function wordLeft(value: string, cursor: number): number {
	let i = cursor;
	while (i > 0 && !isWordAt(value, previousBoundary(value, i))) i = previousBoundary(value, i);
	while (i > 0 && isWordAt(value, previousBoundary(value, i))) i = previousBoundary(value, i);
	return i;
}

/** The end of the word after the cursor (or of the one the cursor is in). */
export function wordRight(value: string, cursor: number): number {
	let i = cursor;
	while (i < value.length && !isWordAt(value, i)) i = nextBoundary(value, i);
	while (i < value.length && isWordAt(value, i)) i = nextBoundary(value, i);
	return i;
}

function cut(state: LineState, from: number, to: number): LineState {
	if (from === to) return state;
	return {value: state.value.slice(0, from) + state.value.slice(to), cursor: from};
}

/** What typed or pasted text inserts: control characters gone, line breaks kept as `\n` unless single-line. */
export function insertable(input: string, options: EditOptions = {}): string {
	const text = sanitiseText(input.replace(/\r\n?/g, '\n'));
	return options.singleLine ? text.replace(/\n/g, '').replace(/\t/g, ' ') : text;
}

/**
 * Applies one key press to the line, readline style: ←/→ (Ctrl+B/F) by character, Ctrl+←/→,
 * Alt+←/→ and Alt+B/F by word, Home/End and Ctrl+A/E to the ends, Backspace back, Delete
 * (Ctrl+D) forward, Ctrl+U/K to the start/end, Ctrl+W and Alt+Backspace the word before, Alt+D
 * the word after. Returns undefined for a key the editor does not handle (Enter, Tab, ↑/↓, other
 * Ctrl keys…), so the caller can give it another meaning; a Ctrl key is never typed as its letter.
 */
export function editLine(state: LineState, input: string, key: EditKey, options: EditOptions = {}): LineState | undefined {
	const {value, cursor} = state;
	const word = key.ctrl || key.meta;
	if (key.leftArrow) return {value, cursor: word ? wordLeft(value, cursor) : previousBoundary(value, cursor)};
	if (key.rightArrow) return {value, cursor: word ? wordRight(value, cursor) : nextBoundary(value, cursor)};
	if (key.home) return {value, cursor: 0};
	if (key.end) return {value, cursor: value.length};
	if (key.backspace) return cut(state, key.meta || key.ctrl ? wordLeft(value, cursor) : previousBoundary(value, cursor), cursor);
	if (key.delete) return cut(state, cursor, key.meta || key.ctrl ? wordRight(value, cursor) : nextBoundary(value, cursor));
	if (key.ctrl) {
		switch (input) {
			case 'a':
				return {value, cursor: 0};
			case 'e':
				return {value, cursor: value.length};
			case 'b':
				return {value, cursor: previousBoundary(value, cursor)};
			case 'f':
				return {value, cursor: nextBoundary(value, cursor)};
			case 'd':
				return cut(state, cursor, nextBoundary(value, cursor));
			case 'u':
				return cut(state, 0, cursor);
			case 'k':
				return cut(state, cursor, value.length);
			case 'w': {
				// Unix word rubout: back over spaces, then over everything that is not one.
				const head = value.slice(0, cursor).replace(/\S*\s*$/u, '');
				return cut(state, head.length, cursor);
			}
			default:
				return undefined;
		}
	}
	if (key.meta && key.name === 'char') {
		switch (input) {
			case 'b':
			case 'B':
				return {value, cursor: wordLeft(value, cursor)};
			case 'f':
			case 'F':
				return {value, cursor: wordRight(value, cursor)};
			case 'd':
			case 'D':
				return cut(state, cursor, wordRight(value, cursor));
			default:
				// Other Alt+letters have no binding: the letter is typed (a terminal without
				// bracketed paste sends a stray ESC in a paste as Alt with the next character).
				break;
		}
	}
	if (key.return || key.tab || key.escape || key.upArrow || key.downArrow) return undefined;
	if (key.pageUp || key.pageDown) return undefined;
	if (key.name !== undefined && key.name !== 'char' && key.name !== 'paste') return undefined;
	if (input.length === 0) return undefined;
	const text = insertable(input, options);
	if (text.length === 0) return state;
	return {value: value.slice(0, cursor) + text + value.slice(cursor), cursor: cursor + text.length};
}

/** The graphemes of `text` as the input line draws them: a line break as ↵, a tab as a space. */
function shown(text: string): string[] {
	return Array.from(graphemes.segment(text.replace(/\n/g, '↵').replace(/\t/g, ' ')), g => g.segment);
}

/**
 * What the input line shows in `width` columns: the text around the cursor, the cursor cell
 * apart, and `column`, where the cursor cell starts (the width of `before`).
 */
export function inputWindow(state: LineState, width: number): {before: string; at: string; after: string; column: number} {
	const head = shown(state.value.slice(0, state.cursor));
	const tail = shown(state.value.slice(state.cursor));
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
	const column = used;
	let after = '';
	for (const char of tail) {
		const w = stringWidth(char);
		if (used + w > room) break;
		after += char;
		used += w;
	}
	return {before, at, after, column};
}
