import type {ServerFrame} from '../protocol/frames.js';
import {parseClientFrame} from '../protocol/parse-client-frame.js';
import type {DialectAdapter} from './dialect.js';

function encodeJson(frame: ServerFrame): Buffer {
	return Buffer.from(JSON.stringify(frame) + '\n', 'utf8');
}

/** tcpchat/1: one JSON object per line, both ways. */
export const JSON_DIALECT: DialectAdapter = {
	name: 'json',
	pings: true,
	shared: encodeJson,
	encodeFor: frame => encodeJson(frame),
	encodeLines: () => undefined,
	interpret(line) {
		const result = parseClientFrame(line);
		return result.ok ? {kind: 'frame', frame: result.frame} : {kind: 'error', code: result.code, message: result.message};
	},
};
