import type {RoomEvent} from './frames.js';
import {MAX_TOPIC_CHARS} from './limits.js';

/**
 * Removes every character a peer could use to drive someone else's terminal or to disguise
 * what it wrote: C0 (U+0000–U+001F) but newline and tab, DEL (U+007F), C1 (U+0080–U+009F),
 * and the bidi embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069), which
 * reorder everything after them up to the end of the paragraph — the rest of a terminal line,
 * the name or the time printed after a message. A lone surrogate becomes U+FFFD, so that
 * every string can be written as UTF-8.
 *
 * The bidi marks (U+200E LRM, U+200F RLM, U+061C ALM) stay in texts: they have no scope,
 * each acts as one strong letter, and Arabic and Hebrew writers need them to place
 * punctuation and numbers. Names, which refuse every invisible character, lose them too.
 *
 * Applied by the server to everything it relays and again by every screen before drawing.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_AND_BREAKS = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** U+FFFD for every lone surrogate (Node 20 has `toWellFormed`; the ES2022 library types lack it). */
export function wellFormed(text: string): string {
	return (text as string & {toWellFormed(): string}).toWellFormed();
}

export function sanitiseText(text: string): string {
	return wellFormed(text).replace(CONTROL, '');
}

/** A quit message or kick reason, as relayed in `leave.text`: one line, at most this long. */
export const MAX_REASON_CHARS = 200;

/** A reason (or a topic) on one line: control characters gone, runs of white space one space, capped. */
export function oneLineReason(text: string, max = MAX_REASON_CHARS): string {
	return [...sanitiseName(text.replace(/\s+/gu, ' '))].slice(0, max).join('').trim();
}

/** Names live on one line: newline and tab go too, and the bidi marks. */
export function sanitiseName(name: string): string {
	return wellFormed(name).replace(CONTROL_AND_BREAKS, '');
}

/**
 * A room event with every string sanitised: history read back from the store may have been
 * written by an older server that let more through.
 */
export function sanitiseEvent(event: RoomEvent): RoomEvent {
	switch (event.type) {
		case 'msg':
			return {...event, from: sanitiseName(event.from), text: sanitiseText(event.text)};
		case 'join':
			return {...event, name: sanitiseName(event.name)};
		case 'leave':
			return event.text === undefined
				? {...event, name: sanitiseName(event.name)}
				: {...event, name: sanitiseName(event.name), text: oneLineReason(event.text)};
		case 'nick':
			return {...event, from: sanitiseName(event.from), to: sanitiseName(event.to)};
		case 'topic':
			return {...event, from: sanitiseName(event.from), text: oneLineReason(event.text, MAX_TOPIC_CHARS)};
	}
}
