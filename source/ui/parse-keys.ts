/**
 * What a terminal sends, read as key presses. Every string parses: an escape sequence nobody
 * knows is one `unknown` press, never an error, so no key a terminal can send (Ctrl+F1,
 * a stray ESC in a paste, random bytes) can stop a screen.
 */

export type KeyName =
	| 'char'
	| 'return'
	| 'tab'
	| 'backspace'
	| 'delete'
	| 'insert'
	| 'escape'
	| 'up'
	| 'down'
	| 'left'
	| 'right'
	| 'home'
	| 'end'
	| 'pageup'
	| 'pagedown'
	| 'clear'
	| `f${number}`
	| 'paste-start'
	| 'paste-end'
	/** A whole bracketed paste, its text in `input` (assembled by `KeyReader`, never by `parseKeys`). */
	| 'paste'
	| 'focus-in'
	| 'focus-out'
	| 'unknown';

/**
 * One key press. The booleans are those of Ink's `Key`, so handlers written for Ink read it
 * unchanged; `name` says which key it was, `sequence` what the terminal sent.
 */
export type Key = {
	name: KeyName;
	sequence: string;
	ctrl: boolean;
	/** Alt (Option), sent as ESC before the key or as a modifier parameter. */
	meta: boolean;
	shift: boolean;
	upArrow: boolean;
	downArrow: boolean;
	leftArrow: boolean;
	rightArrow: boolean;
	pageUp: boolean;
	pageDown: boolean;
	home: boolean;
	end: boolean;
	return: boolean;
	escape: boolean;
	tab: boolean;
	backspace: boolean;
	delete: boolean;
};

/** `input`: the text typed (name `char`), or the letter of a Ctrl combination; '' for other keys. */
export type KeyPress = {input: string; key: Key};

const ESC = '\u001B';

type Modifiers = {ctrl: boolean; meta: boolean; shift: boolean};
const NONE: Modifiers = {ctrl: false, meta: false, shift: false};

export function press(name: KeyName, sequence: string, input = '', modifiers: Modifiers = NONE): KeyPress {
	return {
		input,
		key: {
			name,
			sequence,
			...modifiers,
			upArrow: name === 'up',
			downArrow: name === 'down',
			leftArrow: name === 'left',
			rightArrow: name === 'right',
			pageUp: name === 'pageup',
			pageDown: name === 'pagedown',
			home: name === 'home',
			end: name === 'end',
			return: name === 'return',
			escape: name === 'escape',
			tab: name === 'tab',
			backspace: name === 'backspace',
			delete: name === 'delete',
		},
	};
}

/** xterm's modifier parameter: 1 + (shift 1, alt 2, ctrl 4, meta 8). */
function xtermModifiers(parameter: number | undefined): Modifiers {
	const bits = parameter === undefined || !Number.isFinite(parameter) || parameter < 1 ? 0 : parameter - 1;
	return {shift: (bits & 1) !== 0, meta: (bits & 2) !== 0 || (bits & 8) !== 0, ctrl: (bits & 4) !== 0};
}

/** CSI/SS3 sequences ending in a letter (`ESC [ 1 ; m X`, `ESC O X`). */
const LETTER_KEYS: Record<string, KeyName> = {
	A: 'up',
	B: 'down',
	C: 'right',
	D: 'left',
	E: 'clear',
	F: 'end',
	H: 'home',
	P: 'f1',
	Q: 'f2',
	R: 'f3',
	S: 'f4',
};

/** rxvt sends shifted arrows as lowercase finals (`ESC [ a`), ctrl-arrows as `ESC O a`. */
const RXVT_ARROWS: Record<string, KeyName> = {a: 'up', b: 'down', c: 'right', d: 'left', e: 'clear'};

/** `ESC [ n ~` (and rxvt's `$ ^ @` finals for shift, ctrl, ctrl+shift). */
const TILDE_KEYS: Record<number, KeyName> = {
	1: 'home',
	2: 'insert',
	3: 'delete',
	4: 'end',
	5: 'pageup',
	6: 'pagedown',
	7: 'home',
	8: 'end',
	11: 'f1',
	12: 'f2',
	13: 'f3',
	14: 'f4',
	15: 'f5',
	17: 'f6',
	18: 'f7',
	19: 'f8',
	20: 'f9',
	21: 'f10',
	23: 'f11',
	24: 'f12',
	25: 'f13',
	26: 'f14',
	28: 'f15',
	29: 'f16',
	31: 'f17',
	32: 'f18',
	33: 'f19',
	34: 'f20',
	200: 'paste-start',
	201: 'paste-end',
};

/** The Linux console's F1–F5: `ESC [ [ A` … `ESC [ [ E`. */
const LINUX_F_KEYS: Record<string, KeyName> = {A: 'f1', B: 'f2', C: 'f3', D: 'f4', E: 'f5'};

/** The application keypad (`ESC O p` … `ESC O y` are 0–9, and so on): typed text. */
const KEYPAD_TEXT: Record<string, string> = {
	j: '*',
	k: '+',
	l: ',',
	m: '-',
	n: '.',
	o: '/',
	p: '0',
	q: '1',
	r: '2',
	s: '3',
	t: '4',
	u: '5',
	v: '6',
	w: '7',
	x: '8',
	y: '9',
	X: '=',
};

function isControl(code: number): boolean {
	return code < 0x20 || code === 0x7f;
}

/** One C0 control character (or DEL) as a key; `meta` when it came after an ESC. */
function controlKey(char: string, sequence: string, meta: boolean): KeyPress {
	const code = char.charCodeAt(0);
	const alt = {...NONE, meta};
	switch (code) {
		case 0x0d:
		case 0x0a:
			return press('return', sequence, '', alt);
		case 0x09:
			return press('tab', sequence, '', alt);
		case 0x08:
		case 0x7f:
			return press('backspace', sequence, '', alt);
		case 0x1b:
			return press('escape', sequence, '', alt);
		case 0x00:
			return press('char', sequence, ' ', {...alt, ctrl: true});
		default: {
			// 0x01–0x1A are Ctrl+A…Z; 0x1C–0x1F are Ctrl+\ ] ^ _.
			const letter = code <= 0x1a ? String.fromCharCode(code + 0x60) : String.fromCharCode(code + 0x40);
			return press('char', sequence, letter, {...alt, ctrl: true});
		}
	}
}

/** Where a CSI sequence starting at `start` (at the `[`) ends: the index after its final byte, or -1 if it has none. */
function csiEnd(data: string, start: number): number {
	let index = start + 1;
	// The Linux console's `ESC [ [ A` has a second `[` where parameters would be.
	if (data[index] === '[') {
		const final = data.charCodeAt(index + 1);
		return final >= 0x40 && final <= 0x7e ? index + 2 : -1;
	}
	for (; index < data.length; index++) {
		const code = data.charCodeAt(index);
		// rxvt ends shifted editing keys with `$`, which is an intermediate byte in the grammar.
		if (code === 0x24 && /^\d+$/.test(data.slice(start + 1, index))) {
			const after = data.charCodeAt(index + 1);
			if (Number.isNaN(after) || after < 0x20 || after > 0x7e) return index + 1;
		}
		if (code >= 0x20 && code <= 0x3f) continue;
		return code >= 0x40 && code <= 0x7e ? index + 1 : -1;
	}
	return -1;
}

function parseParameters(text: string): number[] | undefined {
	if (!/^[\d;:]*$/.test(text)) return undefined;
	return text.split(';').map(part => (part === '' ? Number.NaN : Number(part.split(':')[0])));
}

/** A complete CSI sequence (`ESC [ … final`) as a key; `alt` when an extra ESC came first. */
function csiKey(sequence: string, body: string, alt: boolean): KeyPress {
	const unknown = press('unknown', sequence);
	if (body.startsWith('[')) {
		const name = LINUX_F_KEYS[body[1]!];
		return name ? press(name, sequence, '', {...NONE, meta: alt}) : unknown;
	}
	const final = body.at(-1)!;
	const parameters = parseParameters(body.slice(0, -1));
	if (!parameters) return unknown;
	const [first, second] = parameters;
	const withAlt = (m: Modifiers): Modifiers => ({...m, meta: m.meta || alt});
	if (final === '~' || final === '$' || final === '^' || final === '@') {
		const name = first === undefined ? undefined : TILDE_KEYS[first];
		if (!name) return unknown;
		const modifiers = xtermModifiers(second);
		if (final === '$' || final === '@') modifiers.shift = true;
		if (final === '^' || final === '@') modifiers.ctrl = true;
		return press(name, sequence, '', withAlt(modifiers));
	}
	if (final === 'Z' && parameters.length <= 2) return press('tab', sequence, '', withAlt({...xtermModifiers(second), shift: true}));
	if (final === 'I' && body === 'I') return press('focus-in', sequence);
	if (final === 'O' && body === 'O') return press('focus-out', sequence);
	if (final === 'u' && first !== undefined && Number.isInteger(first)) return kittyKey(sequence, first, second, alt);
	const letter = LETTER_KEYS[final] ?? RXVT_ARROWS[final];
	// `ESC [ X` or `ESC [ 1 ; m X`; any other first parameter is not a key.
	if (!letter || !(Number.isNaN(first!) || first === 1) || parameters.length > 2) return unknown;
	const modifiers = xtermModifiers(second);
	if (RXVT_ARROWS[final]) modifiers.shift = true;
	return press(letter, sequence, '', withAlt(modifiers));
}

/** The kitty keyboard protocol's `ESC [ codepoint ; modifiers u`, for terminals that send it unasked. */
function kittyKey(sequence: string, codepoint: number, modifier: number | undefined, alt: boolean): KeyPress {
	const modifiers = xtermModifiers(modifier);
	modifiers.meta ||= alt;
	switch (codepoint) {
		case 13:
			return press('return', sequence, '', modifiers);
		case 9:
			return press('tab', sequence, '', modifiers);
		case 27:
			return press('escape', sequence, '', modifiers);
		case 8:
		case 127:
			return press('backspace', sequence, '', modifiers);
		default:
			break;
	}
	const valid = codepoint >= 0x20 && codepoint <= 0x10ffff && !(codepoint >= 0xd800 && codepoint <= 0xdfff) && codepoint !== 0x7f;
	if (!valid || (codepoint >= 0xe000 && codepoint <= 0xf8ff)) return press('unknown', sequence);
	const char = String.fromCodePoint(codepoint);
	return press('char', sequence, modifiers.ctrl ? char.toLowerCase() : char, modifiers);
}

/** `ESC O …`: SS3, what xterm sends for F1–F4 and, in application mode, arrows and the keypad. */
function ss3Key(sequence: string, body: string, alt: boolean): KeyPress {
	const final = body.at(-1)!;
	// Some terminals put the modifier between O and the letter: `ESC O 5 P`.
	const parameter = body.length > 1 ? Number(body.slice(0, -1).split(';').at(-1)) : undefined;
	const modifiers = xtermModifiers(parameter);
	modifiers.meta ||= alt;
	if (final === 'M' && body.length === 1) return press('return', sequence, '', modifiers);
	const keypad = KEYPAD_TEXT[final];
	if (keypad && body.length === 1) return press('char', sequence, keypad, modifiers);
	const name = LETTER_KEYS[final] ?? RXVT_ARROWS[final];
	if (!name) return press('unknown', sequence);
	if (RXVT_ARROWS[final]) modifiers.ctrl = true;
	return press(name, sequence, '', modifiers);
}

/** Where an SS3 sequence starting at `start` (at the `O`) ends, or -1. */
function ss3End(data: string, start: number): number {
	for (let index = start + 1; index < data.length; index++) {
		const code = data.charCodeAt(index);
		if ((code >= 0x30 && code <= 0x39) || code === 0x3b) continue;
		return code >= 0x40 && code <= 0x7e ? index + 1 : -1;
	}
	return -1;
}

/**
 * Reads an escape sequence at `index` (an ESC). Returns the key and where the next one starts.
 * An ESC that starts nothing known is Alt with the next character, or Escape on its own.
 */
function escapeAt(data: string, index: number): {press: KeyPress; next: number} {
	let start = index + 1;
	let alt = false;
	// ESC ESC [ A: Alt+Up on terminals that prefix Alt with ESC.
	if (data[start] === ESC && (data[start + 1] === '[' || data[start + 1] === 'O')) {
		alt = true;
		start++;
	}
	const introducer = data[start];
	if (introducer === '[') {
		const end = csiEnd(data, start);
		if (end !== -1) {
			const sequence = data.slice(index, end);
			return {press: csiKey(sequence, data.slice(start + 1, end), alt), next: end};
		}
	} else if (introducer === 'O') {
		const end = ss3End(data, start);
		if (end !== -1) {
			const sequence = data.slice(index, end);
			return {press: ss3Key(sequence, data.slice(start + 1, end), alt), next: end};
		}
	}
	if (alt) return {press: press('escape', data.slice(index, index + 1)), next: index + 1};
	const code = data.codePointAt(index + 1);
	if (code === undefined) return {press: press('escape', ESC), next: index + 1};
	const char = String.fromCodePoint(code);
	const next = index + 1 + char.length;
	const sequence = data.slice(index, next);
	if (code === 0x1b) return {press: press('escape', sequence, '', {...NONE, meta: true}), next};
	if (isControl(code)) return {press: controlKey(char, sequence, true), next};
	const shift = char !== char.toLowerCase();
	return {press: press('char', sequence, char, {ctrl: false, meta: true, shift}), next};
}

/**
 * Splits what a terminal sent (one read, or one of Ink's input events) into key presses, in
 * order: runs of text stay together (a paste is one press), every control character and
 * escape sequence is a press of its own, and CR LF is one Enter.
 */
export function parseKeys(data: string): KeyPress[] {
	const presses: KeyPress[] = [];
	let index = 0;
	while (index < data.length) {
		const code = data.charCodeAt(index);
		if (code === 0x1b) {
			const {press: parsed, next} = escapeAt(data, index);
			presses.push(parsed);
			index = next;
		} else if (isControl(code)) {
			const crlf = code === 0x0d && data.charCodeAt(index + 1) === 0x0a;
			const length = crlf ? 2 : 1;
			presses.push(controlKey(data[index]!, data.slice(index, index + length), false));
			index += length;
		} else {
			let end = index + 1;
			while (end < data.length && !isControl(data.charCodeAt(end))) end++;
			const text = data.slice(index, end);
			presses.push(press('char', text, text, {...NONE, shift: text.length === 1 && text !== text.toLowerCase()}));
			index = end;
		}
	}
	return presses;
}

/** Keys Ink's own `useInput` reads without tripping over (it throws on some it does not know). */
const INK_SAFE_KEYS: ReadonlySet<KeyName> = new Set([
	'return',
	'tab',
	'backspace',
	'delete',
	'insert',
	'escape',
	'up',
	'down',
	'left',
	'right',
	'home',
	'end',
	'pageup',
	'pagedown',
]);

/**
 * Whether one of Ink's input events may be passed to Ink's `useInput` (which ink-text-input
 * uses): text and control characters always, an escape sequence only when it is a key Ink
 * knows. Ink 6.8 throws on Ctrl+F1…F4 and other sequences it has no name for.
 */
export function safeForInk(data: string): boolean {
	if (!data.includes(ESC)) return true;
	const presses = parseKeys(data);
	return presses.every(({key, input}) => {
		if (!key.sequence.startsWith(ESC)) return true;
		// Ink has no name for the keypad's Enter (ESC O M) and would type its letters.
		if (key.name === 'return') return key.sequence === '\u001B\r';
		if (INK_SAFE_KEYS.has(key.name)) return true;
		// Alt with a printable character (or a stray ESC before one in a paste).
		return key.name === 'char' && key.meta && !key.ctrl && key.sequence.length <= 3 && input.length > 0;
	});
}
