import {MAX_NAME_CHARS} from './limits.js';

const NAME_PATTERN = /^[\p{L}\p{N}_.-]+$/u;

/** The reason a name is refused, as a sentence, or undefined when it is valid. */
export function nameProblem(name: string): string | undefined {
	const length = [...name].length;
	if (length === 0) return 'a name needs at least one character';
	if (length > MAX_NAME_CHARS) return `a name has at most ${MAX_NAME_CHARS} characters`;
	if (!NAME_PATTERN.test(name)) return 'a name may hold only letters, digits, "_", "-" and "."';
	return undefined;
}

/** Names are unique ignoring case: two names clash when their keys are equal. */
export function nameKey(name: string): string {
	return name.normalize('NFC').toLocaleLowerCase('und');
}
