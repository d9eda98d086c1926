import net from 'node:net';
import {once} from 'node:events';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {afterEach, expect, test} from 'vitest';
import {ChatServer} from '../source/server/chat-server.js';
import {runBench} from '../source/bench/run-bench.js';
import {IrcServerProcess} from '../source/bench/irc-servers.js';
import type {LoadResult} from '../source/bench/load-run.js';
import {BenchClient, type ClientSink} from '../source/bench/bench-client.js';
import {stampText} from '../source/bench/delivery-scanner.js';
import {spreadsOverLoopback} from '../source/bench/local-address.js';

let server: ChatServer | undefined;

afterEach(async () => {
	await server?.shutdown();
	server = undefined;
});

function collect(stream: PassThrough): () => string {
	const chunks: Buffer[] = [];
	stream.on('data', (chunk: Buffer) => chunks.push(chunk));
	return () => Buffer.concat(chunks).toString('utf8');
}

// Numbers only: timing belongs to `npm run bench`, never to a test.
test('a short bench run against a real server reports its figures', async () => {
	server = new ChatServer({host: '127.0.0.1', port: 0, logFile: null, pingInterval: 0});
	const {port} = await server.listen();
	const out = new PassThrough();
	const err = new PassThrough();
	const stdout = collect(out);
	const code = await runBench(
		{host: '127.0.0.1', port, clients: 3, rate: 4, duration: 1, warmup: 0.2, drain: 10, workers: 0, json: true, spawnServer: false, standard: false, pid: process.pid},
		{out, err: err as unknown as NodeJS.WriteStream},
	);
	expect(code).toBe(0);
	const result = JSON.parse(stdout()) as LoadResult;
	expect(result.connected).toBe(3);
	expect(result.sent).toBeGreaterThan(0);
	expect(result.received).toBeGreaterThan(0);
	expect(result.expected).toBe(result.sent * 3);
	expect(result.lost).toBe(0);
	for (const value of Object.values(result.latencyMs)) expect(Number.isFinite(value)).toBe(true);
	expect(result.latencyMs.max).toBeGreaterThan(0);
	expect(Number.isFinite(result.connectMs.median)).toBe(true);
	expect(Number.isFinite(result.server?.cpuSeconds)).toBe(true);
	expect(result.server?.peakRssBytes).toBeGreaterThan(0);
});

/** The rooms workload against a server of this process: its JSON result. */
async function roomsRun(clients: number, rooms: number, rate: number, duration: number): Promise<LoadResult> {
	server = new ChatServer({host: '127.0.0.1', port: 0, logFile: null, pingInterval: 0});
	const {port} = await server.listen();
	const out = new PassThrough();
	const stdout = collect(out);
	const code = await runBench(
		{host: '127.0.0.1', port, clients, rooms, rate, duration, warmup: 0.2, drain: 10, workers: 0, json: true, spawnServer: false, standard: false},
		{out, err: new PassThrough() as unknown as NodeJS.WriteStream},
	);
	expect(code).toBe(0);
	return JSON.parse(stdout()) as LoadResult;
}

test('the rooms workload: clients spread over rooms, every delivery in its room, none lost', async () => {
	const result = await roomsRun(12, 4, 2, 1);
	expect(result.connected).toBe(12);
	expect(result.sent).toBeGreaterThan(0);
	// 3 members a room: a message is due to its room's 3, not to all 12.
	expect(result.expected).toBe(result.sent * 3);
	expect(result.received).toBe(result.expected);
	expect(result.lost).toBe(0);
	expect(result.strayed).toBe(0);
});

// A server limits the rooms one address makes (50 at once): the bench's clients come from addresses of their own, as people's would.
test.runIf(spreadsOverLoopback())('the rooms workload makes more rooms than one address may: every client is in', async () => {
	const result = await roomsRun(60, 60, 1, 0.5);
	expect(result.connectFailed).toBe(0);
	expect(result.connected).toBe(60);
	expect(server!.roomStats().filter(r => r.name.startsWith('#bench-'))).toHaveLength(60);
});

/** A bench client in #bench-1 and a plain tcpchat/2 member of the same room, who says what it is told. */
async function strayCheck(mode: 'fast' | 'full') {
	server = new ChatServer({host: '127.0.0.1', port: 0, logFile: null, pingInterval: 0});
	const {port} = await server.listen();
	const seen = {delivered: [] as number[], strayed: 0};
	let notify = () => undefined as void;
	const sink: ClientSink = {
		delivery: stamp => {
			seen.delivered.push(stamp);
			notify();
		},
		strayed: () => {
			seen.strayed++;
			notify();
		},
		presence: () => undefined,
		error: () => undefined,
		closed: () => undefined,
	};
	const client = new BenchClient('measured', sink, mode, 1);
	await client.connect('127.0.0.1', port);
	const other = net.connect({host: '127.0.0.1', port});
	let lines = '';
	other.setEncoding('utf8');
	other.on('data', (chunk: string) => (lines += chunk));
	await once(other, 'connect');
	other.write(`${JSON.stringify({type: 'hello', proto: 2, name: 'other', rooms: ['#bench-1']})}\n`);
	while (!lines.includes('"type":"welcome"')) await once(other, 'data');
	// The second text claims to be said in room 2: a delivery the bench must not count as received.
	for (const text of [stampText(111, 0, 1), stampText(222, 0, 2), stampText(333, 0, 1)])
		other.write(`${JSON.stringify({type: 'say', room: '#bench-1', text})}\n`);
	await new Promise<void>(resolve => {
		notify = () => {
			if (seen.delivered.length + seen.strayed >= 3) resolve();
		};
		notify();
	});
	client.close();
	other.destroy();
	return seen;
}

test('a delivery from another room than the receiver\'s is counted apart, never as received', async () => {
	for (const mode of ['fast', 'full'] as const) {
		const seen = await strayCheck(mode);
		expect(seen.delivered).toEqual([111, 333]);
		expect(seen.strayed).toBe(1);
		await server?.shutdown();
		server = undefined;
	}
});

test('a server that is not there is a sentence and exit code 1', async () => {
	server = new ChatServer({host: '127.0.0.1', port: 0, logFile: null});
	const {port} = await server.listen();
	await server.shutdown();
	server = undefined;
	const err = new PassThrough();
	const stderr = collect(err);
	const code = await runBench(
		{host: '127.0.0.1', port, clients: 2, rate: 1, duration: 1, warmup: 0, workers: 0, json: true, spawnServer: false, standard: false},
		{out: new PassThrough(), err: err as unknown as NodeJS.WriteStream},
	);
	expect(code).toBe(1);
	expect(stderr()).toContain(`connection refused — is a server running on 127.0.0.1:${port}?`);
});

// The path `npm run bench:irc` takes for tcpchat: the built binary, `server --headless`, the bench's flags.
test('--dialect irc registers, joins #bench and measures every delivery on the built server, none lost', async () => {
	const irc = await IrcServerProcess.start('tcpchat', path.resolve(import.meta.dirname, '..', 'dist', 'cli.js'));
	try {
		const out = new PassThrough();
		const stdout = collect(out);
		const code = await runBench(
			{
				dialect: 'irc',
				host: '127.0.0.1',
				port: irc.port,
				clients: 4,
				rate: 4,
				duration: 1,
				warmup: 0.2,
				drain: 10,
				workers: 0,
				json: true,
				spawnServer: false,
				standard: false,
				pid: irc.pid,
			},
			{out, err: new PassThrough() as unknown as NodeJS.WriteStream},
		);
		expect(code).toBe(0);
		const result = JSON.parse(stdout()) as LoadResult;
		expect(result.connected).toBe(4);
		expect(result.connectFailed).toBe(0);
		expect(result.sent).toBeGreaterThan(0);
		// No echo-message: each message reaches the three others.
		expect(result.expected).toBe(result.sent * 3);
		expect(result.received).toBe(result.expected);
		expect(result.lost).toBe(0);
		expect(result.dropped).toBe(0);
		expect(result.latencyMs.max).toBeGreaterThan(0);
		expect(result.server?.peakRssBytes).toBeGreaterThan(0);
	} finally {
		await irc.stop();
	}
});
