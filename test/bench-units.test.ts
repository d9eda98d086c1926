import {expect, test} from 'vitest';
import {bucketOf, bucketValue, HISTOGRAM_BUCKETS, LatencyHistogram} from '../source/bench/latency-histogram.js';
import {DeliveryScanner, readStamp, stampText} from '../source/bench/delivery-scanner.js';
import {parseCpuSeconds, parseStatusBytes} from '../source/bench/proc-stats.js';
import {resolveBenchOptions, type BenchOptions} from '../source/bench/bench-options.js';
import {formatTable} from '../source/bench/report.js';
import {summariseProfile} from '../source/bench/cpu-profile-summary.js';

test('histogram buckets are exact below 256 µs and within 1 % above', () => {
	for (let v = 0; v < 256; v++) expect(bucketValue(bucketOf(v))).toBe(v);
	for (const v of [256, 1000, 4095, 12_345, 999_999, 2 ** 30]) {
		const back = bucketValue(bucketOf(v));
		expect(Math.abs(back - v) / v).toBeLessThan(0.01);
	}
	expect(bucketOf(2 ** 40)).toBe(HISTOGRAM_BUCKETS - 1);
	expect(bucketOf(-5)).toBe(0);
});

test('histogram percentiles, merge and max', () => {
	const a = new LatencyHistogram();
	const b = new LatencyHistogram();
	for (let v = 1; v <= 500; v++) a.record(v);
	for (let v = 501; v <= 1000; v++) b.record(v);
	a.merge(b.snapshot());
	expect(a.total).toBe(1000);
	expect(a.max).toBe(1000);
	expect(Math.abs(a.percentile(0.5) - 500) / 500).toBeLessThan(0.01);
	expect(Math.abs(a.percentile(0.99) - 990) / 990).toBeLessThan(0.01);
	expect(a.percentile(1)).toBeLessThanOrEqual(1000);
	expect(new LatencyHistogram().percentile(0.99)).toBe(0);
});

test('stamps go into message texts and come back out', () => {
	expect(readStamp(stampText(123_456.7))).toBe(123_456);
	expect(stampText(5, 40)).toHaveLength(40);
	expect(readStamp('hello')).toBeUndefined();
});

function scanner() {
	const seen = {stamps: [] as number[], presence: 0, lines: [] as string[]};
	const s = new DeliveryScanner({
		stamp: micros => seen.stamps.push(micros),
		presence: () => seen.presence++,
		line: line => {
			seen.lines.push(line);
			if (line.includes('welcome')) s.fast = true;
		},
	});
	return {s, seen};
}

test('the scanner finds stamps across split reads, only after the welcome', () => {
	const {s, seen} = scanner();
	const msg = (n: number) => `{"type":"msg","seq":1,"ts":1,"from":"a","text":"${stampText(n)}"}\n`;
	const stream =
		`{"type":"welcome","history":[{"text":"${stampText(1)}"}]}\r\n` +
		msg(100) +
		'{"type":"join","seq":2,"ts":1,"name":"b"}\n' +
		msg(200) +
		'{"type":"ping"}\n' +
		msg(300);
	const bytes = Buffer.from(stream);
	// Every split point, including inside the marker and inside the digits.
	for (let cut = 1; cut < bytes.length; cut += 7) {
		const {s: one, seen: got} = scanner();
		one.push(bytes.subarray(0, cut));
		one.push(bytes.subarray(cut));
		expect(got.stamps).toEqual([100, 200, 300]);
		expect(got.presence).toBe(1);
		expect(got.lines).toEqual([`{"type":"welcome","history":[{"text":"${stampText(1)}"}]}`, '{"type":"ping"}']);
	}
	s.push(bytes);
	expect(seen.stamps).toEqual([100, 200, 300]);
});

test('/proc figures are read from stat and status text', () => {
	const stat = '1234 (node (x) y) S 1 1234 1234 0 -1 4194560 5000 0 0 0 250 75 0 0 20 0 11 0 100 1000000 5000';
	expect(parseCpuSeconds(stat)).toBeCloseTo(3.25);
	const status = 'Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n';
	expect(parseStatusBytes(status, 'VmHWM')).toBe(204800 * 1024);
	expect(parseStatusBytes(status, 'VmRSS')).toBe(102400 * 1024);
	expect(parseStatusBytes(status, 'VmSwap')).toBe(0);
});

const base: BenchOptions = {
	host: '127.0.0.1',
	port: 7777,
	clients: 100,
	rate: 1,
	duration: 10,
	warmup: 2,
	json: false,
	spawnServer: false,
	standard: false,
};

test('options: defaults, and mistakes as plain sentences', () => {
	const resolved = resolveBenchOptions(base);
	expect(resolved.senders).toBe(100);
	expect(resolved.workers).toBe(1);
	expect(resolved.mode).toBe('fast');
	expect(() => resolveBenchOptions({...base, clients: Number.NaN})).toThrow('--clients must be a number');
	expect(() => resolveBenchOptions({...base, senders: 200})).toThrow('--senders must be between 0 and 100');
	expect(() => resolveBenchOptions({...base, parse: 'slow'})).toThrow('--parse must be "fast" or "full"');
	expect(() => resolveBenchOptions({...base, cpuProf: '/tmp/x'})).toThrow('--cpu-prof needs --spawn-server');
});

test('tables pad their columns', () => {
	expect(formatTable(['name', 'n'], [['a', '1'], ['bbb', '22']])).toBe('name   n\n----  --\na      1\nbbb   22');
});

test('a CPU profile is summarised by self and total time, idle left out', () => {
	const frame = (functionName: string) => ({functionName, url: '', lineNumber: 0});
	const profile = {
		nodes: [
			{id: 1, callFrame: frame('(root)'), children: [2, 4]},
			{id: 2, callFrame: frame('outer'), children: [3]},
			{id: 3, callFrame: frame('inner')},
			{id: 4, callFrame: frame('(idle)')},
		],
		samples: [3, 3, 2, 4],
		timeDeltas: [1000, 1000, 2000, 5000],
	};
	const lines = summariseProfile(profile);
	const byName = Object.fromEntries(lines.map(l => [l.name, l]));
	expect(byName['inner']!.selfPercent).toBeCloseTo(50);
	expect(byName['outer']!.selfPercent).toBeCloseTo(50);
	expect(byName['outer']!.totalPercent).toBeCloseTo(100);
	expect(byName['(idle)']).toBeUndefined();
});
