import {spawn, spawnSync} from 'node:child_process';
import net from 'node:net';
import {afterEach, describe, expect, test} from 'vitest';
import {CLI} from './helpers/pty-terminal.js';
import {LineSocket} from './helpers/line-socket.js';
import {createRequire} from 'node:module';

const {version} = createRequire(import.meta.url)('../package.json') as {version: string};

/** The built binary with stdout a pipe, as in a script or a service manager. */
function run(args: string[]) {
	const result = spawnSync(process.execPath, [CLI, ...args], {encoding: 'utf8', timeout: 20_000});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

const cleanups: Array<() => void> = [];
afterEach(() => {
	for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('command line', () => {
	test.each([
		[['server', '--port', '70000'], 'tcpchat: --port must be between 0 and 65535, not 70000'],
		[['server', '--port', 'abc'], 'tcpchat: --port must be a number, not "abc"'],
		[['server', '--bogus'], 'tcpchat: unknown option --bogus'],
		[['client', '--scrollback', 'lots'], 'tcpchat: --scrollback must be a number, not "lots"'],
		[['frobnicate'], 'tcpchat: unknown command "frobnicate"'],
		[['server', '-p', '8000'], 'tcpchat: unknown option -p'],
		[['server', '--port', '1.5'], 'tcpchat: --port must be a whole number, not 1.5'],
		[['client', '--port', '70000'], 'tcpchat: --port must be between 0 and 65535, not 70000'],
		[['client', '--scrollback', '50'], 'tcpchat: --scrollback must be between 100 and 10000000, not 50'],
		[['client', '--bogus'], 'tcpchat: unknown option --bogus'],
		[['bench', '--bogus'], 'tcpchat: unknown option --bogus'],
		[['client'], 'tcpchat: the client needs a terminal (stdin and stdout)'],
	])('%j is one plain line, then the usage, exit code 2', (args, line) => {
		const {code, stderr} = run(args);
		expect(code).toBe(2);
		expect(stderr.split('\n')[0]).toBe(line);
		expect(stderr).toContain(`$ tcpchat ${args[0] === 'frobnicate' ? 'server [options]' : `${args[0]} [options]`}`);
		expect(stderr).not.toMatch(/\bat .+:\d+:\d+/);
	});

	test('--version and --help', () => {
		expect(run(['--version'])).toMatchObject({code: 0, stdout: `${version}\n`});
		expect(run([])).toMatchObject({code: 0, stdout: expect.stringContaining('tcpchat server')});
		const help = run(['--help']);
		expect(help.code).toBe(0);
		expect(help.stdout).toContain('tcpchat server');
		expect(run(['server', '--help']).stdout).toContain('--max-sendq');
		expect(run(['client', '--help']).stdout).toContain('--no-bell');
	});

	test('a port in use is a sentence and exit code 1, not a stack trace', async () => {
		const blocker = net.createServer();
		await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve));
		cleanups.push(() => blocker.close());
		const port = (blocker.address() as net.AddressInfo).port;
		const {code, stderr} = run(['server', '--host', '127.0.0.1', '--port', String(port), '--no-log']);
		expect(code).toBe(1);
		expect(stderr).toContain(`port ${port} is already in use`);
		expect(stderr).not.toMatch(/\bat .+:\d+:\d+/);
	});

	test('with stdout not a terminal the server runs headless and survives its reader going away', async () => {
		const child = spawn(process.execPath, [CLI, 'server', '--host', '127.0.0.1', '--port', '0', '--no-log'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		cleanups.push(() => child.kill('SIGKILL'));
		const port = await new Promise<number>(resolve => {
			let seen = '';
			child.stdout.on('data', (chunk: Buffer) => {
				seen += chunk.toString();
				const match = /listening on 127\.0\.0\.1:(\d+)/.exec(seen);
				if (match) resolve(Number(match[1]));
			});
		});
		// The reader of stdout goes away, as with `tcpchat server | head -1`.
		child.stdout.destroy();
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

		const socket = await LineSocket.connect(port);
		cleanups.push(() => socket.destroy());
		socket.send({type: 'hello', proto: 1, name: 'after_pipe'});
		expect((await socket.nextFrame(f => f['type'] === 'welcome', 'the welcome'))['you']).toBe('after_pipe');
		socket.send({type: 'say', text: 'still here'});
		await socket.nextFrame(f => f['type'] === 'msg' && f['text'] === 'still here', 'the echo');
		expect(child.exitCode).toBeNull();
		expect(child.signalCode).toBeNull();
		expect(stderr).toBe('');

		child.kill('SIGTERM');
		const code = await new Promise<number | null>(resolve => child.once('exit', resolve));
		expect(code).toBe(0);
	});
});
