import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {RoomEvent} from '../source/protocol/frames.js';
import {eventColumns} from '../source/server/sqlite-rows.js';
import {SqliteStore} from '../source/server/sqlite-store.js';
import {ServerHarness} from './helpers/server-harness.js';
import type {LineSocket} from './helpers/line-socket.js';
import {storedEvents} from './helpers/stored-events.js';

/**
 * Restarts with real servers, real sockets and a real database file: what one server stored,
 * the next one on the same database restores (history in `welcome`, `seq` going on).
 */

const h = new ServerHarness();
let dir: string;
let db: string;
let savedDataHome: string | undefined;

beforeEach(async () => {
	dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tcpchat-restart-'));
	db = path.join(dir, 'history.db');
	// Should anything fall back to the default per-port log, it lands here, not in the user's data.
	savedDataHome = process.env['XDG_DATA_HOME'];
	process.env['XDG_DATA_HOME'] = path.join(dir, 'data');
});

afterEach(async () => {
	await h.cleanup();
	if (savedDataHome === undefined) delete process.env['XDG_DATA_HOME'];
	else process.env['XDG_DATA_HOME'] = savedDataHome;
	await fs.rm(dir, {recursive: true, force: true});
});

async function logEvents(): Promise<RoomEvent[]> {
	return storedEvents(db);
}

/** Every seq from the first to the last, each once, in order. */
function expectConsecutive(events: Array<{seq: number}>, first: number): void {
	expect(events.map(e => e.seq)).toEqual(events.map((_, i) => first + i));
}

/** Shuts the server down and waits until each client has seen its connection close. */
async function shutdown(...clients: LineSocket[]): Promise<void> {
	await h.server.shutdown();
	await Promise.all(clients.map(c => c.closed));
}

function msgEvent(seq: number): RoomEvent {
	return {type: 'msg', room: '#general', seq, ts: 1_764_075_600_000 + seq, from: `user${seq % 7}`, text: `message number ${seq}`};
}

/** What a tcpchat/1 reader (these tests' clients) is sent of events: no room names. */
function withoutRoom(events: RoomEvent[]): Array<Omit<RoomEvent, 'room'>> {
	return events.map(({room: _room, ...rest}) => rest);
}

describe('restart on the same history database', () => {
	it('a new server restores the history and goes on with the next seq', async () => {
		await h.start({db});
		const alice = await h.join('alice');
		const bob = await h.join('bob');
		await alice.socket.nextOfType('join', f => f['name'] === 'bob');
		alice.socket.send({type: 'say', text: 'hi bob'});
		bob.socket.send({type: 'say', text: 'waves', action: true});
		bob.socket.send({type: 'nick', name: 'robert'});
		const seenByAlice = [
			await alice.socket.nextOfType('msg', f => f['text'] === 'hi bob'),
			await alice.socket.nextOfType('msg', f => f['text'] === 'waves'),
			await alice.socket.nextOfType('nick'),
		];
		const first = h.server;
		await shutdown(alice.socket, bob.socket);
		const firstRun = first.history();

		await h.start({db});
		const {socket: carol, welcome} = await h.join('carol');
		const history = welcome['history'] as RoomEvent[];
		// Exactly the events of the first run, ts and all.
		expect(history).toEqual(withoutRoom(firstRun));
		expect(history.slice(2, 5)).toEqual(seenByAlice);
		expect(history.map(e => e.type)).toEqual(['join', 'join', 'msg', 'msg', 'nick', 'leave', 'leave']);
		expect(history.slice(-2)).toMatchObject([
			{type: 'leave', name: 'alice', reason: 'shutdown'},
			{type: 'leave', name: 'robert', reason: 'shutdown'},
		]);
		expectConsecutive(history, 1);

		const ownJoin = h.server.history().at(-1);
		expect(ownJoin).toMatchObject({type: 'join', name: 'carol', seq: 8});
		carol.send({type: 'say', text: 'anyone here?'});
		expect(await carol.nextOfType('msg')).toMatchObject({seq: 9, from: 'carol', text: 'anyone here?'});

		// And a third run finds both runs in the file, one seq after the other.
		await shutdown(carol);
		const events = await logEvents();
		expectConsecutive(events, 1);
		expect(events.at(-1)).toMatchObject({type: 'leave', name: 'carol', reason: 'shutdown', seq: 10});
		await h.start({db});
		const {welcome: again} = await h.join('dave');
		expect(again['history']).toEqual(withoutRoom(events));
		expect(h.server.history().at(-1)).toMatchObject({type: 'join', name: 'dave', seq: 11});
	});

	it('a restored history honours --history, and seq still follows the last event in the file', async () => {
		await h.start({db});
		const alice = await h.join('alice');
		// Fewer than the rate limit's burst, so that none is dropped.
		for (let i = 1; i <= 5; i++) alice.socket.send({type: 'say', text: `line ${i}`});
		await alice.socket.nextOfType('msg', f => f['text'] === 'line 5');
		await shutdown(alice.socket);
		// join, 5 messages, leave: seq 1..7.

		await h.start({db, history: 3});
		const {welcome} = await h.join('bob');
		expect((welcome['history'] as RoomEvent[]).map(e => e.seq)).toEqual([5, 6, 7]);
		expect(h.server.history().at(-1)).toMatchObject({type: 'join', name: 'bob', seq: 8});
	});

	it('a server with --history 0 sends no history but does not reuse a seq', async () => {
		await h.start({db});
		const alice = await h.join('alice');
		await shutdown(alice.socket);

		await h.start({db, history: 0});
		const bob = await h.join('bob');
		expect(bob.welcome['history']).toEqual([]);
		bob.socket.send({type: 'say', text: 'hello'});
		expect(await bob.socket.nextOfType('msg')).toMatchObject({seq: 4, text: 'hello'});
	});
});

describe('shutdown', () => {
	it('records leave … shutdown for each member in the database before shutdown resolves', async () => {
		await h.start({db});
		const names = ['alice', 'bob', 'carol'];
		const clients = [];
		for (const name of names) clients.push(await h.join(name));
		const sockets = clients.map(c => c.socket);
		await sockets[0]!.nextOfType('join', f => f['name'] === 'carol');
		await shutdown(...sockets);

		const events = await logEvents();
		expectConsecutive(events, 1);
		const leaves = events.slice(3);
		expect(leaves).toHaveLength(3);
		expect(leaves.map(e => e.type === 'leave' && e.reason)).toEqual(['shutdown', 'shutdown', 'shutdown']);
		expect(leaves.map(e => (e.type === 'leave' ? e.name : '')).sort()).toEqual(names);
		for (const socket of sockets) {
			// Each was told why, and none was sent a leave: they are all going.
			expect(socket.frames().some(f => f['type'] === 'notice' && /shutting down/.test(f['text']))).toBe(true);
			expect(socket.frames().some(f => f['type'] === 'leave')).toBe(false);
		}
	});

	it('a member who left before the shutdown is not recorded twice', async () => {
		await h.start({db});
		const alice = await h.join('alice');
		const bob = await h.join('bob');
		bob.socket.send({type: 'bye', reason: 'lunch'});
		await alice.socket.nextOfType('leave', f => f['name'] === 'bob');
		await bob.socket.closed;
		await shutdown(alice.socket);

		const leaves = (await logEvents()).filter(e => e.type === 'leave');
		expect(leaves).toMatchObject([
			{name: 'bob', reason: 'quit'},
			{name: 'alice', reason: 'shutdown'},
		]);
	});
});

describe('a long history', () => {
	it('restores the last events of a 100 000-event database and goes on from there', async () => {
		const count = 100_000;
		// Written directly, as a server would have over time.
		const store = new SqliteStore(db);
		await store.open(0, '#general');
		await store.close();
		const raw = new Database(db);
		raw.prepare(`INSERT INTO rooms (id, key, name) VALUES (1, '#general', '#general')`).run();
		const insert = raw.prepare('INSERT INTO events (room, seq, ts, type, name, text, target, reason, action, notice) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
		raw.transaction(() => {
			for (let seq = 1; seq <= count; seq++) insert.run(...eventColumns(msgEvent(seq)));
		})();
		raw.close();

		await h.start({db});
		const {socket: alice, welcome} = await h.join('alice');
		const history = welcome['history'] as RoomEvent[];
		expect(history).toHaveLength(100);
		expect(history[0]).toEqual(withoutRoom([msgEvent(count - 99)])[0]);
		expect(history.at(-1)).toEqual(withoutRoom([msgEvent(count)])[0]);
		expectConsecutive(history, count - 99);
		expect(h.server.history().at(-1)).toMatchObject({type: 'join', name: 'alice', seq: count + 1});
		alice.send({type: 'say', text: 'number 100002'});
		expect(await alice.nextOfType('msg')).toMatchObject({seq: count + 2, from: 'alice'});
		await shutdown(alice);

		const after = await logEvents();
		expect(after).toHaveLength(count + 3);
		expect(after.slice(0, count)).toEqual(Array.from({length: count}, (_, i) => msgEvent(i + 1)));
		expectConsecutive(after.slice(count), count + 1);
	});
});

describe('--no-log (logFile null)', () => {
	it('keeps history in memory only and writes no file', async () => {
		const server = await h.start({logFile: null});
		expect(server.logLocation).toBe('memory');
		const alice = await h.join('alice');
		alice.socket.send({type: 'say', text: 'not written down'});
		await alice.socket.nextOfType('msg');
		const bob = await h.join('bob');
		expect(bob.welcome['history']).toMatchObject([
			{type: 'join', name: 'alice', seq: 1},
			{type: 'msg', text: 'not written down', seq: 2},
		]);
		await shutdown(alice.socket, bob.socket);

		// Nothing in the temp dir (where the default per-port log would go) nor anywhere under it.
		expect(await fs.readdir(dir)).toEqual([]);

		// A new server (a new process) starts from nothing.
		await h.start({logFile: null});
		const {welcome: fresh} = await h.join('carol');
		expect(fresh['history']).toEqual([]);
		expect(h.server.history()).toMatchObject([{type: 'join', name: 'carol', seq: 1}]);
		await shutdown();
		expect(await fs.readdir(dir)).toEqual([]);
	});
});
