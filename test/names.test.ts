import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import {nameKey, nameProblem} from '../source/protocol/names.js';

describe('nameProblem', () => {
	test.each(['a', 'alice', 'Bob_42', 'x-y.z', '_', '...', '9', 'Zoë', '山田太郎', 'Σωκράτης', 'Владимир', 'a'.repeat(24), '日'.repeat(24)])(
		'%s is a valid name',
		name => {
			expect(nameProblem(name)).toBeUndefined();
		},
	);

	test('is 1 to 24 characters, counted in characters not bytes or UTF-16 units', () => {
		expect(nameProblem('')).toMatch(/at least one/);
		expect(nameProblem('a'.repeat(25))).toMatch(/at most 24/);
		// 24 letters outside the BMP: 48 UTF-16 units, 96 bytes, 24 characters.
		const mathLetters = '𝒜'.repeat(24);
		expect(mathLetters.length).toBe(48);
		expect(nameProblem(mathLetters)).toBeUndefined();
		expect(nameProblem('𝒜'.repeat(25))).toMatch(/at most 24/);
	});

	test.each([' alice', 'alice bob', 'al!ce', 'a@b', 'a/b', 'a:b', '#chan', '<alice>', '🎉', 'a\nb', 'a\tb', 'a\u001b[31m', 'a\u0000', 'a,b', '"a"'])(
		'%j is refused with a sentence',
		name => {
			const problem = nameProblem(name);
			expect(problem).toMatch(/letters, digits/);
		},
	);

	test('accented names typed decomposed (combining marks) are letters too', () => {
		expect(nameProblem('Zoe\u0308')).toBeUndefined();
		expect(nameProblem('नमस्ते')).toBeUndefined();
		expect(nameProblem('\u0308')).toBeDefined();
		expect(nameProblem('_\u0308')).toBeDefined();
	});

	test.each([
		['zero width space', 'al\u200Bice'],
		['zero width joiner', 'al\u200Dice'],
		['zero width non-joiner', 'al\u200Cice'],
		['word joiner', 'alice\u2060'],
		['soft hyphen', 'al\u00ADice'],
		['byte order mark', '\uFEFFalice'],
		['left-to-right mark', 'alice\u200E'],
		['right-to-left override', '\u202Ealice'],
		['combining grapheme joiner', 'alice\u034F'],
		['variation selector', 'alice\uFE0F'],
		['Mongolian vowel separator', 'alice\u180E'],
		['Khmer inherent vowel', 'alice\u17B4'],
		['tag character', 'alice\u{E0041}'],
		['Hangul filler', '\u3164'],
		['Hangul filler after a name', 'alice\u3164'],
		['Hangul choseong filler', '\u115F'],
		['Hangul jungseong filler', '\u1160'],
		['half-width Hangul filler', '\uFFA0'],
	])('refuses a %s, which draws nothing', (_what, name) => {
		expect(nameProblem(name)).toMatch(/invisible/);
	});

	test('visible Hangul is a name', () => {
		expect(nameProblem('김민준')).toBeUndefined();
		// Syllables typed as jamo (lead, vowel), as some input methods send them.
		expect(nameProblem('\u1100\u1161')).toBeUndefined();
	});
});

describe('nameKey', () => {
	test('ignores case', () => {
		expect(nameKey('Alice')).toBe(nameKey('alice'));
		expect(nameKey('ALICE')).toBe(nameKey('aLiCe'));
		expect(nameKey('ÉMILE')).toBe(nameKey('émile'));
		expect(nameKey('ΣΩΚΡΆΤΗΣ')).toBe(nameKey('σωκράτης'));
		expect(nameKey('alice')).not.toBe(nameKey('alice2'));
	});

	test('treats composed and decomposed accents as the same name', () => {
		expect(nameKey('Zoë')).toBe(nameKey('Zoe\u0308'));
	});

	test('folds case fully, not only to lower case', () => {
		expect(nameKey('STRASSE')).toBe(nameKey('straße'));
		expect(nameKey('Strasse')).toBe(nameKey('STRAẞE'));
		expect(nameKey('ς')).toBe(nameKey('σ'));
		expect(nameKey('Σ')).toBe(nameKey('ς'));
		expect(nameKey('σωκράτησ')).toBe(nameKey('ΣΩΚΡΆΤΗΣ'));
		expect(nameKey('ﬀ')).toBe(nameKey('FF'));
		expect(nameKey('ǰ')).toBe(nameKey('J\u030C'));
	});

	test('treats compatibility look-alikes as the same name', () => {
		expect(nameKey('Ａｌｉｃｅ')).toBe(nameKey('alice'));
		expect(nameKey('ﬁona')).toBe(nameKey('fiona'));
		expect(nameKey('bob²')).toBe(nameKey('bob2'));
	});

	test('keeps different names apart', () => {
		expect(nameKey('strase')).not.toBe(nameKey('straße'));
		expect(nameKey('alice')).not.toBe(nameKey('alicia'));
		expect(nameKey('σ')).not.toBe(nameKey('ο'));
	});

	test('is a key: folding it again, or changing the case first, changes nothing', () => {
		const anyName = fc.string({unit: 'grapheme', maxLength: 24});
		fc.assert(
			fc.property(anyName, name => {
				const key = nameKey(name);
				return nameKey(key) === key && nameKey(name.toUpperCase()) === key && nameKey(name.toLowerCase()) === key;
			}),
			{numRuns: 2000},
		);
	});
});
