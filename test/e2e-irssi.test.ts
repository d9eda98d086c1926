import {type ChildProcessWithoutNullStreams, spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, expect, test} from 'vitest';
import {OutputLines} from './helpers/output-lines.js';
import {PtyTerminal, usePtyProcesses} from './helpers/pty-terminal.js';

/**
 * The real irssi (Debian's package, installed by .ci/run) in a pseudo-terminal, in a tcpchat
 * room with the tcpchat client (the built binary, in a pseudo-terminal of its own) and a
 * person at the real nc: it joins, talks both ways with each, joins a second room with the
 * person at nc, sets its topic, and quits.
 */
const procs = usePtyProcesses();
const children: ChildProcessWithoutNullStreams[] = [];
const homes: string[] = [];
afterEach(() => {
	for (const child of children.splice(0)) child.kill('SIGKILL');
	for (const home of homes.splice(0)) fs.rmSync(home, {recursive: true, force: true});
});

const has = (program: string): boolean => spawnSync('sh', ['-c', `command -v ${program}`], {stdio: 'ignore'}).status === 0;

test.skipIf(!has('irssi') || !has('nc'))('irssi joins a room, talks with a tcpchat client and an nc user, and quits', async () => {
	const {server, port} = await procs.server();
	const bob = procs.client(port, 'bob');
	await bob.waitFor('you: bob');

	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpchat-irssi-'));
	homes.push(home);
	// irssi paces its commands for public networks (one every 2.2 s past five): here, at the
	// server's own rate (5 a second), so that the test takes seconds, not half a minute.
	fs.writeFileSync(path.join(home, 'config'), 'settings = { "irc/core" = { cmd_queue_speed = "200msec"; }; };\n');
	const irssi = procs.adopt(new PtyTerminal(['--home', home, '-c', '127.0.0.1', '-p', String(port), '-n', 'ivy'], {file: 'irssi', cols: 100, rows: 30}));
	// Registered, and in the default room at once: irssi opens its window.
	await irssi.waitFor('Welcome to the tcpchat IRC gateway, ivy');
	await bob.waitFor('ivy joined');
	irssi.write('\u001b2');
	await irssi.waitFor(s => s.includes('[#general') && s.includes('ivy [ivy@tcpchat] has joined #general'));

	const nc = spawn('nc', ['127.0.0.1', String(port)]);
	children.push(nc);
	const pat = new OutputLines(nc.stdout);
	nc.stdin.write('pat\n');
	await pat.waitFor(l => l.includes('welcome, pat'), 'the welcome');
	await irssi.waitFor('pat [pat@tcpchat] has joined #general');

	await irssi.type('hello from irssi, 你好');
	await bob.waitFor('<ivy> hello from irssi, 你好');
	await pat.waitFor(l => l.endsWith('<ivy> hello from irssi, 你好'), 'ivy in nc');
	await bob.type('hi ivy');
	await irssi.waitFor(/< ?bob> hi ivy/);
	nc.stdin.write('hello from nc\n');
	await irssi.waitFor(/< ?pat> hello from nc/);
	nc.stdin.write('/me waves\n');
	await irssi.waitFor(/\* pat waves/);
	await irssi.type('/me bows');
	await bob.waitFor('* ivy bows');

	// Another room: the person at nc follows it there.
	await irssi.type('/join #dev');
	await irssi.waitFor(s => s.includes('[#dev') && s.includes('ivy [ivy@tcpchat] has joined #dev'));
	nc.stdin.write('/join #dev\n');
	await irssi.waitFor('pat [pat@tcpchat] has joined #dev');
	await irssi.type('/topic builds and tests');
	await pat.waitFor(l => l.endsWith('*** ivy set the topic: builds and tests'), 'the topic in nc');
	nc.stdin.write('in dev now\n');
	await irssi.waitFor(/< ?pat> in dev now/);

	await irssi.type('/quit good night');
	const exit = await irssi.waitForExit();
	expect(exit.exitCode).toBe(0);
	await bob.waitFor(/ivy left.*good night/);
	await pat.waitFor(l => l.includes('ivy left') && l.includes('good night'), 'the quit in nc');
	await server.waitFor(/online 2\b/);
}, 120_000);
