import {spawnSync} from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {LineSocket} from './helpers/line-socket.js';
import {CLI} from './helpers/pty-terminal.js';
import {ServerHarness} from './helpers/server-harness.js';

const h = new ServerHarness();
afterEach(() => h.cleanup());

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/per-network-clients.mjs');

function connectFrom(port: number, host: string, localAddress: string): Promise<LineSocket> {
	return new Promise((resolve, reject) => {
		const socket = net.connect({host, port, localAddress});
		socket.once('error', reject);
		socket.once('connect', () => {
			socket.off('error', reject);
			resolve(LineSocket.wrap(socket));
		});
	});
}

async function firstFrame(socket: LineSocket, name: string): Promise<Record<string, unknown>> {
	socket.send({type: 'hello', proto: 1, name});
	return socket.nextFrame(f => f['type'] === 'welcome' || f['type'] === 'error');
}

describe('--max-per-ip', () => {
	it('counts an IPv4-mapped IPv6 address as its IPv4, and other IPv4 addresses apart', async () => {
		await h.start({host: '::', maxPerIp: 2});
		const mapped = await connectFrom(h.port, '::ffff:127.0.0.1', '::ffff:127.0.0.1');
		const plain = await connectFrom(h.port, '127.0.0.1', '127.0.0.1');
		expect(await firstFrame(mapped, 'a')).toMatchObject({type: 'welcome'});
		expect(await firstFrame(plain, 'b')).toMatchObject({type: 'welcome'});
		const third = await connectFrom(h.port, '127.0.0.1', '127.0.0.1');
		expect(await third.nextFrame()).toMatchObject({type: 'error', code: 'too_many_connections'});
		// The whole of 127/8 is this machine: 127.0.0.2 is another address, with a limit of its own.
		const other = await connectFrom(h.port, '127.0.0.1', '127.0.0.2');
		expect(await firstFrame(other, 'c')).toMatchObject({type: 'welcome'});
		for (const s of [mapped, plain, third, other]) s.destroy();
	});

	// IPv6 networks need addresses of their own: a network namespace gives them without touching the machine's.
	const namespaces = spawnSync('unshare', ['-n', 'true']).status === 0;
	it.skipIf(!namespaces)('counts IPv6 clients per /64 by default, per address with --ipv6-prefix 128 (built binary, own network namespace)', () => {
		const run = (prefix: number) => {
			const addresses = ['fd00:7c::1', 'fd00:7c::2', 'fd00:7c::3', 'fd00:7d::1'];
			const setup = addresses.map(a => `ip -6 addr add ${a}/64 dev lo nodad`).join(' && ');
			const result = spawnSync(
				'unshare',
				['-n', 'sh', '-c', `ip link set lo up && ${setup} && exec "$0" "$@"`, process.execPath, FIXTURE, CLI, String(prefix), ...addresses],
				{encoding: 'utf8', timeout: 60_000},
			);
			expect(result.status, result.stderr).toBe(0);
			return result.stdout
				.trim()
				.split('\n')
				.map(line => JSON.parse(line) as {from: string; type: string; code: string | null; message: string | null});
		};
		const per64 = run(64);
		expect(per64.map(r => r.code ?? r.type)).toEqual(['welcome', 'welcome', 'too_many_connections', 'welcome']);
		expect(per64[2]!.message).toBe('too many connections from your network (fd00:7c::/64) — close some and try again');
		expect(run(128).map(r => r.type)).toEqual(['welcome', 'welcome', 'welcome', 'welcome']);
	});
});
