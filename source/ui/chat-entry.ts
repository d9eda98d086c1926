import type {LeaveReason, RoomEvent, ServerFrame} from '../protocol/frames.js';
import {MAX_TOPIC_CHARS} from '../protocol/limits.js';
import {oneLineReason, sanitiseName, sanitiseText} from '../protocol/sanitise.js';

/**
 * One item of the client's message list. Room events keep their `seq` (to merge history
 * without duplicates); `earlier` marks events that came from a welcome's history.
 * Every string in an entry is already sanitised: the screens draw them as they are.
 */
export type ChatEntry =
	| {
			id: number;
			kind: 'msg';
			ts: number;
			seq: number;
			from: string;
			text: string;
			action: boolean;
			/** A notice (`-alice- text`): said not to be answered. */
			notice?: boolean;
			earlier?: boolean;
			/** Decided on arrival, by the name you had then (a later /nick does not change it). */
			own?: boolean;
			mention?: boolean;
	  }
	| {id: number; kind: 'join'; ts: number; seq: number; name: string; earlier?: boolean}
	| {id: number; kind: 'leave'; ts: number; seq: number; name: string; reason: LeaveReason; text?: string; earlier?: boolean}
	| {id: number; kind: 'nick'; ts: number; seq: number; from: string; to: string; earlier?: boolean}
	/** An empty `text`: the topic was cleared. */
	| {id: number; kind: 'topic'; ts: number; seq: number; from: string; text: string; earlier?: boolean}
	/** `outgoing` is decided on arrival: you sent it under the name you had then. */
	| {id: number; kind: 'dm'; ts: number; from: string; to: string; text: string; outgoing?: boolean; notice?: boolean}
	| {id: number; kind: 'notice'; ts: number; text: string}
	/** Someone went away (`text`) or came back (empty `text`); `own` when it is you. */
	| {id: number; kind: 'away'; ts: number; name: string; text: string; own?: boolean}
	/** Local feedback: command output, help, connection news. */
	/** `label`: a column before the text (a command in /help); the text's continuation lines stay right of it. */
	| {id: number; kind: 'info'; ts: number; text: string; label?: string}
	/** Local feedback about something that went wrong. */
	| {id: number; kind: 'error'; ts: number; text: string};

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;
export type ChatEntryData = Distribute<ChatEntry>;

/** A room event as an entry (sanitised), `earlier` when it came from history. */
export function roomEventEntry(event: RoomEvent, earlier = false): ChatEntryData {
	const mark = earlier ? {earlier: true} : {};
	switch (event.type) {
		case 'msg':
			return {
				kind: 'msg',
				ts: event.ts,
				seq: event.seq,
				from: sanitiseName(event.from),
				text: sanitiseText(event.text),
				action: event.action === true,
				...(event.notice ? {notice: true} : {}),
				...mark,
			};
		case 'join':
			return {kind: 'join', ts: event.ts, seq: event.seq, name: sanitiseName(event.name), ...mark};
		case 'leave': {
			const entry: ChatEntryData = {
				kind: 'leave',
				ts: event.ts,
				seq: event.seq,
				name: sanitiseName(event.name),
				reason: event.reason,
				...mark,
			};
			if (event.text) entry.text = sanitiseText(event.text);
			return entry;
		}
		case 'nick':
			return {kind: 'nick', ts: event.ts, seq: event.seq, from: sanitiseName(event.from), to: sanitiseName(event.to), ...mark};
		case 'topic':
			return {kind: 'topic', ts: event.ts, seq: event.seq, from: sanitiseName(event.from), text: oneLineReason(event.text, MAX_TOPIC_CHARS), ...mark};
	}
}

/** The entry a live frame adds to the list, if any (users, ping, pong and welcome add none here). */
export function frameEntry(frame: ServerFrame): ChatEntryData | undefined {
	switch (frame.type) {
		case 'msg':
		case 'join':
		case 'leave':
		case 'topic':
			return roomEventEntry(frame);
		case 'nick':
			return 'seq' in frame ? roomEventEntry(frame) : undefined;
		case 'dm':
			return {
				kind: 'dm',
				ts: frame.ts,
				from: sanitiseName(frame.from),
				to: sanitiseName(frame.to),
				text: sanitiseText(frame.text),
				...(frame.notice ? {notice: true} : {}),
			};
		case 'notice':
			return {kind: 'notice', ts: frame.ts, text: sanitiseText(frame.text)};
		case 'away':
			// Away frames carry no time of their own: they are news of now.
			return {kind: 'away', ts: Date.now(), name: sanitiseName(frame.name), text: oneLineReason(frame.text)};
		default:
			return undefined;
	}
}

/** How a leave reads: "left", "timed out", "was kicked: spam". */
export function leaveWords(reason: LeaveReason, text?: string): string {
	const base: Record<LeaveReason, string> = {
		part: 'left the room',
		dropped: 'left (the operator removed the room)',
		quit: 'left',
		closed: 'left (connection closed)',
		timeout: 'left (timed out)',
		kicked: 'was kicked',
		slow: 'left (too slow to keep up)',
		flood: 'left (flooding)',
		shutdown: 'left (server shut down)',
	};
	const words = base[reason] ?? 'left';
	return text ? `${words}: ${text}` : words;
}

/**
 * Events of a welcome's history that are not already shown. An event is a duplicate when an
 * entry with the same `seq` and `ts` exists (a restarted in-memory server reuses seq numbers
 * with new timestamps, so seq alone would hide real messages).
 */
export function newHistoryEvents(history: readonly RoomEvent[], seen: ReadonlyMap<number, number>): RoomEvent[] {
	return history.filter(event => seen.get(event.seq) !== event.ts);
}
