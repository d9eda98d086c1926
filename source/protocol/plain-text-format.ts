import type {ErrorCode, LeaveEvent, LeaveReason, RoomEvent, RoomInfo, RoomSnapshot, ServerFrame, UserInfo} from './frames.js';
import {MAX_TOPIC_CHARS} from './limits.js';
import {roomKey} from './room-names.js';
import {PLAIN_HELP_LINES} from './plain-command.js';
import {oneLineReason, sanitiseName, sanitiseText} from './sanitise.js';

/**
 * The plain-text dialect's output: each server frame as readable lines for a person at nc or
 * telnet, e.g. `[14:02] <alice> hi`, `[14:03] * alice waves`, `[14:02] *** bob joined`.
 * Pure; every name and text is sanitised again here, so nothing a peer sent can drive the
 * reader's terminal.
 *
 * Nothing a member writes can pass for the server: what a member says always follows the
 * time and its real name, as `<alice> `, (for /me) `* alice ` or (for a notice, as IRC
 * clients show one) `-alice- ` — every line of it, a message of several lines included. The server's own lines begin where no member line can:
 * with `***` after the time (presence, notices), with `(private …)` after the time (private
 * messages: the server vouches for the sender), or with `* ` and no time at all (welcome,
 * answers, errors). A name holds letters, digits and `_ - .` only, so `* ` and a name never
 * make `***`, and `<` or `-` and a name never make `(` (a notice's name ends at the first
 * space: names hold none). An event from a room other than the reader's
 * current one carries the room's name right after the time (`[14:02] #dev <bob> hi`): a room
 * name starts with `#`, which no name and none of the prefixes above do.
 */

export type PlainFormatOptions = {
	/** The reader's name (null before joining): private messages read differently at each end. */
	viewer?: string | null;
	/** "HH:MM" of a timestamp; the machine's local time unless given (tests pin it). */
	clock?: (ts: number) => string;
	/** The reader's current room: events of other rooms carry their room's name. */
	here?: string;
};

export function plainClock(ts: number): string {
	const date = new Date(ts);
	return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

const LEAVE_WORDS: Record<LeaveReason, string> = {
	part: 'left the room',
	dropped: 'left (the room was removed)',
	quit: 'left',
	closed: 'left (connection closed)',
	timeout: 'left (timed out)',
	kicked: 'was kicked',
	slow: 'was disconnected (too slow to read)',
	flood: 'was disconnected for flooding',
	shutdown: 'left (server shutting down)',
};

/** What each error means to a person, in their words. */
export const PLAIN_ERROR_SENTENCES: Record<ErrorCode, string> = {
	bad_json: 'that line was not understood',
	bad_frame: 'that line was not understood',
	frame_too_long: 'that line was too long (8192 bytes at most) and was dropped',
	not_joined: 'choose a nickname first',
	name_invalid: 'that nickname is not allowed',
	name_taken: 'that nickname is taken',
	text_empty: 'empty message not sent',
	text_too_long: 'message too long (2000 characters at most) — not sent',
	rate_limited: 'you are sending too fast — slow down',
	no_such_user: 'no one by that name is online',
	server_full: 'the server is full — try again later',
	too_many_connections: 'too many connections from your address — close some and try again',
	kicked: 'you were kicked by the operator',
	room_invalid: 'that is not a room name (#name: letters, digits, _ - . ; at most 32)',
	no_such_room: 'there is no such room — /rooms lists them',
	not_in_room: 'you are not in that room — /join it first',
	too_many_rooms: 'too many rooms — /part one first',
	proto_unsupported: 'that protocol version is not spoken here',
};

function multiline(prefix: string, text: string): string[] {
	return sanitiseText(text)
		.split('\n')
		.map(line => `${prefix}${line}`);
}

/**
 * A member's words, every line prefixed. A terminal wraps a long line where it likes, so a
 * message padded to the reader's width could start a screen row with "[14:02] *** …" or
 * "[14:02] <admin> …": a time in brackets inside what a member wrote is shown in parentheses,
 * so that only the server ever starts a row with one.
 */
function memberLines(prefix: string, text: string): string[] {
	return multiline(prefix, text.replace(/\[(\s*\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?\s*)\]/gu, '($1)'));
}

/** `[14:02] ` for an event of the current room, `[14:02] #dev ` for one of another room. */
function stamp(ts: number, room: string | undefined, here: string | undefined, clock: (ts: number) => string): string {
	const at = `[${clock(ts)}]`;
	return room === undefined || here === undefined || roomKey(room) === roomKey(here) ? `${at} ` : `${at} ${sanitiseName(room)} `;
}

export function formatPlainEvent(event: RoomEvent, clock: (ts: number) => string = plainClock, here?: string): string[] {
	const at = stamp(event.ts, event.room, here, clock);
	switch (event.type) {
		case 'msg': {
			const from = sanitiseName(event.from);
			if (event.notice) return memberLines(`${at}-${from}- `, event.text);
			return event.action ? memberLines(`${at}* ${from} `, event.text) : memberLines(`${at}<${from}> `, event.text);
		}
		case 'join':
			return [`${at}*** ${sanitiseName(event.name)} joined`];
		case 'leave': {
			// A quit message is the member's words: quoted, on the server's line.
			const why = event.text ? `: "${oneLineReason(event.text)}"` : '';
			return [`${at}*** ${sanitiseName(event.name)} ${LEAVE_WORDS[event.reason] ?? 'left'}${why}`];
		}
		case 'nick':
			return [`${at}*** ${sanitiseName(event.from)} is now known as ${sanitiseName(event.to)}`];
		case 'topic': {
			const text = oneLineReason(event.text, MAX_TOPIC_CHARS);
			return [text ? `${at}*** ${sanitiseName(event.from)} set the topic: ${text}` : `${at}*** ${sanitiseName(event.from)} cleared the topic`];
		}
	}
}

export function formatPlainUsers(users: readonly UserInfo[], room?: string): string {
	const names = users.map(u => sanitiseName(u.name) + (u.away ? ' (away)' : '')).join(', ');
	return room === undefined ? `* ${users.length} online: ${names}` : `* ${users.length} in ${sanitiseName(room)}: ${names}`;
}

export function formatPlainRooms(rooms: readonly RoomInfo[]): string[] {
	if (rooms.length === 0) return ['* no rooms yet — /join #name makes one'];
	return [
		`* ${rooms.length} ${rooms.length === 1 ? 'room' : 'rooms'}:`,
		...rooms.map(r => {
			const topic = oneLineReason(r.topic, MAX_TOPIC_CHARS);
			return `*   ${sanitiseName(r.name)} (${r.users} here)${topic ? ` — ${topic}` : ''}`;
		}),
	];
}

/** A room as its joiner first sees it: what was said, who is there, the topic. */
function formatPlainSnapshot(room: RoomSnapshot, clock: (ts: number) => string, greeting: string): string[] {
	const lines = [greeting];
	for (const event of room.history) lines.push(...formatPlainEvent(event, clock, room.room));
	lines.push(formatPlainUsers(room.users, room.room));
	const topic = oneLineReason(room.topic, MAX_TOPIC_CHARS);
	if (topic) lines.push(`* topic: ${topic}`);
	return lines;
}

/**
 * A member's own leave from a room the operator removed: what happened, and where its lines go
 * now (`here`, the room it talks in after the removal), since every line typed goes to one.
 */
function droppedLine(event: LeaveEvent, clock: (ts: number) => string, here: string | undefined): string {
	const why = event.text ? `: "${oneLineReason(event.text)}"` : '';
	const next = here ? `you are no longer in it; now talking in ${sanitiseName(here)}` : 'you are in no room now — /join #name (/rooms lists them)';
	return `[${clock(event.ts)}] *** the operator removed ${sanitiseName(event.room)}${why} — ${next}`;
}

/** A room's removal as the server's logs tell it (without the room's name): by the operator, or expired. */
export function roomRemovedWords(by: 'operator' | 'expiry', members: number, text?: string): string {
	if (by === 'expiry') return 'removed: empty, and nothing was ever said there';
	const who = members === 0 ? 'nobody was in it' : `${members} ${members === 1 ? 'member' : 'members'} taken out`;
	const why = text ? `: ${oneLineReason(text)}` : '';
	return `removed by the operator (${who})${why}`;
}

/** Every line a frame becomes; none for frames a person does not need to see (ping, pong). */
export function formatPlainFrame(frame: ServerFrame, options: PlainFormatOptions = {}): string[] {
	const clock = options.clock ?? plainClock;
	switch (frame.type) {
		case 'leave':
			if (frame.reason === 'dropped' && frame.name === options.viewer) return [droppedLine(frame, clock, options.here)];
			return formatPlainEvent(frame, clock, options.here);
		case 'msg':
		case 'join':
		case 'topic':
			return formatPlainEvent(frame, clock, options.here);
		case 'nick':
			if ('seq' in frame) return formatPlainEvent(frame, clock, options.here);
			return [`* you are now known as ${sanitiseName(frame.to)}`];
		case 'welcome': {
			const [first] = frame.rooms;
			const greeting = `* welcome, ${sanitiseName(frame.you)}!`;
			const lines = first ? formatPlainSnapshot(first, clock, greeting) : [greeting];
			if (frame.motd) lines.push(...multiline('* ', frame.motd));
			if (!frame.motd.includes('/help')) lines.push('* type /help for commands');
			return lines;
		}
		case 'joined':
			return formatPlainSnapshot(frame, clock, `* now talking in ${sanitiseName(frame.room)}`);
		case 'dm': {
			const at = `[${clock(frame.ts)}]`;
			const viewer = options.viewer ?? null;
			const what = frame.notice ? 'private notice' : 'private';
			if (viewer !== null && frame.from === viewer && frame.to !== viewer)
				return memberLines(`${at} (${what} to ${sanitiseName(frame.to)}) `, frame.text);
			return memberLines(`${at} (${what} from ${sanitiseName(frame.from)}) `, frame.text);
		}
		case 'users':
			return [formatPlainUsers(frame.users, frame.room)];
		case 'rooms':
			return formatPlainRooms(frame.rooms);
		case 'notice':
			return multiline(`${stamp(frame.ts, frame.room, options.here, clock)}*** notice: `, frame.text);
		case 'error':
			// The notice that follows a kick says it in words, with the reason (see ChatServer.kick).
			if (frame.code === 'kicked') return [];
			return [formatPlainError(frame.code, options.viewer ?? null, frame.message)];
		case 'away': {
			const name = sanitiseName(frame.name);
			const text = oneLineReason(frame.text);
			return [text ? `* ${name} is away: ${text}` : `* ${name} is back`];
		}
		case 'history':
			return frame.events.flatMap(event => formatPlainEvent(event, clock, options.here));
		case 'results':
			return [
				`* ${frame.events.length} ${frame.events.length === 1 ? 'message' : 'messages'} with "${oneLineReason(frame.text)}"${frame.partial ? ' (the newest ones)' : ''}:`,
				...frame.events.flatMap(event => formatPlainEvent(event, clock)),
			];
		case 'ping':
		case 'pong':
			return [];
	}
}

const ROOM_ERRORS: ReadonlySet<ErrorCode> = new Set(['room_invalid', 'no_such_room', 'not_in_room', 'too_many_rooms']);

/** Before a nickname is accepted, a name error asks again, politely. */
export function formatPlainError(code: ErrorCode, viewer: string | null, message?: string): string {
	// The server's sentence says what is wrong with a name ("a name has at most 24 characters"),
	// or whose name it is too much like.
	const why = (code === 'name_invalid' || code === 'name_taken') && message ? sanitiseName(message) : PLAIN_ERROR_SENTENCES[code];
	// The server's sentence names the room it is about.
	if (ROOM_ERRORS.has(code) && message) return `* ${sanitiseName(message)}`;
	// Which limit: a message's, a topic's or a search's.
	if (code === 'text_too_long' && message) return `* ${sanitiseName(message)} — not sent`;
	if (viewer === null && (code === 'name_invalid' || code === 'name_taken'))
		return `* ${why} — please choose another nickname:`;
	if (code === 'name_invalid' || code === 'name_taken') return `* ${why}`;
	if (viewer === null && code === 'not_joined') return '* please choose a nickname first:';
	return `* ${PLAIN_ERROR_SENTENCES[code]}`;
}

/** Sent to a silent connection: it is probably a person at nc or telnet. */
export function plainGreeting(serverName: string): string[] {
	return [`* ${serverName} — welcome! You are talking to a chat room.`, '* please choose a nickname (letters, digits, _ - . ; at most 24):'];
}

export function plainHelp(): string[] {
	return PLAIN_HELP_LINES.map(line => `* ${line}`);
}
