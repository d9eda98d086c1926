import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {ChatClient} from '../source/client/chat-client.js';
import type {RoomEvent} from '../source/protocol/frames.js';
import {ChatServer} from '../source/server/chat-server.js';
import {ClientRecorder} from './helpers/client-recorder.js';
import {closedAfterEach} from './helpers/client-fixtures.js';
import {LineSocket} from './helpers/line-socket.js';

/**
 * ChatClient's history paging and search against a real ChatServer over real sockets, with the
 * SQLite store on a real database file in a temp directory: pages back to the room's first
 * event, one page at a time per room, Chinese words found end to end, refusals as sentences.
 */
let dir: string;
let dbs = 0;
beforeAll(async () => {
	dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tcpchat-client-history-'));
});
afterAll(() => fs.rm(dir, {recursive: true, force: true}));

const {servers, clients, sockets} = closedAfterEach();

/** A server on a fresh database file; a fast rate for the seeding socket (the client keeps its own pace). */
async function startServer(): Promise<number> {
	const server = new ChatServer({host: '127.0.0.1', port: 0, db: path.join(dir, `c${++dbs}.db`), history: 20, rate: 1000, burst: 1000});
	servers.push(server);
	return (await server.listen()).port;
}

/** A member on a raw socket in `rooms` who says `texts` in `room`, waiting for the echo of the last. */
async function seed(port: number, room: string, texts: readonly string[], rooms = [room], name = 'seeder'): Promise<LineSocket> {
	const socket = await LineSocket.connect(port);
	sockets.push(socket);
	socket.autoPong();
	socket.send({type: 'hello', proto: 2, name, rooms});
	await socket.nextOfType('welcome');
	for (const text of texts) socket.send({type: 'say', room, text});
	await socket.nextOfType('msg', f => f['text'] === texts.at(-1));
	return socket;
}

async function client(port: number, name: string, rooms?: string[]): Promise<{c: ChatClient; rec: ClientRecorder; history: (room: string) => RoomEvent[]}> {
	const c = new ChatClient({host: '127.0.0.1', port, name});
	clients.push(c);
	const rec = new ClientRecorder(c);
	const welcome = await c.connect();
	if (rooms) for (const room of rooms) if (!c.rooms.includes(room)) {
		const from = rec.activities.length;
		c.join(room);
		await rec.frame('joined', f => f.room === room, from);
	}
	return {c, rec, history: room => welcome.rooms.find(r => r.room === room)?.history ?? []};
}

describe('ChatClient: paging back through a room', () => {
	test('pages back from the oldest event of its welcome to the first event of the room; one page at a time per room', async () => {
		const port = await startServer();
		const texts = Array.from({length: 230}, (_, i) => `line ${i + 1}`);
		await seed(port, '#general', texts);
		const {c, rec, history} = await client(port, 'alice');
		const welcome = history('#general');
		expect(welcome).toHaveLength(20);
		const held: number[] = welcome.map(e => e.seq);
		let before = held[0];
		for (;;) {
			const from = rec.activities.length;
			expect(c.history('#general', before, 100)).toBe(true);
			// A second page of the same room while one is on its way is not asked.
			expect(c.asking('#general')).toBe(true);
			expect(c.history('#general', before, 100)).toBe(false);
			const page = await rec.frame('history', f => f.room === '#general', from);
			expect(c.asking('#general')).toBe(false);
			expect(page.events.every(e => e.seq < before!)).toBe(true);
			held.unshift(...page.events.map(e => e.seq));
			if (!page.more) break;
			before = page.events[0]!.seq;
		}
		// join of the seeder (1), 230 messages (2–231); alice's join came after.
		expect(held).toEqual(Array.from({length: held.length}, (_, i) => i + 1));
		expect(held.at(-1)).toBe(231);
		// Nothing was refused on the way, though pages cost 4 tokens each: the client kept to its pace.
		expect(rec.frames.filter(f => f.type === 'error')).toEqual([]);
	});

	test('a page of a room one is not in is refused as a sentence, not as an error line; a part drops the page on its way', async () => {
		const port = await startServer();
		await seed(port, '#secret', ['hidden'], ['#secret']);
		const {c, rec} = await client(port, 'alice', ['#general', '#dev']);
		const from = rec.activities.length;
		expect(c.history('#secret')).toBe(true);
		const refused = await rec.next(a => a.kind === 'refused', from);
		expect(refused).toMatchObject({kind: 'refused', request: {type: 'history', room: '#secret'}});
		expect((refused as {message: string}).message).toMatch(/not in #secret|#secret/);
		expect(rec.frames.slice(0).filter(f => f.type === 'error')).toEqual([]);
		expect(c.asking('#secret')).toBe(false);
		// Asked, then parted: another page may be asked at once after a rejoin.
		expect(c.history('#dev')).toBe(true);
		c.part('#dev');
		expect(c.asking('#dev')).toBe(false);
	});
});

describe('ChatClient: search', () => {
	test('Chinese words of two characters and more are found in the middle of longer text, and Latin text ignoring case', async () => {
		const port = await startServer();
		const texts = ['我们的构建在周五坏了', 'the build is green', '测试通过了，可以发布', '今天天气很好', 'Rebuild 服务器 tonight'];
		await seed(port, '#general', texts);
		await seed(port, '#dev', ['构建好了'], ['#dev'], '李四');
		const {c, rec} = await client(port, 'alice', ['#general', '#dev']);
		const search = async (text: string, room?: string) => {
			const from = rec.activities.length;
			expect(c.search(text, room)).toBe(true);
			const results = await rec.frame('results', f => f.text === text, from);
			return results.events.map(e => `${e.room} ${e.type === 'msg' ? e.text : ''}`);
		};
		expect(await search('构建')).toEqual(['#dev 构建好了', '#general 我们的构建在周五坏了']);
		expect(await search('周五')).toEqual(['#general 我们的构建在周五坏了']);
		expect(await search('坏了')).toEqual(['#general 我们的构建在周五坏了']);
		expect(await search('构建在周五')).toEqual(['#general 我们的构建在周五坏了']);
		expect(await search('通过')).toEqual(['#general 测试通过了，可以发布']);
		expect(await search('服务器')).toEqual(['#general Rebuild 服务器 tonight']);
		expect(await search('BUILD')).toEqual(['#general Rebuild 服务器 tonight', '#general the build is green']);
		expect(await search('构建', '#dev')).toEqual(['#dev 构建好了']);
		expect(await search('不存在的词')).toEqual([]);
	});

	test('a search of a room one is not in is refused as a sentence', async () => {
		const port = await startServer();
		await seed(port, '#secret', ['hidden words'], ['#secret']);
		const {c, rec} = await client(port, 'alice');
		const from = rec.activities.length;
		expect(c.search('hidden', '#secret')).toBe(true);
		const refused = await rec.next(a => a.kind === 'refused', from);
		expect(refused).toMatchObject({kind: 'refused', request: {type: 'search', text: 'hidden', room: '#secret'}});
		expect(rec.frames.filter(f => f.type === 'results')).toEqual([]);
	});
});
