import stringWidth from 'string-width';

/**
 * `text` in exactly `width` terminal columns: cut with "…" when too wide, padded when short.
 * Widths are display widths, so wide (CJK) names keep table columns aligned.
 */
export function fitText(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	if (width <= 0) return '';
	let fitted = text;
	let used = stringWidth(text);
	if (used > width) {
		fitted = '';
		used = 0;
		for (const char of text) {
			const charWidth = stringWidth(char);
			if (used + charWidth > width - 1) break;
			fitted += char;
			used += charWidth;
		}
		fitted += '…';
		used += 1;
	}
	const padding = ' '.repeat(Math.max(0, width - used));
	return align === 'left' ? fitted + padding : padding + fitted;
}

/** A horizontal rule with a title on the left and optional text on the right: "── Log ──── 3 new ──". */
export function ruleLine(title: string, right: string, width: number): string {
	const left = `── ${title} `;
	const tail = right === '' ? '' : ` ${right} ──`;
	const fill = width - stringWidth(left) - stringWidth(tail);
	if (fill < 1) return fitText(left + tail, width);
	return left + '─'.repeat(fill) + tail;
}

/** `text` cut from the start ("…share/tcpchat/7777.jsonl"), for paths whose end matters most. */
export function fitTextStart(text: string, width: number): string {
	if (width <= 0) return '';
	if (stringWidth(text) <= width) return text;
	const chars = Array.from(text);
	let kept = '';
	let used = 0;
	for (let index = chars.length - 1; index >= 0; index--) {
		const charWidth = stringWidth(chars[index]!);
		if (used + charWidth > width - 1) break;
		kept = chars[index]! + kept;
		used += charWidth;
	}
	return '…' + kept;
}

/** As many items as fit in `width`, then "+N more" for the rest. */
export function fitList(items: readonly string[], width: number, separator = '  '): string {
	let shown = '';
	for (let index = 0; index < items.length; index++) {
		const candidate = index === 0 ? items[0]! : `${shown}${separator}${items[index]!}`;
		const left = items.length - index - 1;
		const suffix = left > 0 ? `${separator}+${left} more` : '';
		if (stringWidth(candidate + suffix) > width) {
			if (index === 0) return fitText(items[0]!, width).trimEnd();
			return `${shown}${separator}+${items.length - index} more`;
		}
		shown = candidate;
	}
	return shown;
}
