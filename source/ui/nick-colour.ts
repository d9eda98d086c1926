import {nameKey} from '../protocol/names.js';

/** Colours that read on both dark and light backgrounds; red and plain white are kept for errors and text. */
export const NICK_COLOURS = [
	'green',
	'yellow',
	'blue',
	'magenta',
	'cyan',
	'greenBright',
	'yellowBright',
	'blueBright',
	'magentaBright',
	'cyanBright',
	'redBright',
] as const;

export type NickColour = (typeof NICK_COLOURS)[number];

/**
 * A stable colour per nickname: FNV-1a over the name's key, so the same name has the same colour
 * on every screen and every run, whatever its case.
 */
export function nickColour(name: string): NickColour {
	let hash = 0x811c9dc5;
	for (const char of nameKey(name)) {
		hash ^= char.codePointAt(0) ?? 0;
		hash = Math.imul(hash, 0x01000193);
	}
	return NICK_COLOURS[(hash >>> 0) % NICK_COLOURS.length]!;
}
