import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import {parseKeys, safeForInk, type KeyPress} from '../source/ui/parse-keys.js';
import {ALL_KEY_SEQUENCES, F_KEYS, MODIFIED_F_KEYS} from './helpers/terminal-keys.js';
// Ink's own reading of keys, to check what safeForInk lets through (not in Ink's exports map).
import parseKeypress, {nonAlphanumericKeys} from '../node_modules/ink/build/parse-keypress.js';
import {createInputParser} from '../node_modules/ink/build/input-parser.js';

/** The part of Ink 6.8's useInput that computes `input`, where it throws on keys it has no name for. */
function inkUseInput(data: string): string {
	const keypress = parseKeypress(data);
	let input: string;
	if (keypress.isKittyProtocol) {
		input = keypress.isPrintable ? (keypress.text ?? keypress.name) : keypress.ctrl && keypress.name.length === 1 ? keypress.name : '';
	} else if (keypress.ctrl) input = keypress.name;
	else input = keypress.sequence;
	if (!keypress.isKittyProtocol && nonAlphanumericKeys.includes(keypress.name)) input = '';
	if (input.startsWith('\u001B')) input = input.slice(1);
	return input;
}

/** Ink's split of one read into input events. */
function inkEvents(data: string): string[] {
	const parser = createInputParser();
	const events = parser.push(data);
	const pending = parser.flushPendingEscape();
	return pending ? [...events, pending] : events;
}

const summary = ({input, key}: KeyPress) => {
	const mods = `${key.ctrl ? 'C-' : ''}${key.meta ? 'M-' : ''}${key.shift ? 'S-' : ''}`;
	return key.name === 'char' ? `${mods}${JSON.stringify(input)}` : `${mods}${key.name}`;
};
const keys = (data: string) => parseKeys(data).map(summary);

describe('parseKeys', () => {
	test('text stays one press; controls and sequences are presses of their own, in order', () => {
		expect(keys('hello')).toEqual(['"hello"']);
		expect(keys('abc\r')).toEqual(['"abc"', 'return']);
		expect(keys('one\r\ntwo\n')).toEqual(['"one"', 'return', '"two"', 'return']);
		expect(keys('ab\u007F\u007F\bc')).toEqual(['"ab"', 'backspace', 'backspace', 'backspace', '"c"']);
		expect(keys('a\tb')).toEqual(['"a"', 'tab', '"b"']);
		expect(keys('x\u001B[Ay')).toEqual(['"x"', 'up', '"y"']);
		expect(keys('好的\r')).toEqual(['"好的"', 'return']);
		expect(keys('😀\u001B[D')).toEqual(['"😀"', 'left']);
	});

	test('Ctrl letters, Ctrl symbols and Ctrl+Space', () => {
		expect(keys('\u0001\u0003\u0017\u001A')).toEqual(['C-"a"', 'C-"c"', 'C-"w"', 'C-"z"']);
		expect(keys('\u001C\u001D\u001E\u001F')).toEqual(['C-"\\\\"', 'C-"]"', 'C-"^"', 'C-"_"']);
		expect(keys('\u0000')).toEqual(['C-" "']);
		// Tab, Enter and Backspace keep their own names.
		expect(keys('\t\r\b')).toEqual(['tab', 'return', 'backspace']);
	});

	test('Alt letters, lone ESC, ESC ESC, ESC in text', () => {
		expect(keys('\u001Bx')).toEqual(['M-"x"']);
		expect(keys('\u001BX')).toEqual(['M-S-"X"']);
		expect(keys('\u001B')).toEqual(['escape']);
		expect(keys('\u001B\u001B')).toEqual(['M-escape']);
		expect(keys('\u001B\u0003')).toEqual(['C-M-"c"']);
		expect(keys('\u001B\r')).toEqual(['M-return']);
		expect(keys('hi\u001Bthere')).toEqual(['"hi"', 'M-"t"', '"here"']);
		expect(keys('\u001B好')).toEqual(['M-"好"']);
		expect(keys('end\u001B')).toEqual(['"end"', 'escape']);
	});

	test('arrows, editing keys and their modifiers in xterm, rxvt and the Linux console', () => {
		expect(keys('\u001B[A\u001B[B\u001B[C\u001B[D')).toEqual(['up', 'down', 'right', 'left']);
		expect(keys('\u001BOA\u001BOH\u001BOF')).toEqual(['up', 'home', 'end']);
		expect(keys('\u001B[1;5A\u001B[1;3D\u001B[1;2H')).toEqual(['C-up', 'M-left', 'S-home']);
		expect(keys('\u001B[5~\u001B[6~\u001B[3~\u001B[2~\u001B[1~\u001B[4~')).toEqual([
			'pageup',
			'pagedown',
			'delete',
			'insert',
			'home',
			'end',
		]);
		expect(keys('\u001B[5;5~\u001B[3;2~')).toEqual(['C-pageup', 'S-delete']);
		expect(keys('\u001B[a\u001BOd\u001B[5^\u001B[3$\u001B[7@')).toEqual(['S-up', 'C-left', 'C-pageup', 'S-delete', 'C-S-home']);
		expect(keys('\u001B[Z')).toEqual(['S-tab']);
		expect(keys('\u001B\u001B[A')).toEqual(['M-up']);
		expect(keys('\u001B[[A\u001B[[E')).toEqual(['f1', 'f5']);
	});

	test('every F-key with every modifier, as xterm sends them', () => {
		expect(F_KEYS.map(([, sequence]) => keys(sequence)[0])).toEqual(F_KEYS.map(([name]) => name));
		for (const {name, modifier, sequence} of MODIFIED_F_KEYS) {
			const parsed = parseKeys(sequence);
			expect(parsed).toHaveLength(1);
			const {key} = parsed[0]!;
			const bits = modifier - 1;
			expect({name: key.name, shift: key.shift, meta: key.meta, ctrl: key.ctrl}).toEqual({
				name,
				shift: (bits & 1) !== 0,
				meta: (bits & 2) !== 0,
				ctrl: (bits & 4) !== 0,
			});
		}
		expect(keys('\u001B[1;5P\u001BO5Q')).toEqual(['C-f1', 'C-f2']);
	});

	test('keypad in application mode, kitty keys, focus reports, paste brackets', () => {
		expect(keys('\u001BOM\u001BOq\u001BOk')).toEqual(['return', '"1"', '"+"']);
		expect(keys('\u001B[97;5u\u001B[13u\u001B[97u')).toEqual(['C-"a"', 'return', '"a"']);
		expect(keys('\u001B[I\u001B[O')).toEqual(['focus-in', 'focus-out']);
		expect(keys('\u001B[200~pasted\u001B[201~')).toEqual(['paste-start', '"pasted"', 'paste-end']);
	});

	test('sequences nobody knows are one unknown press each, never an error', () => {
		expect(keys('\u001B[99;5X')).toEqual(['unknown']);
		expect(keys('\u001B[<0;10;5M')).toEqual(['unknown']);
		expect(keys('\u001B[9;5A')).toEqual(['unknown']);
		expect(keys('\u001B[1114112u')).toEqual(['unknown']);
		expect(keys('\u001B[55296u')).toEqual(['unknown']);
		// Unfinished: ESC [ is Alt+[ and what follows is typed.
		expect(keys('\u001B[1;')).toEqual(['M-"["', '"1;"']);
	});

	test('property: any string parses, and the presses put back together are the string', () => {
		fc.assert(
			fc.property(fc.string({unit: 'binary', maxLength: 64}), data => {
				const presses = parseKeys(data);
				expect(presses.map(p => p.key.sequence).join('')).toBe(data);
				for (const {input, key} of presses) {
					expect(typeof input).toBe('string');
					expect(key.name).toMatch(/^[a-z][a-z0-9-]*$/);
				}
			}),
			{numRuns: 2000, seed: 20_240_609},
		);
	});
});

describe('safeForInk', () => {
	test("Ink's useInput throws on Ctrl+F1…F4, which safeForInk holds back", () => {
		expect(() => inkUseInput('\u001B[1;5P')).toThrow();
		for (const sequence of ['\u001B[1;5P', '\u001B[1;5Q', '\u001B[1;6R', '\u001B[1;8S']) expect(safeForInk(sequence)).toBe(false);
		for (const sequence of ['abc', 'a\r', '\u001B[A', '\u001B[1;5C', '\u001B', '\u001Bx', '\u001B[Z', '\u001B[3~', '\u0003'])
			expect(safeForInk(sequence)).toBe(true);
	});

	test('every terminal key, and any random read: what safeForInk lets through, Ink reads without throwing', () => {
		for (const sequence of ALL_KEY_SEQUENCES) {
			for (const event of inkEvents(sequence)) if (safeForInk(event)) expect(() => inkUseInput(event)).not.toThrow();
		}
		fc.assert(
			fc.property(fc.string({unit: 'binary', maxLength: 48}), data => {
				for (const event of inkEvents(data)) if (safeForInk(event)) inkUseInput(event);
			}),
			{numRuns: 2000, seed: 7},
		);
	});
});
