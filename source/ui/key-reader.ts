import {parseKeys, press, type KeyPress} from './parse-keys.js';

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

	/** The presses in `data`, in order; a paste is returned once its end marker has come. */
	read(data: string): ReadKey[] {
		const out: ReadKey[] = [];
		for (const item of parseKeys(data)) {
			if (this.paste === undefined) {
				if (item.key.name === 'paste-start') this.startPaste();
				// A stray end marker, or keys typed outside a paste.
				else if (item.key.name !== 'paste-end') out.push(item);
				continue;
			}
			if (item.key.name === 'paste-end') {
				out.push(this.endPaste());
				continue;
			}
			// A start inside a paste is a terminal's stutter: the paste goes on.
			if (item.key.name === 'paste-start') continue;
			this.keep(item.key.sequence);
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

	private keep(text: string): void {
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
		const dropped = this.dropped;
		this.paste = undefined;
		this.kept = 0;
		this.dropped = 0;
		const pasted: ReadKey = press('paste', text, text);
		if (dropped > 0) pasted.dropped = dropped;
		return pasted;
	}
}
