import stringWidth from 'string-width';
import {fitText} from './fit-text.js';

export type RoomTitleParts = {
	/** The buffer shown: `#dev`, or the other person's name for a private conversation. */
	name: string;
	kind: 'room' | 'dm';
	topic: string;
	/** Members of the room; undefined when nobody is known to be there (offline, not in it). */
	online: number | undefined;
	/** A room whose rejoin failed: shown, not joined. */
	member: boolean;
	you: string;
	/** "127.0.0.1:7777 (tcpchat/0.2.0)", shown only when everything else fits. */
	where: string;
};

/** Below this many columns left for it, the topic is left out rather than cut to nothing. */
const MIN_TOPIC = 12;

/**
 * The header's left part in `width` columns: the buffer, you, how many are there, the server
 * and the topic — ` #dev · you: alice · 3 online · 127.0.0.1:7777 — builds and tests` — giving
 * up the server first, then cutting the topic (with "…"), then leaving it out, then the count
 * and you; the buffer's name always stays.
 */
export function roomTitle(parts: RoomTitleParts, width: number): string {
	const title = parts.kind === 'dm' ? `@${parts.name}` : parts.name || '(no room)';
	const state =
		parts.kind === 'dm' ? ' · private' : !parts.member ? ' (not joined)' : parts.online === undefined ? '' : ` · ${parts.online} online`;
	const you = ` · you: ${parts.you}`;
	const forms = [
		` ${title}${parts.kind === 'dm' ? state + you : you + state} · ${parts.where}`,
		` ${title}${parts.kind === 'dm' ? state + you : you + state}`,
		` ${title}${you}`,
		` ${title}${state}`,
		` ${title}`,
	];
	const topic = parts.topic ? ` — ${parts.topic}` : '';
	if (topic) {
		for (const form of forms.slice(0, 2)) if (stringWidth(form + topic) <= width) return form + topic;
		// Cut, the topic still comes after who you are, never instead of it.
		for (const form of forms.slice(1, 3)) {
			const room = width - stringWidth(form);
			if (room >= MIN_TOPIC + 3) return form + fitText(topic, room).trimEnd();
		}
	}
	return forms.find(f => stringWidth(f) <= width) ?? fitText(forms.at(-1)!, width).trimEnd();
}

/** The title parts of a buffer as the client keeps it. */
export function titleOf(
	buffer: {name: string; kind: 'room' | 'dm'; topic: string; users: readonly unknown[]; member: boolean},
	you: string,
	where: string,
): RoomTitleParts {
	const isRoom = buffer.kind === 'room';
	return {
		name: buffer.name,
		kind: buffer.kind,
		topic: buffer.topic,
		online: isRoom && buffer.member ? buffer.users.length : undefined,
		member: buffer.member || !isRoom,
		you,
		where,
	};
}
