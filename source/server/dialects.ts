import type {Dialect} from './codec.js';
import {IRC_DIALECT} from './irc-codec.js';
import {JSON_DIALECT} from './json-codec.js';
import {PLAIN_DIALECT} from './plain-codec.js';

/**
 * Every way in, tried in this order on a connection's first line; plain text takes whatever
 * the others do not, so it comes last (IRC's CAP/NICK/USER/PASS before it). A new dialect is a file of its own and a line here.
 */
export const DIALECTS: readonly Dialect[] = [JSON_DIALECT, IRC_DIALECT, PLAIN_DIALECT];

export function detectDialect(firstLine: string): Dialect {
	return DIALECTS.find(d => d.detect(firstLine)) ?? PLAIN_DIALECT;
}
