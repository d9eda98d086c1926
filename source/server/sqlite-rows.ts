import type {LeaveReason, RoomEvent} from '../protocol/frames.js';
import {LEAVE_REASONS} from '../protocol/frames.js';

/** One row of `events` (see sqlite-schema.ts), without its room, which the caller knows. */
export type EventRow = {
	id?: number;
	seq: number;
	ts: number;
	type: string;
	/** Who: a message's or a topic's author, who joined or left, the old name of a rename. */
	name: string;
	/** A message's or a topic's text, a leave's words. */
	text: string | null;
	/** The new name of a rename. */
	target: string | null;
	/** Why someone left. */
	reason: string | null;
	/** 1 for a /me message. */
	action: number | null;
	/** 1 for a member's notice. */
	notice: number | null;
};

type Columns = [seq: number, ts: number, type: string, name: string, text: string | null, target: string | null, reason: string | null, action: number | null, notice: number | null];

/** The columns of an event, in the order of the insert statements (sqlite-store.ts, jsonl-import.ts). */
export function eventColumns(event: RoomEvent): Columns {
	switch (event.type) {
		case 'msg':
			return [event.seq, event.ts, 'msg', event.from, event.text, null, null, event.action ? 1 : null, event.notice ? 1 : null];
		case 'join':
			return [event.seq, event.ts, 'join', event.name, null, null, null, null, null];
		case 'leave':
			return [event.seq, event.ts, 'leave', event.name, event.text ?? null, null, event.reason, null, null];
		case 'nick':
			return [event.seq, event.ts, 'nick', event.from, null, event.to, null, null, null];
		case 'topic':
			return [event.seq, event.ts, 'topic', event.from, event.text, null, null, null, null];
	}
}

/** The event a row holds, in `room`; undefined for a row no tcpchat wrote (an unknown type). */
export function rowEvent(row: EventRow, room: string): RoomEvent | undefined {
	const {seq, ts, name} = row;
	switch (row.type) {
		case 'msg': {
			const event: RoomEvent = {type: 'msg', room, seq, ts, from: name, text: row.text ?? ''};
			if (row.notice) event.notice = true;
			else if (row.action) event.action = true;
			return event;
		}
		case 'join':
			return {type: 'join', room, seq, ts, name};
		case 'leave': {
			const reason = LEAVE_REASONS.includes(row.reason as LeaveReason) ? (row.reason as LeaveReason) : 'closed';
			const event: RoomEvent = {type: 'leave', room, seq, ts, name, reason};
			if (row.text !== null && row.text !== '') event.text = row.text;
			return event;
		}
		case 'nick':
			return {type: 'nick', room, seq, ts, from: name, to: row.target ?? ''};
		case 'topic':
			return {type: 'topic', room, seq, ts, from: name, text: row.text ?? ''};
		default:
			return undefined;
	}
}
