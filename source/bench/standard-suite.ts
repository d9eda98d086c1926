import type {ReceiveMode} from './bench-client.js';
import type {LoadResult, Workload} from './load-run.js';
import {formatCount} from './progress-display.js';
import {formatBytes, formatMs, formatTable} from './report.js';

export type StandardCase = {
	id: string;
	title: string;
	workload: Omit<Workload, 'workers' | 'mode' | 'size' | 'drain'>;
	/** The target of issue 6, as a sentence and as a check of the median result. */
	target: string;
	met(result: LoadResult): boolean;
	/** Environment for this case's server, on top of the bench's own. */
	serverEnv?: Record<string, string>;
};

/**
 * glibc's malloc keeps what the join wave freed in its main heap, where long-lived socket
 * state pins the pages: a fixed, lower mmap threshold and a lower trim threshold give it back.
 * Measured in docs/performance.md ("Memory per idle connection"); deployments with big rooms
 * can set the same.
 */
export const MALLOC_TUNABLES = 'glibc.malloc.mmap_threshold=32768:glibc.malloc.trim_threshold=131072';

/** The workloads of `npm run bench`, with the targets each must meet. */
export const STANDARD_CASES: StandardCase[] = [
	{
		id: 'a',
		title: '100 clients × 1 msg/s',
		workload: {name: 'a', clients: 100, senders: 100, rate: 1, duration: 10, warmup: 2, batch: 200},
		target: 'p99 ≤ 5 ms',
		met: r => r.latencyMs.p99 <= 5,
	},
	{
		id: 'b',
		title: '1000 clients × 1 msg/s',
		workload: {name: 'b', clients: 1000, senders: 1000, rate: 1, duration: 10, warmup: 2, batch: 200},
		target: '1 M deliveries/s, no loss, p99 ≤ 50 ms',
		met: r => r.lost === 0 && r.latencyMs.p99 <= 50 && r.deliveriesPerSecond >= 0.95e6,
	},
	{
		id: 'c',
		title: '500 clients, 50 × 100 msg/s',
		workload: {name: 'c', clients: 500, senders: 50, rate: 100, duration: 10, warmup: 2, batch: 200},
		target: '≥ 5000 msg/s, no loss, p99 < 100 ms',
		met: r => r.lost === 0 && r.latencyMs.p99 < 100 && r.messagesPerSecond >= 5000 * 0.99,
	},
	{
		id: 'd',
		title: '10 000 idle clients (tuned malloc)',
		// Held 20 s before memory is read: the join wave's garbage takes that long to go back to the system.
		workload: {name: 'd', clients: 10_000, senders: 0, rate: 1, duration: 20, warmup: 0, batch: 250},
		target: '≤ 8 KB server memory per connection',
		met: r => r.connected === r.workload.clients && (r.server?.bytesPerConnection ?? Number.POSITIVE_INFINITY) <= 8192,
		serverEnv: {GLIBC_TUNABLES: MALLOC_TUNABLES},
	},
];

export function caseWorkload(c: StandardCase, workers: number, mode: ReceiveMode, drain: number): Workload {
	return {...c.workload, workers, mode, size: 0, drain};
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	if (sorted.length === 0) return 0;
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
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

export type CaseOutcome = {case: StandardCase; runs: LoadResult[]; median: LoadResult; met: boolean};

export function formatSuite(outcomes: CaseOutcome[], runs: number): string {
	const header = ['workload', 'msg/s', 'deliveries/s', 'lost', 'p50', 'p99', 'max', 'join p50', 'server CPU', 'peak mem', 'per conn', 'target', ''];
	const rows = outcomes.map(({case: c, median: r, met}) => {
		const idle = r.workload.senders === 0;
		return [
			`${c.id}) ${c.title}`,
			idle ? '-' : formatCount(r.messagesPerSecond),
			idle ? '-' : formatCount(r.deliveriesPerSecond),
			idle ? '-' : String(r.lost),
			idle ? '-' : formatMs(r.latencyMs.p50),
			idle ? '-' : formatMs(r.latencyMs.p99),
			idle ? '-' : formatMs(r.latencyMs.max),
			formatMs(r.connectMs.median),
			r.server ? `${Math.round(r.server.cpuPercent)} %` : '-',
			r.server ? formatBytes(r.server.peakRssBytes) : '-',
			r.server?.bytesPerConnection !== undefined ? formatBytes(r.server.bytesPerConnection) : '-',
			c.target,
			met ? 'met' : 'MISSED',
		];
	});
	return `Medians of ${runs} run${runs === 1 ? '' : 's'} each.\n\n${formatTable(header, rows)}`;
}
