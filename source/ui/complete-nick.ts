import {nameKey} from '../protocol/names.js';

/** A Tab completion in progress: repeated Tabs cycle through `matches`. */
export type Completion = {
	/** The line and cursor that the completion was computed from. */
	start: number;
	before: string;
	after: string;
	matches: string[];
	index: number;
	/** The line as the last Tab left it: any other edit ends the cycle. */
	value: string;
	cursor: number;
	atLineStart: boolean;
	command: boolean;
};

export type CompletionResult = {value: string; cursor: number; completion: Completion | undefined};

/**
 * Candidate nicknames, most recent speakers first, then everyone else online alphabetically;
 * never yourself.
 */
export function rankNicks(recentSpeakers: readonly string[], online: readonly string[], you: string): string[] {
	const onlineByKey = new Map(online.map(name => [nameKey(name), name]));
	const out: string[] = [];
	const seen = new Set<string>([nameKey(you)]);
	for (const name of recentSpeakers) {
		const key = nameKey(name);
		const current = onlineByKey.get(key);
		if (current === undefined || seen.has(key)) continue;
		seen.add(key);
		out.push(current);
	}
	const rest = online.filter(name => !seen.has(nameKey(name))).sort((a, b) => a.localeCompare(b));
	return [...out, ...rest];
}

function build(c: Completion): CompletionResult {
	const match = c.matches[c.index]!;
	const insert = c.command ? `${match} ` : c.atLineStart ? `${match}: ` : `${match} `;
	const value = c.before + insert + c.after;
	const cursor = c.before.length + insert.length;
	return {value, cursor, completion: {...c, value, cursor}};
}

/**
 * Completes the word before the cursor: a nickname (`name: ` at the start of the line, `name `
 * elsewhere; after an `@` the `@` stays: `hi @al` → `hi @alice `), or a command name when the
 * line starts with "/". Tab again cycles.
 */
export function completeInput(
	value: string,
	cursor: number,
	previous: Completion | undefined,
	nicks: readonly string[],
	commands: readonly string[],
): CompletionResult {
	if (previous && previous.value === value && previous.cursor === cursor && previous.matches.length > 0) {
		return build({...previous, index: (previous.index + 1) % previous.matches.length});
	}
	const head = value.slice(0, cursor);
	const wordStart = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\t'), head.lastIndexOf('\n')) + 1;
	const command = wordStart === 0 && head.startsWith('/');
	// `@al` completes to `@alice`: what precedes the name stays.
	const start = !command && head[wordStart] === '@' ? wordStart + 1 : wordStart;
	const word = head.slice(start);
	if (word.length === 0) return {value, cursor, completion: undefined};
	const key = nameKey(word);
	const pool = command ? commands : nicks;
	const matches = pool.filter(candidate => nameKey(candidate).startsWith(key));
	if (matches.length === 0) return {value, cursor, completion: undefined};
	return build({
		start,
		before: value.slice(0, start),
		after: value.slice(cursor).replace(/^ /, ''),
		matches,
		index: 0,
		value,
		cursor,
		atLineStart: start === 0,
		command,
	});
}
