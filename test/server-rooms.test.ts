import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs/promises';
import {afterEach, describe, expect, it} from 'vitest';
import {MemoryStore} from '../source/server/memory-store.js';
import {ServerHarness} from './helpers/server-harness.js';

const h = new ServerHarness();
afterEach(() => h.cleanup());

describe('tcpchat/2: hello and versions', () => {
	it('a proto 2 hello is welcomed with its rooms; its own join follows live, with the room and a seq', async () => {
		await h.start({motd: 'hi'});
		const alice = await h.connect();
		alice.send({type: 'hello', proto: 2, name: 'alice'});
		const welcome = await alice.nextOfType('welcome');
		expect(welcome).toEqual({
			type: 'welcome',
			proto: 2,
			server: expect.stringMatching(/^tcpchat\//),
			you: 'alice',
			motd: 'hi',
			rooms: [{room: '#general', topic: '', users: [{name: 'alice', since: expect.any(Number)}], history: []}],
		});
		expect(await alice.nextOfType('join')).toMatchObject({room: '#general', seq: 1, name: 'alice'});
	});

	it('the lower version wins; below 1 is proto_unsupported, a fraction bad_frame', async () => {
		await h.start();
		const future = await h.connect();
		future.send({type: 'hello', proto: 7, name: 'future'});
		expect(await future.nextOfType('welcome')).toMatchObject({proto: 2});
		const ancient = await h.connect();
		ancient.send({type: 'hello', proto: 0, name: 'ancient'});
		expect(await ancient.nextOfType('error')).toMatchObject({code: 'proto_unsupported'});
		ancient.send({type: 'hello', proto: 1.5, name: 'ancient'});
		expect(await ancient.nextOfType('error', f => f['code'] === 'bad_frame')).toMatchObject({message: '"proto" must be a whole number'});
	});

	it('hello rooms joins them at once; a bad name is an error about that room, the rest are joined', async () => {
		await h.start();
		const {socket, welcome} = await h.join2('alice', ['#general', '#dev', 'oops', '#Dev']);
		expect((welcome['rooms'] as Array<{room: string}>).map(r => r.room)).toEqual(['#general', '#dev']);
		expect(await socket.nextOfType('error')).toMatchObject({code: 'room_invalid', room: 'oops'});
		expect(h.server.rooms.get('#DEV')?.size).toBe(1);
	});
});

describe('tcpchat/2: rooms', () => {
	it('join: the joiner gets the room (topic, users, history), then its own join; only that room hears of it', async () => {
		await h.start();
		const bob = await h.join2('bob', ['#general', '#dev']);
		bob.socket.send({type: 'say', room: '#dev', text: 'earlier in dev'});
		await bob.socket.nextOfType('msg');
		const alice = await h.join2('alice');
		const carol = await h.join2('carol');
		alice.socket.send({type: 'join', room: '#dev'});
		const joined = await alice.socket.nextOfType('joined');
		expect(joined).toMatchObject({type: 'joined', room: '#dev', topic: ''});
		expect(joined['users'].map((u: {name: string}) => u.name)).toEqual(['bob', 'alice']);
		expect(joined['history'].map((e: {type: string}) => e.type)).toEqual(['join', 'msg']);
		expect(await alice.socket.nextOfType('join', f => f['room'] === '#dev')).toMatchObject({name: 'alice', seq: 3});
		expect(await bob.socket.nextOfType('join', f => f['name'] === 'alice' && f['room'] === '#dev')).toBeTruthy();
		carol.socket.send({type: 'who', room: '#general'});
		await carol.socket.nextOfType('users');
		expect(carol.socket.frames().some(f => f['room'] === '#dev')).toBe(false);
	});

	it('every room counts its own seq', async () => {
		await h.start();
		const {socket} = await h.join2('alice', ['#general', '#dev']);
		socket.send({type: 'say', room: '#dev', text: 'a'});
		socket.send({type: 'say', room: '#general', text: 'b'});
		socket.send({type: 'say', room: '#dev', text: 'c'});
		await socket.nextOfType('msg', f => f['text'] === 'c');
		const seqs = socket.frames().filter(f => f['type'] === 'msg').map(f => [f['room'], f['seq']]);
		expect(seqs).toEqual([
			['#dev', 2],
			['#general', 2],
			['#dev', 3],
		]);
	});

	it('say: a room is needed in tcpchat/2, one you are in, one that exists', async () => {
		await h.start();
		const {socket} = await h.join2('alice');
		await h.join2('bob', ['#dev']);
		socket.send({type: 'say', text: 'where?'});
		expect(await socket.nextOfType('error')).toMatchObject({code: 'bad_frame', message: 'say needs a "room" in tcpchat/2'});
		socket.send({type: 'say', room: '#dev', text: 'hi'});
		expect(await socket.nextOfType('error', f => f['code'] === 'not_in_room')).toMatchObject({room: '#dev'});
		socket.send({type: 'say', room: '#nowhere', text: 'hi'});
		expect(await socket.nextOfType('error', f => f['room'] === '#nowhere')).toMatchObject({code: 'not_in_room', message: 'there is no room #nowhere'});
	});

	it('part: the parting member gets its own leave (reason part), stays connected, and can no longer talk there', async () => {
		await h.start();
		const alice = await h.join2('alice', ['#general', '#dev']);
		const bob = await h.join2('bob', ['#dev']);
		alice.socket.send({type: 'part', room: '#dev', reason: 'lunch'});
		const own = await alice.socket.nextOfType('leave');
		expect(own).toMatchObject({room: '#dev', name: 'alice', reason: 'part', text: 'lunch'});
		expect(await bob.socket.nextOfType('leave')).toEqual(own);
		alice.socket.send({type: 'say', room: '#dev', text: 'still?'});
		expect(await alice.socket.nextOfType('error')).toMatchObject({code: 'not_in_room', room: '#dev'});
		alice.socket.send({type: 'say', room: '#general', text: 'still here'});
		expect(await alice.socket.nextOfType('msg')).toMatchObject({room: '#general', text: 'still here'});
	});

	it('topic: any member sets it, everyone in the room hears it, list shows it; an empty text clears it', async () => {
		await h.start();
		const alice = await h.join2('alice', ['#dev']);
		const bob = await h.join2('bob', ['#dev', '#general']);
		alice.socket.send({type: 'topic', room: '#dev', text: 'builds\tand\ntests'});
		expect(await bob.socket.nextOfType('topic')).toMatchObject({room: '#dev', from: 'alice', text: 'builds and tests'});
		bob.socket.send({type: 'list'});
		const rooms = await bob.socket.nextOfType('rooms');
		expect(rooms['rooms']).toEqual([
			{name: '#dev', topic: 'builds and tests', users: 2},
			{name: '#general', topic: '', users: 1},
		]);
		alice.socket.send({type: 'topic', room: '#dev', text: ''});
		expect(await bob.socket.nextOfType('topic', f => f['text'] === '')).toBeTruthy();
		alice.socket.send({type: 'topic', room: '#dev', text: 'x'.repeat(301)});
		expect(await alice.socket.nextOfType('error')).toMatchObject({code: 'text_too_long', room: '#dev'});
		alice.socket.send({type: 'topic', room: '#general', text: 'not mine'});
		expect(await alice.socket.nextOfType('error', f => f['code'] === 'not_in_room')).toMatchObject({room: '#general'});
	});

	it('who names the room; an unknown room is no_such_room; a room name is checked', async () => {
		await h.start();
		const {socket} = await h.join2('alice');
		socket.send({type: 'who', room: '#GENERAL'});
		expect(await socket.nextOfType('users')).toMatchObject({room: '#general', users: [{name: 'alice'}]});
		socket.send({type: 'who', room: '#nope'});
		expect(await socket.nextOfType('error')).toMatchObject({code: 'no_such_room', room: '#nope'});
		socket.send({type: 'join', room: 'no hash'});
		expect(await socket.nextOfType('error', f => f['code'] === 'room_invalid')).toMatchObject({
			message: 'a room name starts with "#", as in #no hash',
		});
		socket.send({type: 'join', room: '#' + 'x'.repeat(33)});
		expect(await socket.nextOfType('error', f => f['message']?.includes('at most 32'))).toMatchObject({code: 'room_invalid'});
	});

	it('joining a room one is in is harmless: it is shown again, nobody hears a join', async () => {
		await h.start();
		const alice = await h.join2('alice');
		const bob = await h.join2('bob');
		alice.socket.send({type: 'join', room: '#general'});
		const again = await alice.socket.nextOfType('joined');
		expect(again['users'].map((u: {name: string}) => u.name)).toEqual(['alice', 'bob']);
		bob.socket.send({type: 'say', room: '#general', text: 'after'});
		await alice.socket.nextOfType('msg');
		expect(bob.socket.frames().filter(f => f['type'] === 'join' && f['name'] === 'alice')).toHaveLength(0);
	});

	it('a rename is one nick per room, to everyone in it, the renamer too; in no room, the renamer alone is told', async () => {
		await h.start();
		const alice = await h.join2('alice', ['#general', '#dev']);
		const bob = await h.join2('bob', ['#dev']);
		alice.socket.send({type: 'nick', name: 'alicia'});
		await alice.socket.nextOfType('nick', f => f['room'] === '#dev');
		expect(alice.socket.frames().filter(f => f['type'] === 'nick').map(f => f['room'])).toEqual(['#general', '#dev']);
		expect(await bob.socket.nextOfType('nick')).toMatchObject({room: '#dev', from: 'alice', to: 'alicia'});
		bob.socket.send({type: 'part', room: '#dev'});
		await bob.socket.nextOfType('leave');
		bob.socket.send({type: 'nick', name: 'robert'});
		const alone = await bob.socket.nextOfType('nick', f => f['to'] === 'robert');
		expect(alone).toEqual({type: 'nick', ts: expect.any(Number), from: 'bob', to: 'robert'});
	});

	it('a member going away is one leave per room it was in, each in that room’s seq order', async () => {
		await h.start();
		const alice = await h.join2('alice', ['#general', '#dev', '#ops']);
		const bob = await h.join2('bob', ['#general', '#dev', '#ops']);
		alice.socket.send({type: 'bye', reason: 'done'});
		await bob.socket.nextOfType('leave', f => f['room'] === '#ops');
		const leaves = bob.socket.frames().filter(f => f['type'] === 'leave');
		expect(leaves.map(f => [f['room'], f['reason'], f['text']])).toEqual([
			['#general', 'quit', 'done'],
			['#dev', 'quit', 'done'],
			['#ops', 'quit', 'done'],
		]);
		for (const room of ['#general', '#dev', '#ops']) {
			const seqs = bob.socket.frames().filter(f => f['room'] === room && 'seq' in f).map(f => f['seq'] as number);
			expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
		}
	});

	it('away news reaches everyone sharing a room, once each, whatever the number of rooms shared', async () => {
		await h.start();
		const alice = await h.join2('alice', ['#general', '#dev']);
		const bob = await h.join2('bob', ['#general', '#dev']);
		const carol = await h.join2('carol', ['#ops']);
		alice.socket.send({type: 'away', text: 'lunch'});
		expect(await bob.socket.nextOfType('away')).toEqual({type: 'away', name: 'alice', text: 'lunch'});
		bob.socket.send({type: 'who', room: '#dev'});
		expect((await bob.socket.nextOfType('users'))['users']).toContainEqual(expect.objectContaining({name: 'alice', away: 'lunch'}));
		expect(bob.socket.frames().filter(f => f['type'] === 'away')).toHaveLength(1);
		carol.socket.send({type: 'list'});
		await carol.socket.nextOfType('rooms');
		expect(carol.socket.frames().some(f => f['type'] === 'away')).toBe(false);
	});

	it('the operator’s notice to one room reaches that room only', async () => {
		await h.start();
		const dev = await h.join2('dev', ['#dev']);
		const general = await h.join2('general');
		expect(h.server.notice('deploying', '#dev')).toBe(true);
		expect(await dev.socket.nextOfType('notice')).toMatchObject({text: 'deploying', room: '#dev'});
		expect(h.server.notice('x', '#nowhere')).toBe(false);
		h.server.notice('to all');
		expect(await general.socket.nextOfType('notice')).toMatchObject({text: 'to all'});
		expect(general.socket.frames().some(f => f['text'] === 'deploying')).toBe(false);
	});
});

describe('tcpchat/2: limits', () => {
	it('--max-rooms: a new room past it is too_many_rooms; existing rooms stay open to all', async () => {
		await h.start({maxRooms: 2});
		const {socket} = await h.join2('alice', ['#general', '#dev']);
		socket.send({type: 'join', room: '#third'});
		expect(await socket.nextOfType('error')).toMatchObject({code: 'too_many_rooms', room: '#third'});
		const bob = await h.join2('bob', ['#dev']);
		expect(bob.welcome['rooms']).toHaveLength(1);
	});

	it('--max-rooms-per-member: the limit itself is fine, one more is too_many_rooms', async () => {
		await h.start({maxRoomsPerMember: 3});
		const {socket, welcome} = await h.join2('alice', ['#general', '#a', '#b']);
		expect(welcome['rooms']).toHaveLength(3);
		socket.send({type: 'join', room: '#c'});
		expect(await socket.nextOfType('error')).toMatchObject({code: 'too_many_rooms', room: '#c'});
		socket.send({type: 'part', room: '#a'});
		socket.send({type: 'join', room: '#c'});
		expect(await socket.nextOfType('joined')).toMatchObject({room: '#c'});
	});

	it('making rooms is rate limited per connection: five at once, then wait; joining existing rooms is not', async () => {
		await h.start({rate: 1000, burst: 1000});
		const {socket} = await h.join2('alice');
		for (let i = 1; i <= 6; i++) socket.send({type: 'join', room: `#r${i}`});
		expect(await socket.nextOfType('error')).toMatchObject({code: 'rate_limited', room: '#r6'});
		expect(socket.frames().filter(f => f['type'] === 'joined')).toHaveLength(5);
		const bob = await h.join2('bob');
		for (let i = 1; i <= 5; i++) bob.socket.send({type: 'join', room: `#r${i}`});
		await bob.socket.nextOfType('joined', f => f['room'] === '#r5');
		expect(bob.socket.frames().some(f => f['type'] === 'error')).toBe(false);
	});
});

describe('tcpchat/2: the room table', () => {
	it('reconnecting does not make more rooms: past a connection’s five, the address’s fifty hold', async () => {
		await h.start({rate: 1000, burst: 1000, maxPerIp: 0});
		for (let i = 0; i < 10; i++) {
			const rooms = Array.from({length: 5}, (_, j) => `#m${i}-${j}`);
			const {socket, welcome} = await h.join2(`mallory${i}`, rooms);
			expect(welcome['rooms']).toHaveLength(5);
			socket.end();
			await socket.closed;
		}
		const again = await h.connect();
		again.send({type: 'hello', proto: 2, name: 'mallory10', rooms: ['#m10-0']});
		expect(await again.nextOfType('error')).toMatchObject({code: 'rate_limited', room: '#m10-0'});
	});

	it('a class on one address (one lab machine, one NAT) makes its rooms: each connection its five, together up to fifty', async () => {
		await h.start({rate: 1000, burst: 1000, maxPerIp: 0});
		const students = await Promise.all(Array.from({length: 12}, (_, i) => h.join2(`student${i}`)));
		for (const [i, {socket}] of students.entries()) for (let j = 0; j < 4; j++) socket.send({type: 'join', room: `#team${i}-${j}`});
		for (const [i, {socket}] of students.entries()) await socket.nextOfType('joined', f => f['room'] === `#team${i}-3`);
		expect(students.some(({socket}) => socket.frames().some(f => f['type'] === 'error'))).toBe(false);
	});
});

describe('tcpchat/1 beside tcpchat/2', () => {
	it('a proto 1 member lives in the default room, gets no room fields, no topics, nothing from other rooms', async () => {
		await h.start();
		const old = await h.join('old');
		expect(Object.keys(old.welcome)).toEqual(['type', 'proto', 'server', 'you', 'users', 'history', 'motd']);
		expect(old.welcome['proto']).toBe(1);
		const modern = await h.join2('modern', ['#general', '#dev']);
		modern.socket.send({type: 'say', room: '#dev', text: 'dev only'});
		modern.socket.send({type: 'topic', room: '#general', text: 'a topic'});
		modern.socket.send({type: 'say', room: '#general', text: 'for everyone'});
		const heard = await old.socket.nextOfType('msg');
		expect(heard).toEqual({type: 'msg', seq: expect.any(Number), ts: expect.any(Number), from: 'modern', text: 'for everyone'});
		old.socket.send({type: 'say', text: 'old style'});
		expect(await modern.socket.nextOfType('msg', f => f['text'] === 'old style')).toMatchObject({room: '#general', from: 'old'});
		old.socket.send({type: 'who'});
		expect(Object.keys(await old.socket.nextOfType('users'))).toEqual(['type', 'users']);
		old.socket.send({type: 'join', room: '#dev'});
		expect(await old.socket.nextOfType('error')).toMatchObject({code: 'bad_frame'});
		// Neither silence nor a topic set behind everyone's back: tcpchat/1 has no topics, no list.
		old.socket.send({type: 'topic', room: '#general', text: 'set by v1'});
		expect(await old.socket.nextOfType('error', f => String(f['message']).includes('tcpchat/1'))).toMatchObject({code: 'bad_frame'});
		old.socket.send({type: 'list'});
		await old.socket.nextOfType('error', f => f['code'] === 'bad_frame' && old.socket.frames().filter(x => x['code'] === 'bad_frame').length === 3);
		modern.socket.send({type: 'list'});
		const rooms = (await modern.socket.nextOfType('rooms'))['rooms'] as Array<{name: string; topic: string}>;
		expect(rooms.find(r => r.name === '#general')?.topic).toBe('a topic');
		for (const frame of old.socket.frames()) {
			expect(frame).not.toHaveProperty('room');
			expect(['topic', 'joined', 'rooms']).not.toContain(frame['type']);
		}
		expect(old.socket.frames().some(f => f['text'] === 'dev only')).toBe(false);
	});
});

describe('plain text in rooms', () => {
	it('/join makes a room current; lines go there; other rooms’ events carry their name; /part, /rooms, /topic', async () => {
		// A person typing many commands in a row: more than a burst, within a test's second.
		await h.start({plainGreetingDelay: 20, rate: 1000, burst: 1000});
		const json = await h.join2('json', ['#general', '#dev']);
		const nc = await h.joinPlain('carol');
		nc.send('/join #dev');
		expect(await nc.next(l => l.startsWith('* now talking in'))).toBe('* now talking in #dev');
		expect(await nc.next(l => l.includes('in #dev:'))).toMatch(/^\* 2 in #dev: json, carol$/);
		nc.send('hello dev');
		expect(await json.socket.nextOfType('msg', f => f['from'] === 'carol')).toMatchObject({room: '#dev', text: 'hello dev'});
		json.socket.send({type: 'say', room: '#general', text: 'in general'});
		expect(await nc.next(l => l.includes('in general'))).toMatch(/^\[\d\d:\d\d\] #general <json> in general$/);
		json.socket.send({type: 'say', room: '#dev', text: 'in dev'});
		expect(await nc.next(l => l.includes('in dev'))).toMatch(/^\[\d\d:\d\d\] <json> in dev$/);
		nc.send('/topic shipping friday');
		expect(await nc.next(l => l.includes('set the topic'))).toMatch(/^\[\d\d:\d\d\] \*\*\* carol set the topic: shipping friday$/);
		nc.send('/topic');
		expect(await nc.next(l => l.startsWith('* topic of'))).toBe('* topic of #dev: shipping friday');
		nc.send('/rooms');
		expect(await nc.next(l => l.startsWith('*   #dev'))).toBe('*   #dev (2 here) — shipping friday');
		nc.send('/part');
		expect(await nc.next(l => l.includes('carol left'))).toMatch(/^\[\d\d:\d\d\] \*\*\* carol left the room$/);
		nc.send('back in general');
		expect(await json.socket.nextOfType('msg', f => f['text'] === 'back in general')).toMatchObject({room: '#general'});
		nc.send('/join #dev');
		await nc.next(l => l === '* now talking in #dev');
		nc.send('/join #general');
		await nc.next(l => l === '* now talking in #general');
		nc.send('general again');
		expect(await json.socket.nextOfType('msg', f => f['text'] === 'general again')).toMatchObject({room: '#general'});
		nc.send('/join bad name');
		expect(await nc.next(l => l.startsWith('* usage'))).toBe('* usage: /join #ROOM');
	});
});

describe('restart', () => {
	it('every room keeps its history, topic and seq across a restart (history database)', async () => {
		const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tc-rooms-'));
		const db = path.join(dir, 'rooms.db');
		try {
			await h.start({db});
			const alice = await h.join2('alice', ['#general', '#dev']);
			alice.socket.send({type: 'say', room: '#dev', text: 'kept in dev'});
			alice.socket.send({type: 'topic', room: '#dev', text: 'the dev room'});
			alice.socket.send({type: 'say', room: '#general', text: 'kept in general'});
			await alice.socket.nextOfType('msg', f => f['text'] === 'kept in general');
			const devSeq = h.server.history('#dev').at(-1)!.seq;
			await h.cleanup();
			await h.start({db});
			const bob = await h.join2('bob', ['#dev']);
			const [dev] = bob.welcome['rooms'] as Array<Record<string, any>>;
			expect(dev!['topic']).toBe('the dev room');
			expect(dev!['history'].map((e: Record<string, unknown>) => e['text'] ?? e['type'])).toEqual([
				'join',
				'kept in dev',
				'the dev room',
				'leave',
			]);
			// After the shutdown's leave: no seq of the first run is used again.
			expect(bob.socket.frames().find(f => f['type'] === 'join' && f['name'] === 'bob')).toMatchObject({seq: devSeq + 2});
			expect(h.server.history('#general').map(e => ('text' in e ? e.text : e.type))).toContain('kept in general');
		} finally {
			await fs.rm(dir, {recursive: true, force: true});
		}
	});

	it('an empty room keeps its history and topic while the server runs', async () => {
		const store = new MemoryStore();
		await h.start({}, {store});
		const alice = await h.join2('alice', ['#dev']);
		alice.socket.send({type: 'topic', room: '#dev', text: 'quiet'});
		await alice.socket.nextOfType('topic');
		alice.socket.send({type: 'part', room: '#dev'});
		await alice.socket.nextOfType('leave');
		alice.socket.send({type: 'list'});
		expect((await alice.socket.nextOfType('rooms'))['rooms']).toContainEqual({name: '#dev', topic: 'quiet', users: 0});
	});
});

describe('presence in a big room', () => {
	it('with more members than the batching threshold, every member still gets every join, in seq order', async () => {
		await h.start({maxPerIp: 0});
		const members = [];
		for (let i = 0; i < 80; i++) members.push(await h.join2(`m${i}`, ['#big']));
		await h.join2('late', ['#big']);
		for (const m of [members[0]!, members[40]!, members[79]!]) {
			await m.socket.nextOfType('join', f => f['name'] === 'late');
			const seqs = m.socket.frames().filter(f => f['room'] === '#big' && 'seq' in f).map(f => f['seq'] as number);
			for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[i - 1]! + 1);
		}
	});
});
