import {parseKeys, press, type KeyPress} from './parse-keys.js';

const PASTE_START = '\u001B[200~';
const PASTE_END = '\u001B[201~';

/** How many characters at the end of `text` begin the end marker, to wait for the rest of it. */
function partialMarker(text: string): number {
	for (let n = Math.min(PASTE_END.length - 1, text.length); n > 0; n--) if (PASTE_END.startsWith(text.slice(-n))) return n;
	return 0;
}

/** Most characters one paste keeps; past them the rest is counted, not kept, so a runaway paste cannot eat memory. */
export const MAX_PASTE_CHARS = 100_000;

/** A key press, or a whole bracketed paste: `dropped` characters past `MAX_PASTE_CHARS` were left out. */
export type ReadKey = KeyPress & {dropped?: number};

/**
 * Reads what a terminal sends, across reads: key presses as `parseKeys` finds them, except that
 * everything between the bracketed-paste markers (ESC [ 200 ~ … ESC [ 201 ~) is one `paste`
 * press holding the text, so that Enter, Tab and Esc in a paste are text, not keys. Terminals
 * send the markers once the program asks for them (ESC [ ? 2004 h, see alternate-screen.ts); a
 * paste may come in several reads (Ink also splits a read at every escape sequence).
 */
export class KeyReader {
	private paste: string[] | undefined;
	private kept = 0;
	private dropped = 0;
	/** The end of the last read inside a paste that may be the start of its end marker. */
	private tail = '';

	/** The presses in `data`, in order; a paste is returned once its end marker has come. */
	read(data: string): ReadKey[] {
		const out: ReadKey[] = [];
		let rest = data;
		while (rest !== '') {
			if (this.paste !== undefined) {
				// Inside a paste the markers are looked for in the text itself, not among keys: Ink
				// hands on a read's unfinished escape sequence on its own at the next tick, so on a
				// busy machine the end marker can arrive as "ESC [ 2 0" and, later, "1 ~".
				const text = this.tail + rest;
				this.tail = '';
				const end = text.indexOf(PASTE_END);
				if (end < 0) {
					const cut = text.length - partialMarker(text);
					this.keep(text.slice(0, cut));
					this.tail = text.slice(cut);
					return out;
				}
				this.keep(text.slice(0, end));
				out.push(this.endPaste());
				rest = text.slice(end + PASTE_END.length);
				continue;
			}
			const start = rest.indexOf(PASTE_START);
			for (const item of parseKeys(start < 0 ? rest : rest.slice(0, start))) {
				// A stray end marker is no key.
				if (item.key.name !== 'paste-end' && item.key.name !== 'paste-start') out.push(item);
			}
			if (start < 0) return out;
			this.startPaste();
			rest = rest.slice(start + PASTE_START.length);
		}
		return out;
	}

	/** Whether a paste has started and not yet ended. */
	get pasting(): boolean {
		return this.paste !== undefined;
	}

	private startPaste(): void {
		this.paste = [];
		this.kept = 0;
		this.dropped = 0;
	}

	private keep(raw: string): void {
		// A start marker inside a paste is a terminal's stutter: the paste goes on.
		const text = raw.replaceAll(PASTE_START, '');
		const room = MAX_PASTE_CHARS - this.kept;
		if (text.length <= room) {
			this.paste!.push(text);
			this.kept += text.length;
			return;
		}
		// Cut on a code point, never inside a surrogate pair.
		let end = Math.max(0, room);
		const code = text.charCodeAt(end - 1);
		if (end > 0 && code >= 0xd800 && code <= 0xdbff) end--;
		this.paste!.push(text.slice(0, end));
		this.kept += end;
		this.dropped += text.length - end;
	}

	private endPaste(): ReadKey {
		const text = this.paste!.join('');
		this.tail = '';
		const dropped = this.dropped;
		this.paste = undefined;
		this.kept = 0;
		this.dropped = 0;
		const pasted: ReadKey = press('paste', text, text);
		if (dropped > 0) pasted.dropped = dropped;
		return pasted;
	}
}
