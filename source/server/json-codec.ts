import {encodeFrame} from '../protocol/encode.js';
import {isMemberNotice, type ServerFrame} from '../protocol/frames.js';
import {MIN_PROTOCOL_VERSION, PROTOCOL_VERSION} from '../protocol/limits.js';
import {parseClientFrame} from '../protocol/parse-client-frame.js';
import type {Codec, Dialect, RoomView, WelcomeSource} from './codec.js';
import type {FrameEncoder} from './outgoing.js';

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

/** tcpchat/2: every frame as it is. */
export const JSON_V2: FrameEncoder = frame => utf8(encodeFrame(frame));

/**
 * tcpchat/1: the frames of one room, without `room` — exactly what a 0.1 client knows. What
 * tcpchat/1 has no frame for (topics, room lists, joins of other rooms) is not sent at all,
 * nor are members' notices (see isMemberNotice).
 */
export const JSON_V1: FrameEncoder = frame => {
	if (isMemberNotice(frame)) return undefined;
	switch (frame.type) {
		case 'topic':
		case 'joined':
		case 'rooms':
			return undefined;
		case 'msg':
		case 'join':
		case 'leave':
		case 'nick':
		case 'users':
		case 'notice':
		case 'error': {
			if (!('room' in frame)) return utf8(encodeFrame(frame));
			const {room: _room, ...rest} = frame;
			return utf8(encodeFrame(rest as ServerFrame));
		}
		default:
			return utf8(encodeFrame(frame));
	}
};

/** `"users":[…],"history":[…]` from a room's shared pieces, in tcpchat/1 or /2 form. */
function roomPieces(view: RoomView, proto: number): Buffer[] {
	const pieces: Buffer[] = [utf8('"users":[')];
	for (const piece of view.usersBytes()) if (piece.length > 0) pieces.push(piece);
	pieces.push(utf8('],"history":['));
	const history = view.historyBytes(proto);
	if (history.length > 0) pieces.push(history);
	pieces.push(utf8(']'));
	return pieces;
}

/** A room's snapshot inside its braces: the keys and their order of `JoinedFrame` after its type. */
function snapshotPieces(view: RoomView): Buffer[] {
	return [utf8(`"room":${JSON.stringify(view.name)},"topic":${JSON.stringify(view.topic)},`), ...roomPieces(view, 2)];
}

/**
 * The welcome as pieces: in a big room the user list and the history are the room's shared
 * bytes, written as they are rather than copied into a buffer of their own for every newcomer.
 */
function encodeWelcome(w: WelcomeSource, proto: number): Buffer[] {
	const head = `{"type":"welcome","proto":${proto},"server":${JSON.stringify(w.server)},"you":${JSON.stringify(w.you)}`;
	if (proto === 1) {
		const room = w.rooms[0];
		const pieces = [utf8(`${head},`)];
		if (room) pieces.push(...roomPieces(room, 1));
		else pieces.push(utf8('"users":[],"history":[]'));
		pieces.push(utf8(`,"motd":${JSON.stringify(w.motd)}}\n`));
		return pieces;
	}
	const pieces = [utf8(`${head},"motd":${JSON.stringify(w.motd)},"rooms":[`)];
	w.rooms.forEach((room, i) => {
		if (i > 0) pieces.push(utf8(','));
		pieces.push(utf8('{'), ...snapshotPieces(room), utf8('}'));
	});
	pieces.push(utf8(']}\n'));
	return pieces;
}

function jsonCodec(): Codec {
	let proto = PROTOCOL_VERSION;
	const codec: Codec = {
		name: 'json',
		pings: true,
		get proto() {
			return proto;
		},
		encoderFor: () => (proto === 1 ? JSON_V1 : JSON_V2),
		encodeFor: frame => (proto === 1 ? JSON_V1 : JSON_V2)(frame),
		encodeWelcome: w => encodeWelcome(w, proto),
		encodeJoined: room => (proto === 1 ? undefined : [utf8('{"type":"joined",'), ...snapshotPieces(room), utf8('}\n')]),
		encodeLines: () => undefined,
		interpret(line) {
			const result = parseClientFrame(line);
			return result.ok ? {kind: 'frame', frame: result.frame} : {kind: 'error', code: result.code, message: result.message};
		},
		chooseProto(asked) {
			proto = Math.max(MIN_PROTOCOL_VERSION, Math.min(PROTOCOL_VERSION, asked));
		},
	};
	return codec;
}

/** tcpchat: one JSON object per line, both ways; a first line starting with `{`. */
export const JSON_DIALECT: Dialect = {
	name: 'json',
	detect: firstLine => firstLine.startsWith('{'),
	create: () => jsonCodec(),
};
