import net from 'node:net';
import React from 'react';
import {describe, expect, test} from 'vitest';
import {ClientScreen} from '../source/screens/client-screen.js';
import {KEYS, renderTerminal} from './helpers/render-terminal.js';
import {typeSlowly} from './helpers/type-slowly.js';

/** The client's connect form, not connecting by itself, at 80×24. */
function form(props: {host?: string; port?: number; name?: string} = {}) {
	return renderTerminal(
		<ClientScreen host={props.host ?? ''} port={props.port ?? 0} name={props.name ?? ''} autoConnect={false} bell={false} scrollback={100} />,
		80,
		24,
	);
}

describe('the connect form, typed into as a person does', () => {
	test('starts on the first empty field, with the others filled in', async () => {
		const r = form({host: '127.0.0.1', port: 7777, name: 'alice'});
		const text = await r.waitFor(t => t.includes('› Nickname'));
		expect(text).toMatch(/Host\s+127\.0\.0\.1\s/);
		expect(text).toMatch(/Port\s+7777\s/);
		expect(text).toMatch(/Nickname\s+alice\s/);
		const empty = form({host: 'example.org'});
		await empty.waitFor(t => t.includes('› Port'));
	});

	test('typing, Backspace and the arrows edit the field in focus; Tab, Shift+Tab, Up and Down move', async () => {
		const r = form();
		await r.waitFor(t => t.includes('› Host'));
		await typeSlowly(r, 'localhostx');
		await typeSlowly(r, KEYS.backspace);
		expect(r.lastFrame()).toMatch(/Host\s+localhost\s/);
		await typeSlowly(r, [KEYS.left, KEYS.left, KEYS.left, KEYS.left, '-']);
		expect(r.lastFrame()).toMatch(/Host\s+local-host\s/);

		await typeSlowly(r, [KEYS.tab]);
		expect(r.lastFrame()).toContain('› Port');
		await typeSlowly(r, '12a');
		await typeSlowly(r, [KEYS.down]);
		expect(r.lastFrame()).toContain('› Nickname');
		await typeSlowly(r, 'zoë');
		await typeSlowly(r, [KEYS.tab]);
		expect(r.lastFrame()).toContain('› Host');
		await typeSlowly(r, [KEYS.shiftTab]);
		expect(r.lastFrame()).toContain('› Nickname');
		await typeSlowly(r, [KEYS.up]);
		expect(r.lastFrame()).toContain('› Port');

		const text = r.lastFrame();
		expect(text).toMatch(/Host\s+local-host\s/);
		expect(text).toMatch(/Port\s+12a\s/);
		expect(text).toMatch(/Nickname\s+zoë\s/);
	});

	test('Enter shows what is wrong inline and moves to that field; editing it clears the error', async () => {
		const r = form({host: '127.0.0.1', port: 7777});
		await r.waitFor(t => t.includes('› Nickname'));
		await typeSlowly(r, 'bad!');
		await typeSlowly(r, [KEYS.enter]);
		expect(r.lastFrame()).toContain('✗ nickname:');
		await typeSlowly(r, [KEYS.up]);
		await typeSlowly(r, KEYS.backspace.repeat(4));
		await typeSlowly(r, [KEYS.enter]);
		expect(r.lastFrame()).toContain('the port must be a number from 1 to 65535');
		expect(r.lastFrame()).toContain('› Port');
		await typeSlowly(r, '1');
		expect(r.lastFrame()).not.toContain('the port must be');
		expect(r.lastFrame()).toContain('Enter to connect');
	});

	test('a read of text and Enter together submits; a held Backspace in one read erases', async () => {
		const r = form({host: '127.0.0.1', port: 7777});
		await r.waitFor(t => t.includes('› Nickname'));
		await typeSlowly(r, 'abcd');
		await typeSlowly(r, ['\u007F\u007F']);
		expect(r.lastFrame()).toMatch(/Nickname\s+ab\s/);
		// As tmux send-keys delivers "!" Enter: one read.
		await typeSlowly(r, ['!\r']);
		expect(r.lastFrame()).toContain('✗ nickname:');
		expect(r.lastFrame()).toMatch(/Nickname\s+ab!\s/);
	});
});

describe('the connect form after a failed connection', () => {
	test('the reason shows until a field is edited; moving between fields keeps it', async () => {
		const closed = net.createServer();
		await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as net.AddressInfo).port;
		await new Promise<void>(resolve => closed.close(() => resolve()));
		const r = form({host: '127.0.0.1', port, name: 'alice'});
		await r.waitFor(t => t.includes('› Nickname'));
		await typeSlowly(r, [KEYS.enter]);
		await r.waitFor(t => t.includes('connection refused'));
		await typeSlowly(r, [KEYS.up]);
		expect(r.lastFrame()).toContain('connection refused');
		await typeSlowly(r, '0');
		expect(r.lastFrame()).not.toContain('connection refused');
		expect(r.lastFrame()).toContain('Enter to connect');
	});
});

describe('the connect form and Ctrl+C', () => {
	test('Ctrl+C exits from the form', async () => {
		const r = form();
		await r.waitFor(t => t.includes('› Host'));
		// Ink starts reading the keyboard in an effect, on the tick after the first frame.
		await new Promise<void>(resolve => setImmediate(resolve));
		r.press(KEYS.ctrlC);
		await r.waitUntilExit();
	});
});
