import {describe, expect, test} from 'vitest';
import {oneLineReason, sanitiseEvent, sanitiseName, sanitiseText} from '../source/protocol/sanitise.js';

const range = (from: number, to: number): string[] =>
	Array.from({length: to - from + 1}, (_, i) => String.fromCodePoint(from + i));

const c0 = range(0x00, 0x1f);
const c1 = range(0x80, 0x9f);
const del = '\u007F';

describe('sanitiseText', () => {
	test('removes every C0 control but newline and tab', () => {
		for (const char of c0) {
			const expected = char === '\n' || char === '\t' ? `a${char}b` : 'ab';
			expect(sanitiseText(`a${char}b`), `U+${char.codePointAt(0)!.toString(16)}`).toBe(expected);
		}
	});

	test('removes DEL and every C1 control', () => {
		expect(sanitiseText(`a${del}b`)).toBe('ab');
		for (const char of c1) expect(sanitiseText(`a${char}b`)).toBe('ab');
		expect(sanitiseText([...c0, del, ...c1].join(''))).toBe('\t\n');
	});

	test('neutralises escape sequences: no ESC or CSI byte survives', () => {
		const attacks = [
			'\u001b[2J\u001b[H', // clear the screen, cursor home
			'\u001b[31mred\u001b[0m',
			'\u001b]0;owned\u0007', // set the window title (OSC … BEL)
			'\u001b]52;c;ZXZpbA==\u001b\\', // write the clipboard (OSC 52 … ST)
			'\u009b2J', // 8-bit CSI
			'\u009d0;title\u009c', // 8-bit OSC … ST
			'\u001bP+q\u001b\\', // DCS
			'a\rb', // carriage return overwrite
			'a\bb', // backspace
		];
		for (const attack of attacks) {
			const clean = sanitiseText(attack);
			expect(clean).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
		}
		expect(sanitiseText('\u001b[31mred\u001b[0m')).toBe('[31mred[0m');
		expect(sanitiseText('\u001b]0;owned\u0007')).toBe(']0;owned');
	});

	test('keeps ordinary Unicode, newlines and tabs', () => {
		const samples = [
			'hello, world!',
			'naïve café — déjà vu, ñandú, Ærøskøbing',
			'日本語のテキスト、中文，한국어',
			'🎉👍🏽👩‍👩‍👧‍👦🇫🇷',
			'line one\nline two\ttabbed',
			'Ελληνικά, русский, עברית, العربية',
			'\u00A0non-breaking and \u00AD soft hyphen',
		];
		for (const sample of samples) expect(sanitiseText(sample)).toBe(sample);
	});
});

describe('sanitiseName', () => {
	test('removes every control, newline and tab included', () => {
		for (const char of [...c0, del, ...c1]) expect(sanitiseName(`a${char}b`)).toBe('ab');
		expect(sanitiseName('ali\nce\t')).toBe('alice');
	});

	test('keeps letters of any script', () => {
		for (const name of ['alice', 'Zoë', '山田', 'José_M.', 'Σωκράτης', '🎉']) expect(sanitiseName(name)).toBe(name);
	});
});

const bidiControls = [...range(0x202a, 0x202e), ...range(0x2066, 0x2069)];
const bidiMarks = ['\u200E', '\u200F', '\u061C'];

describe('bidi controls', () => {
	test('every embedding, override and isolate goes from texts, names and reasons', () => {
		for (const char of bidiControls) {
			const hex = `U+${char.codePointAt(0)!.toString(16)}`;
			expect(sanitiseText(`a${char}b`), hex).toBe('ab');
			expect(sanitiseName(`a${char}b`), hex).toBe('ab');
			expect(oneLineReason(`a${char}b`), hex).toBe('ab');
		}
	});

	test('a "Trojan Source" line reads as it was written', () => {
		// A bidi terminal would draw everything after each control reordered, up to the line's end.
		const attack = 'see \u202Etxt.exe\u202C and \u2067evil\u2069 \u202Dx\u202A y\u202B z';
		expect(sanitiseText(attack)).toBe('see txt.exe and evil x y z');
	});

	test('the marks (LRM, RLM, ALM) stay in texts, where Arabic and Hebrew need them, and leave names', () => {
		const hebrew = 'מחיר: 100\u200F ₪';
		expect(sanitiseText(hebrew)).toBe(hebrew);
		for (const mark of bidiMarks) {
			expect(sanitiseText(`a${mark}b`)).toBe(`a${mark}b`);
			expect(sanitiseName(`a${mark}b`)).toBe('ab');
		}
	});

	test('right-to-left text itself is untouched', () => {
		for (const text of ['שלום עולם', 'مرحبا بالعالم', 'English then עברית then English']) expect(sanitiseText(text)).toBe(text);
	});
});

describe('lone surrogates', () => {
	test('become U+FFFD; pairs stay', () => {
		expect(sanitiseText('x\uD800')).toBe('x\uFFFD');
		expect(sanitiseText('\uDC00x')).toBe('\uFFFDx');
		expect(sanitiseName('bob\uDBFF')).toBe('bob\uFFFD');
		expect(sanitiseText('\uD83D\uDE00 😀')).toBe('😀 😀');
		expect(Buffer.from(sanitiseText('x\uD800'), 'utf8').toString('hex')).toBe('78efbfbd');
	});
});

describe('sanitiseEvent', () => {
	test('cleans every string of a stored event', () => {
		expect(sanitiseEvent({type: 'msg', room: '#general', seq: 1, ts: 2, from: 'al\u202Eice', text: 'x\uD800\u001b[2J'})).toEqual({
			type: 'msg',
			room: '#general',
			seq: 1,
			ts: 2,
			from: 'alice',
			text: 'x\uFFFD[2J',
		});
		expect(sanitiseEvent({type: 'leave', room: '#general', seq: 1, ts: 2, name: 'bob', reason: 'quit', text: 'bye\n\u2066now'})).toMatchObject({
			text: 'bye now',
		});
		expect(sanitiseEvent({type: 'nick', room: '#general', seq: 1, ts: 2, from: 'a\u0007', to: 'b\u202D'})).toMatchObject({from: 'a', to: 'b'});
		expect(sanitiseEvent({type: 'join', room: '#general', seq: 1, ts: 2, name: '\u009bbob'})).toMatchObject({name: 'bob'});
	});
});
