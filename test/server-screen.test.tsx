process.env.TZ = 'UTC';

import {EventEmitter} from 'node:events';
import net from 'node:net';
import React from 'react';
import {render as inkRender, type Instance} from 'ink';
import stripAnsi from 'strip-ansi';
import {afterEach, describe, expect, onTestFailed, test} from 'vitest';
import {ServerScreen} from '../source/screens/server-screen.js';
import {typeSlowly} from './helpers/type-slowly.js';

const KEYS = {enter: '\r', backspace: '\u007F', ctrlC: '\u0003', pageUp: '\u001B[5~', end: '\u001B[F', tab: '\t'};

/** A terminal of a fixed size whose frames a test can wait on; keys go in through `press`. */
class FakeTerminal {
	readonly stdout: EventEmitter & {columns: number; rows: number; isTTY: boolean; write: (chunk: string) => boolean};
	readonly stdin: EventEmitter & {write: (chunk: string) => void};
	private last = '';
	private disposed = false;
	private instance: Instance | undefined;

	constructor(columns: number, rows: number) {
		const frames = new EventEmitter();
		this.stdout = Object.assign(frames, {
			columns,
			rows,
			isTTY: true,
			write: (chunk: string) => {
				if (this.disposed) return true;
				this.last = chunk;
				frames.emit('frame');
				return true;
			},
		});
		let data: string | null = null;
		const stdin = new EventEmitter();
		this.stdin = Object.assign(stdin, {
			isTTY: true,
			setEncoding() {},
			setRawMode() {},
			resume() {},
			pause() {},
			ref() {},
			unref() {},
			read: () => {
				const chunk = data;
				data = null;
				return chunk;
			},
			write: (chunk: string) => {
				data = chunk;
				stdin.emit('readable');
				stdin.emit('data', chunk);
			},
		});
	}

	render(element: React.ReactElement): Instance {
		this.instance = inkRender(element, {
			stdout: this.stdout as unknown as NodeJS.WriteStream,
			stdin: this.stdin as unknown as NodeJS.ReadStream,
			debug: true,
			exitOnCtrlC: false,
			patchConsole: false,
		});
		return this.instance;
	}

	resize(columns: number, rows: number): void {
		this.stdout.columns = columns;
		this.stdout.rows = rows;
		this.stdout.emit('resize');
	}

	get frame(): string {
		return stripAnsi(this.last);
	}

	press(keys: string): void {
		this.stdin.write(keys);
	}

	/** Resolves on the next frame drawn. */
	async nextFrame(): Promise<void> {
		return new Promise(resolve => this.stdout.once('frame', () => resolve()));
	}

	/** Resolves once a frame satisfies `predicate`: driven by renders, never by a timer. */
	async waitFor(predicate: (frame: string) => boolean): Promise<string> {
		if (predicate(this.frame)) return this.frame;
		return new Promise(resolve => {
			const check = () => {
				if (!predicate(this.frame)) return;
				this.stdout.off('frame', check);
				resolve(this.frame);
			};
			this.stdout.on('frame', check);
		});
	}

	async type(text: string): Promise<void> {
		this.press(text);
		await this.waitFor(frame => frame.includes(text));
	}

	dispose(): void {
		this.disposed = true;
		this.instance?.unmount();
		this.instance?.cleanup();
	}
}

/** A raw client socket speaking tcpchat/1 by hand. */
class RawClient {
	readonly socket: net.Socket;
	readonly lines: string[] = [];
	private buffer = '';
	private readonly events = new EventEmitter();
	closed = false;

	constructor(port: number) {
		this.socket = net.connect({host: '127.0.0.1', port});
		this.socket.setEncoding('utf8');
		this.socket.on('data', (chunk: string) => {
			this.buffer += chunk;
			let newline: number;
			while ((newline = this.buffer.indexOf('\n')) >= 0) {
				this.lines.push(this.buffer.slice(0, newline));
				this.buffer = this.buffer.slice(newline + 1);
			}
			this.events.emit('change');
		});
		this.socket.on('error', () => {});
		this.socket.on('close', () => {
			this.closed = true;
			this.events.emit('change');
		});
	}

	send(frame: object): void {
		this.socket.write(`${JSON.stringify(frame)}\n`);
	}

	async waitFor(predicate: () => boolean): Promise<void> {
		if (predicate()) return;
		return new Promise(resolve => {
			const check = () => {
				if (!predicate()) return;
				this.events.off('change', check);
				resolve();
			};
			this.events.on('change', check);
		});
	}

	async waitForFrame(type: string): Promise<Record<string, unknown>> {
		let found: Record<string, unknown> | undefined;
		await this.waitFor(() => {
			found = this.lines.map(line => JSON.parse(line) as Record<string, unknown>).find(frame => frame['type'] === type);
			return found !== undefined;
		});
		return found!;
	}
}

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
	while (cleanups.length > 0) await cleanups.pop()!();
});

function terminal(columns: number, rows: number): FakeTerminal {
	const term = new FakeTerminal(columns, rows);
	cleanups.push(() => term.dispose());
	onTestFailed(() => {
		console.log(`last frame:\n${term.frame}`);
	});
	return term;
}

function client(port: number): RawClient {
	const raw = new RawClient(port);
	cleanups.push(() => {
		raw.socket.destroy();
	});
	return raw;
}

function portIn(frame: string): number {
	const match = /listening on 127\.0\.0\.1:(\d+)/.exec(frame);
	if (!match) throw new Error(`no port in:\n${frame}`);
	return Number(match[1]);
}

describe('ServerScreen with a real server', () => {
	test('shows a member, their message, kicks them, and shuts down on Ctrl+C', async () => {
		const term = terminal(100, 30);
		const instance = term.render(<ServerScreen options={{host: '127.0.0.1', port: 0, logFile: null}} portGiven />);
		const port = portIn(await term.waitFor(frame => frame.includes('listening on 127.0.0.1:')));

		const alice = client(port);
		alice.send({type: 'hello', proto: 1, name: 'alice'});
		await alice.waitForFrame('welcome');
		alice.send({type: 'say', text: 'hello \u0007dash\u009Bboard'});
		let frame = await term.waitFor(text => text.includes('<alice> hello dashboard'));
		expect(frame).toContain('→ alice joined from 127.0.0.1');
		frame = await term.waitFor(text => /alice\s+127\.0\.0\.1:\d+\s+json/.test(text));
		expect(frame.split('\n')).toHaveLength(30);

		await term.type('/notice tea is ready');
		term.press(KEYS.enter);
		const notice = await alice.waitForFrame('notice');
		expect(notice['text']).toBe('tea is ready');
		await term.waitFor(text => text.includes('notice sent to 1 person online.'));

		await term.type('/kick alice enough');
		term.press(KEYS.enter);
		await term.waitFor(text => text.includes('kicked alice (enough).'));
		await alice.waitFor(() => alice.closed);
		await term.waitFor(text => text.includes('← alice left (kicked: enough)'));

		await term.type('/kick nobody');
		term.press(KEYS.enter);
		await term.waitFor(text => text.includes('no one called nobody is online.'));

		const bob = client(port);
		bob.send({type: 'hello', proto: 1, name: 'bob'});
		await bob.waitForFrame('welcome');
		term.press(KEYS.ctrlC);
		await instance.waitUntilExit();
		const shutdown = await bob.waitForFrame('notice');
		expect(shutdown['text']).toMatch(/shutting down/);
		await bob.waitFor(() => bob.closed);
	});

	test('port form: a port in use is an inline error, a fixed port starts the dashboard', async () => {
		const blocker = net.createServer();
		await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve));
		cleanups.push(() => new Promise<void>(resolve => blocker.close(() => resolve())));
		const busy = (blocker.address() as net.AddressInfo).port;

		const term = terminal(80, 24);
		term.render(<ServerScreen options={{host: '127.0.0.1', port: busy, logFile: null}} portGiven={false} />);
		await term.waitFor(text => text.includes(`Port ${busy}`));
		term.press(KEYS.enter);
		const error = await term.waitFor(text => text.includes('already in use'));
		expect(error).toContain(`port ${busy} is already in use`);
		expect(error).not.toContain('--port');
		expect(error.split('\n')).toHaveLength(24);

		await typeSlowly(term, KEYS.backspace.repeat(String(busy).length));
		expect(term.frame).toMatch(/│ Port\s+│/);
		await typeSlowly(term, 'abc');
		term.press(KEYS.enter);
		await term.waitFor(text => text.includes('from 0 to 65535'));
		await typeSlowly(term, KEYS.backspace.repeat(2));
		expect(term.frame).toContain('│ Port a ');
		await typeSlowly(term, [KEYS.backspace, '0']);
		term.press(KEYS.enter);
		const frame = await term.waitFor(text => text.includes('listening on 127.0.0.1:'));
		expect(portIn(frame)).not.toBe(busy);
		expect(frame).toContain('Connections 0');
	});

	test('port form: prefilled 7777; text and Enter in one read start the server; Ctrl+C quits', async () => {
		const term = terminal(80, 24);
		const instance = term.render(<ServerScreen options={{host: '127.0.0.1', logFile: null}} portGiven={false} />);
		await term.waitFor(text => text.includes('Port 7777'));
		await typeSlowly(term, KEYS.backspace.repeat(4));
		// As tmux send-keys delivers "0" Enter: one read.
		term.press('0\r');
		const frame = await term.waitFor(text => text.includes('listening on 127.0.0.1:'));
		expect(portIn(frame)).not.toBe(7777);
		term.press(KEYS.ctrlC);
		await instance.waitUntilExit();
	});

	test('port form: Ctrl+C quits before the server starts', async () => {
		const term = terminal(80, 24);
		const instance = term.render(<ServerScreen options={{host: '127.0.0.1', logFile: null}} portGiven={false} />);
		await term.waitFor(text => text.includes('Port 7777'));
		term.press(KEYS.ctrlC);
		await instance.waitUntilExit();
	});

	test('a listen error with --port given is shown on the dashboard', async () => {
		const blocker = net.createServer();
		await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve));
		cleanups.push(() => new Promise<void>(resolve => blocker.close(() => resolve())));
		const busy = (blocker.address() as net.AddressInfo).port;

		const term = terminal(80, 24);
		const instance = term.render(<ServerScreen options={{host: '127.0.0.1', port: busy, logFile: null}} portGiven />);
		const frame = await term.waitFor(text => text.includes('not listening'));
		expect(frame).toContain(`port ${busy} is already in use`);
		term.press(KEYS.ctrlC);
		await instance.waitUntilExit();
	});

	test('log scrolls up with PgUp, counts new lines, and End returns to live', async () => {
		const term = terminal(80, 24);
		term.render(<ServerScreen options={{host: '127.0.0.1', port: 0, logFile: null, rate: 1000, burst: 1000}} portGiven />);
		const port = portIn(await term.waitFor(frame => frame.includes('listening on 127.0.0.1:')));
		const carol = client(port);
		carol.send({type: 'hello', proto: 1, name: 'carol'});
		await carol.waitForFrame('welcome');
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
