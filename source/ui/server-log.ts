import {wrapText} from './wrap-text.js';
import type {ServerActivity} from '../server/server-types.js';
import {MAX_TOPIC_CHARS} from '../protocol/limits.js';
import {roomRemovedWords} from '../protocol/plain-text-format.js';
import {oneLineReason, sanitiseName, sanitiseText} from '../protocol/sanitise.js';
import {formatClock} from './format-clock.js';

export type LogKind = 'message' | 'system' | 'notice' | 'error';

/**
 * One line of the dashboard's log. `id` increases with every entry (a filtered view skips some).
 * `room` is the room it happened in (its name as the server spells it), absent for what is
 * not about one room (a notice to everyone, a warning); `text` starts with it.
 */
export type LogEntry = {id: number; ts: number; kind: LogKind; text: string; room?: string};

export type LogRow = {key: string; kind: LogKind; text: string};

/** An entry about one room: its text starts with the room's name (`#dev <alice> hi`). */
function inRoom(room: string, entry: Omit<LogEntry, 'id' | 'room'>): Omit<LogEntry, 'id'> {
	const name = sanitiseName(room);
	return {...entry, text: `${name} ${entry.text}`, room: name};
}

/**
 * What the operator reads for one piece of server activity, or undefined when it adds
 * nothing (a named member's disconnect is already told by its `leave`).
 * Every name and text from the network is sanitised here, before it can reach the terminal.
 */
export function describeActivity(activity: ServerActivity, now: number): Omit<LogEntry, 'id'> | undefined {
	switch (activity.kind) {
		case 'listening': {
			return {ts: now, kind: 'system', text: `listening on ${activity.addresses.join(', ') || `${activity.host}:${activity.port}`}`};
		}
		case 'event': {
			const described = describeEvent(activity);
			return described && inRoom(activity.event.room, described);
		}
		case 'notice': {
			const entry = {ts: activity.ts, kind: 'notice' as const, text: `-notice- ${sanitiseText(activity.text)}`};
			return activity.room === undefined ? entry : inRoom(activity.room, entry);
		}
		case 'connection': {
			// New sockets show in the table; the log tells of them once they join (with the address).
			return undefined;
		}
		case 'disconnect': {
			if (activity.name !== null) return undefined;
			return {ts: now, kind: 'system', text: `connection #${activity.id} closed before joining (${activity.reason})`};
		}
		case 'rejected': {
			const why = activity.code === 'server_full' ? 'server full' : 'too many connections from that address';
			return {ts: now, kind: 'error', text: `refused ${activity.address}: ${why}`};
		}
		case 'dropped': {
			return inRoom(activity.room, {ts: activity.ts, kind: 'system', text: roomRemovedWords(activity.by, activity.members, activity.text)});
		}
		case 'warning': {
			return {ts: now, kind: 'error', text: sanitiseText(activity.text)};
		}
		case 'closed': {
			return {ts: now, kind: 'system', text: 'server stopped'};
		}
	}
	return undefined;
}

/** A room event in words, without its room. */
function describeEvent(activity: Extract<ServerActivity, {kind: 'event'}>): Omit<LogEntry, 'id' | 'room'> | undefined {
	const event = activity.event;
	switch (event.type) {
		case 'msg': {
			const from = sanitiseName(event.from);
			const text = sanitiseText(event.text);
			// A member's notice as IRC shows one; the operator's own read `-notice- …`.
			return {ts: event.ts, kind: 'message', text: event.notice ? `-${from}- ${text}` : event.action ? `* ${from} ${text}` : `<${from}> ${text}`};
		}
		case 'join': {
			const from = activity.address ? ` from ${activity.address}` : '';
			return {ts: event.ts, kind: 'system', text: `→ ${sanitiseName(event.name)} joined${from}`};
		}
		case 'leave': {
			const why = event.text ? `${event.reason}: ${sanitiseText(event.text)}` : event.reason;
			return {ts: event.ts, kind: 'system', text: `← ${sanitiseName(event.name)} left (${why})`};
		}
		case 'nick': {
			return {
				ts: event.ts,
				kind: 'system',
				text: `${sanitiseName(event.from)} is now known as ${sanitiseName(event.to)}`,
			};
		}
		case 'topic': {
			const text = oneLineReason(event.text, MAX_TOPIC_CHARS);
			return {ts: event.ts, kind: 'system', text: text ? `${sanitiseName(event.from)} set the topic: ${text}` : `${sanitiseName(event.from)} cleared the topic`};
		}
	}
	return undefined;
}

/** The rows one entry takes at this width: its lines, wrapped, indented under the time. */
export function entryRows(entry: LogEntry, width: number): LogRow[] {
	const prefix = `${formatClock(entry.ts)} `;
	const bodyWidth = Math.max(1, width - prefix.length);
	const indent = ' '.repeat(prefix.length);
	return wrapText(entry.text, bodyWidth).map((part, index) => ({
		key: `${entry.id}:${index}`,
		kind: entry.kind,
		text: (index === 0 ? prefix : indent) + part,
	}));
}

/** The log's scroll position: `null` follows the newest entry; otherwise the id shown at the bottom. */
export type LogAnchor = number | null;

/** The index of the first entry whose id is above `id` (ids increase; a filtered log has gaps). */
function firstAfter(entries: readonly LogEntry[], id: number): number {
	let low = 0;
	let high = entries.length;
	while (low < high) {
		const middle = (low + high) >> 1;
		if (entries[middle]!.id <= id) low = middle + 1;
		else high = middle;
	}
	return low;
}

/** The entry at the bottom of the view: the anchor's, or the last before it when it is not in this (filtered) log. */
function bottomIndex(entries: readonly LogEntry[], anchor: LogAnchor): number {
	const last = entries.length - 1;
	if (anchor === null || entries.length === 0) return last;
	return Math.min(last, Math.max(0, firstAfter(entries, anchor) - 1));
}

/**
 * The rows to draw in `height` rows: the entries ending at the anchor, newest at the bottom.
 * Only the entries that can show are wrapped, so the cost follows the screen, not the log.
 */
export function visibleLogRows(entries: readonly LogEntry[], anchor: LogAnchor, width: number, height: number): LogRow[] {
	if (height <= 0) return [];
	const rows: LogRow[] = [];
	for (let index = bottomIndex(entries, anchor); index >= 0 && rows.length < height; index--) {
		rows.unshift(...entryRows(entries[index]!, width));
	}
	return rows.slice(-height);
}

/** The oldest bottom entry that still fills the view; scrolling up stops there. */
function topmostBottom(entries: readonly LogEntry[], width: number, height: number): number {
	let sum = 0;
	for (let index = 0; index < entries.length; index++) {
		sum += entryRows(entries[index]!, width).length;
		if (sum >= height) return index;
	}
	return entries.length - 1;
}

function anchorAt(entries: readonly LogEntry[], index: number): LogAnchor {
	return index >= entries.length - 1 ? null : entries[index]!.id;
}

/** One page back: the entry at the top of the view moves to the bottom, so one stays in sight. */
export function pageUp(entries: readonly LogEntry[], anchor: LogAnchor, width: number, height: number): LogAnchor {
	if (entries.length === 0) return null;
	const bottom = bottomIndex(entries, anchor);
	let top = bottom;
	let sum = entryRows(entries[bottom]!, width).length;
	while (top > 0) {
		const more = entryRows(entries[top - 1]!, width).length;
		if (sum + more > height) break;
		sum += more;
		top--;
	}
	const target = top === bottom ? bottom - 1 : top;
	return anchorAt(entries, Math.max(target, topmostBottom(entries, width, height)));
}

/** One page forward: the entry at the bottom moves to the top; past the newest, the view follows again. */
export function pageDown(entries: readonly LogEntry[], anchor: LogAnchor, width: number, height: number): LogAnchor {
	if (anchor === null || entries.length === 0) return null;
	const bottom = bottomIndex(entries, anchor);
	let next = bottom;
	let sum = entryRows(entries[bottom]!, width).length;
	while (next < entries.length - 1) {
		const more = entryRows(entries[next + 1]!, width).length;
		if (sum + more > height) break;
		sum += more;
		next++;
	}
	return anchorAt(entries, next === bottom ? bottom + 1 : next);
}

export function scrollHome(entries: readonly LogEntry[], width: number, height: number): LogAnchor {
	if (entries.length === 0) return null;
	return anchorAt(entries, topmostBottom(entries, width, height));
}

/** Entries that arrived after `seenId`, the newest entry on screen when the view left the bottom. */
export function newSince(entries: readonly LogEntry[], seenId: number): number {
	return entries.length - firstAfter(entries, seenId);
}
