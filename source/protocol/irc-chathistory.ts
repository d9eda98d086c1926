import type {MsgEvent, RoomEvent} from './frames.js';
import {MAX_HISTORY_PAGE} from './limits.js';

/**
 * IRCv3 `draft/chathistory` over tcpchat's history, which pages backwards by `seq`: the last
 * `limit` events of a room before a `seq` (`before` absent: the newest). Forwards is a window
 * `before = from + 1 + n`; a time is found by bisecting `seq` (times grow with `seq`). Only
 * messages are returned (no `draft/event-playback`). Pure but for the reader it is given.
 */
export type HistoryReader = (before: number | undefined, limit: number) => Promise<{events: RoomEvent[]; more: boolean}>;

/** Messages a request may ask for (ISUPPORT CHATHISTORY). */
export const CHATHISTORY_LIMIT = 100;
/** Store pages one request may read, so that a room of joins and no messages costs a bounded amount. */
const MAX_PAGES = 20;

/** A message's IRC id: its `seq` and its room, which say where to find it again. */
export function messageId(event: {seq: number; room: string}): string {
	return `${event.seq}${event.room}`;
}

export type MessageRef = {kind: 'latest'} | {kind: 'msgid'; seq: number} | {kind: 'time'; ts: number};

/** `*`, `msgid=…` or `timestamp=…` (ISO 8601), or undefined when it is none of them. */
export function parseMessageRef(raw: string, room: string | undefined): MessageRef | undefined {
	if (raw === '*') return {kind: 'latest'};
	const msgid = /^msgid=(\d+)(#.+)$/.exec(raw);
	if (msgid) return room === undefined || msgid[2]!.toLowerCase() === room.toLowerCase() ? {kind: 'msgid', seq: Number(msgid[1])} : undefined;
	const time = /^timestamp=(.+)$/.exec(raw);
	if (time) {
		const ts = Date.parse(time[1]!);
		return Number.isFinite(ts) ? {kind: 'time', ts} : undefined;
	}
	return undefined;
}

const isMessage = (e: RoomEvent): e is MsgEvent => e.type === 'msg';

/** The `seq` of the newest event, 0 in an empty room. */
async function newestSeq(read: HistoryReader): Promise<number> {
	return (await read(undefined, 1)).events.at(-1)?.seq ?? 0;
}

/** The lowest `seq` whose event is at or after `ts` (one past the newest when none is). */
async function seqAtTime(read: HistoryReader, ts: number): Promise<number> {
	let lo = 1;
	let hi = (await newestSeq(read)) + 1;
	while (lo < hi) {
		const mid = Math.floor((lo + hi) / 2);
		const at = (await read(mid + 1, 1)).events.at(-1);
		if (at === undefined || at.ts < ts) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** The newest `limit` messages with a `seq` below `before` (all: undefined) and above `after`, oldest first. */
async function backwards(read: HistoryReader, before: number | undefined, after: number, limit: number): Promise<MsgEvent[]> {
	const found: MsgEvent[] = [];
	let cursor = before;
	for (let page = 0; page < MAX_PAGES && found.length < limit; page++) {
		const {events, more} = await read(cursor, MAX_HISTORY_PAGE);
		for (let i = events.length - 1; i >= 0 && found.length < limit; i--) {
			const e = events[i]!;
			if (e.seq <= after) return found.reverse();
			if (isMessage(e)) found.push(e);
		}
		if (!more || events.length === 0) break;
		cursor = events[0]!.seq;
	}
	return found.reverse();
}

/** The oldest `limit` messages with a `seq` above `after` and below `before` (undefined: no end), oldest first. */
async function forwards(read: HistoryReader, after: number, before: number | undefined, limit: number): Promise<MsgEvent[]> {
	const newest = await newestSeq(read);
	const end = Math.min(before ?? newest + 1, newest + 1);
	const found: MsgEvent[] = [];
	let from = after;
	for (let page = 0; page < MAX_PAGES && found.length < limit && from + 1 < end; page++) {
		const upTo = Math.min(end, from + 1 + MAX_HISTORY_PAGE);
		const {events} = await read(upTo, MAX_HISTORY_PAGE);
		for (const e of events) {
			if (e.seq <= from) continue;
			if (isMessage(e)) found.push(e);
			if (found.length >= limit) break;
		}
		from = upTo - 1;
	}
	return found;
}

/** The `seq` that stands for a reference: messages "before" it have lower ones, "after" it higher ones. */
async function boundary(read: HistoryReader, ref: MessageRef, side: 'before' | 'after'): Promise<number> {
	if (ref.kind === 'msgid') return ref.seq;
	if (ref.kind === 'latest') return side === 'before' ? (await newestSeq(read)) + 1 : 0;
	// Before a time: below the first event at it. After a time: above the last event before the next millisecond.
	return side === 'before' ? seqAtTime(read, ref.ts) : (await seqAtTime(read, ref.ts + 1)) - 1;
}

export type ChathistoryQuery =
	| {sub: 'LATEST'; ref: MessageRef; limit: number}
	| {sub: 'BEFORE' | 'AFTER' | 'AROUND'; ref: MessageRef; limit: number}
	| {sub: 'BETWEEN'; from: MessageRef; to: MessageRef; limit: number};

/** The messages one CHATHISTORY request (but TARGETS) asks for, oldest first. */
export async function chathistory(read: HistoryReader, q: ChathistoryQuery): Promise<MsgEvent[]> {
	const limit = Math.max(0, Math.min(CHATHISTORY_LIMIT, q.limit));
	switch (q.sub) {
		case 'LATEST':
			return backwards(read, undefined, q.ref.kind === 'latest' ? 0 : await boundary(read, q.ref, 'after'), limit);
		case 'BEFORE':
			return backwards(read, await boundary(read, q.ref, 'before'), 0, limit);
		case 'AFTER':
			return forwards(read, await boundary(read, q.ref, 'after'), undefined, limit);
		case 'AROUND': {
			const older = await backwards(read, await boundary(read, q.ref, 'before'), 0, Math.floor(limit / 2));
			const start = q.ref.kind === 'msgid' ? q.ref.seq - 1 : (await boundary(read, q.ref, 'before')) - 1;
			return [...older, ...(await forwards(read, start, undefined, limit - older.length))];
		}
		case 'BETWEEN': {
			const a = await boundary(read, q.from, 'after');
			const b = await boundary(read, q.to, 'before');
			if (a < b) return forwards(read, a, b, limit);
			// Backwards: from `from` down to `to`, the newest first taken.
			return backwards(read, await boundary(read, q.from, 'before'), await boundary(read, q.to, 'after'), limit);
		}
	}
}

/** The time of a room's newest message, if it has one within the pages a request may read. */
export async function latestMessageTime(read: HistoryReader): Promise<number | undefined> {
	return (await backwards(read, undefined, 0, 1))[0]?.ts;
}
