export type FormField = 'host' | 'port' | 'name';

export const FORM_FIELDS: readonly FormField[] = ['host', 'port', 'name'];

/**
 * What a form field holds after ink-text-input's change, and whether the form was submitted.
 * ink-text-input puts a whole read into the value, so a paste, a held Backspace (several DELs
 * in one read) or text and Enter together (tmux send-keys) arrive here as control characters.
 * A field keeps one line: a line break submits, DEL and BS erase the character before them,
 * other control characters are dropped.
 */
export function fieldInput(typed: string): {value: string; submitted: boolean} {
	const kept: string[] = [];
	let submitted = false;
	for (const char of typed) {
		if (char === '\r' || char === '\n') submitted = true;
		else if (char === '\u007F' || char === '\b') kept.pop();
		// eslint-disable-next-line no-control-regex
		else if (!/[\u0000-\u001F\u0080-\u009F]/.test(char)) kept.push(char);
	}
	return {value: kept.join(''), submitted};
}
