import path from 'node:path';
import {fileURLToPath} from 'node:url';
import fc from 'fast-check';
import {afterEach, describe, expect, test} from 'vitest';
import {LineSocket} from './helpers/line-socket.js';
import {PtyTerminal, usePtyProcesses} from './helpers/pty-terminal.js';
import {ALL_KEY_SEQUENCES, ALT_LETTERS, CTRL_LETTERS, EDITING_KEYS, F_KEYS, MODIFIED_F_KEYS} from './helpers/terminal-keys.js';

/**
 * Hostile input at both screens of the built binary, in real pseudo-terminals: every F-key
 * with every modifier, Ctrl and Alt letters, lone ESC, ESC inside text, random bytes. After
 * each storm the screen must still do its job, and the server must still serve.
 */
const procs = usePtyProcesses();
const sockets: LineSocket[] = [];
afterEach(() => {
	for (const socket of sockets.splice(0)) socket.destroy();
});

const FAILING_DASHBOARD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/failing-dashboard.mjs');

const ESC = '\u001B';

/** ESC inside typed and pasted text, as a careless paste brings it. */
const ESC_IN_TEXT = ['hi\u001Bthere', `a${ESC}${ESC}b`, `pasted ${ESC}[1;5P text`, `x${ESC}`, `${ESC}[`, `${ESC}O`, `end${ESC}[99;5X`];

/**
 * Random reads (seeded, bounded): anything but Ctrl+C (which quits, as it should) and line
 * breaks (which would send what the storm typed as messages).
 */
const RANDOM_READS: Uint8Array[] = fc
	.sample(fc.uint8Array({minLength: 1, maxLength: 24}), {seed: 90_210, numRuns: 80})
	.map(bytes => bytes.filter(byte => byte !== 0x03 && byte !== 0x0a && byte !== 0x0d));

/** Sends every hostile key: one read each, then whole groups in one read, then random bytes. */
function storm(term: PtyTerminal): void {
	for (const sequence of ALL_KEY_SEQUENCES) term.write(sequence);
	for (const text of ESC_IN_TEXT) term.write(text);
	term.write(F_KEYS.map(([, sequence]) => sequence).join(''));
	term.write(MODIFIED_F_KEYS.map(({sequence}) => sequence).join(''));
	term.write(CTRL_LETTERS.join('') + ALT_LETTERS.join('') + EDITING_KEYS.join(''));
	for (const bytes of RANDOM_READS) term.writeBytes(bytes);
	// Leave whatever the storm left in Alt/ESC state: a key of its own.
	term.write(ESC);
}

/** A member on a raw socket (tcpchat/1), who sees what the room sees. */
async function watcher(port: number, name: string): Promise<LineSocket> {
	const socket = await LineSocket.connect(port);
	sockets.push(socket);
	socket.autoPong();
	socket.send({type: 'hello', proto: 1, name});
	await socket.nextOfType('welcome');
	return socket;
}

describe('hostile keys in a real terminal', () => {
	test('the client keeps its room and the dashboard its server through every key and random bytes', async () => {
		const {server, port} = await procs.server(0, ['--rate', '1000', '--burst', '1000']);
		const carol = await watcher(port, 'carol');
		const [alice] = await procs.joined(port, ['alice'] as const);

		storm(alice);
		// Ctrl+E Ctrl+U empties whatever the storm typed; the keys come after the storm, in order.
		alice.write('\u0005\u0015after the storm');
		alice.write('\r');
		await carol.nextFrame(f => f['type'] === 'msg' && f['from'] === 'alice' && f['text'] === 'after the storm', 'alice after her storm');
		await alice.waitFor('<alice> after the storm');
		expect(alice.exited).toBeUndefined();
		expect(alice.inAlternateScreen()).toBe(true);

		storm(server);
		server.write('\u0005\u0015/notice the dashboard still answers');
		server.write('\r');
		await carol.nextFrame(f => f['type'] === 'notice' && f['text'] === 'the dashboard still answers', 'the operator notice');
		await alice.waitFor('the dashboard still answers');
		expect(server.exited).toBeUndefined();

		// Everyone is still in, and a newcomer is served.
		const dave = await watcher(port, 'dave');
		alice.write('still here\r');
		await dave.nextFrame(f => f['type'] === 'msg' && f['from'] === 'alice' && f['text'] === 'still here', 'alice to the newcomer');
		await carol.nextFrame(f => f['type'] === 'msg' && f['text'] === 'still here', 'alice to carol');
		await server.waitFor(/online 3\b/);

		server.write('\u0003');
		expect((await server.waitForExit()).exitCode).toBe(0);
		expect(carol.lines.some(line => line.includes('shutting down'))).toBe(true);
	});

	test('the connect form and the port form read every key too', async () => {
		const form = procs.start(['client', '--host', '127.0.0.1', '--port', '1']);
		await form.waitFor('Nickname');
		const portForm = procs.start(['server', '--host', '127.0.0.1', '--no-log']);
		await portForm.waitFor('Port 7777');

		for (const term of [form, portForm]) {
			storm(term);
			// Processed after the storm: a clean exit shows that nothing in it stopped the screen.
			term.write('\u0003');
			expect(await term.waitForExit()).toMatchObject({exitCode: 0});
			expect(term.inAlternateScreen()).toBe(false);
		}
	});

	test('a dashboard whose key handler or rendering fails goes headless on stderr and keeps serving', async () => {
		for (const key of ['!', '#']) {
			const dashboard = new PtyTerminal([], {script: FAILING_DASHBOARD, cols: 160, rows: 40});
			procs.adopt(dashboard);
			const screen = await dashboard.waitFor(/listening on 127\.0\.0\.1:(\d+)/);
			const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(screen)![1]);
			const erin = await watcher(port, 'erin');
			const frank = await watcher(port, 'frank');
			await dashboard.waitFor(/online 2\b/);

			dashboard.write(key);
			const why = key === '!' ? 'a key handler broke' : 'rendering broke';
			await dashboard.waitFor(`the dashboard failed (${why}); the server keeps serving the 2 people online`);
			expect(dashboard.inAlternateScreen()).toBe(false);

			// Both members are still connected, and the room goes on, printed as headless lines.
			frank.send({type: 'say', text: 'are we still here?'});
			await erin.nextFrame(f => f['type'] === 'msg' && f['text'] === 'are we still here?', 'frank to erin');
			await dashboard.waitFor('<frank> are we still here?');
			const george = await watcher(port, 'george');
			await dashboard.waitFor(/george joined/);
			expect(george.isClosed).toBe(false);

			dashboard.signal('SIGTERM');
			expect((await dashboard.waitForExit()).exitCode).toBe(0);
			await erin.nextFrame(f => f['type'] === 'notice' && /shutting down/.test(String(f['text'])), 'the shutdown notice');
		}
	});
});
