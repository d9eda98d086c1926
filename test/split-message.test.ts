import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import {MAX_TEXT_CHARS} from '../source/protocol/limits.js';
import {wellFormed} from '../source/protocol/sanitise.js';
import {splitMessage} from '../source/ui/split-message.js';

const chars = (text: string) => [...text].length;

describe('splitMessage', () => {
	test('a text that fits is one message, line breaks and all (at the limit exactly too)', () => {
		expect(splitMessage('one\ntwo\n\tthree')).toEqual(['one\ntwo\n\tthree']);
		const edge = 'x'.repeat(MAX_TEXT_CHARS);
		expect(splitMessage(edge)).toEqual([edge]);
		const wide = '字'.repeat(MAX_TEXT_CHARS);
		expect(splitMessage(wide)).toEqual([wide]);
	});

	test('whole lines are packed up to the limit, in order', () => {
		const lines = Array.from({length: 30}, (_, i) => `line ${String(i).padStart(2, '0')} ${'x'.repeat(90)}`);
		const parts = splitMessage(lines.join('\n'));
		expect(parts.length).toBe(2);
		expect(parts.join('\n')).toBe(lines.join('\n'));
		for (const part of parts) expect(chars(part)).toBeLessThanOrEqual(MAX_TEXT_CHARS);
		expect(parts[0]!.split('\n').length).toBeGreaterThan(15);
	});

	test('a line longer than the limit is cut, after a space when one is near the end', () => {
		const words = Array.from({length: 600}, (_, i) => `w${i}`).join(' ');
		const parts = splitMessage(words);
		expect(parts.length).toBeGreaterThan(1);
		expect(parts.join('')).toBe(words);
		for (const part of parts.slice(0, -1)) expect(part.endsWith(' ')).toBe(true);
		const solid = '中'.repeat(4500);
		expect(splitMessage(solid).map(chars)).toEqual([2000, 2000, 500]);
	});

	test('emoji count as one character each and are never cut in half', () => {
		const parts = splitMessage('😀'.repeat(2500));
		expect(parts.map(chars)).toEqual([2000, 500]);
		for (const part of parts) expect(wellFormed(part)).toBe(part);
	});

	test('parts of white space only are left out: the server refuses them', () => {
		const text = `${'a'.repeat(1999)}\n${' '.repeat(10)}\n${'\n'.repeat(5)}b`;
		expect(splitMessage(text).every(part => part.trim().length > 0)).toBe(true);
	});

	test('any text: every part fits, none is blank, and the non-blank lines come back in order', () => {
		fc.assert(
			fc.property(fc.array(fc.string({unit: 'grapheme', maxLength: 700}), {maxLength: 12}), lines => {
				const text = lines.join('\n');
				const parts = splitMessage(text);
				for (const part of parts) {
					expect(chars(part)).toBeLessThanOrEqual(MAX_TEXT_CHARS);
					if (chars(text) > MAX_TEXT_CHARS) expect(part.trim().length).toBeGreaterThan(0);
				}
				const visible = (s: string) => s.replace(/\s+/g, '');
				expect(visible(parts.join(''))).toBe(visible(text));
			}),
			{numRuns: 200},
		);
	});
});
