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
	for (let i = 0; i < 600; i++) room.join({name: `member-with-a-long-name-${i}`, since: 1_700_000_000_000 + i, deliver() {}} as unknown as Session);
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
	expect(welcome['history']).toEqual(history);
	expect(Object.keys(welcome)).toEqual(['type', 'proto', 'server', 'you', 'users', 'history', 'motd']);
	// Its own join follows, as its own line.
	await reader.nextFrame(f => f['type'] === 'join' && f['name'] === 'reader', 'its own join');
});
