import type {ServerFrame} from '../protocol/frames.js';
import {parseClientFrame} from '../protocol/parse-client-frame.js';
import {PROTOCOL_VERSION} from '../protocol/limits.js';
import type {DialectAdapter, WelcomeSource} from './dialect.js';

function encodeJson(frame: ServerFrame): Buffer {
	return Buffer.from(JSON.stringify(frame) + '\n', 'utf8');
}

/** The welcome frame, assembled from the room's cached JSON (same keys, same order as JSON.stringify). */
function encodeWelcome(w: WelcomeSource): Buffer {
	const head = `{"type":"welcome","proto":${PROTOCOL_VERSION},"server":${JSON.stringify(w.server)},"you":${JSON.stringify(w.you)}`;
	return Buffer.from(`${head},"users":[${w.usersJson()}],"history":${w.historyJson()},"motd":${JSON.stringify(w.motd)}}\n`, 'utf8');
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
