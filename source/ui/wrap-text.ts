import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

const TAB = '    ';

/**
 * Splits `text` into lines of at most `width` columns (display width: wide characters count
 * two). Newlines in the text start new lines, each keeping its leading spaces; words longer
 * than the width are cut; tabs become spaces so that widths stay countable. Never returns an
 * empty array.
 */
export function wrapText(text: string, width: number): string[] {
	const columns = Math.max(1, Math.floor(width));
	const lines: string[] = [];
	for (const paragraph of text.replaceAll('\t', TAB).split('\n')) {
		if (paragraph.trim().length === 0) {
			lines.push('');
			continue;
		}
		// A line's own indentation (pasted code, a list) stays, on each of its wrapped rows,
		// while it leaves most of the width to the text.
		const indent = /^ */.exec(paragraph)![0];
		const kept = indent.length > 0 && indent.length <= columns / 2 ? indent : '';
		const wrapped = wrapAnsi(paragraph.slice(kept.length), columns - kept.length, {hard: true, trim: true, wordWrap: true});
		for (const line of wrapped.split('\n')) lines.push(fitWidth(kept + line, columns));
	}
	return lines.length > 0 ? lines : [''];
}

/** Cuts a line to `width` columns: a last defence when a wide character would not fit a 1-column width. */
export function fitWidth(line: string, width: number): string {
	if (stringWidth(line) <= width) return line;
	let out = '';
	let used = 0;
	for (const char of line) {
		const w = stringWidth(char);
		if (used + w > width) break;
		out += char;
		used += w;
	}
	return out;
}

/** Pads (or cuts) `text` to exactly `width` columns. */
export function padToWidth(text: string, width: number): string {
	const cut = fitWidth(text, width);
	return cut + ' '.repeat(Math.max(0, width - stringWidth(cut)));
}
