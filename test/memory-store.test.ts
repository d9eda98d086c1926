import {expect, test} from 'vitest';
import type {RoomEvent} from '../source/protocol/frames.js';
import {MemoryStore} from '../source/server/memory-store.js';

const msg = (seq: number): RoomEvent => ({type: 'msg', seq, ts: seq, from: 'alice', text: `m${seq}`});

test('a new memory store is empty and says where it lives', async () => {
	const store = new MemoryStore();
	expect(store.location).toBe('memory');
	expect(await store.open(100)).toEqual({history: [], nextSeq: 1});
	await store.close();
});

test('history and seq last as long as the store, limited to the last events', async () => {
	const store = new MemoryStore();
	await store.open(5);
	for (let seq = 1; seq <= 40; seq++) store.append(msg(seq));
	await store.close();
	const restored = await store.open(5);
	expect(restored.history.map(e => e.seq)).toEqual([36, 37, 38, 39, 40]);
	expect(restored.nextSeq).toBe(41);
	expect(await store.open(0)).toEqual({history: [], nextSeq: 41});
});

test('the history returned is a copy', async () => {
	const store = new MemoryStore();
	await store.open(10);
	store.append(msg(1));
	const {history} = await store.open(10);
	history.pop();
	expect((await store.open(10)).history).toEqual([msg(1)]);
});
