import stringWidth from 'string-width';
import {fitWidth} from './wrap-text.js';

/** The prompt takes at most this share of the input row, so the text typed always has room. */
const PROMPT_SHARE = 1 / 3;

/**
 * The prompt as shown in a row of `width` columns: whole when it fits in a third of the row,
 * else its name cut with an ellipsis before the "> " ("张三李四王五…> "), so that a long name
 * never hides what is being typed.
 */
export function fitPrompt(prompt: string, width: number): string {
	const limit = Math.max(3, Math.floor(width * PROMPT_SHARE));
	if (stringWidth(prompt) <= limit) return prompt;
	const tail = prompt.endsWith('> ') ? '> ' : '';
	const body = prompt.slice(0, prompt.length - tail.length);
	const room = limit - stringWidth(tail) - 1;
	return room > 0 ? `${fitWidth(body, room)}…${tail}` : fitWidth(tail || prompt, limit);
}
