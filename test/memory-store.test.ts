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
	for (let seq = 1; seq <= 40; seq++) store.write([msg(seq)]);
	store.write([{type: 'topic', room: '#dev', seq: 1, ts: 1, from: 'bob', text: 'builds'}]);
	await store.close();
	const [general, dev] = await store.open(5, '#general');
	expect(general!.history.map(e => e.seq)).toEqual([36, 37, 38, 39, 40]);
	expect(general!.nextSeq).toBe(41);
	expect(dev).toMatchObject({name: '#dev', topic: 'builds', nextSeq: 2, heldMessage: false});
	// Made when its first event was (nobody said when it was made), and a message was said in it.
	expect((await store.open(0, '#general'))[0]).toEqual({name: '#general', topic: '', history: [], nextSeq: 41, createdAt: 1, heldMessage: true});
});

test('the history returned is a copy', async () => {
	const store = new MemoryStore();
	await store.open(10, '#general');
	store.write([msg(1)]);
	const history = (await store.open(10, '#general'))[0]!.history;
	history.pop();
	expect((await store.open(10, '#general'))[0]!.history).toEqual([msg(1)]);
});

test('pages go back as far as the store keeps, oldest first, and say whether there is more', async () => {
	const store = new MemoryStore();
	await store.open(10, '#general');
	store.write(Array.from({length: 250}, (_, i) => msg(i + 1)));
	expect(store.page('#general', undefined, 100)).toMatchObject({more: true});
	expect(store.page('#GENERAL', undefined, 100).events.map(e => e.seq)).toEqual(Array.from({length: 100}, (_, i) => 151 + i));
	expect(store.page('#general', 151, 100).events.map(e => e.seq)).toEqual(Array.from({length: 100}, (_, i) => 51 + i));
	expect(store.page('#general', 51, 100)).toEqual({events: Array.from({length: 50}, (_, i) => msg(i + 1)), more: false});
	expect(store.page('#general', 1, 100)).toEqual({events: [], more: false});
	expect(store.page('#nowhere', undefined, 100)).toEqual({events: [], more: false});
});

test('search finds messages containing the text, ignoring case, newest first, in the rooms asked', async () => {
	const store = new MemoryStore();
	await store.open(10, '#general');
	store.write([
		{type: 'msg', room: '#general', seq: 1, ts: 1, from: 'alice', text: 'the Build is green'},
		{type: 'topic', room: '#general', seq: 2, ts: 2, from: 'alice', text: 'build talk'},
		{type: 'msg', room: '#dev', seq: 1, ts: 3, from: 'bob', text: '今天的构建很慢 build'},
		{type: 'msg', room: '#general', seq: 3, ts: 4, from: 'carol', text: 'nothing here'},
		{type: 'msg', room: '#general', seq: 4, ts: 5, from: 'carol', text: '中文 rebuild'},
	]);
	const found = store.search({text: 'BUILD', rooms: ['#general', '#dev'], limit: 100});
	expect(found.events.map(e => e.ts)).toEqual([5, 3, 1]);
	expect(store.search({text: '构建', rooms: ['#dev'], limit: 100}).events).toHaveLength(1);
	expect(store.search({text: '构建', rooms: ['#general'], limit: 100}).events).toHaveLength(0);
	expect(store.search({text: 'build', rooms: ['#general', '#dev'], limit: 2}).events.map(e => e.ts)).toEqual([5, 3]);
});
