import {describe, expect, it} from 'vitest';
import type {RoomEvent} from '../source/protocol/frames.js';
import {chathistory, type HistoryReader, messageId, parseMessageRef} from '../source/protocol/irc-chathistory.js';

/** A room's history as the store pages it (last `limit` before `before`), over events with gaps in `seq` (retention) and joins between messages. */
function readerOf(events: RoomEvent[]): HistoryReader {
	return async (before, limit) => {
		const older = events.filter(e => before === undefined || e.seq < before);
		const page = older.slice(-limit);
		return {events: page, more: older.length > page.length};
	};
}

const room = '#dev';
const events: RoomEvent[] = [];
for (let seq = 1; seq <= 3000; seq++) {
	// Seqs 100–1999 were dropped by retention; every third event is a join.
	if (seq >= 100 && seq < 2000) continue;
	events.push(seq % 3 === 0 ? {type: 'join', room, seq, ts: seq * 1000, name: 'x'} : {type: 'msg', room, seq, ts: seq * 1000, from: 'a', text: `m${seq}`});
}
const read = readerOf(events);
const seqs = (list: Array<{seq: number}>): number[] => list.map(e => e.seq);
const msgSeqs = (from: number, to: number): number[] => events.filter(e => e.type === 'msg' && e.seq >= from && e.seq <= to).map(e => e.seq);

describe('chathistory over pages backwards by seq', () => {
	it('LATEST and BEFORE cross pages and the gap, counting messages only', async () => {
		expect(seqs(await chathistory(read, {sub: 'LATEST', ref: {kind: 'latest'}, limit: 4}))).toEqual(msgSeqs(2995, 3000));
		expect(seqs(await chathistory(read, {sub: 'BEFORE', ref: {kind: 'msgid', seq: 2002}, limit: 5}))).toEqual(msgSeqs(1, 2001).slice(-5));
		expect(msgSeqs(1, 2001).slice(-5)).toEqual([94, 95, 97, 98, 2000]);
	});
	it('AFTER walks forwards in windows, over the gap', async () => {
		expect(seqs(await chathistory(read, {sub: 'AFTER', ref: {kind: 'msgid', seq: 97}, limit: 4}))).toEqual([98, 2000, 2002, 2003]);
		expect(await chathistory(read, {sub: 'AFTER', ref: {kind: 'msgid', seq: 3000}, limit: 4})).toEqual([]);
	});
	it('finds times by bisecting seq', async () => {
		expect(seqs(await chathistory(read, {sub: 'BEFORE', ref: {kind: 'time', ts: 2500 * 1000}, limit: 2}))).toEqual(msgSeqs(2497, 2499));
		expect(seqs(await chathistory(read, {sub: 'AFTER', ref: {kind: 'time', ts: 1500 * 1000}, limit: 2}))).toEqual([2000, 2002]);
		expect(seqs(await chathistory(read, {sub: 'BETWEEN', from: {kind: 'time', ts: 2000 * 1000}, to: {kind: 'time', ts: 2010 * 1000}, limit: 100}))).toEqual(msgSeqs(2001, 2009));
	});
	it('reads references and writes ids', () => {
		expect(messageId({seq: 42, room: '#dev'})).toBe('42#dev');
		expect(parseMessageRef('msgid=42#Dev', '#dev')).toEqual({kind: 'msgid', seq: 42});
		expect(parseMessageRef('msgid=42#other', '#dev')).toBeUndefined();
		expect(parseMessageRef('timestamp=2026-12-01T14:02:03.123Z', '#dev')).toEqual({kind: 'time', ts: Date.parse('2026-12-01T14:02:03.123Z')});
		expect(parseMessageRef('timestamp=soon', '#dev')).toBeUndefined();
		expect(parseMessageRef('*', '#dev')).toEqual({kind: 'latest'});
	});
});
