import {describe, expect, test} from 'vitest';
import type {RoomEvent} from '../source/protocol/frames.js';
import {LocalBackend} from '../source/server/local-backend.js';
import {MemoryStore} from '../source/server/memory-store.js';
import type {RoomMember} from '../source/server/room.js';
import {expiryCheckEvery, RoomExpiry} from '../source/server/room-expiry.js';
import {RoomManager} from '../source/server/room-manager.js';

describe('RoomExpiry: since when a room could go', () => {
	test('a room is due once it has been disposable for the whole grace, at every look in between', () => {
		const expiry = new RoomExpiry<string>(1000);
		const rooms = ['#a', '#b'];
		expect(expiry.due(rooms, () => true, 0)).toEqual([]);
		expect(expiry.due(rooms, () => true, 999)).toEqual([]);
		expect(expiry.due(rooms, () => true, 1000)).toEqual(['#a', '#b']);
	});

	test('a room that is not disposable at a look (someone came, a message, a topic) starts again from nothing', () => {
		const expiry = new RoomExpiry<string>(1000);
		const rooms = ['#a', '#b'];
		expiry.due(rooms, () => true, 0);
		expiry.due(rooms, room => room === '#b', 500);
		expect(expiry.due(rooms, () => true, 1000)).toEqual(['#b']);
		expect(expiry.due(rooms, () => true, 1999)).toEqual([]);
		expect(expiry.due(rooms, () => true, 2000)).toEqual(['#a']);
	});

	test('a room gone between looks is forgotten', () => {
		const expiry = new RoomExpiry<string>(1000);
		expiry.due(['#a', '#b'], () => true, 0);
		expect(expiry.size).toBe(2);
		expiry.due(['#b'], () => true, 10);
		expect(expiry.size).toBe(1);
	});

	test('looks come a quarter of the grace apart, between 5 ms and a second', () => {
		expect(expiryCheckEvery(60_000)).toBe(1000);
		expect(expiryCheckEvery(2000)).toBe(500);
		expect(expiryCheckEvery(8)).toBe(5);
	});
});

const member = (name: string): RoomMember => ({name, since: 0, deliver: () => {}, deliverRun: () => {}});

async function manager(store = new MemoryStore(), maxRooms = 4) {
	const backend = new LocalBackend<RoomMember>(store, '#general', () => {});
	const events: RoomEvent[] = [];
	const rm = new RoomManager<RoomMember>(backend, {defaultRoom: '#general', rooms: ['#help'], maxRooms, historyLimit: 10}, () => 1_700_000_000_000, (_room, event) => events.push(event));
	await rm.open();
	return {rm, backend, events, store};
}

describe('RoomManager: which rooms hold nothing', () => {
	test('a new room holds nothing; a message or a topic makes it worth keeping; the default room and --rooms never go', async () => {
		const {rm, backend} = await manager(new MemoryStore(), 10);
		const quiet = rm.getOrCreate('#quiet');
		const said = rm.getOrCreate('#said');
		const titled = rm.getOrCreate('#titled');
		if (quiet === 'full' || said === 'full' || titled === 'full') throw new Error('full');
		const alice = member('alice');
		for (const room of [quiet, said, titled]) room.join(alice);
		said.say(alice, 'hi', false);
		titled.setTopic(alice, 'plans');
		backend.flush();
		expect(rm.isThrowaway(quiet)).toBe(true);
		expect(rm.isThrowaway(said)).toBe(false);
		expect(rm.isThrowaway(titled)).toBe(false);
		expect(rm.isThrowaway(rm.defaultRoom)).toBe(false);
		expect(rm.isThrowaway(rm.get('#HELP')!)).toBe(false);
		expect(quiet.createdAt).toBe(1_700_000_000_000);
	});

	test('remove frees a place under maxRooms; the default room is never removed', async () => {
		const {rm} = await manager();
		expect(rm.getOrCreate('#a')).not.toBe('full');
		expect(rm.getOrCreate('#b')).not.toBe('full');
		expect(rm.getOrCreate('#c')).toBe('full');
		rm.remove(rm.get('#a')!);
		expect(rm.get('#a')).toBeUndefined();
		expect(rm.getOrCreate('#c')).not.toBe('full');
		rm.remove(rm.defaultRoom);
		expect(rm.get('#general')).toBe(rm.defaultRoom);
	});

	test('a room remembered as having held a message keeps it after a restart, though its messages are gone from the history', async () => {
		const store = new MemoryStore();
		const first = await manager(store);
		const room = first.rm.getOrCreate('#old');
		if (room === 'full') throw new Error('full');
		const alice = member('alice');
		room.join(alice);
		room.say(alice, 'once', false);
		// More events than the history keeps: the message is not among the last ones.
		for (let i = 0; i < 20; i++) room.renamed(alice, 'alice');
		first.backend.flush();
		const again = await manager(store);
		const restored = again.rm.get('#old')!;
		expect(restored.history().some(e => e.type === 'msg')).toBe(false);
		expect(again.rm.isThrowaway(restored)).toBe(false);
	});
});

describe('LocalBackend: no seq is given twice under one name', () => {
	test('a room made again after a drop starts above the seq the dropped one had; so does any room made later', async () => {
		const {rm, backend, events, store} = await manager();
		const alice = member('alice');
		const first = rm.getOrCreate('#x');
		if (first === 'full') throw new Error('full');
		first.join(alice);
		first.say(alice, 'one', false);
		first.say(alice, 'two', false);
		backend.flush();
		expect(events.filter(e => e.room === '#x').map(e => e.seq)).toEqual([1, 2, 3]);
		first.leave(alice, 'part');
		rm.remove(first);
		expect(store.seqFloor).toBe(4);
		expect(store.page('#x', undefined, 10).events).toEqual([]);
		const again = rm.getOrCreate('#x');
		const other = rm.getOrCreate('#y');
		if (again === 'full' || other === 'full') throw new Error('full');
		again.join(alice);
		other.join(alice);
		backend.flush();
		expect(events.filter(e => e.room === '#x').map(e => e.seq)).toEqual([1, 2, 3, 4, 5]);
		expect(events.filter(e => e.room === '#y').map(e => e.seq)).toEqual([5]);
		// Only the new room's events are its history.
		expect(store.page('#x', undefined, 10).events.map(e => e.seq)).toEqual([5]);
	});
});
