import type Database from 'better-sqlite3';
import {foldForSearch} from './message-store.js';
import type {EventRow} from './sqlite-rows.js';

/**
 * Every text in the search index ends with this character, which no message holds (the server
 * removes C0 controls): so a word at the very end of a message still has a trigram of its own
 * ("文" + END), and 2-character words are found like longer ones (see `twoCharacterTerms`).
 */
export const TEXT_END = '\u0001';

/** The whole search stops after this long, with what it has found (`partial`). */
export const SEARCH_BUDGET_MS = 150;
/** A 2-character word that starts more trigrams than this is common: a plain scan finds it sooner. */
const MAX_TERMS = 200;
/** Longer queries are looked up by this many of their trigrams, and the candidates checked. */
const MAX_QUERY_TRIGRAMS = 8;
/** Rows read between two looks at the clock. */
const CLOCK_EVERY = 16;

export type SearchRow = EventRow & {room: number};

/** An FTS5 string: the text between double quotes, its own quotes doubled. */
function ftsString(text: string): string {
	return `"${text.replaceAll('"', '""')}"`;
}

/**
 * The FTS5 query for a text of 3 characters or more, and whether its candidates must be
 * checked. A phrase matches exactly the texts containing the query (the trigram tokenizer
 * turns it into consecutive trigrams); a long query would cost one list per trigram, so it is
 * looked up by a few trigrams spread over it, which every match contains, and then checked.
 */
export function trigramQuery(folded: string): {match: string; check: boolean} {
	const chars = [...folded];
	if (chars.length - 2 <= MAX_QUERY_TRIGRAMS) return {match: ftsString(folded), check: false};
	const last = chars.length - 3;
	const picked = new Set<number>();
	for (let i = 0; i < MAX_QUERY_TRIGRAMS; i++) picked.add(Math.round((i * last) / (MAX_QUERY_TRIGRAMS - 1)));
	const parts = [...picked].map(at => ftsString(chars.slice(at, at + 3).join('')));
	return {match: parts.join(' AND '), check: true};
}

/**
 * The FTS5 query for a 2-character text: every trigram of the index that starts with it, OR-ed.
 * Each occurrence of the two characters is followed by another (or by TEXT_END), so these
 * trigrams find every message that holds them. Undefined when there are too many: the word
 * is common, a scan of the newest messages finds it at once.
 */
export function twoCharacterTerms(db: Database.Database, folded: string, deadline: number): string | undefined {
	const terms: string[] = [];
	// Terms are compared as UTF-8 bytes: U+10FFFF sorts after every third character.
	const statement = db.prepare(`SELECT term FROM temp.message_terms WHERE term >= ? AND term < ?`).pluck();
	let read = 0;
	for (const term of statement.iterate(folded, `${folded}\u{10FFFF}`) as IterableIterator<string>) {
		terms.push(term);
		if (terms.length > MAX_TERMS || (++read % 16 === 0 && performance.now() > deadline)) return undefined;
	}
	return terms.length === 0 ? '' : terms.map(ftsString).join(' OR ');
}

export type SearchPlan = {
	/** FTS5 query over the index, or 'scan' to read messages newest first, or '' for none can match. */
	match: string | 'scan';
	/** Whether each candidate must be checked against the text (see `trigramQuery`). */
	check: boolean;
};

export function planSearch(db: Database.Database, text: string, deadline: number): SearchPlan {
	const folded = foldForSearch(text);
	if ([...folded].length >= 3) return trigramQuery(folded);
	const terms = twoCharacterTerms(db, folded, deadline);
	return terms === undefined ? {match: 'scan', check: true} : {match: terms, check: false};
}

/**
 * Reads rows newest first, keeping those that `keep` accepts, until `limit` are kept or the
 * deadline passes. Returns whether it stopped at the deadline.
 */
export function collect<R>(rows: IterableIterator<R>, keep: (row: R) => boolean, found: R[], limit: number, deadline: number): boolean {
	let read = 0;
	for (const row of rows) {
		if (keep(row)) found.push(row);
		if (found.length >= limit) return false;
		if (++read % CLOCK_EVERY === 0 && performance.now() > deadline) return true;
	}
	return false;
}
