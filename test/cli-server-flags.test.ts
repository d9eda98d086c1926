import {spawn} from 'node:child_process';
import {createInterface} from 'node:readline';
import {afterEach, describe, expect, it} from 'vitest';
import {LineSocket} from './helpers/line-socket.js';
import {CLI} from './helpers/pty-terminal.js';

const children: Array<ReturnType<typeof spawn>> = [];
afterEach(() => {
	for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** The built binary, headless, on a free port: resolves with the port it listens on. */
function headless(args: string[]): Promise<number> {
	const child = spawn(process.execPath, [CLI, 'server', '--headless', '--no-log', '--host', '127.0.0.1', '--port', '0', ...args], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	children.push(child);
	return new Promise((resolve, reject) => {
		child.once('exit', code => reject(new Error(`the server exited with ${code}`)));
		createInterface({input: child.stdout!}).on('line', line => {
			const listening = /listening on [^,]*:(\d+)/.exec(line);
			if (listening) resolve(Number(listening[1]));
		});
	});
}

describe('server deadlines from the command line', () => {
	it('--nick-timeout: a silent connection is greeted, then told goodbye when the time is up', async () => {
		const port = await headless(['--nick-timeout', '1.5']);
		const s = await LineSocket.connect(port);
		await s.next(l => l.includes('please choose a nickname'));
		expect(await s.next(l => l.includes('goodbye'))).toBe('* no nickname given in time — goodbye');
		await s.closed;
	});

	it('--hello-timeout: a tcpchat/1 connection that never says hello is closed', async () => {
		const port = await headless(['--hello-timeout', '0.5']);
		const s = await LineSocket.connect(port);
		s.send({type: 'ping'});
		await s.nextOfType('pong');
		await s.closed;
		expect(s.frames().map(f => f['type'])).toEqual(['pong']);
	});
});
