import {describe, expect, test} from 'vitest';
import {MAX_TEXT_CHARS} from '../source/protocol/limits.js';
import {checkText} from '../source/protocol/text.js';

describe('checkText', () => {
	test.each([[''], [' '], ['   \t  '], ['\n\n'], [' \r\n '], ['\u0000\u001b\u0007'], ['\u001b \u009b']])(
		'%j is text_empty',
		raw => {
			expect(checkText(raw)).toMatchObject({ok: false, code: 'text_empty'});
		},
	);

	test('2000 characters pass, 2001 are text_too_long', () => {
		expect(MAX_TEXT_CHARS).toBe(2000);
		expect(checkText('a'.repeat(2000))).toEqual({ok: true, text: 'a'.repeat(2000)});
		expect(checkText('a'.repeat(2001))).toMatchObject({ok: false, code: 'text_too_long'});
	});

	test('length is counted in characters, not UTF-16 units or bytes', () => {
		const emoji = '🎉'.repeat(2000);
		expect(emoji.length).toBe(4000);
		expect(checkText(emoji)).toEqual({ok: true, text: emoji});
		expect(checkText(emoji + '🎉')).toMatchObject({ok: false, code: 'text_too_long'});
	});

	test('length is counted after sanitising', () => {
		const padded = '\u001b'.repeat(500) + 'b'.repeat(2000);
		expect(checkText(padded)).toEqual({ok: true, text: 'b'.repeat(2000)});
	});

	test('the sanitised text is returned, newlines and tabs kept', () => {
		expect(checkText('\u001b[2Jhello\n\tworld\u0007')).toEqual({ok: true, text: '[2Jhello\n\tworld'});
	});

	test('errors carry a sentence', () => {
		const result = checkText('');
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.message).toMatch(/empty/);
	});
});
