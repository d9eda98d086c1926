import stringWidth from 'string-width';
import type {OutboxProgress} from '../client/outbox.js';
import {MAX_TEXT_CHARS} from '../protocol/limits.js';
import {splitMessage} from './split-message.js';

function firstFitting(forms: readonly string[], width: number): string | undefined {
	return forms.find(form => stringWidth(form) <= width) ?? forms.at(-1);
}

/**
 * The status row while messages are on their way ("sending 3/7"), or, for a draft of several
 * lines or longer than one message, what Enter will send. Undefined when there is nothing to say.
 */
export function outboxAlert(progress: OutboxProgress, draft: string, width: number): string | undefined {
	if (progress.total > 1 || progress.waiting) {
		const at = `sending ${Math.min(progress.total, progress.done + 1)}/${progress.total}`;
		return progress.waiting
			? firstFitting([`${at} — the server asks to slow down, trying again shortly`, `${at} — slowed down`, at], width)
			: firstFitting([`${at} — within the server's rate limit`, at], width);
	}
	if (!draft.includes('\n') && (draft.length <= MAX_TEXT_CHARS || [...draft].length <= MAX_TEXT_CHARS)) return undefined;
	if (draft.startsWith('/') && !draft.startsWith('//')) return undefined;
	const lines = draft.split('\n').length;
	const parts = splitMessage(draft).length;
	const what = parts === 1 ? 'one message' : `${parts} messages`;
	return firstFitting([`${lines} line${lines === 1 ? '' : 's'} — Enter sends ${what}`, `Enter sends ${what}`], width);
}
