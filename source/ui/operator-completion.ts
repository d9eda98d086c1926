import {roomKey} from '../protocol/room-names.js';
import {completeInput, type Completion, type CompletionResult} from './complete-nick.js';

/** The operator's commands, for Tab. */
export const OPERATOR_COMMAND_NAMES: readonly string[] = ['/drop', '/filter', '/help', '/kick', '/notice'];

/** The first word after these commands is a room. */
const ROOM_ARGUMENT = /^(\/(?:notice|filter|drop)\s+)(\S*)$/i;

/**
 * Tab on the operator line: right after `/notice `, `/filter ` or `/drop ` a room name (`#` optional,
 * case ignored: `/filter 开` → `/filter #开发 `; nothing typed yet offers every room), else a
 * member's name or a command (`completeInput`). Tab again cycles, whichever it was.
 */
export function completeOperatorLine(
	value: string,
	cursor: number,
	previous: Completion | undefined,
	names: readonly string[],
	rooms: readonly string[],
): CompletionResult {
	const cycling = previous !== undefined && previous.value === value && previous.cursor === cursor;
	const argument = cycling ? null : ROOM_ARGUMENT.exec(value.slice(0, cursor));
	if (!argument) return completeInput(value, cursor, previous, names, OPERATOR_COMMAND_NAMES);
	const start = argument[1]!.length;
	const typed = argument[2]!;
	const key = roomKey(typed.startsWith('#') ? typed : `#${typed}`);
	const matches = rooms.filter(room => roomKey(room).startsWith(key));
	if (matches.length === 0) return {value, cursor, completion: undefined};
	const before = value.slice(0, start);
	const after = value.slice(cursor).replace(/^ /, '');
	const insert = `${matches[0]!} `;
	const next = before + insert + after;
	const at = before.length + insert.length;
	const completion: Completion = {start, before, after, matches, index: 0, value: next, cursor: at, atLineStart: false, command: false};
	return {value: next, cursor: at, completion};
}
