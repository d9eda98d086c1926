/**
 * Text between IRC and tcpchat. IRC formatting (mIRC codes: bold, colours, italics, reverse,
 * …) is removed with its parameters on the way in: otherwise the server's control-character
 * rule would leave colour numbers behind ("\x0304red" would read "04red"), and colours are how
 * IRC hides text (foreground = background). What an IRC user writes thus reaches every dialect
 * as the plain text it shows; nothing anyone else writes can carry formatting to an IRC
 * reader either, since every text is sanitised of control characters before it is relayed.
 */

// Colour: \x03 with up to two digits, optionally a comma and up to two more; hex colour:
// \x04 with six hex digits, optionally a comma and six more; and the one-byte toggles.
// eslint-disable-next-line no-control-regex
const FORMATTING = /\u0003(?:\d{1,2}(?:,\d{1,2})?)?|\u0004(?:[0-9a-fA-F]{6}(?:,[0-9a-fA-F]{6})?)?|[\u0002\u000F\u0011\u0016\u001D\u001E\u001F]/g;

export function stripIrcFormatting(text: string): string {
	return text.replace(FORMATTING, '');
}

/** A PRIVMSG/NOTICE text: a message, a `/me` (CTCP ACTION), or another CTCP query, which tcpchat does not carry. */
export type IrcText = {kind: 'text'; text: string} | {kind: 'action'; text: string} | {kind: 'ctcp'; command: string};

export function readIrcText(raw: string): IrcText {
	if (!raw.startsWith('\u0001')) return {kind: 'text', text: stripIrcFormatting(raw)};
	const body = raw.slice(1, raw.endsWith('\u0001') && raw.length > 1 ? -1 : undefined);
	const space = body.indexOf(' ');
	const command = (space === -1 ? body : body.slice(0, space)).toUpperCase();
	if (command === 'ACTION') return {kind: 'action', text: stripIrcFormatting(space === -1 ? '' : body.slice(space + 1))};
	return {kind: 'ctcp', command};
}

/**
 * A tcpchat text as IRC texts of at most `budget` UTF-8 bytes each: one per line of it (IRC
 * has no line breaks; empty lines go), each cut where it must, at a space when there is one in
 * its last quarter, never inside a character.
 */
export function splitIrcText(text: string, budget: number): string[] {
	const out: string[] = [];
	const room = Math.max(16, budget);
	for (const line of text.split('\n')) {
		let rest = line;
		while (Buffer.byteLength(rest, 'utf8') > room) {
			let cut = 0;
			let bytes = 0;
			for (const ch of rest) {
				const size = Buffer.byteLength(ch, 'utf8');
				if (bytes + size > room) break;
				bytes += size;
				cut += ch.length;
			}
			const space = rest.lastIndexOf(' ', cut - 1);
			if (space > (cut * 3) / 4) cut = space + 1;
			out.push(rest.slice(0, cut));
			rest = rest.slice(cut);
		}
		if (rest.trim().length > 0) out.push(rest);
	}
	return out;
}
