/** What terminals send for keys, for hostile-input tests: xterm's encodings first, then others. */

const ESC = '\u001B';

/** F1–F12 unmodified, as xterm sends them: SS3 P–S, then CSI n ~. */
export const F_KEYS: ReadonlyArray<readonly [name: string, sequence: string]> = [
	['f1', `${ESC}OP`],
	['f2', `${ESC}OQ`],
	['f3', `${ESC}OR`],
	['f4', `${ESC}OS`],
	['f5', `${ESC}[15~`],
	['f6', `${ESC}[17~`],
	['f7', `${ESC}[18~`],
	['f8', `${ESC}[19~`],
	['f9', `${ESC}[20~`],
	['f10', `${ESC}[21~`],
	['f11', `${ESC}[23~`],
	['f12', `${ESC}[24~`],
];

const F_TILDE: Record<string, number> = {f5: 15, f6: 17, f7: 18, f8: 19, f9: 20, f10: 21, f11: 23, f12: 24};
const F_LETTER: Record<string, string> = {f1: 'P', f2: 'Q', f3: 'R', f4: 'S'};

/**
 * Every F-key with every xterm modifier m = 2…8 (1 + shift 1, alt 2, ctrl 4): CSI 1;m P/Q/R/S
 * for F1–F4, CSI n;m ~ for F5–F12.
 */
export const MODIFIED_F_KEYS: ReadonlyArray<{name: string; modifier: number; sequence: string}> = F_KEYS.flatMap(([name]) =>
	[2, 3, 4, 5, 6, 7, 8].map(modifier => ({
		name,
		modifier,
		sequence: F_LETTER[name] ? `${ESC}[1;${modifier}${F_LETTER[name]}` : `${ESC}[${F_TILDE[name]};${modifier}~`,
	})),
);

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Ctrl+A…Z but Ctrl+C (which quits) and Ctrl+M and Ctrl+J (Enter). In raw mode Ctrl+Z, S, Q are bytes like any other. */
export const CTRL_LETTERS: readonly string[] = [...LETTERS]
	.filter(letter => !'cjm'.includes(letter))
	.map(letter => String.fromCharCode(letter.charCodeAt(0) - 0x60));

/** Alt+a…z and Alt+A…Z, as ESC then the letter. */
export const ALT_LETTERS: readonly string[] = [...LETTERS, ...LETTERS.toUpperCase()].map(letter => `${ESC}${letter}`);

/** Other keys a keyboard sends, with modifiers: arrows, Home/End, PgUp/PgDn, Insert/Delete, Shift+Tab. */
export const EDITING_KEYS: readonly string[] = [
	...['A', 'B', 'C', 'D', 'H', 'F'].flatMap(final => [`${ESC}[${final}`, `${ESC}O${final}`, ...[2, 3, 5, 6, 7, 8].map(m => `${ESC}[1;${m}${final}`)]),
	...[2, 3, 5, 6].flatMap(n => [`${ESC}[${n}~`, ...[2, 3, 5, 6, 7, 8].map(m => `${ESC}[${n};${m}~`)]),
	`${ESC}[Z`,
	// rxvt, the Linux console, keypad in application mode, kitty.
	`${ESC}[a`,
	`${ESC}Oa`,
	`${ESC}[5^`,
	`${ESC}[3$`,
	`${ESC}[[A`,
	`${ESC}[[E`,
	`${ESC}OM`,
	`${ESC}Oq`,
	`${ESC}[97;5u`,
	`${ESC}[I`,
	`${ESC}[O`,
];

/** Everything above, and a lone ESC, ESC ESC and Ctrl+symbols. */
export const ALL_KEY_SEQUENCES: readonly string[] = [
	...F_KEYS.map(([, sequence]) => sequence),
	...MODIFIED_F_KEYS.map(({sequence}) => sequence),
	...CTRL_LETTERS,
	...ALT_LETTERS,
	...EDITING_KEYS,
	ESC,
	`${ESC}${ESC}`,
	'\u0000',
	'\u001C',
	'\u001D',
	'\u001E',
	'\u001F',
];
