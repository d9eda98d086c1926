import {ERROR_CODES, LEAVE_REASONS} from './frames.js';
import type {ErrorCode, LeaveReason, RoomEvent, RoomInfo, RoomSnapshot, ServerFrame, UserInfo} from './frames.js';

type Fields = Record<string, unknown>;

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A tcpchat/1 server has one room and names none: it is shown under this name. */
export const V1_ROOM = '#general';

function parseUsers(value: unknown): UserInfo[] | undefined {
	if (!Array.isArray(value)) return undefined;
	const users: UserInfo[] = [];
	for (const u of value) {
		if (!isObject(u) || !isString(u['name'])) return undefined;
		const user: UserInfo = {name: u['name'], since: isNumber(u['since']) ? u['since'] : 0};
		if (isString(u['away']) && u['away'].length > 0) user.away = u['away'];
		users.push(user);
	}
	return users;
}

function parseRoomEvent(f: Fields, room = isString(f['room']) ? f['room'] : V1_ROOM): RoomEvent | undefined {
	const seq = f['seq'];
	const ts = f['ts'];
	if (!isNumber(seq) || !isNumber(ts)) return undefined;
	switch (f['type']) {
		case 'msg': {
			if (!isString(f['from']) || !isString(f['text'])) return undefined;
			const event: RoomEvent = {type: 'msg', room, seq, ts, from: f['from'], text: f['text']};
			// Both at once only from a server that breaks the rule: a notice, which nothing answers.
			if (f['notice'] === true) event.notice = true;
			else if (f['action'] === true) event.action = true;
			return event;
		}
		case 'join':
			return isString(f['name']) ? {type: 'join', room, seq, ts, name: f['name']} : undefined;
		case 'leave': {
			if (!isString(f['name'])) return undefined;
			const reason = LEAVE_REASONS.includes(f['reason'] as LeaveReason) ? (f['reason'] as LeaveReason) : 'closed';
			const event: RoomEvent = {type: 'leave', room, seq, ts, name: f['name'], reason};
			if (isString(f['text'])) event.text = f['text'];
			return event;
		}
		case 'nick':
			return isString(f['from']) && isString(f['to']) ? {type: 'nick', room, seq, ts, from: f['from'], to: f['to']} : undefined;
		case 'topic':
			return isString(f['from']) && isString(f['text']) ? {type: 'topic', room, seq, ts, from: f['from'], text: f['text']} : undefined;
		default:
			return undefined;
	}
}

function parseEvents(value: unknown, room: string): RoomEvent[] {
	if (!Array.isArray(value)) return [];
	return value.flatMap(e => {
		const event = isObject(e) ? parseRoomEvent(e, room) : undefined;
		return event ? [event] : [];
	});
}

function parseSnapshot(f: Fields, room = isString(f['room']) ? f['room'] : undefined): RoomSnapshot | undefined {
	const users = parseUsers(f['users']);
	if (room === undefined || users === undefined) return undefined;
	return {room, topic: isString(f['topic']) ? f['topic'] : '', users, history: parseEvents(f['history'], room)};
}

function parseRoomInfos(value: unknown): RoomInfo[] | undefined {
	if (!Array.isArray(value)) return undefined;
	const rooms: RoomInfo[] = [];
	for (const r of value) {
		if (!isObject(r) || !isString(r['name'])) return undefined;
		rooms.push({name: r['name'], topic: isString(r['topic']) ? r['topic'] : '', users: isNumber(r['users']) ? r['users'] : 0});
	}
	return rooms;
}

/**
 * The one place where a server's line becomes a trusted `ServerFrame`. Lines that are not
 * tcpchat frames (a plain-text greeting, garbage, a newer frame type) give undefined and are
 * ignored by the caller. A tcpchat/1 server's frames come out as tcpchat/2 ones in `V1_ROOM`.
 */
export function parseServerFrame(line: string): ServerFrame | undefined {
	if (!line.startsWith('{')) return undefined;
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch {
		return undefined;
	}
	if (!isObject(value)) return undefined;
	const f = value;
	const room = isString(f['room']) ? f['room'] : undefined;
	switch (f['type']) {
		case 'welcome': {
			if (!isString(f['you'])) return undefined;
			let rooms: RoomSnapshot[] | undefined;
			if (Array.isArray(f['rooms'])) {
				rooms = f['rooms'].flatMap(r => {
					const snapshot = isObject(r) ? parseSnapshot(r) : undefined;
					return snapshot ? [snapshot] : [];
				});
			} else {
				const only = parseSnapshot(f, V1_ROOM);
				rooms = only ? [only] : undefined;
			}
			if (rooms === undefined) return undefined;
			return {
				type: 'welcome',
				proto: isNumber(f['proto']) ? f['proto'] : 1,
				server: isString(f['server']) ? f['server'] : 'unknown',
				you: f['you'],
				motd: isString(f['motd']) ? f['motd'] : '',
				rooms,
			};
		}
		case 'joined': {
			const snapshot = parseSnapshot(f);
			return snapshot ? {type: 'joined', ...snapshot} : undefined;
		}
		case 'nick':
			// Without seq: our own rename while in no room.
			if (!isNumber(f['seq'])) {
				if (!isString(f['from']) || !isString(f['to'])) return undefined;
				return {type: 'nick', ts: isNumber(f['ts']) ? f['ts'] : Date.now(), from: f['from'], to: f['to']};
			}
			return parseRoomEvent(f);
		case 'msg':
		case 'join':
		case 'leave':
		case 'topic':
			return parseRoomEvent(f);
		case 'dm':
			if (!isNumber(f['ts']) || !isString(f['from']) || !isString(f['to']) || !isString(f['text'])) return undefined;
			return f['notice'] === true
				? {type: 'dm', ts: f['ts'], from: f['from'], to: f['to'], text: f['text'], notice: true}
				: {type: 'dm', ts: f['ts'], from: f['from'], to: f['to'], text: f['text']};
		case 'users': {
			const users = parseUsers(f['users']);
			return users ? {type: 'users', room: room ?? V1_ROOM, users} : undefined;
		}
		case 'rooms': {
			const rooms = parseRoomInfos(f['rooms']);
			return rooms ? {type: 'rooms', rooms} : undefined;
		}
		case 'notice': {
			if (!isString(f['text'])) return undefined;
			const ts = isNumber(f['ts']) ? f['ts'] : Date.now();
			return room === undefined ? {type: 'notice', ts, text: f['text']} : {type: 'notice', ts, text: f['text'], room};
		}
		case 'error': {
			if (!isString(f['code'])) return undefined;
			const code = ERROR_CODES.includes(f['code'] as ErrorCode) ? (f['code'] as ErrorCode) : 'bad_frame';
			const message = isString(f['message']) ? f['message'] : f['code'];
			return room === undefined ? {type: 'error', code, message} : {type: 'error', code, message, room};
		}
		case 'history':
			if (room === undefined || !Array.isArray(f['events'])) return undefined;
			return {type: 'history', room, events: parseEvents(f['events'], room), more: f['more'] === true};
		case 'results': {
			if (!isString(f['text']) || !Array.isArray(f['events'])) return undefined;
			// Each result names its own room; one without is not ours to place.
			const events = f['events'].flatMap(e => {
				const event = isObject(e) && isString(e['room']) ? parseRoomEvent(e) : undefined;
				return event ? [event] : [];
			});
			return f['partial'] === true ? {type: 'results', text: f['text'], events, partial: true} : {type: 'results', text: f['text'], events};
		}
		case 'away':
			if (!isString(f['name'])) return undefined;
			return {type: 'away', name: f['name'], text: isString(f['text']) ? f['text'] : ''};
		case 'ping':
		case 'pong':
			return {type: f['type']};
		default:
			return undefined;
	}
}
