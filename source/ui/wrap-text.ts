import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

const TAB = '    ';

/**
 * Splits `text` into lines of at most `width` columns (display width: wide characters count
 * two). Newlines in the text start new lines; words longer than the width are cut; tabs become
 * spaces so that widths stay countable. Never returns an empty array.
 */
export function wrapText(text: string, width: number): string[] {
	const columns = Math.max(1, Math.floor(width));
	const lines: string[] = [];
	for (const paragraph of text.replaceAll('\t', TAB).split('\n')) {
		if (paragraph.length === 0) {
			lines.push('');
			continue;
		}
		const wrapped = wrapAnsi(paragraph, columns, {hard: true, trim: true, wordWrap: true});
		for (const line of wrapped.split('\n')) lines.push(fitWidth(line, columns));
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
