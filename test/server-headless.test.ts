import net from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {runHeadless} from '../source/server/headless.js';
import {LineSocket} from './helpers/line-socket.js';

/** Collects what the headless server prints and lets a test wait for a line. */
class Capture {
	text = '';
	private readonly waiters = new Set<() => void>();
	write(chunk: string): boolean {
		this.text += chunk;
		for (const w of [...this.waiters]) w();
		return true;
	}

	waitFor(pattern: RegExp): Promise<RegExpMatchArray> {
		return new Promise(resolve => {
			const check = (): void => {
				const m = this.text.match(pattern);
				if (m) {
					this.waiters.delete(check);
					resolve(m);
				}
			};
			this.waiters.add(check);
			check();
		});
	}
}

const sockets: LineSocket[] = [];
const blockers: net.Server[] = [];
afterEach(async () => {
	for (const s of sockets.splice(0)) s.destroy();
	await Promise.all(blockers.splice(0).map(b => new Promise(r => b.close(r))));
});

describe('headless server', () => {
	it('prints one readable line per activity and shuts down gracefully with exit code 0', async () => {
		const stdout = new Capture();
		const stderr = new Capture();
		let stop!: () => void;
		const stopSignal = new Promise<void>(resolve => (stop = resolve));
		const done = runHeadless({host: '127.0.0.1', port: 0, logFile: null}, {stdout, stderr, stopSignal});
		const [, port] = await stdout.waitFor(/listening on 127\.0\.0\.1:(\d+)/);
		const alice = await LineSocket.connect(Number(port));
		sockets.push(alice);
		alice.send({type: 'hello', proto: 1, name: 'alice'});
		await alice.nextOfType('join');
		alice.send({type: 'say', text: 'hi\u001b[2J'});
		await stdout.waitFor(/\[\d\d:\d\d\] #general <alice> hi\[2J\n/);
		expect(stdout.text).toMatch(/\[\d\d:\d\d\] #general \*\*\* alice joined \(127\.0\.0\.1\)\n/);
		expect(stdout.text).toMatch(/history: memory/);
		stop();
		expect(await done).toBe(0);
		expect(await alice.nextOfType('notice')).toMatchObject({text: expect.stringContaining('shutting down')});
		await alice.closed;
		expect(stdout.text).toMatch(/shutting down/);
		expect(stderr.text).toBe('');
	});

	it('a failed listen is a sentence on stderr and exit code 1', async () => {
		const blocker = net.createServer();
		blockers.push(blocker);
		await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve));
		const port = (blocker.address() as net.AddressInfo).port;
		const stdout = new Capture();
		const stderr = new Capture();
		const code = await runHeadless({host: '127.0.0.1', port, logFile: null}, {stdout, stderr, stopSignal: new Promise(() => {})});
		expect(code).toBe(1);
		expect(stderr.text).toBe(`tcpchat: port ${port} is already in use — is another tcpchat server running? Try --port 0.\n`);
	});
});
