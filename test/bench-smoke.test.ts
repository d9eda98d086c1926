import path from 'node:path';
import {PassThrough} from 'node:stream';
import {afterEach, expect, test} from 'vitest';
import {ChatServer} from '../source/server/chat-server.js';
import {runBench} from '../source/bench/run-bench.js';
import {IrcServerProcess} from '../source/bench/irc-servers.js';
import type {LoadResult} from '../source/bench/load-run.js';

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
