import {ERROR_CODES, LEAVE_REASONS} from './frames.js';
import type {ErrorCode, LeaveReason, RoomEvent, ServerFrame, UserInfo} from './frames.js';

type Fields = Record<string, unknown>;

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);

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

function parseRoomEvent(f: Fields): RoomEvent | undefined {
	const seq = f['seq'];
	const ts = f['ts'];
	if (!isNumber(seq) || !isNumber(ts)) return undefined;
	switch (f['type']) {
		case 'msg':
			if (!isString(f['from']) || !isString(f['text'])) return undefined;
			return f['action'] === true
				? {type: 'msg', seq, ts, from: f['from'], text: f['text'], action: true}
				: {type: 'msg', seq, ts, from: f['from'], text: f['text']};
		case 'join':
			return isString(f['name']) ? {type: 'join', seq, ts, name: f['name']} : undefined;
		case 'leave': {
			if (!isString(f['name'])) return undefined;
			const reason = LEAVE_REASONS.includes(f['reason'] as LeaveReason) ? (f['reason'] as LeaveReason) : 'closed';
			const event: RoomEvent = {type: 'leave', seq, ts, name: f['name'], reason};
			if (isString(f['text'])) event.text = f['text'];
			return event;
		}
		case 'nick':
			return isString(f['from']) && isString(f['to']) ? {type: 'nick', seq, ts, from: f['from'], to: f['to']} : undefined;
		default:
			return undefined;
	}
}

/**
 * The one place where a server's line becomes a trusted `ServerFrame`. Lines that are not
 * tcpchat/1 frames (a plain-text greeting, garbage, a newer frame type) give undefined and
 * are ignored by the caller.
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
	switch (f['type']) {
		case 'welcome': {
			const users = parseUsers(f['users']);
			if (!isString(f['you']) || users === undefined) return undefined;
			const history = Array.isArray(f['history'])
				? f['history'].flatMap(e => {
						const event = isObject(e) ? parseRoomEvent(e) : undefined;
						return event ? [event] : [];
					})
				: [];
			return {
				type: 'welcome',
				proto: isNumber(f['proto']) ? f['proto'] : 1,
				server: isString(f['server']) ? f['server'] : 'unknown',
				you: f['you'],
				users,
				history,
				motd: isString(f['motd']) ? f['motd'] : '',
			};
		}
		case 'msg':
		case 'join':
		case 'leave':
		case 'nick':
			return parseRoomEvent(f);
		case 'dm':
			if (!isNumber(f['ts']) || !isString(f['from']) || !isString(f['to']) || !isString(f['text'])) return undefined;
			return {type: 'dm', ts: f['ts'], from: f['from'], to: f['to'], text: f['text']};
		case 'users': {
			const users = parseUsers(f['users']);
			return users ? {type: 'users', users} : undefined;
		}
		case 'notice':
			if (!isString(f['text'])) return undefined;
			return {type: 'notice', ts: isNumber(f['ts']) ? f['ts'] : Date.now(), text: f['text']};
		case 'error': {
			if (!isString(f['code'])) return undefined;
			const code = ERROR_CODES.includes(f['code'] as ErrorCode) ? (f['code'] as ErrorCode) : 'bad_frame';
			return {type: 'error', code, message: isString(f['message']) ? f['message'] : f['code']};
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
