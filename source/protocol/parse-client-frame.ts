import type {ClientFrame, ErrorCode} from './frames.js';
import {sanitiseName, wellFormed} from './sanitise.js';

export type ClientFrameResult =
	| {ok: true; frame: ClientFrame}
	| {ok: false; code: Extract<ErrorCode, 'bad_json' | 'bad_frame'>; message: string};

type Fields = Record<string, unknown>;

function bad(message: string): ClientFrameResult {
	return {ok: false, code: 'bad_frame', message};
}

function isString(value: unknown): value is string {
	return typeof value === 'string';
}

function isWholeNumber(value: unknown): value is number {
	return typeof value === 'number' && Number.isSafeInteger(value);
}

/** A value named in an error sentence: short, on one line, nothing a terminal would obey. */
function quoted(value: unknown): string {
	return [...sanitiseName(JSON.stringify(value) ?? String(value))].slice(0, 40).join('');
}

/**
 * The one place where a client's line becomes a trusted `ClientFrame`. Only the shape is
 * checked here (types and required fields); what a name or text may hold is the room's
 * business. Unknown fields are dropped, for forward compatibility. A lone surrogate
 * (`"\ud800"` is valid JSON) becomes U+FFFD here, so that nothing stored or relayed breaks
 * a strict UTF-8 reader.
 */
export function parseClientFrame(line: string): ClientFrameResult {
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch {
		return {ok: false, code: 'bad_json', message: 'the line is not valid JSON'};
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value))
		return bad('a frame is a JSON object');
	const f = value as Fields;
	const result = frameOf(f);
	return result.ok ? {ok: true, frame: wellFormedFrame(result.frame)} : result;
}

function wellFormedFrame(frame: ClientFrame): ClientFrame {
	switch (frame.type) {
		case 'hello':
			return frame.rooms === undefined
				? {...frame, name: wellFormed(frame.name)}
				: {...frame, name: wellFormed(frame.name), rooms: frame.rooms.map(wellFormed)};
		case 'nick':
			return {...frame, name: wellFormed(frame.name)};
		case 'say':
			return frame.room === undefined ? {...frame, text: wellFormed(frame.text)} : {...frame, room: wellFormed(frame.room), text: wellFormed(frame.text)};
		case 'join':
		case 'who':
			return frame.room === undefined ? frame : {...frame, room: wellFormed(frame.room)};
		case 'part':
			return {...frame, room: wellFormed(frame.room), ...(frame.reason === undefined ? {} : {reason: wellFormed(frame.reason)})};
		case 'topic':
			return {...frame, room: wellFormed(frame.room), text: wellFormed(frame.text)};
		case 'dm':
			return {...frame, to: wellFormed(frame.to), text: wellFormed(frame.text)};
		case 'bye':
			return frame.reason === undefined ? frame : {...frame, reason: wellFormed(frame.reason)};
		case 'history':
			return {...frame, room: wellFormed(frame.room)};
		case 'search':
			return frame.room === undefined ? {...frame, text: wellFormed(frame.text)} : {...frame, room: wellFormed(frame.room), text: wellFormed(frame.text)};
		default:
			return frame;
	}
}

function frameOf(f: Fields): ClientFrameResult {
	switch (f['type']) {
		case 'hello': {
			if (typeof f['proto'] !== 'number') return bad('hello needs a numeric "proto"');
			if (!isString(f['name'])) return bad('hello needs a string "name"');
			const rooms = f['rooms'];
			if (rooms === undefined) return {ok: true, frame: {type: 'hello', proto: f['proto'], name: f['name']}};
			if (!Array.isArray(rooms) || !rooms.every(isString)) return bad('"rooms" must be a list of room names');
			return {ok: true, frame: {type: 'hello', proto: f['proto'], name: f['name'], rooms}};
		}
		case 'say': {
			if (!isString(f['text'])) return bad('say needs a string "text"');
			if (f['action'] !== undefined && typeof f['action'] !== 'boolean')
				return bad('"action" must be true or false');
			if (f['notice'] !== undefined && typeof f['notice'] !== 'boolean')
				return bad('"notice" must be true or false');
			// A /me is said to be answered; a notice is not: one message cannot be both.
			if (f['action'] === true && f['notice'] === true) return bad('a message is an action or a notice, not both');
			if (f['room'] !== undefined && !isString(f['room'])) return bad('"room" must be a string');
			const frame: ClientFrame = {type: 'say', text: f['text']};
			if (isString(f['room'])) frame.room = f['room'];
			if (f['action'] === true) frame.action = true;
			if (f['notice'] === true) frame.notice = true;
			return {ok: true, frame};
		}
		case 'join': {
			if (!isString(f['room'])) return bad('join needs a string "room"');
			return {ok: true, frame: {type: 'join', room: f['room']}};
		}
		case 'part': {
			if (!isString(f['room'])) return bad('part needs a string "room"');
			if (f['reason'] !== undefined && !isString(f['reason'])) return bad('"reason" must be a string');
			return {ok: true, frame: isString(f['reason']) ? {type: 'part', room: f['room'], reason: f['reason']} : {type: 'part', room: f['room']}};
		}
		case 'topic': {
			if (!isString(f['room'])) return bad('topic needs a string "room"');
			if (!isString(f['text'])) return bad('topic needs a string "text"');
			return {ok: true, frame: {type: 'topic', room: f['room'], text: f['text']}};
		}
		case 'who': {
			if (f['room'] !== undefined && !isString(f['room'])) return bad('"room" must be a string');
			return {ok: true, frame: isString(f['room']) ? {type: 'who', room: f['room']} : {type: 'who'}};
		}
		case 'list':
			return {ok: true, frame: {type: 'list'}};
		case 'history': {
			if (!isString(f['room'])) return bad('history needs a string "room"');
			const frame: ClientFrame = {type: 'history', room: f['room']};
			if (f['before'] !== undefined) {
				if (!isWholeNumber(f['before']) || f['before'] < 1) return bad('"before" must be the seq of an event (a whole number from 1)');
				frame.before = f['before'];
			}
			if (f['limit'] !== undefined) {
				if (!isWholeNumber(f['limit']) || f['limit'] < 1) return bad('"limit" must be a whole number from 1');
				frame.limit = f['limit'];
			}
			return {ok: true, frame};
		}
		case 'search': {
			if (!isString(f['text'])) return bad('search needs a string "text"');
			if (f['room'] !== undefined && !isString(f['room'])) return bad('"room" must be a string');
			return {ok: true, frame: isString(f['room']) ? {type: 'search', text: f['text'], room: f['room']} : {type: 'search', text: f['text']}};
		}
		case 'nick': {
			if (!isString(f['name'])) return bad('nick needs a string "name"');
			return {ok: true, frame: {type: 'nick', name: f['name']}};
		}
		case 'dm': {
			if (!isString(f['to'])) return bad('dm needs a string "to"');
			if (!isString(f['text'])) return bad('dm needs a string "text"');
			if (f['notice'] !== undefined && typeof f['notice'] !== 'boolean')
				return bad('"notice" must be true or false');
			return {ok: true, frame: f['notice'] === true ? {type: 'dm', to: f['to'], text: f['text'], notice: true} : {type: 'dm', to: f['to'], text: f['text']}};
		}
		case 'away': {
			// No text at all means back, like an empty one.
			if (f['text'] !== undefined && !isString(f['text'])) return bad('"text" must be a string');
			return {ok: true, frame: {type: 'away', text: isString(f['text']) ? f['text'] : ''}};
		}
		case 'ping':
		case 'pong':
			return {ok: true, frame: {type: f['type']}};
		case 'bye': {
			if (f['reason'] !== undefined && !isString(f['reason'])) return bad('"reason" must be a string');
			return {ok: true, frame: isString(f['reason']) ? {type: 'bye', reason: f['reason']} : {type: 'bye'}};
		}
		case undefined:
			return bad('a frame needs a "type"');
		default:
			return bad(`unknown frame type ${quoted(f['type'])}`);
	}
}
