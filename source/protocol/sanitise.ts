/**
 * Removes every control character a peer could use to drive someone else's terminal:
 * C0 (U+0000–U+001F) but newline and tab, DEL (U+007F) and C1 (U+0080–U+009F).
 * Applied by the server to everything it relays and again by every screen before drawing.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_AND_BREAKS = /[\u0000-\u001F\u007F-\u009F]/g;

export function sanitiseText(text: string): string {
	return text.replace(CONTROL, '');
}

/** A quit message or kick reason, as relayed in `leave.text`: one line, at most this long. */
export const MAX_REASON_CHARS = 200;

/** A reason on one line: control characters gone, runs of white space one space, capped. */
export function oneLineReason(text: string): string {
	return [...sanitiseName(text.replace(/\s+/gu, ' '))].slice(0, MAX_REASON_CHARS).join('').trim();
}

/** Names live on one line: newline and tab go too. */
export function sanitiseName(name: string): string {
	return name.replace(CONTROL_AND_BREAKS, '');
}
