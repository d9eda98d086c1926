import propertyValues from 'unicode-match-property-value-ecmascript/data/mappings.js';

/**
 * Which writing systems a name mixes, after UTS #39 §5.2 "Highly Restrictive": a name is
 * written in one script — characters of Common and Inherited (digits, `_ - .`, combining
 * marks shared by many scripts) go with any — where a character counts for every script of
 * its Script_Extensions, and Han counts as Japanese, Korean and Chinese writing, so that
 * Han with Hiragana and Katakana, Han with Hangul and Han with Bopomofo are one script each.
 * Latin may join any of those three. Everything else that mixes scripts is refused: it is
 * how "аlice" (with a Cyrillic "а") passes for "alice".
 *
 * The character data is the regular-expression engine's own (ICU); the list of script
 * names comes from a package kept in step with the Unicode versions that engines support.
 */

const NEUTRAL = String.raw`\p{scx=Zyyy}\p{scx=Zinh}`;

/** Every character in Common or Inherited only: nothing to mix. */
const ONLY_NEUTRAL = new RegExp(`^[${NEUTRAL}]*$`, 'u');
const FIRST_WITH_SCRIPT = new RegExp(`[^${NEUTRAL}]`, 'u');

const anyOf = (scripts: string[]): string => scripts.map(script => `\\p{scx=${script}}`).join('');

/** The Highly Restrictive combinations; they hold Latin alone and Japanese, Korean or Chinese writing alone too. */
const COMBINATIONS = [
	['Latn', 'Hani', 'Hira', 'Kana'],
	['Latn', 'Hani', 'Hang'],
	['Latn', 'Hani', 'Bopo'],
].map(scripts => new RegExp(`^[${NEUTRAL}${anyOf(scripts)}]*$`, 'u'));

type Script = {name: string; has: RegExp; covers: RegExp; named?: RegExp};

let scripts: Script[] | undefined;

/** One entry per script this engine knows, built on first need (most names are ASCII). */
function allScripts(): Script[] {
	if (scripts) return scripts;
	scripts = [];
	for (const name of new Set(propertyValues.get('Script_Extensions')?.values())) {
		if (name === 'Common' || name === 'Inherited' || name === 'Unknown') continue;
		try {
			scripts.push({
				name,
				has: new RegExp(`[${anyOf([name])}]`, 'u'),
				covers: new RegExp(`^[${NEUTRAL}${anyOf([name])}]*$`, 'u'),
			});
		} catch {
			// A value this engine does not accept (a script newer than its Unicode, whose
			// characters are then unassigned here and no letters, or the Katakana_Or_Hiragana
			// placeholder, which no character has).
		}
	}
	return scripts;
}

/** The script a character is named by: its Script value, else the first of its Script_Extensions. */
function scriptOf(char: string): string | undefined {
	for (const script of allScripts()) {
		script.named ??= new RegExp(`\\p{sc=${script.name}}`, 'u');
		if (script.named.test(char)) return script.name;
	}
	return allScripts().find(s => s.has.test(char))?.name;
}

function listed(parts: string[]): string {
	return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/**
 * Undefined when the name keeps to one script (as above); otherwise the scripts it mixes,
 * each with its first character, for a sentence: `Cyrillic ("а") and Latin ("l")`.
 */
export function mixedScripts(name: string): string | undefined {
	// ASCII is Latin and Common: most names are done here.
	// eslint-disable-next-line no-control-regex
	if (/^[\u0000-\u007F]*$/.test(name) || ONLY_NEUTRAL.test(name)) return undefined;
	if (COMBINATIONS.some(combination => combination.test(name))) return undefined;
	const first = FIRST_WITH_SCRIPT.exec(name)![0];
	if (allScripts().some(script => script.has.test(first) && script.covers.test(name))) return undefined;
	const seen = new Map<string, string>();
	for (const char of name) {
		if (ONLY_NEUTRAL.test(char)) continue;
		const script = scriptOf(char);
		if (script !== undefined && !seen.has(script)) seen.set(script, char);
	}
	return listed([...seen].map(([script, char]) => `${script.replaceAll('_', ' ')} ("${char}")`));
}
