import {afterEach, beforeAll, describe, expect, test} from 'vitest';
import fs from 'node:fs';
import {CLI, PtyTerminal} from './helpers/pty-terminal.js';

/**
 * The built binary, in real pseudo-terminals, read through a headless xterm: what a person
 * sees. `npm test` builds first, so dist/ is this tree's code.
 */
const open: PtyTerminal[] = [];

function start(args: string[], cols = 80, rows = 24): PtyTerminal {
	const term = new PtyTerminal(args, {cols, rows});
	open.push(term);
	return term;
}

async function startServer(extra: string[] = []): Promise<{server: PtyTerminal; port: number}> {
	const server = start(['server', '--host', '127.0.0.1', '--port', '0', '--no-log', ...extra]);
	const screen = await server.waitFor(/127\.0\.0\.1:(\d+)/);
	const port = Number(/127\.0\.0\.1:(\d+)/.exec(screen)![1]);
	return {server, port};
}

function startClient(port: number, name: string, cols = 80, rows = 24): PtyTerminal {
	return start(['client', '--host', '127.0.0.1', '--port', String(port), '--name', name], cols, rows);
}

beforeAll(() => {
	if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
});

afterEach(() => {
	for (const term of open.splice(0)) term.kill();
});

describe('end to end in a pseudo-terminal', () => {
	test('a server and two clients talk, one quits to the form, Ctrl+C restores the terminal', async () => {
		const {server, port} = await startServer();
		expect(server.inAlternateScreen()).toBe(true);

		const alice = startClient(port, 'alice');
		await alice.waitFor('you: alice');
		const bob = startClient(port, 'bob', 100, 30);
		await bob.waitFor('you: bob');
		await alice.waitFor(/bob joined/);

		await alice.type('hello from alice');
		await bob.waitFor('<alice> hello from alice');
		await server.waitFor('<alice> hello from alice');

		await bob.type('hi alice, bob here');
		await alice.waitFor('<bob> hi alice, bob here');

		await bob.type('/quit');
		await bob.waitFor('Nickname');
		await alice.waitFor(/bob left/);
		await server.waitFor(/online 1\b/);

		alice.write('\u0003');
		expect((await alice.waitForExit()).exitCode).toBe(0);
		expect(alice.inAlternateScreen()).toBe(false);

		server.write('\u0003');
		expect((await server.waitForExit()).exitCode).toBe(0);
		expect(server.inAlternateScreen()).toBe(false);
	});

	test('a refused connection is a sentence on the connect form', async () => {
		const {server, port} = await startServer();
		server.write('\u0003');
		await server.waitForExit();
		const carol = startClient(port, 'carol');
		await carol.waitFor(`connection refused — is a server running on 127.0.0.1:${port}?`);
		carol.write('\u0003');
		expect((await carol.waitForExit()).exitCode).toBe(0);
	});
});
