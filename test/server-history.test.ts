import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {ServerHarness} from './helpers/server-harness.js';
import type {LineSocket} from './helpers/line-socket.js';
import {storedEvents} from './helpers/stored-events.js';

/**
 * The history and search frames and "stored before seen", over real sockets, with the SQLite
 * store on a real file and with --no-log.
 */

const h = new ServerHarness();
let dir: string;
beforeAll(async () => {
	dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tcpchat-history-'));
});
afterEach(() => h.cleanup());
afterAll(() => fs.rm(dir, {recursive: true, force: true}));

let dbCount = 0;
const stores = {
	sqlite: () => ({db: path.join(dir, `h${++dbCount}.db`)}),
	memory: () => ({}),
} as const;

/** Says `count` messages in `room`, `burst` at a time, waiting for the echo of each burst. */
async function say(socket: LineSocket, room: string, count: number, text = (i: number) => `line ${i}`): Promise<void> {
	for (let i = 1; i <= count; i += 10) {
		const last = Math.min(count, i + 9);
		for (let j = i; j <= last; j++) socket.send({type: 'say', room, text: text(j)});
		await socket.nextOfType('msg', f => f['room'] === room && f['text'] === text(last));
	}
}

for (const [kind, options] of Object.entries(stores)) {
	describe(`history paging (${kind})`, () => {
		it('pages back to the first event, oldest first, with `more` until the end', async () => {
			await h.start({...options(), rate: 1000, burst: 1000});
			const {socket} = await h.join2('alice', ['#dev']);
			await say(socket, '#dev', 250);
			// join (1), 250 messages (2–251).
			socket.send({type: 'history', room: '#dev'});
			const latest = await socket.nextOfType('history');
			expect(latest['room']).toBe('#dev');
			expect(latest['events'].map((e: {seq: number}) => e.seq)).toEqual(Array.from({length: 100}, (_, i) => 152 + i));
			expect(latest['more']).toBe(true);
			socket.send({type: 'history', room: '#DEV', before: 152, limit: 100});
			const older = await socket.nextOfType('history', f => f['events'][0]?.seq === 52);
			expect(older['room']).toBe('#dev');
			expect(older['more']).toBe(true);
			socket.send({type: 'history', room: '#dev', before: 52, limit: 100});
			const first = await socket.nextOfType('history', f => f['events'][0]?.seq === 1);
			expect(first['events']).toHaveLength(51);
			expect(first['events'][0]).toMatchObject({type: 'join', room: '#dev', name: 'alice'});
			expect(first['more']).toBe(false);
			// Past the start: nothing more.
			socket.send({type: 'history', room: '#dev', before: 1});
			expect(await socket.nextOfType('history', f => f['events'].length === 0)).toEqual({type: 'history', room: '#dev', events: [], more: false});
		});
	});
}

describe('history: the rate limit and the edges (SQLite)', () => {
	it('pages cost by their size: two of 100 in a row are fine, a page of 500 takes the whole burst of a fresh member', async () => {
		const db = stores.sqlite().db;
		await h.start({db, rate: 1000, burst: 1000});
		const {socket: alice} = await h.join2('alice', ['#dev']);
		await say(alice, '#dev', 700);
		await h.cleanup();
		// Default limits now: rate 5/s, burst 10.
		await h.start({db});
		const {socket: bob} = await h.join2('bob', ['#dev']);
		// Two pages of 100 in a row, as a client scrolling back asks for them.
		bob.send({type: 'history', room: '#dev', before: 702, limit: 100});
		bob.send({type: 'history', room: '#dev', before: 602, limit: 100});
		await bob.nextOfType('history', f => f['events'][0]?.seq === 502);
		const {socket: carol} = await h.join2('carol', ['#dev']);
		// A page of 500 at once: the most one may ask for, and what a fresh member's burst buys.
		carol.send({type: 'history', room: '#dev', before: 702, limit: 5000});
		const page = await carol.nextOfType('history');
		expect(page['events']).toHaveLength(500);
		expect(page['events'][0].seq).toBe(202);
		expect(page['more']).toBe(true);
		carol.send({type: 'history', room: '#dev', before: 202, limit: 500});
		expect(await carol.nextOfType('error')).toMatchObject({code: 'rate_limited'});
		expect(bob.frames().some(f => f['type'] === 'error')).toBe(false);
	});

	it('only for rooms the member is in, only in tcpchat/2', async () => {
		await h.start(stores.sqlite());
		const {socket: alice} = await h.join2('alice', ['#dev']);
		await h.join2('bob', ['#secret']);
		alice.send({type: 'history', room: '#secret'});
		expect(await alice.nextOfType('error')).toEqual({type: 'error', code: 'not_in_room', message: 'you are not in #secret: join it first', room: '#secret'});
		alice.send({type: 'history', room: '#nowhere'});
		expect(await alice.nextOfType('error', f => f['room'] === '#nowhere')).toMatchObject({code: 'not_in_room', message: 'there is no room #nowhere'});
		alice.send({type: 'history', room: '#dev', before: 0});
		expect(await alice.nextOfType('error', f => f['code'] === 'bad_frame')).toMatchObject({message: expect.stringContaining('"before"')});
		const {socket: old} = await h.join('old');
		old.send({type: 'history', room: '#general'});
		expect(await old.nextOfType('error')).toMatchObject({code: 'bad_frame', message: expect.stringContaining('tcpchat/1')});
	});
});

for (const [kind, options] of Object.entries(stores)) {
	describe(`search (${kind})`, () => {
		it('finds 2- and 3-character Chinese words and Latin text in the rooms the member is in, newest first', async () => {
			await h.start({...options(), rate: 1000, burst: 1000});
			const {socket: alice} = await h.join2('alice', ['#general', '#dev']);
			const {socket: eve} = await h.join2('eve', ['#secret']);
			const lines = ['今天的构建很慢', 'the build is green', '我喜欢中文', 'Rebuild 服务器 tonight', '中文'];
			for (const text of lines) alice.send({type: 'say', room: '#dev', text});
			alice.send({type: 'say', room: '#general', text: 'build in general'});
			eve.send({type: 'say', room: '#secret', text: '中文 build secret'});
			await alice.nextOfType('msg', f => f['text'] === 'build in general');
			await eve.nextOfType('msg', f => f['text'] === '中文 build secret');

			alice.send({type: 'search', text: '中文'});
			const chinese = await alice.nextOfType('results');
			expect(chinese['text']).toBe('中文');
			expect(chinese['events'].map((e: {text: string}) => e.text)).toEqual(['中文', '我喜欢中文']);
			expect(chinese['events'][0]).toMatchObject({type: 'msg', room: '#dev', from: 'alice'});
			expect(chinese['partial']).toBeUndefined();

			alice.send({type: 'search', text: '  BUILD '});
			const build = await alice.nextOfType('results', f => f['text'] === 'BUILD');
			expect(build['events'].map((e: {text: string; room: string}) => `${e.room} ${e.text}`)).toEqual([
				'#general build in general',
				'#dev Rebuild 服务器 tonight',
				'#dev the build is green',
			]);
			alice.send({type: 'search', text: 'build', room: '#general'});
			expect((await alice.nextOfType('results', f => f['text'] === 'build'))['events']).toHaveLength(1);
			alice.send({type: 'search', text: '服务器'});
			expect((await alice.nextOfType('results', f => f['text'] === '服务器'))['events']).toHaveLength(1);
		});

		it('a clear answer for what cannot be searched', async () => {
			await h.start(options());
			const {socket} = await h.join2('alice', ['#dev']);
			socket.send({type: 'search', text: '中'});
			expect(await socket.nextOfType('error')).toMatchObject({code: 'bad_frame', message: 'search for 2 characters or more'});
			socket.send({type: 'search', text: '   '});
			expect(await socket.nextOfType('error', f => f['code'] === 'text_empty')).toMatchObject({message: 'say what to search for'});
			socket.send({type: 'search', text: 'x'.repeat(101)});
			expect(await socket.nextOfType('error', f => f['code'] === 'text_too_long')).toMatchObject({message: 'a search has at most 100 characters'});
			// 100 characters is fine.
			socket.send({type: 'search', text: 'x'.repeat(100)});
			expect(await socket.nextOfType('results')).toMatchObject({events: []});
			socket.send({type: 'search', text: 'hi', room: '#elsewhere'});
			expect(await socket.nextOfType('error', f => f['code'] === 'not_in_room')).toMatchObject({room: '#elsewhere'});
		});
	});
}

describe('stored before seen', () => {
	it('what a member said just before it left reaches it first: say + bye, say + part in one write', async () => {
		const db = stores.sqlite().db;
		await h.start({db});
		const {socket: watcher} = await h.join2('watcher', ['#dev']);
		const {socket: alice} = await h.join2('alice', ['#dev']);
		alice.socket.write(
			`${JSON.stringify({type: 'say', room: '#dev', text: 'one'})}\n${JSON.stringify({type: 'part', room: '#dev'})}\n${JSON.stringify({type: 'say', room: '#dev', text: 'gone'})}\n`,
		);
		const error = await alice.nextOfType('error');
		const order = alice.frames().filter(f => f['type'] !== 'welcome' && f['type'] !== 'join');
		expect(order.map(f => f['type'] + (f['text'] ? ` ${f['text']}` : ''))).toEqual(['msg one', 'leave', 'error']);
		expect(error).toMatchObject({code: 'not_in_room'});
		const {socket: bob} = await h.join2('bob', ['#dev']);
		bob.socket.write(`${JSON.stringify({type: 'say', room: '#dev', text: 'last words'})}\n${JSON.stringify({type: 'bye'})}\n`);
		expect(await bob.nextOfType('msg')).toMatchObject({text: 'last words'});
		await bob.closed;
		await watcher.nextOfType('leave', f => f['name'] === 'bob');
		const stored = await storedEvents(db, '#dev');
		expect(stored.map(e => e.type + ('text' in e && e.text ? ` ${e.text}` : ''))).toEqual(['join', 'join', 'msg one', 'leave', 'join', 'msg last words', 'leave']);
	});

	it('newcomers joining while a room is busy see every event once: their welcome, then the rest live', async () => {
		await h.start({...stores.sqlite(), rate: 1e6, burst: 1e6, maxPerIp: 0});
		const {socket: talker} = await h.join2('talker', ['#busy']);
		let sending = true;
		let n = 0;
		const talk = (async () => {
			while (sending) {
				for (let i = 0; i < 5; i++) talker.send({type: 'say', room: '#busy', text: `m${++n}`});
				await talker.nextOfType('msg', f => f['text'] === `m${n}`);
			}
		})();
		const newcomers: LineSocket[] = [];
		for (let i = 0; i < 20; i++) newcomers.push((await h.join2(`new${i}`, ['#busy'])).socket);
		sending = false;
		await talk;
		talker.send({type: 'say', room: '#busy', text: 'the end'});
		for (const socket of newcomers) {
			await socket.nextOfType('msg', f => f['text'] === 'the end');
			const welcome = socket.frames().find(f => f['type'] === 'welcome')!;
			const history = welcome['rooms'][0].history.map((e: {seq: number}) => e.seq) as number[];
			const live = socket.frames().filter(f => f['room'] === '#busy' && 'seq' in f).map(f => f['seq'] as number);
			const seen = [...history, ...live];
			// Consecutive from the first shown: nothing lost, nothing twice.
			expect(seen).toEqual(seen.map((_, i) => seen[0]! + i));
		}
	});
});
