import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {ChatClient} from '../source/client/chat-client.js';
import {MIGRATIONS} from '../source/server/sqlite-schema.js';
import {IrcBot} from './helpers/irc-bot.js';
import type {LineSocket} from './helpers/line-socket.js';
import {ServerHarness} from './helpers/server-harness.js';

/**
 * The life of a room, with real servers and sockets: an empty room that holds nothing expires
 * (its --max-rooms place freed), the operator drops a room (each dialect told its own way), and
 * no seq is ever given twice under a room's name, across drops and restarts on a real database.
 */

const h = new ServerHarness();
const bots: IrcBot[] = [];
const clients: ChatClient[] = [];
let dir: string;
let db: string;

beforeEach(async () => {
	dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tcpchat-rooms-life-'));
	db = path.join(dir, 'history.db');
});

afterEach(async () => {
	for (const bot of bots.splice(0)) bot.destroy();
	for (const client of clients.splice(0)) client.close();
	await h.cleanup();
	await fs.rm(dir, {recursive: true, force: true});
});

/** A tcpchat/2 member's own frame about a room, the next one of `type`. */
function inRoom(socket: LineSocket, type: string, room: string, more: (f: Record<string, any>) => boolean = () => true) {
	return socket.nextOfType(type, f => f['room'] === room && more(f));
}

async function say(socket: LineSocket, room: string, text: string): Promise<Record<string, any>> {
	socket.send({type: 'say', room, text});
	return inRoom(socket, 'msg', room, f => f['text'] === text);
}

/** Joins `room` and returns the seq of the member's own join. */
async function join(socket: LineSocket, name: string, room: string): Promise<number> {
	socket.send({type: 'join', room});
	const own = await inRoom(socket, 'join', room, f => f['name'] === name);
	return own['seq'] as number;
}

async function roomNames(socket: LineSocket): Promise<string[]> {
	socket.send({type: 'list'});
	const list = await socket.nextOfType('rooms');
	return (list['rooms'] as Array<{name: string}>).map(r => r.name).sort();
}

/** An IRC client typed by hand: registered, its lines read raw. */
async function ircRaw(nick: string): Promise<LineSocket> {
	const socket = await h.connect();
	socket.send(`NICK ${nick}`);
	socket.send(`USER ${nick} 0 * :${nick}`);
	await socket.next(l => / 001 /.test(l), 'the IRC welcome');
	return socket;
}

describe('an empty room that holds nothing expires', () => {
	it('goes --room-expiry after its last member left, freeing its --max-rooms place; rooms with a message or a topic, --rooms and the default room stay', async () => {
		await h.start({roomExpiry: 0.05, maxRooms: 5, rooms: ['#help']});
		const {socket} = await h.join2('alice', ['#general', '#said', '#titled', '#quiet']);
		await say(socket, '#said', 'worth keeping');
		socket.send({type: 'topic', room: '#titled', text: 'plans'});
		await inRoom(socket, 'topic', '#titled');
		// #general, #help and the three: the server is full.
		socket.send({type: 'join', room: '#extra'});
		expect(await socket.nextOfType('error')).toMatchObject({code: 'too_many_rooms', room: '#extra'});
		for (const room of ['#said', '#titled', '#quiet']) {
			socket.send({type: 'part', room});
			await inRoom(socket, 'leave', room);
		}
		const gone = await h.activity('dropped');
		expect(gone).toMatchObject({room: '#quiet', by: 'expiry', members: 0});
		// The rooms due with it went in the same look: none but #quiet did.
		expect(h.activities.filter(a => a.kind === 'dropped')).toHaveLength(1);
		expect(await roomNames(socket)).toEqual(['#general', '#help', '#said', '#titled']);
		// Its place is free: a room can be made again (by bob: alice has used the five rooms a
		// connection may make at once). The expired room's events are gone from the store too.
		const bob = (await h.join2('bob')).socket;
		const made = await join(bob, 'bob', '#quiet');
		bob.send({type: 'history', room: '#quiet'});
		const page = await inRoom(bob, 'history', '#quiet');
		expect((page['events'] as Array<{seq: number}>).every(e => e.seq >= made)).toBe(true);
	});

	it('a room someone is in never expires, however long', async () => {
		await h.start({roomExpiry: 0.05});
		const {socket} = await h.join2('alice', ['#general', '#stay', '#leave']);
		socket.send({type: 'part', room: '#leave'});
		expect(await h.activity('dropped')).toMatchObject({room: '#leave'});
		// #stay had the same grace and more: it is still there, with alice.
		expect(await roomNames(socket)).toEqual(['#general', '#stay']);
	});
});

describe('the operator drops a room', () => {
	it('each member is told in its dialect and stays connected; the others are not told; the room is gone', async () => {
		await h.start();
		const alice = (await h.join2('alice', ['#general', '#x'])).socket;
		const dave = (await h.join2('dave')).socket;
		const bob = await h.joinPlain('bob');
		bob.send('/join #x');
		await bob.next(l => l === '* now talking in #x');
		const carol = await IrcBot.connect(h.port, 'carol');
		bots.push(carol);
		carol.client.join('#x');
		await carol.event('join', e => e.nick === 'carol');
		await inRoom(alice, 'join', '#x', f => f['name'] === 'carol');
		await say(alice, '#x', 'before the end');
		await bob.next(l => l.endsWith('<alice> before the end'));

		expect(h.server.drop('#X', 'spam\u0007')).toBe('dropped');

		// tcpchat: its own leave, reason dropped, with the operator's words; nobody else's.
		expect(await inRoom(alice, 'leave', '#x')).toMatchObject({name: 'alice', reason: 'dropped', text: 'spam'});
		// A person at nc: a sentence, and where its lines go now.
		expect(await bob.next(l => l.includes('removed #x'))).toMatch(/^\[\d\d:\d\d\] \*\*\* the operator removed #x: "spam" — you are no longer in it; now talking in #general$/);
		// IRC: a KICK from the server, which the client takes as being out of the channel.
		const kick = await carol.event('kick');
		expect(kick).toMatchObject({channel: '#x', kicked: 'carol', message: 'The operator removed this channel: spam'});
		expect(await carol.line(/ KICK #x carol /)).toMatch(/^(@time=\S+ )?:tcpchat\.server KICK #x carol :The operator removed this channel: spam$/);
		expect(await h.activity('dropped')).toMatchObject({room: '#x', by: 'operator', members: 3, text: 'spam'});

		// Everyone is still connected and in #general; what bob types goes there now.
		bob.send('still here');
		expect(await inRoom(alice, 'msg', '#general')).toMatchObject({from: 'bob', text: 'still here'});
		alice.send({type: 'say', room: '#x', text: 'anyone?'});
		expect(await alice.nextOfType('error')).toMatchObject({code: 'not_in_room', room: '#x', message: 'there is no room #x'});
		expect(alice.frames().filter(f => f['type'] === 'leave' && f['name'] !== 'alice')).toEqual([]);
		expect(dave.frames().some(f => f['room'] === '#x')).toBe(false);
		expect(await roomNames(alice)).toEqual(['#general']);
		expect(h.server.connections().map(c => c.rooms)).toEqual([['#general'], ['#general'], ['#general'], ['#general']]);
	});

	it('the default room cannot be dropped; a room that is not there is said so', async () => {
		await h.start();
		const {socket} = await h.join2('alice');
		expect(h.server.drop('#GENERAL')).toBe('default_room');
		expect(h.server.drop('#nowhere')).toBe('no_such_room');
		expect(await say(socket, '#general', 'still here')).toMatchObject({from: 'alice'});
		expect(h.activities.some(a => a.kind === 'dropped')).toBe(false);
	});

	it('the tcpchat client forgets the room: a reconnect does not make it again', async () => {
		await h.start();
		const client = new ChatClient({host: '127.0.0.1', port: h.port, name: 'alice', reconnect: false});
		clients.push(client);
		const frames: Array<Record<string, any>> = [];
		let wake = (): void => {};
		client.subscribe(activity => {
			if (activity.kind === 'frame') frames.push(activity.frame as Record<string, any>);
			wake();
		});
		const until = (test: () => boolean) => new Promise<void>(resolve => {
			wake = () => test() && resolve();
			wake();
		});
		await client.connect();
		client.join('#x');
		await until(() => client.rooms.includes('#x'));
		h.server.drop('#x');
		await until(() => frames.some(f => f['type'] === 'leave' && f['reason'] === 'dropped'));
		expect(client.rooms).toEqual(['#general']);
	});
});

describe('seq is never given twice under a room name (a real database file, real restarts)', () => {
	it('across drop and recreate, expiry, and restarts', async () => {
		await h.start({db, roomExpiry: 0.05});
		let alice = (await h.join2('alice', ['#general', '#x', '#tmp'])).socket;
		await say(alice, '#x', 'old one');
		const old = await say(alice, '#x', 'old two');
		expect(h.server.drop('#x')).toBe('dropped');
		const leave = await inRoom(alice, 'leave', '#x');
		expect(leave['seq']).toBe(old['seq'] + 1);
		// Made again: it starts above the old room's last seq, and shows none of its events.
		alice.send({type: 'join', room: '#x'});
		const joined = await inRoom(alice, 'joined', '#x');
		expect(joined['history']).toEqual([]);
		const rejoin = await inRoom(alice, 'join', '#x', f => f['name'] === 'alice');
		expect(rejoin['seq']).toBeGreaterThan(leave['seq']);
		const fresh = await say(alice, '#x', 'new one');
		// A throwaway room expires; its seq counts too.
		alice.send({type: 'part', room: '#tmp'});
		const tmpLeave = await inRoom(alice, 'leave', '#tmp');
		await h.activity('dropped', a => a.room === '#tmp');
		await h.cleanup();

		await h.start({db, roomExpiry: 0.05});
		alice = (await h.join2('alice', ['#general', '#x'])).socket;
		const welcome = alice.frames().find(f => f['type'] === 'welcome')!;
		const x = (welcome['rooms'] as Array<{room: string; history: Array<{seq: number; text?: string}>}>).find(r => r.room === '#x')!;
		expect(x.history.map(e => e.text).filter(Boolean)).toEqual(['new one']);
		expect(x.history.every(e => e.seq >= rejoin['seq'])).toBe(true);
		expect(await roomNames(alice)).toEqual(['#general', '#x']);
		const tmp = await join(alice, 'alice', '#tmp');
		expect(tmp).toBeGreaterThan(tmpLeave['seq']);
		expect(h.server.drop('#x')).toBe('dropped');
		const second = await inRoom(alice, 'leave', '#x');
		expect(second['seq']).toBeGreaterThan(fresh['seq']);
		await h.cleanup();

		await h.start({db});
		const bob = (await h.join2('bob', ['#general', '#x'])).socket;
		const again = bob.frames().find(f => f['type'] === 'welcome')!;
		expect((again['rooms'] as Array<{room: string; history: unknown[]}>).find(r => r.room === '#x')!.history).toEqual([]);
		const third = (bob.frames().find(f => f['type'] === 'join' && f['room'] === '#x') as {seq: number}).seq;
		expect(third).toBeGreaterThan(second['seq']);
	});
});

describe("IRC's RPL_CREATIONTIME (329) is the room's creation time", () => {
	const MODE_329 = /^:tcpchat\.server 329 \S+ (#\S+) :?(\d+)$/;

	async function creationTime(socket: LineSocket, room: string): Promise<number> {
		socket.send(`MODE ${room}`);
		const line = await socket.next(l => MODE_329.test(l) && MODE_329.exec(l)![1] === room, `329 for ${room}`);
		return Number(MODE_329.exec(line)![2]);
	}

	it('kept across a restart; not the server start time', async () => {
		let clock = Date.UTC(2025, 0, 1, 12, 0, 0);
		const now = () => clock;
		await h.start({db}, {now});
		clock += 3600_000;
		let carol = await ircRaw('carol');
		carol.send('JOIN #x');
		await carol.next(l => l.includes(' JOIN #x') || l.includes(' JOIN :#x'));
		expect(await creationTime(carol, '#x')).toBe(Date.UTC(2025, 0, 1, 13, 0, 0) / 1000);
		expect(await creationTime(carol, '#general')).toBe(Date.UTC(2025, 0, 1, 12, 0, 0) / 1000);
		await h.cleanup();

		clock += 86_400_000;
		await h.start({db}, {now});
		carol = await ircRaw('carol');
		carol.send('JOIN #x');
		await carol.next(l => l.includes(' JOIN #x') || l.includes(' JOIN :#x'));
		expect(await creationTime(carol, '#x')).toBe(Date.UTC(2025, 0, 1, 13, 0, 0) / 1000);
		expect(await creationTime(carol, '#general')).toBe(Date.UTC(2025, 0, 1, 12, 0, 0) / 1000);
	});

	it("a database of the previous schema: a room's creation time is its first stored event's", async () => {
		const raw = new Database(db);
		raw.exec(MIGRATIONS[0]!);
		raw.pragma('user_version = 1');
		const id = Number(raw.prepare(`INSERT INTO rooms (key, name) VALUES ('#old', '#old')`).run().lastInsertRowid);
		const event = raw.prepare(`INSERT INTO events (room, seq, ts, type, name, text) VALUES (?, ?, ?, ?, ?, ?)`);
		event.run(id, 1, Date.UTC(2024, 5, 1), 'join', 'alice', null);
		event.run(id, 2, Date.UTC(2024, 5, 2), 'msg', 'alice', 'from the old days');
		raw.close();
		await h.start({db});
		const carol = await ircRaw('carol');
		carol.send('JOIN #old');
		await carol.next(l => l.endsWith('from the old days'));
		expect(await creationTime(carol, '#old')).toBe(Date.UTC(2024, 5, 1) / 1000);
	});
});

describe('rooms one address has made', () => {
	it('a room where something was said stays, so one address may have made a tenth of --max-rooms: past it a sentence, a room gone frees a place', async () => {
		// --max-rooms 50: five per address. The attack: make rooms, say a word in each, leave; the table stayed full for good.
		await h.start({maxRooms: 50, rate: 1000, burst: 1000, maxPerIp: 0, logFile: null});
		const {socket} = await h.join2('squatter');
		for (let i = 1; i <= 5; i++) {
			socket.send({type: 'join', room: `#s${i}`});
			await inRoom(socket, 'joined', `#s${i}`);
			socket.send({type: 'say', room: `#s${i}`, text: 'mine'});
		}
		socket.send({type: 'join', room: '#s6'});
		expect(await inRoom(socket, 'error', '#s6')).toMatchObject({
			code: 'too_many_rooms',
			message: 'your address has made as many rooms as one address may: join one of the rooms there are (list shows them)',
		});
		// Reconnecting changes nothing: the rooms are the address's, not the connection's.
		const again = await h.join2('squatter2');
		again.socket.send({type: 'join', room: '#s7'});
		expect(await inRoom(again.socket, 'error', '#s7')).toMatchObject({code: 'too_many_rooms'});
		// Joining a room that exists is never refused.
		again.socket.send({type: 'join', room: '#s1'});
		await inRoom(again.socket, 'joined', '#s1');
		expect(h.server.drop('#s2')).toBe('dropped');
		again.socket.send({type: 'join', room: '#s7'});
		await inRoom(again.socket, 'joined', '#s7');
	});
});
