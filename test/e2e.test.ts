import {describe, expect, test} from 'vitest';
import {usePtyProcesses} from './helpers/pty-terminal.js';

/**
 * The built binary, in real pseudo-terminals, read through a headless xterm: what a person
 * sees. `npm test` builds first, so dist/ is this tree's code.
 */
const procs = usePtyProcesses();

describe('end to end in a pseudo-terminal', () => {
	test('a server and two clients talk, one quits to the form, Ctrl+C restores the terminal', async () => {
		const {server, port} = await procs.server(0, [], 80, 24);
		expect(server.inAlternateScreen()).toBe(true);

		const alice = procs.client(port, 'alice');
		await alice.waitFor('you: alice');
		const bob = procs.client(port, 'bob', 100, 30);
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
		const {server, port} = await procs.server(0, [], 80, 24);
		server.write('\u0003');
		await server.waitForExit();
		const carol = procs.client(port, 'carol');
		await carol.waitFor(`connection refused — is a server running on 127.0.0.1:${port}?`);
		carol.write('\u0003');
		expect((await carol.waitForExit()).exitCode).toBe(0);
	});

	test('SIGTERM stops a client and the dashboard as gracefully as Ctrl+C', async () => {
		const {server, port} = await procs.server(0, [], 80, 24);
		const dora = procs.client(port, 'dora');
		await dora.waitFor('you: dora');
		await server.waitFor(/online 1\b/);

		dora.signal('SIGTERM');
		expect((await dora.waitForExit()).exitCode).toBe(0);
		expect(dora.inAlternateScreen()).toBe(false);
		await server.waitFor(/dora left \(quit/);

		server.signal('SIGTERM');
		expect((await server.waitForExit()).exitCode).toBe(0);
		expect(server.inAlternateScreen()).toBe(false);
	});
});
