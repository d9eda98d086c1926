/** What you sent, for Up/Down. `index` is null while editing a new line (the draft). */
export type InputHistory = {entries: readonly string[]; index: number | null; draft: string};

export const EMPTY_HISTORY: InputHistory = {entries: [], index: null, draft: ''};

const MAX_ENTRIES = 500;

/** Remembers a sent line (not twice in a row) and returns to a fresh draft. */
export function pushHistory(history: InputHistory, line: string): InputHistory {
	const entries =
		line.trim().length === 0 || history.entries.at(-1) === line
			? history.entries
			: [...history.entries, line].slice(-MAX_ENTRIES);
	return {entries, index: null, draft: ''};
}

/** Up: an older line. The line being typed is kept as the draft, for Down to bring back. */
export function historyUp(history: InputHistory, current: string): {history: InputHistory; value: string} | undefined {
	if (history.entries.length === 0) return undefined;
	if (history.index === null) {
		const index = history.entries.length - 1;
		return {history: {...history, index, draft: current}, value: history.entries[index]!};
	}
	if (history.index === 0) return undefined;
	const index = history.index - 1;
	return {history: {...history, index}, value: history.entries[index]!};
}

/** Down: a newer line, and past the newest the draft again. */
export function historyDown(history: InputHistory): {history: InputHistory; value: string} | undefined {
	if (history.index === null) return undefined;
	if (history.index >= history.entries.length - 1) {
		return {history: {...history, index: null, draft: ''}, value: history.draft};
	}
	const index = history.index + 1;
	return {history: {...history, index}, value: history.entries[index]!};
}
