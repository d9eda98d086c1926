import {describe, expect, test} from 'vitest';
import {ChatClient} from '../source/client/chat-client.js';
import {ChatServer} from '../source/server/chat-server.js';
import type {ServerOptions} from '../source/server/server-options.js';
import {splitMessage} from '../source/ui/split-message.js';
import {ClientRecorder} from './helpers/client-recorder.js';
import {closedAfterEach} from './helpers/client-fixtures.js';
import {LineSocket} from './helpers/line-socket.js';

/**
 * A long paste from a real ChatClient to a real server, read by a member on a raw socket: every
 * part arrives once, in order, whatever the server's rate limit.
 */
const {servers, clients, sockets} = closedAfterEach();

async function setup(options: Partial<ServerOptions>, pace?: {rate: number; burst: number}) {
	const server = new ChatServer({host: '127.0.0.1', port: 0, logFile: null, ...options});
	servers.push(server);
	const {port} = await server.listen();
	const reader = await LineSocket.connect(port);
	sockets.push(reader);
	reader.autoPong();
	reader.send({type: 'hello', proto: 1, name: 'reader'});
	await reader.nextOfType('welcome');
	const c = new ChatClient({host: '127.0.0.1', port, name: '张三', ...(pace ? {pace} : {})});
	clients.push(c);
	const rec = new ClientRecorder(c);
	await c.connect();
	return {reader, c, rec};
}

/** The texts of `count` messages from 张三, as the reader gets them. */
async function received(reader: LineSocket, count: number): Promise<string[]> {
	const texts: string[] = [];
	while (texts.length < count) {
		const frame = await reader.nextFrame(f => f['type'] === 'msg' && f['from'] === '张三', `message ${texts.length + 1} of ${count}`);
		texts.push(String(frame['text']));
	}
	return texts;
}

const paste = (lines: number) => Array.from({length: lines}, (_, i) => `第${i + 1}行 line ${i + 1} ${'字x'.repeat(40)}`).join('\n');

describe('a long paste through the outbox', () => {
	test('a default server: more parts than its burst, all within the rate limit (no refusal), in order, the text whole', async () => {
		const {reader, c, rec} = await setup({});
		const parts = splitMessage(paste(330));
		// Past the burst of 10: the rest must be paced.
		expect(parts.length).toBeGreaterThan(12);
		for (const part of parts) expect(c.say(part)).toBe(true);
		const texts = await received(reader, parts.length);
		expect(texts).toEqual(parts);
		expect(texts.join('\n')).toBe(paste(330));
		expect(rec.frames.some(f => f.type === 'error')).toBe(false);
		expect(reader.lines.some(line => line.includes('rate_limited'))).toBe(false);
		// Progress went up to the last part and back to idle.
		await rec.next(a => a.kind === 'outbox' && a.progress.total === 0);
		expect(rec.activities.some(a => a.kind === 'outbox' && a.progress.total === parts.length && a.progress.done === parts.length - 1)).toBe(true);
	});

	test('a server with a lower limit refuses some: they are sent again, none lost, none twice', async () => {
		// The client believes in a generous limit; the server allows 3 at once, 10 a second.
		const {reader, c, rec} = await setup({rate: 10, burst: 3}, {rate: 1000, burst: 1000});
		const texts = Array.from({length: 8}, (_, i) => `message ${i + 1}`);
		for (const text of texts) c.say(text);
		expect(await received(reader, texts.length)).toEqual(texts);
		await rec.next(a => a.kind === 'outbox' && a.progress.total === 0);
		expect(rec.activities.some(a => a.kind === 'outbox' && a.progress.waiting)).toBe(true);
		// The refusals were the outbox's business: none reached the screen as an error.
		expect(rec.frames.some(f => f.type === 'error')).toBe(false);
		c.say('one more');
		expect(await received(reader, 1)).toEqual(['one more']);
	});

	test('kicked with messages still queued: the client says how many were never sent', async () => {
		const server = new ChatServer({host: '127.0.0.1', port: 0, logFile: null, rate: 1, burst: 1});
		servers.push(server);
		const {port} = await server.listen();
		const c = new ChatClient({host: '127.0.0.1', port, name: 'zoe', pace: {rate: 1, burst: 1}});
		clients.push(c);
		const rec = new ClientRecorder(c);
		await c.connect();
		for (const text of ['a', 'b', 'c', 'd']) c.say(text);
		await rec.frame('msg', f => f.text === 'a');
		server.kick('zoe', 'enough');
		const lost = await rec.next(a => a.kind === 'outbox' && a.unsent !== undefined);
		expect(lost).toMatchObject({unsent: 3});
	});
});
