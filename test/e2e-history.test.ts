import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, expect, test} from 'vitest';
import {startCliServer, type CliServer} from './helpers/cli-server.js';
import {LineSocket} from './helpers/line-socket.js';
import {usePtyProcesses} from './helpers/pty-terminal.js';

/**
 * History in the client, end to end: the built binary as a server on a real database file,
 * the built client in a real pseudo-terminal at 80×24. A /search finds a Chinese word in a
 * message older than the welcome's history and Enter shows it in its room (loading what it
 * needs); then PgUp pages back past the welcome's history to the start of the room.
 */
const procs = usePtyProcesses();
let dir: string;
const servers: CliServer[] = [];
const sockets: LineSocket[] = [];
beforeAll(async () => {
	dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tcpchat-e2e-history-'));
});
afterEach(async () => {
	for (const socket of sockets.splice(0)) socket.destroy();
	for (const server of servers.splice(0)) {
		server.child.kill('SIGTERM');
		await server.exited;
	}
});
afterAll(() => fs.rm(dir, {recursive: true, force: true}));

const PG_UP = '\u001B[5~';
const END = '\u001B[F';
const DOWN = '\u001B[B';
const rows = (screen: string) => screen.split('\n');

test('a /search that jumps to an old message, then PgUp back past the welcome history to the start of the room', async () => {
	// 20 events in a welcome; a fast rate for the seeder (the client keeps its own pace).
	const server = await startCliServer(['--db', path.join(dir, 'e2e.db'), '--history', '20', '--rate', '1000', '--burst', '1000']);
	servers.push(server);
	const seeder = await LineSocket.connect(server.port);
	sockets.push(seeder);
	seeder.autoPong();
	seeder.send({type: 'hello', proto: 2, name: '李四', rooms: ['#general']});
	await seeder.nextOfType('welcome');
	const texts = Array.from({length: 120}, (_, i) => (i + 1 === 10 ? '第10条：我们的构建在周五坏了' : i + 1 === 100 ? '第100条：构建又好了' : `message ${i + 1}`));
	for (const text of texts) seeder.send({type: 'say', room: '#general', text});
	await seeder.nextOfType('msg', f => f['text'] === texts.at(-1));

	const alice = procs.client(server.port, 'alice');
	const joined = await alice.waitFor('you: alice');
	// The welcome's history holds only the last messages.
	expect(joined).toContain('<李四> message 120');
	expect(joined).not.toContain('第10条');

	await alice.type('/search 构建');
	const results = await alice.waitFor(s => rows(s)[1] === '2 results for "构建", newest first');
	expect(results).toMatch(/^▸ #general {2}\S+ \d+ \S+ \d{4} \d\d:\d\d {2}李四$/mu);
	expect(results).toContain('    第100条：构建又好了');
	expect(results).toContain('    第10条：我们的构建在周五坏了');
	// ↓ to the older one, Enter: its room shows it, loaded from the store, scrolled up to it.
	alice.write(DOWN);
	await alice.waitFor(s => /^▸ #general .*\n {4}第10条/mu.test(s));
	alice.write('\r');
	const jumped = await alice.waitFor(s => s.includes('<李四> 第10条：我们的构建在周五坏了') && s.includes('scrolled up'));
	expect(jumped).toContain('<李四> message 9');
	expect(jumped).toContain('<李四> message 11');
	expect(jumped).not.toContain('results for');

	// Back to the newest, then PgUp until the start of the room: every page loaded, no jump.
	alice.write(END);
	await alice.waitFor(s => s.includes('<李四> message 120') && !s.includes('scrolled up'));
	let screen = '';
	for (let presses = 0; presses < 100 && !screen.includes('── start of #general ──'); presses++) {
		const before = alice.screen();
		alice.write(PG_UP);
		// Each PgUp moves the view (or shows the loading row): wait for the screen to change.
		screen = await alice.waitFor(s => s !== before);
	}
	screen = await alice.waitFor(s => s.includes('── start of #general ──') && s.includes('→ 李四 joined'));
	expect(rows(screen)[1]).toMatch(/^ {6}── start of #general ──/u);
	expect(screen).toContain('<李四> message 1');
	expect(screen).not.toContain('loading earlier messages');
	// Every message is there once, in order: PgDn walks down through them to message 120.
	const seen: string[] = [];
	for (let presses = 0; presses < 100; presses++) {
		for (const row of rows(alice.screen())) {
			const said = /<李四> (message \d+|第\d+条)/u.exec(row)?.[1];
			if (said && !seen.includes(said)) seen.push(said);
		}
		if (seen.includes('message 120')) break;
		const before = alice.screen();
		alice.write('\u001B[6~');
		await alice.waitFor(s => s !== before);
	}
	expect(seen).toEqual(texts.map(t => (t.startsWith('第') ? t.split('：')[0]! : t)));
});
