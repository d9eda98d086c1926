import stringWidth from 'string-width';
import {fitText} from './fit-text.js';

/** What the room bar needs of a buffer. */
export type BarBuffer = {key: string; kind: 'room' | 'dm'; name: string; unread: number; mentions: number; member: boolean};

/**
 * How a piece of the bar is drawn: the buffer shown (inverse), one with mentions of you or
 * private messages (bright), one with unread messages (bold), a quiet one, a room left
 * (dim), or a spacer.
 */
export type BarTone = 'current' | 'mention' | 'unread' | 'quiet' | 'gone' | 'space';

export type BarSegment = {text: string; tone: BarTone};

/** "(3)": 3 unread; "(2!)": 2 unread, all mentions; "(5,2!)": 5 unread, 2 of them mentions. */
export function countsText(unread: number, mentions: number): string {
	if (unread <= 0 && mentions <= 0) return '';
	if (mentions <= 0) return `(${unread})`;
	if (mentions >= unread) return `(${mentions}!)`;
	return `(${unread},${mentions}!)`;
}

/** "2:#dev(3)", "3:@bob(1!)": the buffer's number in the bar (from 1), its name, its counts. */
export function barLabel(index: number, buffer: BarBuffer): string {
	return `${index + 1}:${buffer.kind === 'dm' ? '@' : ''}${buffer.name}${countsText(buffer.unread, buffer.mentions)}`;
}

function toneOf(buffer: BarBuffer, current: boolean): BarTone {
	if (current) return 'current';
	if (buffer.mentions > 0) return 'mention';
	if (buffer.unread > 0) return 'unread';
	return buffer.member || buffer.kind === 'dm' ? 'quiet' : 'gone';
}

/** The loudest tone among hidden buffers, for the marker on their side. */
function markerTone(hidden: readonly BarBuffer[]): BarTone {
	if (hidden.some(b => b.mentions > 0)) return 'mention';
	if (hidden.some(b => b.unread > 0)) return 'unread';
	return 'quiet';
}

/** The fewest columns a buffer other than the one shown is cut to. */
const MIN_SHARE = 10;

/** `barLabel` in at most `width` columns: the name cut with "…", the number and counts kept. */
function shortLabel(index: number, buffer: BarBuffer, width: number): string {
	const label = barLabel(index, buffer);
	if (stringWidth(label) <= width) return label;
	const head = `${index + 1}:${buffer.kind === 'dm' ? '@' : ''}`;
	const tail = countsText(buffer.unread, buffer.mentions);
	const room = width - stringWidth(head) - stringWidth(tail);
	return room >= 2 ? `${head}${fitText(buffer.name, room).trimEnd()}${tail}` : label;
}

const LEFT = '«';
const RIGHT = '»';

/**
 * The room bar in one row of `width` columns: every buffer when they fit
 * (`1:#general 2:#dev(3) 3:@bob(1!)`), else a window around the buffer shown with « and » for
 * the ones beyond (bright when a hidden one mentions you). Never wider than `width`; the shown
 * buffer's label is cut with "…" only when it alone does not fit.
 */
export function roomBar(buffers: readonly BarBuffer[], current: string, width: number): BarSegment[] {
	if (width <= 0 || buffers.length === 0) return [];
	const at = Math.max(0, buffers.findIndex(b => b.key === current));
	// One long name must not hide every buffer beyond it: the others are cut to a share of the
	// row when they do not all fit (their number and counts stay, the name gives way).
	const full = buffers.map((b, i) => barLabel(i, b));
	const fits = full.reduce((w, l) => w + stringWidth(l) + 1, 1) <= width;
	const labels = fits ? full : buffers.map((b, i) => (i === at ? full[i]! : shortLabel(i, b, Math.max(MIN_SHARE, Math.floor(width / 3)))));
	const widths = labels.map(l => stringWidth(l));
	// One column of margin on the left, one space between items.
	const used = (from: number, to: number) => {
		let w = 1 + (from > 0 ? stringWidth(LEFT) + 1 : 0) + (to < buffers.length - 1 ? 1 + stringWidth(RIGHT) : 0);
		for (let i = from; i <= to; i++) w += widths[i]! + (i > from ? 1 : 0);
		return w;
	};
	let from = at;
	let to = at;
	for (let grew = true; grew; ) {
		grew = false;
		// After the shown buffer first: the next ones are where Alt+→ goes.
		if (to < buffers.length - 1 && used(from, to + 1) <= width) {
			to++;
			grew = true;
		}
		if (from > 0 && used(from - 1, to) <= width) {
			from--;
			grew = true;
		}
	}
	const segments: BarSegment[] = [{text: ' ', tone: 'space'}];
	if (from > 0) segments.push({text: LEFT, tone: markerTone(buffers.slice(0, from))}, {text: ' ', tone: 'space'});
	const rightMarker = to < buffers.length - 1 ? 1 + stringWidth(RIGHT) : 0;
	for (let i = from; i <= to; i++) {
		if (i > from) segments.push({text: ' ', tone: 'space'});
		const room = width - used(from, to) + widths[i]!;
		const text = widths[i]! <= room ? labels[i]! : fitText(labels[i]!, Math.max(1, room)).trimEnd();
		segments.push({text, tone: toneOf(buffers[i]!, i === at)});
	}
	if (rightMarker > 0) segments.push({text: ' ', tone: 'space'}, {text: RIGHT, tone: markerTone(buffers.slice(to + 1))});
	return cut(segments, width);
}

/** A last defence: the segments cut to `width` columns (a 1-column bar, a name wider than the row). */
function cut(segments: BarSegment[], width: number): BarSegment[] {
	const out: BarSegment[] = [];
	let left = width;
	for (const segment of segments) {
		if (left <= 0) break;
		const w = stringWidth(segment.text);
		if (w <= left) {
			out.push(segment);
			left -= w;
		} else {
			out.push({...segment, text: fitText(segment.text, left).trimEnd()});
			left = 0;
		}
	}
	return out;
}
