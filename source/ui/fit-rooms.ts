import stringWidth from 'string-width';
import {sanitiseName} from '../protocol/sanitise.js';
import {fitText} from './fit-text.js';

/**
 * A member's rooms in `width` columns: all of them when they fit ("#general #dev"), else the
 * first ones and how many more ("#general +2"), else the first cut short ("#very-lo… +2"),
 * else how many ("3"). Empty before the member is in any.
 */
export function fitRooms(rooms: readonly string[], width: number): string {
	if (rooms.length === 0 || width <= 0) return '';
	const names = rooms.map(sanitiseName);
	for (let shown = names.length; shown >= 1; shown--) {
		const more = names.length - shown;
		const text = names.slice(0, shown).join(' ') + (more > 0 ? ` +${more}` : '');
		if (stringWidth(text) <= width) return text;
	}
	const suffix = names.length > 1 ? ` +${names.length - 1}` : '';
	const first = width - stringWidth(suffix);
	if (first >= 4) return fitText(names[0]!, first).trimEnd() + suffix;
	return fitText(String(names.length), width).trimEnd();
}
