import net from 'node:net';
import React from 'react';
import {afterEach, describe, expect, test} from 'vitest';
import {ChatClient} from '../source/client/chat-client.js';
import {ClientScreen} from '../source/screens/client-screen.js';
import type {ClientScreenProps} from '../source/screens/client-screen.js';
import {ChatServer} from '../source/server/chat-server.js';
import type {ServerOptions} from '../source/server/server-options.js';
import {frameSize, KEYS, renderTerminal} from './helpers/render-terminal.js';
import {typeSlowly} from './helpers/type-slowly.js';

const servers: ChatServer[] = [];
const clients: ChatClient[] = [];

afterEach(async () => {
	for (const c of clients.splice(0)) c.close();
	await Promise.all(servers.splice(0).map(s => s.shutdown()));
});

async function startServer(options: Partial<ServerOptions> = {}): Promise<{server: ChatServer; port: number}> {
	const server = new ChatServer({host: '127.0.0.1', port: 0, logFile: null, ...options});
	servers.push(server);
	return {server, port: (await server.listen()).port};
}

/** A peer speaking through the service; `pace` for a server whose rate limit is raised. */
async function peer(port: number, name: string, pace?: {rate: number; burst: number}): Promise<ChatClient> {
	const c = new ChatClient({host: '127.0.0.1', port, name, ...(pace ? {pace} : {})});
	clients.push(c);
	await c.connect();
	return c;
}

function screen(props: Partial<ClientScreenProps> & {port: number}, columns = 80, rows = 24) {
	const full: ClientScreenProps = {
		host: '127.0.0.1',
		name: 'alice',
		autoConnect: true,
		bell: true,
		scrollback: 10_000,
		clientOptions: {backoffMs: () => 50, batchMs: 5},
		...props,
	};
	const r = renderTerminal(<ClientScreen {...full} />, columns, rows);
	const joined = () => r.waitFor(t => t.includes('joined 127.0.0.1'));
	return {...r, joined};
}

describe('ClientScreen with a real server', () => {
	test('the form connects; a message goes out and comes back; the screen fills the terminal exactly', async () => {
		const {port} = await startServer();
		const s = screen({port: 0, host: '', name: '', autoConnect: false});
		await s.waitFor(t => t.includes('tcpchat — join a chat room'));
		await typeSlowly(s, '127.0.0.1');
		await typeSlowly(s, [KEYS.tab]);
		expect(s.lastFrame()).toMatch(/› Port/);
		await typeSlowly(s, String(port));
		await typeSlowly(s, [KEYS.down]);
		expect(s.lastFrame()).toMatch(/› Nickname/);
		await typeSlowly(s, 'alice');
		expect(s.lastFrame()).toMatch(/Host\s+127\.0\.0\.1\s/);
		s.press(KEYS.enter);
		await s.joined();
		await s.type('hello there');
		s.press(KEYS.enter);
		const text = await s.waitFor(t => t.includes('<alice> hello there'));
		expect(frameSize(text)).toEqual({width: expect.any(Number), height: 24});
		expect(frameSize(text).width).toBeLessThanOrEqual(80);
	});

	test('form errors are inline: a bad port, then a refused connection', async () => {
		const closed = net.createServer();
		await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as net.AddressInfo).port;
		await new Promise<void>(resolve => closed.close(() => resolve()));
		const s = screen({port: 0, autoConnect: false});
		await s.waitFor(t => t.includes('› Port'));
		await typeSlowly(s, [KEYS.enter]);
		// The field in error takes the focus.
		expect(s.lastFrame()).toContain('the port must be a number from 1 to 65535');
		await typeSlowly(s, [KEYS.shiftTab]);
		expect(s.lastFrame()).toContain('› Host');
		await typeSlowly(s, [KEYS.tab]);
		expect(s.lastFrame()).toContain('› Port');
		await typeSlowly(s, String(port));
		s.press(KEYS.enter);
		await s.waitFor(t => t.includes(`connection refused — is a server running on 127.0.0.1:${port}?`));
	});

	test('commands: /help, a wrong use, /me, /msg, /who, /nick, /clear', async () => {
		const {port} = await startServer();
		const bob = await peer(port, 'bob');
		const s = screen({port}, 120, 40);
		await s.joined();
		const run = async (line: string, expected: string) => {
			await s.type(line);
			s.press(KEYS.enter);
			await s.waitFor(t => t.includes(expected));
		};
		await run('/help', '/msg NAME TEXT');
		await run('/nick', 'usage: /nick NAME');
		await run('/bogus', 'unknown command /bogus');
		await run('/me waves', '* alice waves');
		await run('/msg bob psst', '[you → bob] psst');
		await run('/who', 'online in #general (2): alice, bob');
		await run('/nick alice2', 'alice is now alice2');
		await s.type('/clear');
		s.press(KEYS.enter);
		await s.waitFor(t => /^alice2>/m.test(t) && !t.includes('* alice waves') && !t.includes('/msg NAME TEXT'));
		// The list is cleared, not the connection: what comes next still shows, alone.
		bob.say('after clear');
		const after = await s.waitFor(t => t.includes('<bob> after clear'));
		expect(after).not.toContain('[you → bob] psst');
		expect(after).not.toContain('* alice waves');
	});

	test('Tab completes the most recent speaker; Up brings back what was sent', async () => {
		const {port} = await startServer();
		const bob = await peer(port, 'bob');
		const bea = await peer(port, 'bea');
		const s = screen({port});
		await s.joined();
		bea.say('first');
		await s.waitFor(t => t.includes('<bea> first'));
		bob.say('second');
		await s.waitFor(t => t.includes('<bob> second'));
		await s.type('b');
		s.press(KEYS.tab);
		await s.waitFor(t => /alice> bob:\s*$/m.test(t));
		s.press(KEYS.tab);
		await s.waitFor(t => /alice> bea:\s*$/m.test(t));
		await s.type('hi');
		s.press(KEYS.enter);
		await s.waitFor(t => t.includes('<alice> bea: hi'));
		s.press(KEYS.up);
		await s.waitFor(t => t.includes('alice> bea: hi'));
	});

	test('a mention rings the bell, and /msg too; --no-bell keeps quiet', async () => {
		const {port} = await startServer();
		const bob = await peer(port, 'bob');
		let rings = 0;
		const s = screen({port, ring: () => rings++});
		await s.joined();
		bob.say('nothing for you');
		bob.say('alice: ping');
		await s.waitFor(t => t.includes('alice: ping'));
		bob.dm('alice', 'secret');
		// A private message opens a buffer of its own, counted in the bar as a mention.
		await s.waitFor(t => t.includes(' 1:#general 2:@bob(1!)'));
		expect(rings).toBe(2);
		s.press('\u001B2');
		await s.waitFor(t => t.includes('[bob → you] secret') && t.includes(' @bob · private'));

		let quietRings = 0;
		const quiet = screen({port, name: 'carol', bell: false, ring: () => quietRings++});
		await quiet.joined();
		bob.say('carol: hello');
		await quiet.waitFor(t => t.includes('carol: hello'));
		expect(quietRings).toBe(0);
	});

	test('scrolling: PgUp holds the view and counts new messages; End returns', async () => {
		const {port} = await startServer({rate: 1000, burst: 1000});
		const bob = await peer(port, 'bob', {rate: 1000, burst: 1000});
		const s = screen({port});
		await s.joined();
		for (let i = 1; i <= 40; i++) bob.say(`line ${i}`);
		await s.waitFor(t => t.includes('<bob> line 40'));
		s.press(KEYS.pageUp);
		const up = await s.waitFor(t => t.includes('scrolled up'));
		expect(up).not.toContain('line 40');
		const top = up.split('\n')[1];
		bob.say('news');
		const marked = await s.waitFor(t => t.includes('1 new message below'));
		expect(marked.split('\n')[1]).toBe(top);
		s.press(KEYS.end);
		await s.waitFor(t => t.includes('<bob> news') && !t.includes('new message'));
	});

	test('F2 hides and shows the user list', async () => {
		const {port} = await startServer();
		const s = screen({port});
		await s.joined();
		await s.waitFor(t => t.includes('online (1)'));
		s.press(KEYS.f2);
		await s.waitFor(t => !t.includes('online (1)'));
		s.press(KEYS.f2);
		await s.waitFor(t => t.includes('online (1)'));
	});

	test('losing the server shows a countdown; Esc returns to the form', async () => {
		const {server, port} = await startServer();
		const s = screen({port, clientOptions: {backoffMs: () => 60_000, batchMs: 5}});
		await s.joined();
		await server.shutdown();
		await s.waitFor(t => /connection lost: .* — reconnecting in \d+ s/.test(t));
		s.press(KEYS.escape);
		await s.waitFor(t => t.includes('tcpchat — join a chat room'));
	});

	test('reconnects after a server restart and is back in the room with the same name', async () => {
		const first = await startServer();
		const s = screen({port: first.port});
		await s.joined();
		await first.server.shutdown();
		await startServer({port: first.port});
		await s.waitFor(t => t.includes(`reconnected to 127.0.0.1:${first.port} as alice`));
		await s.type('back');
		s.press(KEYS.enter);
		await s.waitFor(t => t.includes('<alice> back'));
	});

	test('/quit leaves and returns to the form', async () => {
		const {port} = await startServer();
		const bob = await peer(port, 'bob');
		const left = new Promise<void>(resolve =>
			bob.subscribe(a => {
				if (a.kind === 'frame' && a.frame.type === 'leave' && a.frame.name === 'alice') resolve();
			}),
		);
		const s = screen({port});
		await s.joined();
		await s.type('/quit');
		s.press(KEYS.enter);
		await s.waitFor(t => t.includes('tcpchat — join a chat room') && t.includes('alice'));
		await left;
	});
});

describe('ClientScreen under a flood', () => {
	test('thousands of messages cost a bounded number of renders, and typing still lands', async () => {
		const {port} = await startServer({rate: 100_000, burst: 100_000});
		const bob = await peer(port, 'bob', {rate: 100_000, burst: 100_000});
		const s = screen({port, clientOptions: {backoffMs: () => 50}});
		await s.joined();
		const before = s.frameCount();
		for (let i = 1; i <= 3000; i++) bob.say(`flood ${i}`);
		s.press('typed during the flood');
		await s.waitFor(t => t.includes('<bob> flood 3000'));
		// One render per batch (about 30 a second), not one per message.
		expect(s.frameCount() - before).toBeLessThan(1000);
		await s.waitFor(t => t.includes('alice> typed during the flood'));
	});
});
