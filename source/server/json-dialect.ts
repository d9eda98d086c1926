import {encodeFrame} from '../protocol/encode.js';
import type {ServerFrame} from '../protocol/frames.js';
import {parseClientFrame} from '../protocol/parse-client-frame.js';
import {PROTOCOL_VERSION} from '../protocol/limits.js';
import type {DialectAdapter, WelcomeSource} from './dialect.js';

function encodeJson(frame: ServerFrame): Buffer {
	return Buffer.from(encodeFrame(frame), 'utf8');
}

/**
 * The welcome frame (same keys, same order as JSON.stringify), as pieces: in a big room the
 * user list and the history are the room's shared bytes, written as they are rather than
 * copied into a buffer of their own for every newcomer.
 */
function encodeWelcome(w: WelcomeSource): Buffer | Buffer[] {
	const head = `{"type":"welcome","proto":${PROTOCOL_VERSION},"server":${JSON.stringify(w.server)},"you":${JSON.stringify(w.you)}`;
	const tail = `,"motd":${JSON.stringify(w.motd)}}\n`;
	const pieces: Buffer[] = [Buffer.from(`${head},"users":[`, 'utf8')];
	for (const piece of w.usersBytes()) if (piece.length > 0) pieces.push(piece);
	pieces.push(Buffer.from('],"history":[', 'utf8'));
	const history = w.historyBytes();
	if (history.length > 0) pieces.push(history);
	pieces.push(Buffer.from(`]${tail}`, 'utf8'));
	return pieces;
}

/** tcpchat/1: one JSON object per line, both ways. */
export const JSON_DIALECT: DialectAdapter = {
	name: 'json',
	pings: true,
	shared: encodeJson,
	encodeFor: frame => encodeJson(frame),
	encodeWelcome,
	encodeLines: () => undefined,
	interpret(line) {
		const result = parseClientFrame(line);
		return result.ok ? {kind: 'frame', frame: result.frame} : {kind: 'error', code: result.code, message: result.message};
	},
};
