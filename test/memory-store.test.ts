import {expect, test} from 'vitest';
import type {RoomEvent} from '../source/protocol/frames.js';
import {MemoryStore} from '../source/server/memory-store.js';

const msg = (seq: number): RoomEvent => ({type: 'msg', room: '#general', seq, ts: seq, from: 'alice', text: `m${seq}`});

test('a new memory store is empty and says where it lives', async () => {
	const store = new MemoryStore();
	expect(store.location).toBe('memory');
	expect(await store.open(100, '#general')).toEqual([]);
	await store.close();
});

test('history and seq last as long as the store, limited to the last events', async () => {
	const store = new MemoryStore();
	await store.open(5, '#general');
	for (let seq = 1; seq <= 40; seq++) store.append(msg(seq));
	store.append({type: 'topic', room: '#dev', seq: 1, ts: 1, from: 'bob', text: 'builds'});
	await store.close();
	const [general, dev] = await store.open(5, '#general');
	expect(general!.history.map(e => e.seq)).toEqual([36, 37, 38, 39, 40]);
	expect(general!.nextSeq).toBe(41);
	expect(dev).toMatchObject({name: '#dev', topic: 'builds', nextSeq: 2});
	expect((await store.open(0, '#general'))[0]).toEqual({name: '#general', topic: '', history: [], nextSeq: 41});
});

test('the history returned is a copy', async () => {
	const store = new MemoryStore();
	await store.open(10, '#general');
	store.append(msg(1));
	const history = (await store.open(10, '#general'))[0]!.history;
	history.pop();
	expect((await store.open(10, '#general'))[0]!.history).toEqual([msg(1)]);
});
