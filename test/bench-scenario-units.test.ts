import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {expect, test} from 'vitest';
import {resolveBenchOptions, type BenchOptions} from '../source/bench/bench-options.js';
import {isFloodDrop, listeningPort} from '../source/bench/binary-server.js';
import {floodKinds, formatControlFlood, summariseControlFlood, type ControlFloodSettings, type FloodedRun} from '../source/bench/control-flood.js';
import {floodChunk} from '../source/bench/flood-clients.js';
import {formatIdleMemory, summariseIdleMemory, type IdleMemoryRun} from '../source/bench/idle-memory.js';
import type {LoadResult} from '../source/bench/load-run.js';
import {ADDRESSES_PER_NETWORK, localAddress, localAddresses} from '../source/bench/local-address.js';
import {MarkerWatch} from '../source/bench/marker-watch.js';
import {HELP_ANSWER, unfinishedLine} from '../source/bench/partial-line-clients.js';
import {formatPartialLines, parseSegmentsIn, summarisePartialLines, type PartialLinesRun} from '../source/bench/partial-lines.js';
import {formatSuite, STANDARD_CASES, type IdleCase} from '../source/bench/standard-suite.js';
import {MAX_FRAME_BYTES} from '../source/protocol/limits.js';
import {parsePlainCommand} from '../source/protocol/plain-command.js';
import {PLAIN_HELP_LINES} from '../source/protocol/plain-command.js';

const base: BenchOptions = {rate: 1, warmup: 2, json: false, spawnServer: false, standard: false};

test('scenario options: defaults of their own, and the same flags checked', () => {
	const idle = resolveBenchOptions({...base, scenario: 'idle-memory'});
	expect([idle.scenario, idle.clients, idle.duration, idle.runs, idle.batch]).toEqual(['idle-memory', 10_000, 5, 3, 200]);
	const partial = resolveBenchOptions({...base, scenario: 'partial-lines'});
	expect([partial.clients, partial.size, partial.runs, partial.duration]).toEqual([1000, MAX_FRAME_BYTES - 1, 1, 600]);
	const flood = resolveBenchOptions({...base, scenario: 'control-flood'});
	expect([flood.clients, flood.senders, flood.duration, flood.runs, flood.flooders, flood.politeFlood]).toEqual([100, 100, 10, 3, 2, false]);
	// Without a scenario, nothing moved.
	const plain = resolveBenchOptions(base);
	expect([plain.clients, plain.duration, plain.runs, plain.size, plain.host, plain.port]).toEqual([100, 10, 3, 0, '127.0.0.1', 7777]);
	expect(resolveBenchOptions({...base, scenario: 'idle-memory', clients: 10_000}).clients).toBe(10_000);
	expect(resolveBenchOptions({...base, scenario: 'partial-lines', size: MAX_FRAME_BYTES - 1}).size).toBe(MAX_FRAME_BYTES - 1);
});

test('scenario options: mistakes are plain sentences', () => {
	const s = (extra: Partial<BenchOptions>) => () => resolveBenchOptions({...base, ...extra});
	expect(s({scenario: 'idle'})).toThrow('--scenario must be one of idle-memory, partial-lines, control-flood, not "idle"');
	expect(s({scenario: 'idle-memory', spawnServer: true})).toThrow('--scenario starts the built server itself; it does not go with --spawn-server');
	expect(s({scenario: 'idle-memory', port: 7777, pid: 1})).toThrow('it does not go with --port or --pid');
	// The server's default --max-clients is 10 000, and a scenario uses the defaults.
	expect(s({scenario: 'idle-memory', clients: 10_001})).toThrow('--clients must be between 1 and 10000, not 10001');
	expect(s({scenario: 'control-flood', clients: 9999})).toThrow('--clients must be between 1 and 9998');
	// A line of 8192 bytes before its newline is too long by definition: nothing to hold.
	expect(s({scenario: 'partial-lines', size: MAX_FRAME_BYTES})).toThrow(`--size must be between 5 and ${MAX_FRAME_BYTES - 1}`);
	expect(s({flooders: 3})).toThrow('--flooders goes with --scenario control-flood');
	expect(s({scenario: 'idle-memory', politeFlood: true})).toThrow('--polite-flood goes with --scenario control-flood');
	expect(s({serverBuild: '/tmp'})).toThrow('--server-build needs --spawn-server, --standard or --scenario');
	const empty = mkdtempSync(path.join(os.tmpdir(), 'tcpchat-no-build-'));
	expect(s({scenario: 'idle-memory', serverBuild: empty})).toThrow(`no tcpchat build in ${empty}`);
});

test('a checkout or its dist folder both name a build', () => {
	const checkout = path.resolve(import.meta.dirname, '..');
	const fromCheckout = resolveBenchOptions({...base, scenario: 'idle-memory', serverBuild: checkout}).serverBuild;
	const fromDist = resolveBenchOptions({...base, spawnServer: true, serverBuild: path.join(checkout, 'dist')}).serverBuild;
	expect(fromCheckout?.cli).toBe(path.join(checkout, 'dist', 'cli.js'));
	expect(fromDist).toEqual(fromCheckout);
	expect(fromDist?.benchServer).toBe(path.join(checkout, 'dist', 'source', 'bench', 'bench-server.js'));
});

test('each client gets an address of its own in 127.N/16, none reused', () => {
	expect(localAddress(1, 0)).toBe('127.1.0.1');
	expect(localAddress(1, 253)).toBe('127.1.0.254');
	expect(localAddress(1, 254)).toBe('127.1.1.1');
	expect(localAddress(3, ADDRESSES_PER_NETWORK - 1)).toBe('127.3.255.254');
	const all = localAddresses(2, 60_000);
	expect(new Set(all).size).toBe(60_000);
	expect(all.every(a => /^127\.2\.\d+\.\d+$/.test(a) && !a.endsWith('.0') && !a.endsWith('.255'))).toBe(true);
	expect(() => localAddress(1, ADDRESSES_PER_NETWORK)).toThrow(RangeError);
	expect(() => localAddress(0, 0)).toThrow(RangeError);
});

test('a marker is found wherever the reads split it', () => {
	const stream = Buffer.from(`${'x'.repeat(50)}* commands:${'y'.repeat(20)}`);
	for (let cut = 1; cut < stream.length; cut++) {
		const watch = new MarkerWatch(HELP_ANSWER);
		expect(watch.push(stream.subarray(0, cut)) || watch.push(stream.subarray(cut))).toBe(true);
	}
	// Byte by byte, too.
	const watch = new MarkerWatch(HELP_ANSWER);
	expect([...stream].map(b => watch.push(Buffer.from([b]))).filter(Boolean)).toHaveLength(1);
	const none = new MarkerWatch(HELP_ANSWER);
	expect(none.push(Buffer.from('* command')) || none.push(Buffer.from('s without the colon'))).toBe(false);
});

test('the headless log is read for the port and for flood drops', () => {
	expect(listeningPort('[12:00] listening on 0.0.0.0:41234, 10.0.0.5:41234')).toBe(41234);
	expect(listeningPort('[12:00] listening on [::]:7777')).toBe(7777);
	expect(listeningPort('[12:00] message log: (memory only)')).toBeUndefined();
	expect(isFloodDrop('[12:00] *** f1x3 was disconnected for flooding')).toBe(true);
	expect(isFloodDrop('[12:00] - connection #12 closed (flood)')).toBe(true);
	// The headless log names each event's room.
	expect(isFloodDrop('[12:00] #general *** f1x3 was disconnected for flooding')).toBe(true);
	expect(isFloodDrop('[12:00] #general <bob> *** x was disconnected for flooding')).toBe(false);
	// What a member says cannot pass for the server's word.
	expect(isFloodDrop('[12:00] <bob> *** x was disconnected for flooding')).toBe(false);
	expect(isFloodDrop('[12:00] * bob was disconnected for flooding')).toBe(false);
	expect(isFloodDrop('[12:00] *** bob left (timed out)')).toBe(false);
});

test('ss output gives the data segments of each socket', () => {
	const ss =
		'0 0 127.0.0.1:4000 127.2.0.1:5000\n\t cubic bytes_received:8200 segs_in:8300 data_segs_in:8196 lastrcv:4\n' +
		'0 0 127.0.0.1:4000 127.2.0.2:5000\n\t cubic segs_in:2 data_segs_in:8193\n0 0 127.0.0.1:4000 127.2.0.3:5000\n\t cubic segs_in:1\n';
	expect(parseSegmentsIn(ss)).toEqual([8196, 8193]);
	expect(parseSegmentsIn('')).toEqual([]);
});

test('the unfinished line is /help padded to its size: finished, it gets the help answer', () => {
	const line = unfinishedLine(MAX_FRAME_BYTES - 1);
	expect(line.length).toBe(MAX_FRAME_BYTES - 1);
	expect(parsePlainCommand(line.toString())).toEqual({kind: 'help'});
	expect(`* ${PLAIN_HELP_LINES[0]}`).toBe(HELP_ANSWER);
	expect(() => unfinishedLine(4)).toThrow(RangeError);
	expect(floodChunk('pong').toString().split('\n').slice(0, 2)).toEqual(['{"type":"pong"}', '{"type":"pong"}']);
	expect(floodChunk('blank').every(b => b === 0x0a)).toBe(true);
	expect(floodKinds(3)).toEqual(['pong', 'blank', 'pong']);
});

function idleRun(perConnectionKiB: number, connected = 10_000): IdleMemoryRun {
	const baseline = 95 * 1024 * 1024;
	return {
		clients: 10_000,
		connected,
		failed: 10_000 - connected,
		joinMs: {median: 200, max: 900},
		waveSeconds: 30,
		baselineRssBytes: baseline,
		rssBytes: baseline + perConnectionKiB * 1024 * connected,
		peakRssBytes: 300 * 1024 * 1024,
		bytesPerConnection: perConnectionKiB * 1024,
	};
}

test('idle memory: the median run against 8 KiB; a run short of clients misses', () => {
	const settings = {clients: 10_000, holdSeconds: 5, batch: 200, runs: 3};
	const result = summariseIdleMemory('dist/cli.js', settings, [idleRun(7.5), idleRun(9), idleRun(5)]);
	expect(result.bytesPerConnection).toBe(7.5 * 1024);
	expect(result.range).toEqual({min: 5 * 1024, max: 9 * 1024});
	expect(result.met).toBe(true);
	const text = formatIdleMemory(result);
	expect(text).toContain('per idle connection: 7.5 KiB (median of 3; runs 5.0 KiB–9.0 KiB); target ≤ 8.0 KiB: met');
	expect(text).toContain('10000/10000');
	expect(summariseIdleMemory('x', settings, [idleRun(8.5), idleRun(9), idleRun(5)]).met).toBe(false);
	const short = {...idleRun(4, 9000), firstError: 'the server refused i1: the server is full (server_full)'};
	const missed = summariseIdleMemory('x', settings, [short, idleRun(4), idleRun(4)]);
	expect(missed.met).toBe(false);
	expect(formatIdleMemory(missed)).toContain('run 1: 1000 could not join: the server refused i1');
});

function partialRun(riseMiB: number, extra: Partial<PartialLinesRun> = {}): PartialLinesRun {
	const MiB = 1024 * 1024;
	return {
		clients: 1000,
		joined: 1000,
		bytesSent: 8191,
		complete: true,
		sendSeconds: 120,
		segmentsIn: {median: 8192, min: 8192},
		baselineRssBytes: 95 * MiB,
		joinedRssBytes: 98 * MiB,
		heldRssBytes: (95 + riseMiB) * MiB,
		finishedRssBytes: (95 + riseMiB) * MiB,
		peakRssBytes: (96 + riseMiB) * MiB,
		riseBytes: riseMiB * MiB,
		linesBytes: (riseMiB - 3) * MiB,
		closedWhileHolding: 0,
		answered: 1000,
		...extra,
	};
}

test('partial lines: the rise against 50 MB, and every line answered', () => {
	const settings = {clients: 1000, lineBytes: 8191, maxSeconds: 600, batch: 100, runs: 1};
	const met = summarisePartialLines('dist/cli.js', settings, [partialRun(14.6)]);
	expect(met.met).toBe(true);
	const text = formatPartialLines(met);
	expect(text).toContain('RSS rise with every line held: 14.6 MiB (the lines alone: 11.6 MiB); target under 50 MB, lines answered afterwards: met');
	expect(text).toContain('8192 (min 8192)');
	expect(summarisePartialLines('x', settings, [partialRun(578)]).met).toBe(false);
	// 47.7 MiB is 50 MB: at the edge, not under it.
	expect(summarisePartialLines('x', settings, [partialRun(50e6 / 1024 / 1024)]).met).toBe(false);
	expect(summarisePartialLines('x', settings, [partialRun(14, {answered: 999})]).met).toBe(false);
	expect(summarisePartialLines('x', settings, [partialRun(14, {complete: false, bytesSent: 4000})]).met).toBe(false);
	const closed = summarisePartialLines('x', settings, [partialRun(14, {closedWhileHolding: 3})]);
	expect(closed.met).toBe(false);
	expect(formatPartialLines(closed)).toContain('the server closed 3 connections holding a line');
});

function load(p50: number, p99: number, extra: Partial<LoadResult> = {}): LoadResult {
	return {
		workload: {name: 'room', clients: 100, senders: 100, rate: 1, duration: 10, warmup: 2, size: 0, workers: 1, batch: 200, drain: 5, mode: 'fast'},
		connected: 100,
		connectFailed: 0,
		connectMs: {median: 20, max: 40},
		sent: 1000,
		expected: 100_000,
		received: 100_000,
		lost: 0,
		strayed: 0,
		messagesPerSecond: 100,
		deliveriesPerSecond: 10_000,
		latencyMs: {p50, p90: p99 / 2, p99, max: p99 * 2, mean: p50},
		errors: {},
		dropped: 0,
		...extra,
	};
}

function flooded(p50: number, p99: number, drops: number, logged = drops): FloodedRun {
	return {
		load: load(p50, p99),
		flood: {flooders: 2, drops, dropMs: Array.from({length: drops}, (_, i) => 10 + i), closeMs: [], bytesWritten: 1e9, joinFailures: 0},
		serverFloodDrops: logged,
	};
}

test('control flood: medians alone and flooded, their ratio, and whether the server ended the flood', () => {
	const settings: ControlFloodSettings = {
		clients: 100,
		rate: 1,
		duration: 10,
		warmup: 2,
		drain: 5,
		runs: 3,
		flooders: 2,
		politeFlood: true,
		workers: 1,
		batch: 200,
		mode: 'fast',
	};
	const result = summariseControlFlood('dist/cli.js', settings, [load(2, 10), load(2.2, 11), load(1.8, 16)], [flooded(18, 96, 3), flooded(20, 228, 3), flooded(16, 92, 3)]);
	expect(result.aloneMs).toEqual({p50: 2, p99: 11});
	expect(result.floodedMs).toEqual({p50: 18, p99: 96});
	expect(result.ratio.p50).toBeCloseTo(9);
	expect(result.ratio.p99).toBeCloseTo(96 / 11);
	expect(result.dropMs).toEqual({median: 11, max: 12});
	expect(result.dropsPerSecond).toBeCloseTo(9 / 36);
	expect(result.met).toBe(true);
	const text = formatControlFlood(result);
	expect(text).toContain('room p50 2.00 ms alone, 18.0 ms flooded (×9.00); p99 11.0 ms alone, 96.0 ms flooded (×8.73) — medians of 3');
	expect(text).toContain('flood ended by the server, room intact: yes');
	expect(text).toContain('1 flooded');
	// A flood never dropped (0.1), or a room that lost messages, is not a flood stopped.
	expect(summariseControlFlood('x', settings, [load(2, 10)], [flooded(140, 300, 0)]).met).toBe(false);
	expect(summariseControlFlood('x', settings, [load(2, 10, {lost: 5})], [flooded(3, 12, 4)]).met).toBe(false);
	expect(summariseControlFlood('x', settings, [load(2, 10)], [flooded(3, 12, 4, 2)]).met).toBe(false);
});

test('the suite table has the idle-memory row of the built server', () => {
	const idle = STANDARD_CASES.find((c): c is IdleCase => c.kind === 'idle-memory')!;
	expect(idle.settings.clients).toBe(10_000);
	const result = summariseIdleMemory('dist/cli.js', {...idle.settings, runs: 3}, [idleRun(6), idleRun(6.4), idleRun(7)]);
	const table = formatSuite([{case: idle, result, met: result.met}], 3);
	expect(table).toContain('d) 10 000 idle clients (built server, default flags)');
	expect(table).toContain('6.4 KiB');
	expect(table).toContain('≤ 8 KiB server RSS per connection');
	expect(table.trimEnd().endsWith('met')).toBe(true);
});
