import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {RoomEvent} from '../source/protocol/frames.js';
import {ServerHarness} from './helpers/server-harness.js';
import type {LineSocket} from './helpers/line-socket.js';

/**
 * Restarts with real servers and real sockets: what one server wrote to its message log, the
 * next one on the same log restores (history in `welcome`, `seq` going on), whatever a power
 * cut left at the end of the file.
 */

const h = new ServerHarness();
let dir: string;
let logFile: string;
let savedDataHome: string | undefined;

beforeEach(async () => {
	dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tcpchat-restart-'));
	logFile = path.join(dir, 'room.jsonl');
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

async function logLines(file = logFile): Promise<string[]> {
	const text = await fs.readFile(file, 'utf8');
	expect(text.endsWith('\n')).toBe(true);
	return text.slice(0, -1).split('\n');
}

async function logEvents(file = logFile): Promise<RoomEvent[]> {
	return (await logLines(file)).map(line => JSON.parse(line) as RoomEvent);
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

describe('restart on the same message log', () => {
	it('a new server restores the history and goes on with the next seq', async () => {
		await h.start({logFile});
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

		await h.start({logFile});
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
		await h.start({logFile});
		const {welcome: again} = await h.join('dave');
		expect(again['history']).toEqual(withoutRoom(events));
		expect(h.server.history().at(-1)).toMatchObject({type: 'join', name: 'dave', seq: 11});
	});

	it('a restored history honours --history, and seq still follows the last event in the file', async () => {
		await h.start({logFile});
		const alice = await h.join('alice');
		// Fewer than the rate limit's burst, so that none is dropped.
		for (let i = 1; i <= 5; i++) alice.socket.send({type: 'say', text: `line ${i}`});
		await alice.socket.nextOfType('msg', f => f['text'] === 'line 5');
		await shutdown(alice.socket);
		// join, 5 messages, leave: seq 1..7.

		await h.start({logFile, history: 3});
		const {welcome} = await h.join('bob');
		expect((welcome['history'] as RoomEvent[]).map(e => e.seq)).toEqual([5, 6, 7]);
		expect(h.server.history().at(-1)).toMatchObject({type: 'join', name: 'bob', seq: 8});
	});

	it('a server with --history 0 sends no history but does not reuse a seq', async () => {
		await h.start({logFile});
		const alice = await h.join('alice');
		await shutdown(alice.socket);

		await h.start({logFile, history: 0});
		const bob = await h.join('bob');
		expect(bob.welcome['history']).toEqual([]);
		bob.socket.send({type: 'say', text: 'hello'});
		expect(await bob.socket.nextOfType('msg')).toMatchObject({seq: 4, text: 'hello'});
	});
});

describe('shutdown', () => {
	it('records leave … shutdown for each member in the log, flushed before shutdown resolves', async () => {
		await h.start({logFile});
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
		await h.start({logFile});
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

describe('a torn log', () => {
	it.each([
		['a line cut short mid-write', '{"type":"msg","seq":4,"ts":1764075600000,"from":"ali'],
		['zeros a power cut left behind', '\0'.repeat(512)],
		['a line of zeros that got its newline', '\0'.repeat(100) + '\n'],
	])('is repaired on start: %s', async (_what, torn) => {
		await h.start({logFile});
		const alice = await h.join('alice');
		alice.socket.send({type: 'say', text: 'before the crash'});
		await alice.socket.nextOfType('msg');
		await shutdown(alice.socket);
		const intact = await fs.readFile(logFile, 'utf8');
		await fs.appendFile(logFile, torn);

		const seen = h.activities.length;
		await h.start({logFile});
		const warning = await h.activity('warning', a => a.text.includes(logFile), seen);
		expect(warning.text).toMatch(/torn line/);
		const {socket: bob, welcome} = await h.join('bob');
		expect(welcome['history']).toMatchObject([
			{type: 'join', name: 'alice', seq: 1},
			{type: 'msg', text: 'before the crash', seq: 2},
			{type: 'leave', name: 'alice', seq: 3},
		]);
		bob.send({type: 'say', text: 'after the crash'});
		expect(await bob.nextOfType('msg')).toMatchObject({seq: 5, text: 'after the crash'});
		await shutdown(bob);

		// The torn bytes are gone and what followed starts on a line of its own.
		const text = await fs.readFile(logFile, 'utf8');
		expect(text.startsWith(intact)).toBe(true);
		expect(text).not.toContain('\0');
		const events = await logEvents();
		expectConsecutive(events, 1);
		expect(events.slice(3)).toMatchObject([
			{type: 'join', name: 'bob'},
			{type: 'msg', text: 'after the crash'},
			{type: 'leave', name: 'bob', reason: 'shutdown'},
		]);
	});
});

describe('a long log', () => {
	it('restores the last events of a 100 000-event log and goes on from there', async () => {
		const count = 100_000;
		const lines: string[] = [];
		for (let seq = 1; seq <= count; seq++) lines.push(JSON.stringify(msgEvent(seq)));
		await fs.writeFile(logFile, lines.join('\n') + '\n');

		await h.start({logFile});
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

		const after = await logLines();
		expect(after).toHaveLength(count + 3);
		// The old lines are untouched: the new ones were appended.
		expect(after.slice(0, count)).toEqual(lines);
		expectConsecutive(
			after.slice(count).map(line => JSON.parse(line) as RoomEvent),
			count + 1,
		);
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
