import {afterEach, expect, test} from 'vitest';
import type {Session} from '../source/server/session.js';
import {ServerHarness} from './helpers/server-harness.js';

const harness = new ServerHarness();

afterEach(async () => {
	await harness.cleanup();
});

// A big room's welcome goes out in pieces (the room's shared user list and history as they
// are): on the wire it must still be exactly one JSON line, as JSON.stringify writes it.
test('the welcome of a big room is one exact JSON line, with every member and the whole history', async () => {
	await harness.start({rate: 1000, burst: 1000, history: 100});
	const room = harness.server.room;
	// Members without sockets: enough of them for a user list far above the size written apart.
	for (let i = 0; i < 600; i++) room.join({name: `member-with-a-long-name-${i}`, since: 1_700_000_000_000 + i, deliver() {}, deliverRun() {}} as unknown as Session);
	const {socket} = await harness.join('talker');
	const long = 'ü'.repeat(500);
	for (let i = 0; i < 40; i++) socket.send({type: 'say', text: `${i} ${long}`});
	await socket.nextFrame(f => f['type'] === 'msg' && String(f['text']).startsWith('39 '), 'the last message');

	const users = room.users();
	const history = room.history();
	const reader = await harness.connect();
	reader.send({type: 'hello', proto: 1, name: 'reader'});
	const line = await reader.next(l => l.includes('"welcome"'), 'the welcome');
	const welcome = JSON.parse(line) as Record<string, any>;
	expect(line).toBe(JSON.stringify(welcome));
	expect(line.length).toBeGreaterThan(60_000);
	expect(welcome['users'].slice(0, -1)).toEqual(users);
	expect(welcome['users'].at(-1).name).toBe('reader');
	// tcpchat/1: the events without their room.
	expect(welcome['history']).toEqual(history.map(({room: _room, ...rest}) => rest));
	expect(Object.keys(welcome)).toEqual(['type', 'proto', 'server', 'you', 'users', 'history', 'motd']);
	// Its own join follows, as its own line.
	await reader.nextFrame(f => f['type'] === 'join' && f['name'] === 'reader', 'its own join');

	// tcpchat/2: the same room inside `rooms`, events with their room, in the same exact line.
	const v2 = await harness.connect();
	const before = room.history();
	v2.send({type: 'hello', proto: 2, name: 'reader2'});
	const line2 = await v2.next(l => l.includes('"welcome"'), 'the tcpchat/2 welcome');
	const welcome2 = JSON.parse(line2) as Record<string, any>;
	expect(line2).toBe(JSON.stringify(welcome2));
	expect(Object.keys(welcome2)).toEqual(['type', 'proto', 'server', 'you', 'motd', 'rooms']);
	expect(welcome2['proto']).toBe(2);
	const [general] = welcome2['rooms'] as Array<Record<string, any>>;
	expect(Object.keys(general!)).toEqual(['room', 'topic', 'users', 'history']);
	expect(general!['history']).toEqual(before);
	expect(general!['users'].slice(0, -1)).toEqual(room.users().filter(u => u.name !== 'reader2'));
});
