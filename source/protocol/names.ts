import unhomoglyph from 'unhomoglyph';
import {MAX_NAME_CHARS} from './limits.js';
import {mixedScripts} from './scripts.js';

// Combining marks belong to the letter before them: Hindi, Thai or a decomposed "ë" need them,
// and a name made of marks alone (or marks stacked on punctuation) stays refused.
const NAME_PATTERN = /^(?:[\p{L}\p{N}]\p{M}*|[_.-])+$/u;

// Characters that draw nothing: with them "alice" and "al\u200Bice" would look the same on
// every screen. The Hangul fillers are letters that render blank, so the letter rule lets them
// through; they are named as well as matched by property, in case an older ICU lacks them.
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\u115F\u1160\u3164\uFFA0]/u;

/** The reason a name is refused, as a sentence, or undefined when it is valid. */
export function nameProblem(name: string): string | undefined {
	const length = [...name].length;
	if (length === 0) return 'a name needs at least one character';
	if (length > MAX_NAME_CHARS) return `a name has at most ${MAX_NAME_CHARS} characters`;
	if (INVISIBLE.test(name)) return 'a name may not hold invisible characters';
	if (!NAME_PATTERN.test(name)) return 'a name may hold only letters, digits, "_", "-" and "."';
	const mixed = mixedScripts(name);
	if (mixed !== undefined) return `a name is written in one script, but this one mixes ${mixed}`;
	return undefined;
}

/**
 * The same name in another case: two names the server sent are one person when their keys
 * are equal (clients compare names with it).
 * NFKC first, so that look-alikes such as "ﬁ" and "fi" or full-width "Ａ" and "A" are one name;
 * then through upper case and back, a cheap full case folding ("STRASSE" and "straße", "ς" and
 * "σ" clash, which lower-casing alone misses) — lowered once first because capital "ẞ" is its
 * own upper case and only its lower case "ß" becomes "SS"; then NFKC again, since changing
 * case can leave a decomposed accent behind.
 */
export function nameKey(name: string): string {
	return name.normalize('NFKC').toLowerCase().toUpperCase().toLowerCase().normalize('NFKC');
}

/**
 * The UTS #39 skeleton: NFD, every character replaced by its prototype in Unicode's
 * confusables.txt (the data of the unhomoglyph package), NFD again. Two strings with one
 * skeleton look alike: "аӏісе" (Cyrillic) and "alice", "rn" and "m", "0" and "O", "I" and "l".
 */
function skeleton(text: string): string {
	return unhomoglyph(text.normalize('NFD').replace(PALOCHKA, 'l')).normalize('NFD');
}

/**
 * Cyrillic palochka (Ӏ, ӏ) is a bare vertical stroke: confusables.txt maps the small one to "i",
 * yet it stands for "l" in "аӏісе" as well as the capital does. Both are taken as "l".
 */
const PALOCHKA = /[\u04C0\u04CF]/gu;

/** Case folded and skeleton taken, until neither changes anything (it takes one or two rounds). */
function settle(folded: string): string {
	let key = folded;
	for (let round = 0; round < 4; round++) {
		const next = nameKey(skeleton(key));
		if (next === key) break;
		key = next;
	}
	return key;
}

/**
 * The keys under which the server holds a name; two names clash when either key is equal.
 * A skeleton is case-sensitive, as glyphs are ("I" looks like "l", "i" does not), and no one
 * key can both ignore case and see that: "ALICE" is "alice", "aIice" looks like "alice", yet
 * "alice" and "aiice" must stay two names. Hence two: the skeleton of the case-folded name,
 * which ignores case ("АСЕ" in Cyrillic capitals clashes with "ace"), and the skeleton of the
 * name as written, after NFKC ("aIice" with a capital i clashes with "alice").
 */
export function confusableKeys(name: string): readonly [folded: string, asWritten: string] {
	return [settle(nameKey(name)), skeleton(name.normalize('NFKC'))];
}

/** Why a name is taken: by the same name in another case, or by one that looks like it. */
export function nameTakenSentence(wanted: string, holder: string): string {
	return nameKey(wanted) === nameKey(holder)
		? `the name "${wanted}" is taken`
		: `the name "${wanted}" looks too much like "${holder}", who is online`;
}
