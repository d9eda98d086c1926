import {MAX_NAME_CHARS} from './limits.js';

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
	return undefined;
}

/**
 * Names are unique ignoring case: two names clash when their keys are equal.
 * NFKC first, so that look-alikes such as "ﬁ" and "fi" or full-width "Ａ" and "A" are one name;
 * then through upper case and back, a cheap full case folding ("STRASSE" and "straße", "ς" and
 * "σ" clash, which lower-casing alone misses) — lowered once first because capital "ẞ" is its
 * own upper case and only its lower case "ß" becomes "SS"; then NFKC again, since changing
 * case can leave a decomposed accent behind.
 */
export function nameKey(name: string): string {
	return name.normalize('NFKC').toLowerCase().toUpperCase().toLowerCase().normalize('NFKC');
}
