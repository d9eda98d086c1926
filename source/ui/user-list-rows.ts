import stringWidth from 'string-width';
import type {UserInfo} from '../protocol/frames.js';
import {nameKey} from '../protocol/names.js';
import {fitText} from './fit-text.js';

/** One name of the user list: `name` cut with "…" when too wide, `mark` (dim) after it when it fits. */
export type UserRow = {key: string; name: string; mark: string; mine: boolean; away: boolean};

export type UserListContent = {title: string; rows: UserRow[]; more: string | undefined};

/** Columns the user list wants for these names (border and padding included), within sane bounds. */
export function userListWidth(users: readonly UserInfo[]): number {
	const longest = users.reduce((max, u) => Math.max(max, stringWidth(u.name)), 'online (999)'.length);
	return Math.min(28, Math.max(14, longest + 3));
}

/**
 * A name and its marks in `width` columns. The marks go first ("(you)": your name is bold
 * anyway; "(away)": an away name is dim anyway), then the name is cut with "…".
 */
export function userLabel(name: string, mine: boolean, away: boolean, width: number): {name: string; mark: string} {
	const marks = [(mine ? ' (you)' : '') + (away ? ' (away)' : ''), away ? ' (away)' : '', ''];
	const nameWidth = stringWidth(name);
	for (const mark of marks) if (nameWidth + stringWidth(mark) <= width) return {name, mark};
	return {name: fitText(name, width).trimEnd(), mark: ''};
}

/** What the user list shows in `width` × `height`: a title, names alphabetically, "+N more" for the rest. */
export function userListContent(
	users: readonly UserInfo[],
	you: string,
	width: number,
	height: number,
	offline = false,
): UserListContent {
	const sorted = [...users].sort((a, b) => a.name.localeCompare(b.name));
	const room = Math.max(0, height - 1);
	const shown = sorted.length > room ? sorted.slice(0, Math.max(0, room - 1)) : sorted;
	const hidden = sorted.length - shown.length;
	const youKey = nameKey(you);
	const rows = shown.map(user => {
		const mine = nameKey(user.name) === youKey;
		const away = user.away !== undefined && user.away !== '';
		return {key: user.name, ...userLabel(user.name, mine, away, width), mine, away};
	});
	return {
		title: fitText(offline ? 'offline' : `online (${users.length})`, width).trimEnd(),
		rows,
		more: hidden > 0 ? fitText(`+${hidden} more`, width).trimEnd() : undefined,
	};
}
