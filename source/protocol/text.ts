import {MAX_TEXT_CHARS} from './limits.js';
import {sanitiseText} from './sanitise.js';

export type TextCheck =
	| {ok: true; text: string}
	| {ok: false; code: 'text_empty' | 'text_too_long'; message: string};

/** Sanitises a message text and checks its length (counted in characters, after sanitising). */
export function checkText(raw: string): TextCheck {
	const text = sanitiseText(raw);
	if (text.trim().length === 0) return {ok: false, code: 'text_empty', message: 'message is empty'};
	if ([...text].length > MAX_TEXT_CHARS)
		return {ok: false, code: 'text_too_long', message: `message is longer than ${MAX_TEXT_CHARS} characters`};
	return {ok: true, text};
}
