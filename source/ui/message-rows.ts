import stringWidth from 'string-width';
import {nameKey} from '../protocol/names.js';
import type {ChatEntry} from './chat-entry.js';
import {leaveWords} from './chat-entry.js';
import {dayKey, formatDay, formatTime} from './format-time.js';
import {mentions} from './mention.js';
import {nickColour} from './nick-colour.js';
import {fitWidth, wrapText} from './wrap-text.js';
import {highlightLines} from './highlight.js';

/** A run of text drawn in one style. Colours are Ink colour names. */
export type Segment = {
	text: string;
	color?: string;
	backgroundColor?: string;
	dim?: boolean;
	bold?: boolean;
	italic?: boolean;
	inverse?: boolean;
};

/** One terminal row of the message list. */
export type DisplayRow = {key: string; segments: Segment[]; highlight?: 'own' | 'mention' | 'dm'};

export type RowContext = {
	you: string;
	width: number;
	/** Timestamps with seconds ("14:02:09") rather than minutes. */
	seconds?: boolean;
};

/** Columns of the timestamp and the space after it: "14:02 " or "14:02:09 ". */
function timeWidth(seconds: boolean): number {
	return seconds ? 9 : 6;
}
/** Below this many columns for the text, continuation lines go under the timestamp instead. */
const MIN_TEXT_WIDTH = 12;

function time(entry: ChatEntry, seconds: boolean): Segment {
	return {text: `${formatTime(entry.ts, seconds)} `, dim: true};
}

function widthOf(segments: readonly Segment[]): number {
	let w = 0;
	for (const s of segments) w += stringWidth(s.text);
	return w;
}

/**
 * Lays out a prefix ("14:02 <alice> ") and a text: the text wraps, and every continuation line is
 * indented under the start of the text, so a multi-line message stays visibly one message.
 */
function layout(prefix: Segment[], text: string, style: Omit<Segment, 'text'>, width: number, indentWidth: number): Segment[][] {
	const prefixWidth = widthOf(prefix);
	if (width - prefixWidth >= MIN_TEXT_WIDTH) {
		const lines = wrapText(text, width - prefixWidth);
		const pad = ' '.repeat(prefixWidth);
		return lines.map((line, index) => [...(index === 0 ? prefix : [{text: pad}]), {...style, text: line}]);
	}
	// Too narrow for the prefix and text side by side: the prefix gets a row of its own.
	const indent = width > indentWidth + MIN_TEXT_WIDTH ? indentWidth : 0;
	const head = cutSegments(prefix, width);
	const lines = wrapText(text, width - indent);
	return [head, ...lines.map(line => [{text: ' '.repeat(indent)}, {...style, text: line}])];
}

/** Segments cut to `width` columns, each by display width (a wide character never half-shown). */
export function cutSegments(segments: readonly Segment[], width: number): Segment[] {
	const out: Segment[] = [];
	let left = width;
	for (const s of segments) {
		if (left <= 0) break;
		const text = fitWidth(s.text, left);
		out.push({...s, text});
		left -= stringWidth(text);
	}
	return out;
}

function rowsOf(entry: ChatEntry, you: string, width: number, seconds: boolean): DisplayRow[] {
	const tw = timeWidth(seconds);
	const at = time(entry, seconds);
	const lay = (prefix: Segment[], text: string, style: Omit<Segment, 'text'>) => layout(prefix, text, style, width, tw);
	const earlier = 'earlier' in entry && entry.earlier === true;
	const dimAll = (segments: Segment[][]): Segment[][] =>
		earlier ? segments.map(row => row.map(s => ({...s, dim: true}))) : segments;
	let lines: Segment[][];
	let highlight: DisplayRow['highlight'];
	switch (entry.kind) {
		case 'msg': {
			const own = entry.own ?? nameKey(entry.from) === nameKey(you);
			const mention = entry.mention ?? (!own && mentions(entry.text, you));
			const colour = nickColour(entry.from);
			const nick: Segment = {text: entry.from, color: colour, bold: own, inverse: mention};
			// A notice reads as IRC clients show one, `-alice- text`, dim: not a line to answer.
			const prefix: Segment[] = entry.notice
				? [at, {text: '-', dim: true}, nick, {text: '- ', dim: true}]
				: entry.action
					? [at, {text: '* ', color: colour}, nick, {text: ' '}]
					: [at, {text: '<', dim: true}, nick, {text: '> ', dim: true}];
			const style: Omit<Segment, 'text'> = mention
				? {color: 'yellowBright', bold: true}
				: entry.notice
					? {dim: true}
					: entry.action
						? {italic: true, color: colour}
						: own
							? {bold: true}
							: {};
			lines = dimAll(lay(prefix, entry.text, style));
			highlight = own ? 'own' : mention ? 'mention' : undefined;
			break;
		}
		case 'dm': {
			const outgoing = entry.outgoing ?? nameKey(entry.from) === nameKey(you);
			const who = outgoing ? `you → ${entry.to}` : `${entry.from} → you`;
			// A private notice in IRC's dashes, `-alice → you- text`, dim like a room's.
			const label = entry.notice ? `-${who}- ` : `[${who}] `;
			const prefix: Segment[] = [at, {text: label, color: 'magentaBright', bold: true}];
			lines = lay(prefix, entry.text, entry.notice ? {color: 'magentaBright', dim: true} : {color: 'magentaBright'});
			highlight = 'dm';
			break;
		}
		case 'join':
			lines = lay([at], `→ ${entry.name} joined`, {dim: true});
			break;
		case 'leave':
			lines = lay([at], `← ${entry.name} ${leaveWords(entry.reason, entry.text)}`, {dim: true});
			break;
		case 'nick':
			lines = lay([at], `~ ${entry.from} is now ${entry.to}`, {dim: true});
			break;
		case 'topic':
			lines = lay([at], entry.text ? `# ${entry.from} set the topic: ${entry.text}` : `# ${entry.from} cleared the topic`, {dim: true});
			break;
		case 'away': {
			const who = entry.own ? 'you are' : `${entry.name} is`;
			lines = lay([at], entry.text ? `· ${who} away: ${entry.text}` : `· ${who} back`, {dim: true});
			break;
		}
		case 'notice':
			lines = lay([at, {text: '-server- ', color: 'yellow', bold: true}], entry.text, {color: 'yellow'});
			break;
		case 'info':
			lines = lay(entry.label ? [{text: ' '.repeat(tw)}, {text: entry.label, color: 'cyan', bold: true}] : [{text: ' '.repeat(tw)}], entry.text, {color: 'cyan'});
			break;
		case 'error':
			lines = lay([{text: ' '.repeat(tw - 2)}, {text: '! ', color: 'red', bold: true}], entry.text, {color: 'red'});
			break;
	}
	return lines.map((segments, index) => ({key: `${entry.id}:${index}`, segments, ...(highlight ? {highlight} : {})}));
}

type Cached = {you: string; width: number; seconds: boolean; rows: DisplayRow[]};
const cache = new WeakMap<ChatEntry, Cached>();

/** The rows of one entry at one width, memoised: an entry is laid out once per width. */
export function entryRows(entry: ChatEntry, context: RowContext): DisplayRow[] {
	const seconds = context.seconds === true;
	const hit = cache.get(entry);
	if (hit && hit.width === context.width && hit.you === context.you && hit.seconds === seconds) return hit.rows;
	const rows = rowsOf(entry, context.you, Math.max(1, context.width), seconds);
	cache.set(entry, {you: context.you, width: context.width, seconds, rows});
	return rows;
}

/**
 * Whether a day-change line goes above `entries[index]`: its day is not the day of the entry
 * before it. The first entry gets one when it came from history, so that old history always
 * carries its date ("── earlier messages ──", itself of today, comes before history).
 */
export function startsDay(entries: readonly ChatEntry[], index: number): boolean {
	const entry = entries[index];
	if (entry === undefined) return false;
	if (index === 0) return 'earlier' in entry && entry.earlier === true;
	return dayKey(entry.ts) !== dayKey(entries[index - 1]!.ts);
}

/** "── Tuesday 1 December 2026 ──", shortened to fit, under the text column like local lines. */
export function dayLine(ts: number, width: number, seconds = false): Segment[] {
	const indent = timeWidth(seconds);
	for (const day of formatDay(ts)) {
		const text = `── ${day} ──`;
		if (indent + stringWidth(text) <= width) return [{text: ' '.repeat(indent)}, {text, dim: true}];
		if (stringWidth(text) <= width) return [{text, dim: true}];
	}
	return [{text: fitWidth(formatDay(ts)[2], Math.max(1, width)), dim: true}];
}

type CachedDay = {width: number; seconds: boolean; row: DisplayRow};
const dayCache = new WeakMap<ChatEntry, CachedDay>();

/** The day-change row above an entry (see `startsDay`), memoised like the entry's own rows. */
function dayRow(entry: ChatEntry, context: RowContext): DisplayRow {
	const seconds = context.seconds === true;
	const hit = dayCache.get(entry);
	if (hit && hit.width === context.width && hit.seconds === seconds) return hit.row;
	const row: DisplayRow = {key: `${entry.id}:day`, segments: dayLine(entry.ts, Math.max(1, context.width), seconds)};
	dayCache.set(entry, {width: context.width, seconds, row});
	return row;
}

/** A message to show highlighted (a search result jumped to): its seq and ts, and the text searched for. */
export type FoundMark = {seq: number; ts: number; text: string};

/** The found message's rows: its timestamp and the words searched for stand out. */
function markFound(rows: readonly DisplayRow[], needle: string): DisplayRow[] {
	return rows.map(row => {
		const segments = row.segments.map((segment, index) => (index === 0 && segment.dim ? {...segment, dim: false, inverse: true} : segment));
		const last = segments.at(-1);
		if (segments.length > 1 && last) {
			const {text, ...style} = last;
			segments.splice(-1, 1, ...highlightLines(text, [text], needle, style, {inverse: true, bold: true})[0]!);
		}
		return {...row, key: `${row.key}:found`, segments};
	});
}

/** Every row of `entries[index]`: its day-change line, if it starts a day, then its own rows. */
function rowsAt(entries: readonly ChatEntry[], index: number, context: RowContext, found?: FoundMark): DisplayRow[] {
	const entry = entries[index]!;
	let rows = entryRows(entry, context);
	if (found && 'seq' in entry && entry.seq === found.seq && entry.ts === found.ts) rows = markFound(rows, found.text);
	return startsDay(entries, index) ? [dayRow(entry, context), ...rows] : rows;
}

/** What paging back shows above the oldest row: words, not only a style. */
export type TopState =
	| {state: 'loading'}
	| {state: 'start'; room: string}
	| {state: 'failed'; message: string}
	| {state: 'full'};

/** The rows above the oldest entry while paging back: loading, the start of the room, or why not (wrapped). */
export function topRow(top: TopState, width: number, seconds = false): DisplayRow[] {
	const indent = width > 40 ? timeWidth(seconds) : 0;
	const rows = (key: string, text: string, style: Omit<Segment, 'text'>): DisplayRow[] =>
		wrapText(text, Math.max(1, width - indent)).map((line, index) => ({key: `top:${key}:${index}`, segments: [{text: ' '.repeat(indent)}, {...style, text: line}]}));
	switch (top.state) {
		case 'loading':
			return rows('loading', 'loading earlier messages…', {dim: true});
		case 'start':
			return rows('start', `── start of ${top.room} ──`, {dim: true});
		case 'failed':
			return rows('failed', `earlier messages could not be loaded: ${top.message} — PgUp tries again`, {color: 'red'});
		case 'full':
			return rows('full', '── older messages are not kept here (--scrollback) ──', {dim: true});
	}
}

export type View = {
	/** At most `height` rows, oldest first. */
	rows: DisplayRow[];
	/** Rows between the view's bottom and the newest row, clamped to what exists. */
	offset: number;
	/** Whether the view shows the oldest row. */
	atTop: boolean;
};

/**
 * The rows that fit in `height`, `offset` rows up from the newest. Only entries near the view
 * are laid out: the cost follows the screen's size, not the history's length.
 */
export function visibleRows(
	entries: readonly ChatEntry[],
	context: RowContext,
	height: number,
	offset: number,
	extra: {top?: readonly DisplayRow[] | undefined; found?: FoundMark | undefined} = {},
): View {
	const want = Math.max(0, height) + Math.max(0, offset);
	const chunks: DisplayRow[][] = [];
	let collected = 0;
	let i = entries.length - 1;
	for (; i >= 0 && collected < want; i--) {
		const rows = rowsAt(entries, i, context, extra.found);
		chunks.push(rows);
		collected += rows.length;
	}
	const exhausted = i < 0;
	const all: DisplayRow[] = exhausted && extra.top ? [...extra.top] : [];
	for (let i = chunks.length - 1; i >= 0; i--) all.push(...chunks[i]!);
	const clamped = Math.max(0, Math.min(Math.max(0, offset), all.length - height));
	const end = all.length - clamped;
	const start = Math.max(0, end - height);
	return {rows: all.slice(start, end), offset: clamped, atTop: start === 0 && exhausted};
}

/** Rows and readable messages in the entries newer than `afterId` (for "N new messages"). */
export function rowsAfter(
	entries: readonly ChatEntry[],
	afterId: number,
	context: RowContext,
): {rows: number; messages: number} {
	let rows = 0;
	let messages = 0;
	for (let i = entries.length - 1; i >= 0; i--) {
		const entry = entries[i]!;
		if (entry.id <= afterId) break;
		rows += rowsAt(entries, i, context).length;
		if (entry.kind === 'msg' || entry.kind === 'dm' || entry.kind === 'notice') messages++;
	}
	return {rows, messages};
}

/**
 * The offset that shows the entry with `seq` and `ts` (the found message) in the middle of a
 * view `height` rows tall; undefined when the entries do not hold it.
 */
export function offsetToShow(entries: readonly ChatEntry[], found: Pick<FoundMark, 'seq' | 'ts'>, context: RowContext, height: number): number | undefined {
	let below = 0;
	for (let i = entries.length - 1; i >= 0; i--) {
		const entry = entries[i]!;
		const rows = rowsAt(entries, i, context).length;
		if ('seq' in entry && entry.seq === found.seq && entry.ts === found.ts) {
			const own = entryRows(entry, context).length;
			return Math.max(0, below - Math.max(0, Math.floor((height - own) / 2)));
		}
		below += rows;
	}
	return undefined;
}
