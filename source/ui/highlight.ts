import type {Segment} from './message-rows.js';

/**
 * Where `needle` occurs in `text`, ignoring case (as the server's search matches), as
 * [start, end) offsets of `text`, without overlaps.
 */
export function matchRanges(text: string, needle: string): Array<[number, number]> {
	if (needle.length === 0) return [];
	// Lower-casing keeps offsets only when it keeps lengths (it does but for a few letters like İ).
	const lower = text.toLowerCase();
	const exact = lower.length !== text.length;
	const haystack = exact ? text : lower;
	const wanted = exact ? needle : needle.toLowerCase();
	const ranges: Array<[number, number]> = [];
	for (let at = haystack.indexOf(wanted); at !== -1; at = haystack.indexOf(wanted, at + wanted.length)) ranges.push([at, at + wanted.length]);
	return ranges;
}

/**
 * The wrapped `lines` of `text` (as `wrapText` made them) in `style`, the parts that match
 * `needle` in `mark` — also a match that a wrap cut in two (CJK text wraps inside words).
 */
export function highlightLines(
	text: string,
	lines: readonly string[],
	needle: string,
	style: Omit<Segment, 'text'>,
	mark: Omit<Segment, 'text'>,
): Segment[][] {
	const source = text.replaceAll('\t', '    ');
	const ranges = matchRanges(source, needle);
	let cursor = 0;
	return lines.map(line => {
		const content = line.trimStart();
		const at = content.length === 0 ? -1 : source.indexOf(content, cursor);
		const lead = line.slice(0, line.length - content.length);
		const out: Segment[] = lead ? [{...style, text: lead}] : [];
		if (at === -1) {
			// Not found as it is (a line the wrap changed): its own matches only.
			out.push(...splitByRanges(content, matchRanges(content, needle), style, mark));
			return out;
		}
		cursor = at + content.length;
		const local = ranges
			.filter(([start, end]) => end > at && start < at + content.length)
			.map(([start, end]): [number, number] => [Math.max(0, start - at), Math.min(content.length, end - at)]);
		out.push(...splitByRanges(content, local, style, mark));
		return out;
	});
}

function splitByRanges(text: string, ranges: ReadonlyArray<[number, number]>, style: Omit<Segment, 'text'>, mark: Omit<Segment, 'text'>): Segment[] {
	const out: Segment[] = [];
	let at = 0;
	for (const [start, end] of ranges) {
		if (start > at) out.push({...style, text: text.slice(at, start)});
		if (end > start) out.push({...style, ...mark, text: text.slice(start, end)});
		at = Math.max(at, end);
	}
	if (at < text.length || out.length === 0) out.push({...style, text: text.slice(at)});
	return out;
}
