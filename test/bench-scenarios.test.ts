import {execFile} from 'node:child_process';
import path from 'node:path';
import {expect, test} from 'vitest';
import type {ControlFloodResult} from '../source/bench/control-flood.js';
import type {IdleMemoryResult} from '../source/bench/idle-memory.js';
import type {PartialLinesResult} from '../source/bench/partial-lines.js';

/**
 * The scenarios end to end, small: `tcpchat bench --scenario …` of the built binary, which
 * starts the built server with its default flags and its clients in a process of their own.
 * Figures are checked for what they say (who joined, what was answered, what was dropped),
 * never for how fast or how big: that belongs to the bench itself. Needs `npm run build`.
 */
const cli = path.resolve(import.meta.dirname, '..', 'dist', 'cli.js');
const linux = process.platform === 'linux';

function bench(args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		execFile(process.execPath, [cli, 'bench', ...args], {maxBuffer: 16 * 1024 * 1024}, (error, stdout, stderr) =>
			resolve({code: error ? Number(error.code ?? 1) : 0, stdout, stderr}),
		);
	});
}

test.runIf(linux)('idle-memory: 50 clients join the built server from 50 addresses; RSS before and after', {timeout: 90_000}, async () => {
	const {code, stdout} = await bench(['--scenario', 'idle-memory', '--clients', '50', '--runs', '1', '--duration', '0.5', '--json']);
	expect(code).toBe(0);
	const result = JSON.parse(stdout) as IdleMemoryResult;
	expect(result.server).toBe(cli);
	expect(result.runs).toHaveLength(1);
	const run = result.runs[0]!;
	expect(run.connected).toBe(50);
	expect(run.baselineRssBytes).toBeGreaterThan(0);
	expect(run.rssBytes).toBeGreaterThan(0);
	expect(run.peakRssBytes).toBeGreaterThanOrEqual(run.rssBytes);
	expect(result.bytesPerConnection).toBe((run.rssBytes - run.baselineRssBytes) / 50);
});

test.runIf(linux)('partial-lines: held lines a byte per segment, then finished and answered', {timeout: 90_000}, async () => {
	const {code, stdout} = await bench(['--scenario', 'partial-lines', '--clients', '20', '--size', '300', '--json']);
	expect(code).toBe(0);
	const result = JSON.parse(stdout) as PartialLinesResult;
	const run = result.runs[0]!;
	expect(run.joined).toBe(20);
	expect(run.complete).toBe(true);
	expect(run.bytesSent).toBe(300);
	expect(run.closedWhileHolding).toBe(0);
	expect(run.answered).toBe(20);
	// The kernel's own count, when ss is there: a segment per byte at least (and the nickname's).
	if (run.segmentsIn) expect(run.segmentsIn.min).toBeGreaterThan(300);
	expect(run.riseBytes).toBe(run.heldRssBytes - run.baselineRssBytes);
});

test.runIf(linux)('control-flood: the server drops the flooders as flood and the room loses nothing', {timeout: 90_000}, async () => {
	const {code, stdout} = await bench([
		'--scenario',
		'control-flood',
		'--clients',
		'5',
		'--duration',
		'1',
		'--warmup',
		'0.5',
		'--drain',
		'10',
		'--runs',
		'1',
		'--polite-flood',
		'--json',
	]);
	expect(code).toBe(0);
	const result = JSON.parse(stdout) as ControlFloodResult;
	expect(result.alone).toHaveLength(1);
	const run = result.flooded[0]!;
	expect(run.flood.drops).toBeGreaterThan(0);
	// Every drop the flooders saw is one the server logged as flood.
	expect(run.serverFloodDrops).toBeGreaterThanOrEqual(run.flood.drops);
	for (const load of [result.alone[0]!, run.load]) {
		expect(load.connected).toBe(5);
		expect(load.lost).toBe(0);
		expect(load.dropped).toBe(0);
	}
	expect(result.met).toBe(true);
});

test('a scenario with a flag it cannot use is a sentence, exit code 2', async () => {
	const {code, stderr} = await bench(['--scenario', 'idle-memory', '--spawn-server']);
	expect(code).toBe(2);
	expect(stderr).toContain('--scenario starts the built server itself; it does not go with --spawn-server');
	expect(stderr).not.toMatch(/\n\s+at /);
});
