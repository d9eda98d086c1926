import {spawn, spawnSync} from 'node:child_process';
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

describe('rooms from the command line', () => {
	it('--default-room and --rooms: the rooms exist at start, newcomers land in the default one', async () => {
		const port = await headless(['--default-room', '#lobby', '--rooms', '#help, #dev']);
		const s = await LineSocket.connect(port);
		s.send({type: 'hello', proto: 2, name: 'alice'});
		expect((await s.nextOfType('welcome'))['rooms'].map((r: {room: string}) => r.room)).toEqual(['#lobby']);
		s.send({type: 'list'});
		const rooms = (await s.nextOfType('rooms'))['rooms'].map((r: {name: string}) => r.name).sort();
		expect(rooms).toEqual(['#dev', '#help', '#lobby']);
	});

	it('a bad room name is a usage error: one sentence, exit code 2', () => {
		const result = spawnSync(process.execPath, [CLI, 'server', '--headless', '--port', '0', '--rooms', '#ok,bad room'], {encoding: 'utf8', timeout: 20_000});
		expect(result.status).toBe(2);
		expect(result.stderr.split('\n')[0]).toBe('tcpchat: --rooms: "bad room" is not a room name: a room name starts with "#", as in #bad room');
	});
});
