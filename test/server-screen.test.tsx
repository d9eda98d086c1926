process.env.TZ = 'UTC';

import net from 'node:net';
import React from 'react';
import {afterEach, describe, expect, test} from 'vitest';
import {ServerScreen} from '../source/screens/server-screen.js';
import {HostedServer} from '../source/server/hosted-server.js';
import type {ServerOptions} from '../source/server/server-options.js';
import {LineSocket} from './helpers/line-socket.js';
import {KEYS, renderTerminal} from './helpers/render-terminal.js';
import {typeSlowly} from './helpers/type-slowly.js';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
	while (cleanups.length > 0) await cleanups.pop()!();
});

/** The dashboard's server, owned outside the screen as in the binary; shut down after the test. */
function hosted(options: Partial<ServerOptions>): HostedServer {
	const server = new HostedServer(options);
	cleanups.push(() => server.shutdown());
	return server;
}

/** A raw client socket speaking tcpchat/1 by hand. */
async function client(port: number): Promise<LineSocket> {
	const raw = await LineSocket.connect(port);
	cleanups.push(() => raw.destroy());
	return raw;
}

function portIn(frame: string): number {
	const match = /listening on 127\.0\.0\.1:(\d+)/.exec(frame);
	if (!match) throw new Error(`no port in:\n${frame}`);
	return Number(match[1]);
}

describe('ServerScreen with a real server', () => {
	test('shows a member, their message, kicks them, and shuts down on Ctrl+C', async () => {
		const term = renderTerminal(<ServerScreen server={hosted({host: '127.0.0.1', port: 0, logFile: null})} portGiven />, 100, 30);
		const port = portIn(await term.waitFor(frame => frame.includes('listening on 127.0.0.1:')));

		const alice = await client(port);
		alice.send({type: 'hello', proto: 1, name: 'alice'});
		await alice.nextOfType('welcome');
		alice.send({type: 'say', text: 'hello \u0007dash\u009Bboard'});
		let frame = await term.waitFor(text => text.includes('#general <alice> hello dashboard'));
		expect(frame).toContain('#general → alice joined from 127.0.0.1');
		frame = await term.waitFor(text => /alice\s+#general\s+127\.0\.0\.1:\d+\s+json/.test(text));
		expect(frame.split('\n')).toHaveLength(30);

		await term.type('/notice tea is ready');
		term.press(KEYS.enter);
		const notice = await alice.nextOfType('notice');
		expect(notice['text']).toBe('tea is ready');
		await term.waitFor(text => text.includes('notice sent to 1 person online.'));

		await term.type('/kick alice enough');
		term.press(KEYS.enter);
		await term.waitFor(text => text.includes('kicked alice (enough).'));
		await alice.closed;
		await term.waitFor(text => text.includes('#general ← alice left (kicked: enough)'));

		await term.type('/kick nobody');
		term.press(KEYS.enter);
		await term.waitFor(text => text.includes('no one called nobody is online.'));

		const bob = await client(port);
		bob.send({type: 'hello', proto: 1, name: 'bob'});
		await bob.nextOfType('welcome');
		term.press(KEYS.ctrlC);
		await term.waitUntilExit();
		const shutdown = await bob.nextOfType('notice');
		expect(shutdown['text']).toMatch(/shutting down/);
		await bob.closed;
	});

	test('port form: a port in use is an inline error, a fixed port starts the dashboard', async () => {
		const blocker = net.createServer();
		await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve));
		cleanups.push(() => new Promise<void>(resolve => blocker.close(() => resolve())));
		const busy = (blocker.address() as net.AddressInfo).port;

		const term = renderTerminal(<ServerScreen server={hosted({host: '127.0.0.1', port: busy, logFile: null})} portGiven={false} />, 80, 24);
		await term.waitFor(text => text.includes(`Port ${busy}`));
		term.press(KEYS.enter);
		const error = await term.waitFor(text => text.includes('already in use'));
		expect(error).toContain(`port ${busy} is already in use`);
		expect(error).not.toContain('--port');
		expect(error.split('\n')).toHaveLength(24);

		await typeSlowly(term, KEYS.backspace.repeat(String(busy).length));
		expect(term.lastFrame()).toMatch(/│ Port\s+│/);
		await typeSlowly(term, 'abc');
		term.press(KEYS.enter);
		await term.waitFor(text => text.includes('from 0 to 65535'));
		await typeSlowly(term, KEYS.backspace.repeat(2));
		expect(term.lastFrame()).toContain('│ Port a ');
		await typeSlowly(term, [KEYS.backspace, '0']);
		term.press(KEYS.enter);
		const frame = await term.waitFor(text => text.includes('listening on 127.0.0.1:'));
		expect(portIn(frame)).not.toBe(busy);
		expect(frame).toContain('Connections 0');
	});

	test('port form: prefilled 7777; text and Enter in one read start the server; Ctrl+C quits', async () => {
		const term = renderTerminal(<ServerScreen server={hosted({host: '127.0.0.1', logFile: null})} portGiven={false} />, 80, 24);
		await term.waitFor(text => text.includes('Port 7777'));
		await typeSlowly(term, KEYS.backspace.repeat(4));
		// As tmux send-keys delivers "0" Enter: one read.
		term.press('0\r');
		const frame = await term.waitFor(text => text.includes('listening on 127.0.0.1:'));
		expect(portIn(frame)).not.toBe(7777);
		term.press(KEYS.ctrlC);
		await term.waitUntilExit();
	});

	test('port form: Ctrl+C quits before the server starts', async () => {
		const term = renderTerminal(<ServerScreen server={hosted({host: '127.0.0.1', logFile: null})} portGiven={false} />, 80, 24);
		await term.waitFor(text => text.includes('Port 7777'));
		term.press(KEYS.ctrlC);
		await term.waitUntilExit();
	});

	test('--port on a busy port shows the port form with the error; another port starts, and the error is not in its log', async () => {
		const blocker = net.createServer();
		await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve));
		cleanups.push(() => new Promise<void>(resolve => blocker.close(() => resolve())));
		const busy = (blocker.address() as net.AddressInfo).port;

		const server = hosted({host: '127.0.0.1', port: busy, logFile: null});
		const term = renderTerminal(<ServerScreen server={server} portGiven />, 80, 24);
		const form = await term.waitFor(text => text.includes('already in use'));
		expect(form).toContain(`Port ${busy}`);
		expect(form).toContain(`port ${busy} is already in use`);
		expect(form).toContain('Enter start the server');
		expect(form).not.toContain('not listening');

		// Editing the port: the old reason is no longer about what is typed.
		await typeSlowly(term, KEYS.backspace.repeat(String(busy).length));
		expect(term.lastFrame()).not.toContain('already in use');
		await typeSlowly(term, '0');
		term.press(KEYS.enter);
		const live = await term.waitFor(text => text.includes('listening on 127.0.0.1:'));
		expect(portIn(live)).not.toBe(busy);
		expect(live).not.toContain('already in use');
		expect(server.everListened).toBe(true);
		term.press(KEYS.ctrlC);
		await term.waitUntilExit();
	});

	test('the operator line completes names of the members online and the commands; Tab on an empty line sorts', async () => {
		const term = renderTerminal(<ServerScreen server={hosted({host: '127.0.0.1', port: 0, logFile: null})} portGiven />, 100, 30);
		const port = portIn(await term.waitFor(frame => frame.includes('listening on 127.0.0.1:')));
		const zhang = await client(port);
		zhang.send({type: 'hello', proto: 1, name: '张三丰'});
		await zhang.nextOfType('welcome');
		await term.waitFor(text => text.includes('#general → 张三丰 joined'));
		await term.waitFor(text => /张三丰\s+#general\s+127\.0\.0\.1/.test(text));

		await typeSlowly(term, '/ki');
		await typeSlowly(term, [KEYS.tab]);
		expect(term.lastFrame()).toMatch(/^> \/kick$/m);
		await typeSlowly(term, '张');
		await typeSlowly(term, [KEYS.tab]);
		expect(term.lastFrame()).toMatch(/^> \/kick 张三丰$/m);
		await typeSlowly(term, 'bye');
		expect(term.lastFrame()).toMatch(/^> \/kick 张三丰 bye$/m);
		term.press(KEYS.enter);
		await term.waitFor(text => text.includes('kicked 张三丰 (bye).'));
		await zhang.closed;

		// An empty line: Tab sorts the table, as before.
		const sorted = term.nextFrame();
		term.press(KEYS.tab);
		await sorted;
		expect(term.lastFrame()).not.toContain('sort connected ▲');
	});

	test('/drop #room: its member is told and stays connected, the log and the rooms panel say it, the default room is refused', async () => {
		const term = renderTerminal(<ServerScreen server={hosted({host: '127.0.0.1', port: 0, logFile: null})} portGiven />, 100, 30);
		const port = portIn(await term.waitFor(frame => frame.includes('listening on 127.0.0.1:')));
		const alice = await client(port);
		alice.send({type: 'hello', proto: 2, name: 'alice', rooms: ['#general', '#junk']});
		await alice.nextOfType('welcome');
		await term.waitFor(text => text.includes('#junk → alice joined'));
		// Tab completes the rooms the panel shows.
		await term.waitFor(text => /#junk\s+1\s/.test(text));

		await typeSlowly(term, '/dr');
		await typeSlowly(term, [KEYS.tab]);
		await typeSlowly(term, 'ju');
		await typeSlowly(term, [KEYS.tab]);
		expect(term.lastFrame()).toMatch(/^> \/drop #junk\s*$/m);
		await term.type('spam');
		term.press(KEYS.enter);
		await term.waitFor(text => text.includes('dropped #junk (1 person told and taken out); its history and topic are gone.'));
		expect(await alice.nextOfType('leave')).toMatchObject({room: '#junk', name: 'alice', reason: 'dropped', text: 'spam'});
		await term.waitFor(text => text.includes('#junk removed by the operator (1 member taken out): spam'));
		// The rooms panel and the connections table follow: #junk is gone, alice is in #general only.
		await term.waitFor(text => /alice\s+#general\s+127\.0\.0\.1/.test(text) && !/#junk\s+\d/.test(text));

		await term.type('/drop #general');
		term.press(KEYS.enter);
		await term.waitFor(text => text.includes('#general is the default room, where everyone starts: it cannot be dropped.'));
		alice.send({type: 'say', room: '#general', text: 'still here'});
		await term.waitFor(text => text.includes('#general <alice> still here'));
	});

	test('log scrolls up with PgUp, counts new lines, and End returns to live', async () => {
		const term = renderTerminal(<ServerScreen server={hosted({host: '127.0.0.1', port: 0, logFile: null, rate: 1000, burst: 1000})} portGiven />, 80, 24);
		const port = portIn(await term.waitFor(frame => frame.includes('listening on 127.0.0.1:')));
		const carol = await client(port);
		carol.send({type: 'hello', proto: 1, name: 'carol'});
		await carol.nextOfType('welcome');
		for (let index = 1; index <= 40; index++) carol.send({type: 'say', text: `line ${index}`});
		await term.waitFor(text => text.includes('<carol> line 40'));

		term.press(KEYS.pageUp);
		await term.waitFor(text => text.includes('scrolled up'));
		carol.send({type: 'say', text: 'line 41'});
		carol.send({type: 'say', text: 'line 42'});
		const scrolled = await term.waitFor(text => text.includes('2 new'));
		expect(scrolled).not.toContain('line 42');

		term.press(KEYS.end);
		const live = await term.waitFor(text => text.includes('<carol> line 42'));
		expect(live).not.toContain('new ↓');

		term.resize(160, 48);
		const wide = await term.waitFor(text => text.split('\n').length === 48);
		expect(wide).toContain('<carol> line 10');
		expect(wide).toContain('BYTES OUT');
	});
});
