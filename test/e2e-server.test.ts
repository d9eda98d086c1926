import {afterEach, describe, expect, test} from 'vitest';
import {execFileSync, spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {usePtyProcesses} from './helpers/pty-terminal.js';
import {LineSocket} from './helpers/line-socket.js';
import {OutputLines} from './helpers/output-lines.js';
import {freePort} from '../source/bench/free-port.js';

/**
 * The server side end to end: a restart the clients ride out, the operator's /kick, people
 * on nc, and the client's layout following the terminal's size. The built binary in real
 * pseudo-terminals, read through a headless xterm.
 */
const procs = usePtyProcesses();
const sockets: LineSocket[] = [];
const children: ChildProcessWithoutNullStreams[] = [];

function hasNc(): boolean {
	try {
		execFileSync('which', ['nc'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
}

afterEach(() => {
	for (const socket of sockets.splice(0)) socket.destroy();
	for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe('server end to end', () => {
	test('a client rides out a server restart: it says why, counts down, and rejoins with its name', async () => {
		const port = await freePort();
		const first = await procs.server(port);
		expect(first.port).toBe(port);
		const [alice] = await procs.joined(port, ['alice']);

		first.server.write('\u0003');
		expect((await first.server.waitForExit()).exitCode).toBe(0);
		await alice.waitFor(s => s.includes('connection lost') && /reconnecting in \d+ s/.test(s));

		const second = await procs.server(port);
		await alice.waitFor(`reconnected to 127.0.0.1:${port} as alice`);
		await alice.waitFor(s => s.includes('you: alice') && s.includes('● connected') && !/reconnecting in/.test(s));
		await second.server.waitFor('alice joined');

		await alice.type('back again');
		await second.server.waitFor('<alice> back again');
	});

	test('/kick on the operator line: the member sees why, the others see the kick', async () => {
		const {server, port} = await procs.server();
		const [bob, carol] = await procs.joined(port, ['bob', 'carol']);
		await server.waitFor(/online 2\b/);

		await server.type('/kick bob being rude');
		await bob.waitFor('you were kicked by the operator: being rude');
		await carol.waitFor('bob was kicked: being rude');
		await carol.waitFor('you: carol · 1 online');
		await server.waitFor(s => s.includes('bob left (kicked: being rude)') && /online 1\b/.test(s));
		// A kicked client does not come straight back: it waits for the person to decide.
		const kicked = await bob.waitFor('/quit to return to the form');
		expect(kicked).not.toMatch(/reconnecting in/);
	});

	test('a plain-text client on a raw socket talks with a tcpchat client both ways', async () => {
		const {port} = await procs.server();
		const [alice] = await procs.joined(port, ['alice']);

		const dave = await LineSocket.connect(port);
		sockets.push(dave);
		dave.send('dave');
		await dave.next(line => line.includes('welcome, dave'), 'the welcome');
		await alice.waitFor('dave joined');

		await alice.type('hi dave');
		await dave.next(line => line.includes('<alice> hi dave'), 'alice saying hi');

		dave.send('hello from a raw socket');
		await alice.waitFor('<dave> hello from a raw socket');
		dave.send('/me waves');
		await alice.waitFor('* dave waves');
	});

	test.skipIf(!hasNc())('the real nc joins and talks with a tcpchat client both ways', async () => {
		const {port} = await procs.server();
		const [alice] = await procs.joined(port, ['alice']);

		const nc = spawn('nc', ['127.0.0.1', String(port)]);
		children.push(nc);
		const out = new OutputLines(nc.stdout);
		// Greeted after a silent second, as a person typing into nc would be.
		await out.waitFor(line => /nickname/i.test(line), 'the greeting asking for a nickname');
		nc.stdin.write('erin\n');
		await out.waitFor(line => line.includes('welcome, erin'), 'the welcome');
		await alice.waitFor('erin joined');

		await alice.type('hi erin');
		await out.waitFor(line => line.includes('<alice> hi erin'), 'alice saying hi');
		nc.stdin.write('hello from nc\n');
		await alice.waitFor('<erin> hello from nc');
	});

	test('a narrow terminal hides the user list; widening brings it back', async () => {
		const {port} = await procs.server();
		const [alice] = await procs.joined(port, ['alice'], 60, 20);
		const narrow = await alice.waitFor('● connected');
		expect(narrow).not.toContain('online (');
		expect(narrow).not.toContain('│');

		alice.resize(120, 30);
		await alice.waitFor(s => s.includes('online (1)') && s.includes('│ alice (you)'));
		expect(alice.screen().split('\n')).toHaveLength(30);

		alice.resize(60, 20);
		await alice.waitFor(s => s.includes('● connected') && !s.includes('online ('));
	});
});
