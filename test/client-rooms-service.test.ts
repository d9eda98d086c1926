import {describe, expect, test} from 'vitest';
import {ChatClient} from '../source/client/chat-client.js';
import {ChatServer} from '../source/server/chat-server.js';
import type {ServerOptions} from '../source/server/server-options.js';
import {ClientRecorder} from './helpers/client-recorder.js';
import {closedAfterEach} from './helpers/client-fixtures.js';
import {LineSocket} from './helpers/line-socket.js';

/**
 * ChatClient in rooms, against a real ChatServer over real sockets, read by members on raw
 * sockets: each message goes to the room (or person) it was said to, however long the queue,
 * and a reconnect asks for the same rooms again.
 */
const {servers, clients, sockets} = closedAfterEach();

async function startServer(options: Partial<ServerOptions> = {}): Promise<{server: ChatServer; port: number}> {
	const server = new ChatServer({host: '127.0.0.1', port: 0, logFile: null, ...options});
	servers.push(server);
	return {server, port: (await server.listen()).port};
}

async function client(port: number, name: string): Promise<{c: ChatClient; rec: ClientRecorder}> {
	const c = new ChatClient({host: '127.0.0.1', port, name, backoffMs: () => 20});
	clients.push(c);
	const rec = new ClientRecorder(c);
	await c.connect();
	return {c, rec};
}

/** A member on a raw socket, in `rooms`. */
async function reader(port: number, name: string, rooms: string[]): Promise<LineSocket> {
	const socket = await LineSocket.connect(port);
	sockets.push(socket);
	socket.autoPong();
	socket.send({type: 'hello', proto: 2, name, rooms});
	await socket.nextOfType('welcome');
	return socket;
}

/** Texts of `count` messages from `from`, as `socket` gets them, with their rooms. */
async function said(socket: LineSocket, from: string, count: number): Promise<Array<[string, string]>> {
	const out: Array<[string, string]> = [];
	while (out.length < count) {
		const frame = await socket.nextFrame(f => f['type'] === 'msg' && f['from'] === from, `message ${out.length + 1} of ${count}`);
		out.push([String(frame['room']), String(frame['text'])]);
	}
	return out;
}

describe('ChatClient in rooms', () => {
	test('join, say in a room, part: the rooms it is in follow; each message reaches its room only', async () => {
		const {port} = await startServer();
		const dev = await reader(port, 'devreader', ['#dev']);
		const general = await reader(port, 'genreader', ['#general']);
		const {c, rec} = await client(port, '张三');
		expect(c.rooms).toEqual(['#general']);
		expect(c.join('#dev')).toBe(true);
		await rec.frame('joined', f => f.room === '#dev');
		expect(c.rooms).toEqual(['#general', '#dev']);
		c.say('在开发', false, '#dev');
		c.say('in general', false, '#general');
		expect(await said(dev, '张三', 1)).toEqual([['#dev', '在开发']]);
		expect(await said(general, '张三', 1)).toEqual([['#general', 'in general']]);
		c.part('#dev', '下班');
		expect(await dev.nextOfType('leave')).toMatchObject({room: '#dev', name: '张三', reason: 'part', text: '下班'});
		await rec.frame('leave', f => f.name === '张三');
		expect(c.rooms).toEqual(['#general']);
	});

	test('a long paste started in #dev goes to #dev to its last part, whatever is said elsewhere meanwhile', async () => {
		const {port} = await startServer();
		const dev = await reader(port, 'devreader', ['#dev']);
		const general = await reader(port, 'genreader', ['#general']);
		const {c, rec} = await client(port, 'alice');
		c.join('#dev');
		await rec.frame('joined');
		// More parts than the server's burst (10): the outbox paces them, and meanwhile the
		// screen shows another room, where something else is said.
		for (let i = 1; i <= 14; i++) c.say(`part ${i}`, false, '#dev');
		c.say('said in general', false, '#general');
		c.dm('genreader', 'private, in between');
		const parts = await said(dev, 'alice', 14);
		expect(parts).toEqual(Array.from({length: 14}, (_, i) => ['#dev', `part ${i + 1}`]));
		expect(await said(general, 'alice', 1)).toEqual([['#general', 'said in general']]);
		expect(await general.nextOfType('dm')).toMatchObject({from: 'alice', to: 'genreader', text: 'private, in between'});
		// None was refused along the way.
		expect(rec.frames.filter(f => f.type === 'error')).toEqual([]);
	});

	test('parting a room drops what was still queued for it, and says how many; other rooms’ messages go on', async () => {
		const {port} = await startServer();
		const general = await reader(port, 'genreader', ['#general']);
		const {c, rec} = await client(port, 'alice');
		c.join('#dev');
		await rec.frame('joined');
		for (let i = 1; i <= 5; i++) c.say(`queued ${i}`, false, '#dev');
		c.say('still for general', false, '#general');
		c.part('#dev');
		const dropped = await rec.next(a => a.kind === 'outbox' && a.left !== undefined);
		// The first was on its way already (one at a time): the other four never go.
		expect(dropped).toMatchObject({kind: 'outbox', unsent: 4, left: '#dev'});
		expect(await said(general, 'alice', 1)).toEqual([['#general', 'still for general']]);
		expect(rec.frames.filter(f => f.type === 'error')).toEqual([]);
	});

	test('after a server restart the client asks for every room it was in (hello rooms) and is back in each', async () => {
		const first = await startServer();
		const {c, rec} = await client(first.port, '张三');
		c.join('#dev');
		c.join('#测试');
		await rec.frame('joined', f => f.room === '#测试');
		const mark = rec.activities.length;
		await first.server.shutdown();
		await rec.status('reconnecting', () => true, mark);
		const second = await startServer({port: first.port});
		const back = await rec.status('joined', () => true, mark);
		expect(back.reconnected).toBe(true);
		expect(back.welcome.rooms.map(r => r.room)).toEqual(['#general', '#dev', '#测试']);
		expect(c.rooms).toEqual(['#general', '#dev', '#测试']);
		expect(second.server.rooms.get('#测试')?.size).toBe(1);
		// Still able to talk in each.
		const dev = await reader(first.port, 'devreader', ['#dev']);
		c.say('back in dev', false, '#dev');
		expect(await said(dev, '张三', 1)).toEqual([['#dev', 'back in dev']]);
	});
});
