import {MAX_ROOM_NAME_CHARS} from './limits.js';
import {nameKey} from './names.js';

// As in a member's name: letters (with their combining marks), digits and `_ - .`.
const ROOM_PATTERN = /^#(?:[\p{L}\p{N}]\p{M}*|[_.-])+$/u;

/** Why a room name is refused, as a sentence, or undefined when it is valid. */
export function roomProblem(room: string): string | undefined {
	if (!room.startsWith('#')) return `a room name starts with "#", as in #${room.replace(/^#*/, '') || 'general'}`;
	const length = [...room].length - 1;
	if (length === 0) return 'a room name needs at least one character after "#"';
	if (length > MAX_ROOM_NAME_CHARS) return `a room name has at most ${MAX_ROOM_NAME_CHARS} characters after "#"`;
	if (!ROOM_PATTERN.test(room)) return 'a room name may hold only letters, digits, "_", "-" and "." after "#"';
	return undefined;
}

/** Rooms are one ignoring case (and NFKC): #Dev and #dev are the same room. */
export function roomKey(room: string): string {
	return nameKey(room);
}
