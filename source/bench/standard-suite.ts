import type {ReceiveMode} from './bench-client.js';
import type {IdleMemoryResult, IdleMemorySettings} from './idle-memory.js';
import type {LoadResult, Workload} from './load-run.js';
import {formatCount} from './progress-display.js';
import {formatBytes, formatMs, formatTable} from './report.js';
import {median} from './stats.js';

/** A throughput workload, run against the bench's own server with its limits opened up. */
export type LoadCase = {
	kind: 'load';
	id: string;
	title: string;
	workload: Omit<Workload, 'workers' | 'mode' | 'size' | 'drain'>;
	/** The target of issue 6, as a sentence and as a check of the median result. */
	target: string;
	met(result: LoadResult): boolean;
};

/** Idle memory as a user meets it: the built server with its default flags (the idle-memory scenario). */
export type IdleCase = {kind: 'idle-memory'; id: string; title: string; settings: Omit<IdleMemorySettings, 'runs'>; target: string};

export type StandardCase = LoadCase | IdleCase;

/** The workloads of `npm run bench`, with the targets each must meet. */
export const STANDARD_CASES: StandardCase[] = [
	{
		kind: 'load',
		id: 'a',
		title: '100 clients × 1 msg/s',
		workload: {name: 'a', clients: 100, senders: 100, rate: 1, duration: 10, warmup: 2, batch: 200},
		target: 'p99 ≤ 5 ms',
		met: r => r.latencyMs.p99 <= 5,
	},
	{
		kind: 'load',
		id: 'b',
		title: '1000 clients × 1 msg/s',
		workload: {name: 'b', clients: 1000, senders: 1000, rate: 1, duration: 10, warmup: 2, batch: 200},
		target: '1 M deliveries/s, no loss, p99 ≤ 50 ms',
		met: r => r.lost === 0 && r.latencyMs.p99 <= 50 && r.deliveriesPerSecond >= 0.95e6,
	},
	{
		kind: 'load',
		id: 'c',
		title: '500 clients, 50 × 100 msg/s',
		workload: {name: 'c', clients: 500, senders: 50, rate: 100, duration: 10, warmup: 2, batch: 200},
		target: '≥ 5000 msg/s, no loss, p99 < 100 ms',
		met: r => r.lost === 0 && r.latencyMs.p99 < 100 && r.messagesPerSecond >= 5000 * 0.99,
	},
	{
		kind: 'idle-memory',
		id: 'd',
		title: '10 000 idle clients (built server, default flags)',
		settings: {clients: 10_000, holdSeconds: 5, batch: 200},
		target: '≤ 8 KiB server RSS per connection',
	},
	{
		kind: 'load',
		id: 'e',
		title: '100 rooms × 20 clients × 1 msg/s',
		workload: {name: 'e', clients: 2000, senders: 2000, rate: 1, rooms: 100, duration: 10, warmup: 2, batch: 200},
		// Issue 11 asks for p50/p99 and server CPU here, with no figure to meet; what must hold is that rooms hold.
		target: 'no loss, every delivery in its room',
		met: r => r.lost === 0 && r.strayed === 0 && r.messagesPerSecond >= 2000 * 0.99,
	},
];

export function caseWorkload(c: LoadCase, workers: number, mode: ReceiveMode, drain: number): Workload {
	return {...c.workload, workers, mode, size: 0, drain};
}

/** Every figure of several runs replaced by its median (each figure on its own). */
export function medianResult(runs: LoadResult[]): LoadResult {
	const first = runs[0]!;
	const m = (pick: (r: LoadResult) => number) => median(runs.map(pick));
	const result: LoadResult = {
		...first,
		connected: m(r => r.connected),
		connectFailed: m(r => r.connectFailed),
		connectMs: {median: m(r => r.connectMs.median), max: m(r => r.connectMs.max)},
		sent: m(r => r.sent),
		expected: m(r => r.expected),
		received: m(r => r.received),
		lost: m(r => r.lost),
		strayed: m(r => r.strayed),
		messagesPerSecond: m(r => r.messagesPerSecond),
		deliveriesPerSecond: m(r => r.deliveriesPerSecond),
		latencyMs: {
			p50: m(r => r.latencyMs.p50),
			p90: m(r => r.latencyMs.p90),
			p99: m(r => r.latencyMs.p99),
			max: m(r => r.latencyMs.max),
			mean: m(r => r.latencyMs.mean),
		},
		dropped: m(r => r.dropped),
	};
	const servers = runs.map(r => r.server).filter(s => s !== undefined);
	if (servers.length === runs.length && first.server) {
		const s = (pick: (r: NonNullable<LoadResult['server']>) => number) => median(servers.map(pick));
		result.server = {
			...first.server,
			cpuSeconds: s(x => x.cpuSeconds),
			cpuPercent: s(x => x.cpuPercent),
			totalCpuSeconds: s(x => x.totalCpuSeconds),
			peakRssBytes: s(x => x.peakRssBytes),
			rssBytes: s(x => x.rssBytes),
		};
		if (servers.every(x => x.bytesPerConnection !== undefined)) result.server.bytesPerConnection = s(x => x.bytesPerConnection!);
		if (servers.every(x => x.liveBytesPerConnection !== undefined)) result.server.liveBytesPerConnection = s(x => x.liveBytesPerConnection!);
	}
	return result;
}

export type CaseOutcome =
	| {case: LoadCase; runs: LoadResult[]; median: LoadResult; met: boolean}
	| {case: IdleCase; result: IdleMemoryResult; met: boolean};

function loadCells(r: LoadResult): string[] {
	return [
		formatCount(r.messagesPerSecond),
		formatCount(r.deliveriesPerSecond),
		String(r.lost),
		formatMs(r.latencyMs.p50),
		formatMs(r.latencyMs.p99),
		formatMs(r.latencyMs.max),
		formatMs(r.connectMs.median),
		r.server ? `${Math.round(r.server.cpuPercent)} %` : '-',
		r.server ? formatBytes(r.server.peakRssBytes) : '-',
		'-',
	];
}

function idleCells(result: IdleMemoryResult): string[] {
	return [
		...Array<string>(6).fill('-'),
		formatMs(median(result.runs.map(r => r.joinMs.median))),
		'-',
		formatBytes(median(result.runs.map(r => r.peakRssBytes))),
		formatBytes(result.bytesPerConnection),
	];
}

export function formatSuite(outcomes: CaseOutcome[], runs: number): string {
	const header = ['workload', 'msg/s', 'deliveries/s', 'lost', 'p50', 'p99', 'max', 'join p50', 'server CPU', 'peak mem', 'per conn', 'target', ''];
	const rows = outcomes.map(o => [
		`${o.case.id}) ${o.case.title}`,
		...('result' in o ? idleCells(o.result) : loadCells(o.median)),
		o.case.target,
		o.met ? 'met' : 'MISSED',
	]);
	return (
		`Medians of ${runs} run${runs === 1 ? '' : 's'} each; a)–c) and e) on the bench's server with its limits opened up, ` +
		`d) on the built binary with its default flags.\n\n${formatTable(header, rows)}`
	);
}
