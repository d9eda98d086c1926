import React from 'react';
import {afterEach, describe, expect, test} from 'vitest';
import {ChatClient} from '../source/client/chat-client.js';
import {ClientScreen} from '../source/screens/client-screen.js';
import type {ClientScreenProps} from '../source/screens/client-screen.js';
import {ChatServer} from '../source/server/chat-server.js';
import type {ServerOptions} from '../source/server/server-options.js';
import {ClientRecorder} from './helpers/client-recorder.js';
import {KEYS, renderTerminal} from './helpers/render-terminal.js';

/**
 * The client screen against a real server for issue 10's room features: a kick, a name taken
 * on reconnect, /away, /ignore, /seconds. Each waits for what the screen shows.
 */

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

async function peer(port: number, name: string): Promise<{c: ChatClient; rec: ClientRecorder}> {
	const c = new ChatClient({host: '127.0.0.1', port, name});
	clients.push(c);
	const rec = new ClientRecorder(c);
	await c.connect();
	return {c, rec};
}

function screen(props: Partial<ClientScreenProps> & {port: number}, columns = 80, rows = 24) {
	const full: ClientScreenProps = {
		host: '127.0.0.1',
		name: '张三',
		autoConnect: true,
		bell: false,
		scrollback: 10_000,
		clientOptions: {backoffMs: () => 50, batchMs: 5},
		...props,
	};
	const r = renderTerminal(<ClientScreen {...full} />, columns, rows);
	const joined = () => r.waitFor(t => t.includes('joined 127.0.0.1'));
	const run = async (line: string, expected: string | ((t: string) => boolean)) => {
		await r.type(line);
		r.press(KEYS.enter);
		return r.waitFor(typeof expected === 'string' ? t => t.includes(expected) : expected);
	};
	return {...r, joined, run};
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe('client screen: issue 10 room features', () => {
	test('a kick: offline in header and list, the reason once, the draft kept', async () => {
		const {server, port} = await startServer();
		await peer(port, '李四');
		const s = screen({port});
		await s.joined();
		await s.waitFor(t => t.includes('2 online') && t.includes('李四'));
		await s.type('写了一半的话');
		server.kick('张三', '太吵了');
		const text = await s.waitFor(t => t.includes('○ offline') && t.includes('太吵了'));
		expect(count(text, '太吵了')).toBe(1);
		expect(text).not.toMatch(/\d online/);
		expect(text).toMatch(/│ offline/);
		expect(text).not.toMatch(/│ 李四/);
		expect(text).toMatch(/^张三> 写了一半的话/m);
		// Enter while offline keeps the line too.
		s.press(KEYS.enter);
		const after = await s.waitFor(t => t.includes('not connected — nothing was sent'));
		expect(after).toMatch(/^张三> 写了一半的话/m);
	});

	test('a name taken on reconnect: the status says what to do, and /nick rejoins with another', async () => {
		const first = await startServer();
		const s = screen({port: first.port, clientOptions: {backoffMs: () => 300, batchMs: 5}});
		await s.joined();
		await first.server.shutdown();
		await s.waitFor(t => t.includes('connection lost'));
		const second = await startServer({port: first.port});
		await peer(second.port, '张三');
		await s.waitFor(t => t.includes('the name 张三 is taken — /nick NAME to rejoin with another'));
		const text = await s.run('/nick 张三丰', `reconnected to 127.0.0.1:${first.port} as 张三丰`);
		expect(text).toContain('rejoining as 张三丰…');
		await s.waitFor(t => t.includes('● connected') && /^张三丰>/m.test(t));
	});

	test('/away marks you in the user list; a private message to an away member answers with its text', async () => {
		const {port} = await startServer();
		const bob = await peer(port, 'bob');
		const s = screen({port});
		await s.joined();
		// A narrow list: "(you)" gives way to "(away)" (your name is bold anyway).
		await s.run('/away 在开会', t => t.includes('· you are away: 在开会') && t.includes('│ 张三 (away)'));
		await bob.rec.frame('away');
		bob.c.dm('张三', 'are you there?');
		expect(await bob.rec.frame('away', f => f.name === '张三')).toEqual({type: 'away', name: '张三', text: '在开会'});
		bob.c.away('lunch');
		await s.waitFor(t => t.includes('· bob is away: lunch') && /│ bob \(away\)/.test(t));
		await s.run('/msg bob 你好', t => t.includes('[you → bob] 你好') && count(t, 'bob is away: lunch') === 2);
		await s.run('/away', t => t.includes('· you are back') && t.includes('│ 张三 (you)'));
	});

	test('/ignore hides a person’s messages and private messages; /unignore shows them again', async () => {
		const {port} = await startServer();
		const bob = await peer(port, 'bob');
		const carol = await peer(port, 'carol');
		const s = screen({port}, 100, 30);
		await s.joined();
		await s.run('/ignore bob', 'ignoring bob:');
		bob.c.say('张三 look at this');
		bob.c.dm('张三', 'psst');
		carol.c.say('carol speaking');
		await s.waitFor(t => t.includes('<carol> carol speaking'));
		expect(s.lastFrame()).not.toContain('look at this');
		expect(s.lastFrame()).not.toContain('psst');
		await s.run('/ignore', 'ignoring (1): bob');
		await s.run('/unignore bob', 'no longer ignoring bob');
		bob.c.say('visible again');
		await s.waitFor(t => t.includes('<bob> visible again'));
	});

	test('/seconds switches timestamps to seconds and back; --seconds starts with them', async () => {
		const {port} = await startServer();
		const s = screen({port});
		await s.joined();
		await s.run('/seconds', 'timestamps show seconds');
		await s.run('tick', t => /^\d\d:\d\d:\d\d <张三> tick/m.test(t));
		await s.run('/seconds off', t => /^\d\d:\d\d <张三> tick/m.test(t));
		s.unmount();
		const withFlag = screen({port, name: '李四', seconds: true});
		await withFlag.joined();
		await withFlag.run('tock', t => /^\d\d:\d\d:\d\d <李四> tock/m.test(t));
	});
});
