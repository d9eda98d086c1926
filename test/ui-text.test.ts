import stringWidth from 'string-width';
import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import {formatTime} from '../source/ui/format-time.js';
import {NICK_COLOURS, nickColour} from '../source/ui/nick-colour.js';
import {fitWidth, padToWidth, wrapText} from '../source/ui/wrap-text.js';

process.env.TZ = 'UTC';

describe('wrapText', () => {
	test('wraps at word boundaries and hard-wraps long words', () => {
		expect(wrapText('hello world this is a verylongwordthatgoesonandon end', 10)).toEqual([
			'hello',
			'world this',
			'is a',
			'verylongwo',
			'rdthatgoes',
			'onandon',
			'end',
		]);
	});

	test('keeps newlines as line breaks, and empty lines', () => {
		expect(wrapText('one\n\ntwo', 20)).toEqual(['one', '', 'two']);
		// A pasted line keeps its indentation, on each of its rows.
		expect(wrapText('build:\n  ok   core\n\tFAIL server and a long reason', 20)).toEqual([
			'build:',
			'  ok   core',
			'    FAIL server and',
			'    a long reason',
		]);
	});

	test('counts wide characters as two columns', () => {
		expect(wrapText('日本語のテキスト', 6)).toEqual(['日本語', 'のテキ', 'スト']);
	});

	test('never returns a line wider than asked, nor nothing', () => {
		fc.assert(
			fc.property(fc.string({maxLength: 200, unit: 'grapheme'}), fc.integer({min: 1, max: 40}), (text, width) => {
				const lines = wrapText(text, width);
				expect(lines.length).toBeGreaterThan(0);
				for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(width);
			}),
		);
	});

	test('fitWidth and padToWidth', () => {
		expect(fitWidth('abcdef', 3)).toBe('abc');
		expect(fitWidth('日本', 3)).toBe('日');
		expect(padToWidth('ab', 4)).toBe('ab  ');
		expect(padToWidth('abcdef', 4)).toBe('abcd');
	});
});

describe('nickColour', () => {
	test('the same name always gets the same colour, whatever its case', () => {
		expect(nickColour('alice')).toBe(nickColour('alice'));
		expect(nickColour('Alice')).toBe(nickColour('alice'));
		expect(NICK_COLOURS).toContain(nickColour('bob'));
	});

	test('names spread over the palette', () => {
		const used = new Set(Array.from({length: 200}, (_, i) => nickColour(`user${i}`)));
		expect(used.size).toBeGreaterThan(NICK_COLOURS.length / 2);
	});
});

describe('formatTime', () => {
	test('HH:MM', () => {
		expect(formatTime(Date.UTC(2025, 10, 25, 14, 2, 59))).toBe('14:02');
		expect(formatTime(Date.UTC(2025, 10, 25, 3, 9))).toBe('03:09');
	});
});
