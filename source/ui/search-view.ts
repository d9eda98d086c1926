import {MAX_SEARCH_RESULTS} from '../protocol/limits.js';
import {formatDay, formatTime} from './format-time.js';
import {highlightLines} from './highlight.js';
import {cutSegments, type Segment} from './message-rows.js';
import {nickColour} from './nick-colour.js';
import type {Key} from './parse-keys.js';
import {wrapText} from './wrap-text.js';

/** A message a search found, as the search view lists it (sanitised). */
export type SearchResult = {room: string; seq: number; ts: number; from: string; text: string; action: boolean; notice?: boolean};

/**
 * The last /search: `request` counts them (the screen opens the view for a new one); `results`
 * newest first; `partial` when the server stopped looking before the oldest message.
 */
export type SearchState = {
	request: number;
	text: string;
	room: string | undefined;
	status: 'idle' | 'searching' | 'done' | 'failed';
	results: SearchResult[];
	partial: boolean;
	/** Why it failed (a sentence). */
	message: string;
};

/** The open search view: the chosen result, and the first one shown. */
export type SearchView = {choice: number; top: number};

export const INITIAL_SEARCH_VIEW: SearchView = {choice: 0, top: 0};

/** What a key did in the search view: the view after it (undefined: closed), or a result to show. */
export type SearchKeyResult = {view: SearchView | undefined; jump?: number};

/**
 * A key in the search view: ↑/↓ (and PgUp/PgDn, Home/End) choose, Enter shows the chosen
 * result in its room (and closes the view), Esc closes. Other keys do nothing: the view is
 * read, not typed in. `fit` gives the first result to show so that the chosen one is in view.
 */
export function searchViewKey(view: SearchView, key: Key, count: number, page: number, fit: (top: number, choice: number) => number): SearchKeyResult {
	if (key.escape) return {view: undefined};
	if (key.return) return count > 0 ? {view: undefined, jump: Math.min(view.choice, count - 1)} : {view};
	let choice = view.choice;
	if (key.upArrow) choice -= 1;
	else if (key.downArrow) choice += 1;
	else if (key.pageUp) choice -= Math.max(1, page);
	else if (key.pageDown) choice += Math.max(1, page);
	else if (key.home) choice = 0;
	else if (key.end) choice = count - 1;
	else return {view};
	choice = Math.max(0, Math.min(count - 1, choice));
	if (choice === view.choice) return {view};
	return {view: {choice, top: fit(view.top, choice)}};
}

/** "Tue 1 Dec 2026 14:02", or "2026-12-01 14:02" when the row is narrow. */
function when(ts: number, narrow: boolean, seconds: boolean): string {
	return `${formatDay(ts)[narrow ? 2 : 1]} ${formatTime(ts, seconds)}`;
}

/** Columns the text of a result is indented by, under its header. */
const TEXT_INDENT = 4;

/**
 * The rows of one result: a header (room, date and time, author; ▸ when chosen), then its text
 * wrapped by display width under it, the words searched for highlighted.
 */
export function resultRows(result: SearchResult, needle: string, width: number, chosen: boolean, seconds = false): Segment[][] {
	const narrow = width < 60;
	const mark: Segment = chosen ? {text: '▸ ', color: 'cyan', bold: true} : {text: '  '};
	const parts: Segment[] = [
		mark,
		{text: result.room, color: 'cyan', bold: chosen},
		{text: '  ', dim: true},
		{text: when(result.ts, narrow, seconds), dim: !chosen},
		{text: '  ', dim: true},
		{text: result.notice ? `-${result.from}-` : result.action ? `* ${result.from}` : result.from, color: nickColour(result.from), bold: true},
	];
	const header = cutSegments(parts, width);
	const indent = width > TEXT_INDENT + 10 ? TEXT_INDENT : 0;
	const lines = wrapText(result.text, Math.max(1, width - indent));
	const style: Omit<Segment, 'text'> = result.notice ? {dim: true} : result.action ? {italic: true} : {};
	const text = highlightLines(result.text, lines, needle, style, {inverse: true, bold: true}).map(row => [{text: ' '.repeat(indent)}, ...row]);
	return [header, ...text];
}


/** The first line of the view: what was searched, and how it went — a plain sentence. */
export function searchTitle(search: SearchState): string {
	const what = `"${search.text}"${search.room ? ` in ${search.room}` : ''}`;
	switch (search.status) {
		case 'idle':
		case 'searching':
			return `searching for ${what}…`;
		case 'failed':
			return `the search for ${what} failed: ${search.message}`;
		case 'done': {
			const n = search.results.length;
			if (n === 0) return search.partial ? `no results for ${what} among the newest messages (the search stopped early)` : `no results for ${what}`;
			const count = `${n}${search.partial ? '+' : ''} result${n === 1 ? '' : 's'}`;
			// The server answers with the newest 100 at most: a full page may not be all.
			const more = search.partial ? ' (the search stopped early: older messages may match too)' : n >= MAX_SEARCH_RESULTS ? ' (the newest 100: older ones may match too)' : '';
			return `${count} for ${what}, newest first${more}`;
		}
	}
}

/**
 * The first result to show so that `choice` is in view, moving as little as possible from
 * `top`; `heights` are the results' row counts, `height` the rows there are for them.
 */
export function fitTop(heights: readonly number[], top: number, choice: number, height: number): number {
	if (choice < top) return choice;
	let first = Math.min(top, choice);
	const rowsFrom = (from: number) => heights.slice(from, choice + 1).reduce((a, b) => a + b, 0);
	while (first < choice && rowsFrom(first) > height) first++;
	return first;
}

/** The rows the view shows from result `top` on, at most `height`, each result's rows together. */
export function visibleResults(
	search: SearchState,
	view: SearchView,
	width: number,
	height: number,
	seconds = false,
): Array<{key: string; segments: Segment[]}> {
	const rows: Array<{key: string; segments: Segment[]}> = [];
	for (let i = view.top; i < search.results.length && rows.length < height; i++) {
		const result = search.results[i]!;
		const own = resultRows(result, search.text, width, i === view.choice, seconds);
		own.forEach((segments, index) => rows.push({key: `${result.room}:${result.seq}:${index}`, segments}));
	}
	return rows.slice(0, Math.max(0, height));
}

/** Row counts of every result at `width` (for `fitTop`). */
export function resultHeights(search: SearchState, width: number): number[] {
	return search.results.map(r => 1 + wrapText(r.text, Math.max(1, width - (width > TEXT_INDENT + 10 ? TEXT_INDENT : 0))).length);
}
