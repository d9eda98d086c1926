import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import {confusableKeys, nameKey, nameProblem, nameTakenSentence} from '../source/protocol/names.js';

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

/** Whether the server would refuse `b` while `a` is online: either key equal. */
function clash(a: string, b: string): boolean {
	const [foldedA, writtenA] = confusableKeys(a);
	const [foldedB, writtenB] = confusableKeys(b);
	return foldedA === foldedB || writtenA === writtenB;
}

describe('confusableKeys', () => {
	test.each([
		['alice', 'а\u04C0ісе', 'Cyrillic а, capital palochka Ӏ, і с е'],
		['alice', 'а\u04CFісе', 'Cyrillic а, small palochka ӏ, і с е'],
		['paypal', 'раура\u04CF', 'Cyrillic р а у р а, small palochka'],
		['ace', 'асе', 'Cyrillic а с е'],
		['ace', 'АСЕ', 'Cyrillic capitals, against lower case'],
		['ABE', 'ΑΒΕ', 'Greek capitals'],
		['TOM', 'ТОМ', 'Cyrillic capitals'],
		['pop', 'ροр', 'Greek ρ ο, Cyrillic р (refused as mixed anyway)'],
		['alice', 'ａｌｉｃｅ', 'full width'],
		['Alice', 'ＡＬＩＣＥ', 'full width capitals'],
		['alice', 'aIice', 'a capital i for an l'],
		['bill', 'biII', 'capital i for l, twice'],
		['alice', 'a1ice', 'a digit one for an l'],
		['BOB', 'B0B', 'a zero for an O'],
		['bob', 'b0b', 'a zero for an o, ignoring case'],
		['mike', 'rnike', 'r and n for an m'],
		['alice', 'ALICE', 'case alone'],
		['straße', 'STRASSE', 'full case folding'],
		['ivan', 'Ⅰvan', 'the Roman numeral one'],
		['dave', '𝒹𝒶𝓋ℯ', 'mathematical letters'],
	])('%s and %s clash (%s)', (a, b) => {
		expect(clash(a, b)).toBe(true);
		expect(clash(b, a)).toBe(true);
	});

	test.each([
		['alice', 'aiice'],
		['ALICE', 'ALLCE'],
		['ALI', 'ALL'],
		['alice', 'alicia'],
		['bob', 'bob2'],
		['山田', '山本'],
		['김민준', '김민수'],
		['Zoë', 'Zoe'],
		['nina', 'niña'],
		['σ', 'ς'.repeat(2)],
	])('%s and %s stay two names', (a, b) => {
		expect(clash(a, b)).toBe(false);
	});

	test('case never makes two names', () => {
		const anyName = fc.string({unit: 'grapheme', minLength: 1, maxLength: 24});
		fc.assert(
			fc.property(anyName, name => clash(name, name.toUpperCase()) && clash(name, name.toLowerCase())),
			{numRuns: 1000},
		);
	});

	test('the case-folded key is a key: taking it of itself changes nothing', () => {
		const anyName = fc.string({unit: 'grapheme', maxLength: 24});
		fc.assert(
			fc.property(anyName, name => {
				const [folded] = confusableKeys(name);
				return confusableKeys(folded)[0] === folded;
			}),
			{numRuns: 2000},
		);
	});

	test('says whose name a clash is with', () => {
		expect(nameTakenSentence('ALICE', 'alice')).toBe('the name "ALICE" is taken');
		expect(nameTakenSentence('aIice', 'alice')).toBe('the name "aIice" looks too much like "alice", who is online');
	});
});

describe('nameProblem: one script per name (UTS #39, Highly Restrictive)', () => {
	test.each([
		['аlice', 'Cyrillic ("а") and Latin ("l")'],
		['pаypal', 'Latin ("p") and Cyrillic ("а")'],
		['Tοm', 'Latin ("T") and Greek ("ο")'],
		['Влaдимир', 'Cyrillic ("В") and Latin ("a")'],
		['アリス김', 'Katakana ("ア") and Hangul ("김")'],
		['さくらㄅ', 'Hiragana ("さ") and Bopomofo ("ㄅ")'],
		['abcสมชาย', 'Latin ("a") and Thai ("ส")'],
		['x٣', 'Latin ("x") and Arabic ("٣")'],
		['a' + 'б'.repeat(23), 'Latin ("a") and Cyrillic ("б")'],
		['Σаm', 'Greek ("Σ"), Cyrillic ("а") and Latin ("m")'],
	])('%s is refused: it mixes %s', (name, mix) => {
		expect(nameProblem(name)).toBe(`a name is written in one script, but this one mixes ${mix}`);
	});

	test.each([
		'alice',
		'Bob_42',
		'José-María',
		'Владимир',
		'Σωκράτης',
		'山田太郎',
		'田中さん',
		'トム',
		'東京タワー',
		'김민준',
		'金민준',
		'李ㄅㄆ',
		'Tomアリス',
		'Lee김',
		'王小明2024',
		'小A',
		'สมชาย',
		'नमस्ते',
		'محمد',
		'שלום',
		'Ελένη_1',
		'Зоя.99',
		'ア'.repeat(24),
		'山田さんトム'.repeat(4),
		'Ж'.repeat(23) + '1',
	])('%s keeps to one script (or an allowed combination)', name => {
		expect([...name].length).toBeLessThanOrEqual(24);
		expect(nameProblem(name)).toBeUndefined();
	});

	test('digits, "_", "-" and "." go with any script', () => {
		for (const name of ['Иван_2', 'ゆき-3', 'محمد.1', '山田_99', 'สมชาย-7']) expect(nameProblem(name)).toBeUndefined();
	});
});
