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
		case 'nick':
			return {...frame, name: wellFormed(frame.name)};
		case 'say':
			return {...frame, text: wellFormed(frame.text)};
		case 'dm':
			return {...frame, to: wellFormed(frame.to), text: wellFormed(frame.text)};
		case 'bye':
			return frame.reason === undefined ? frame : {...frame, reason: wellFormed(frame.reason)};
		default:
			return frame;
	}
}

function frameOf(f: Fields): ClientFrameResult {
	switch (f['type']) {
		case 'hello': {
			if (typeof f['proto'] !== 'number') return bad('hello needs a numeric "proto"');
			if (!isString(f['name'])) return bad('hello needs a string "name"');
			return {ok: true, frame: {type: 'hello', proto: f['proto'], name: f['name']}};
		}
		case 'say': {
			if (!isString(f['text'])) return bad('say needs a string "text"');
			if (f['action'] !== undefined && typeof f['action'] !== 'boolean')
				return bad('"action" must be true or false');
			return {ok: true, frame: f['action'] ? {type: 'say', text: f['text'], action: true} : {type: 'say', text: f['text']}};
		}
		case 'nick': {
			if (!isString(f['name'])) return bad('nick needs a string "name"');
			return {ok: true, frame: {type: 'nick', name: f['name']}};
		}
		case 'dm': {
			if (!isString(f['to'])) return bad('dm needs a string "to"');
			if (!isString(f['text'])) return bad('dm needs a string "text"');
			return {ok: true, frame: {type: 'dm', to: f['to'], text: f['text']}};
		}
		case 'away': {
			// No text at all means back, like an empty one.
			if (f['text'] !== undefined && !isString(f['text'])) return bad('"text" must be a string');
			return {ok: true, frame: {type: 'away', text: isString(f['text']) ? f['text'] : ''}};
		}
		case 'who':
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
