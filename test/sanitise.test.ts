import {describe, expect, test} from 'vitest';
import {sanitiseName, sanitiseText} from '../source/protocol/sanitise.js';

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
