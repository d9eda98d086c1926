/** The pure parts of `npm run bench:irc` (irc-compare.ts): its workloads, the turns servers take, the table. */
import type {IrcServerName} from './irc-servers.js';
import type {LoadResult} from './load-run.js';
import {formatCount} from './progress-display.js';
import {formatBytes, formatMs, formatTable} from './report.js';

export type IrcWorkload = {id: string; title: string; clients: number; senders: number; rate: number};

/** The workloads of issue 13: every client in #bench. */
export const IRC_WORKLOADS: IrcWorkload[] = [
	{id: '1', title: '100 clients × 1 msg/s', clients: 100, senders: 100, rate: 1},
	{id: '2', title: '2000 clients, 200 × 5 msg/s', clients: 2000, senders: 200, rate: 5},
	{id: '3', title: '500 clients × 10 msg/s', clients: 500, senders: 500, rate: 10},
];

export type CompareRun = {server: IrcServerName; workload: string; run: number; loadBefore: number[]; loadAfter: number[]; result: LoadResult};

/** Clients connecting at once, as `npm run bench` has it. */
export const CONNECT_BATCH = 200;

/**
 * ngIRCd listens with a backlog of 10 (`listen(sock, 10)`, compiled in): 200 connects at once
 * overflow it, the kernel drops the SYNs past it and the clients retry after 1, 3, 7, 15 s…,
 * so that 2000 clients take minutes to join. It is connected 10 at a time; the ramp is not
 * measured, only what follows it.
 */
export function connectBatch(server: IrcServerName): number {
	return server === 'ngircd' ? 10 : CONNECT_BATCH;
}

/** Server order for round `run` (from 1): turned by one each round. */
export function roundOrder<T>(servers: readonly T[], run: number): T[] {
	const shift = (run - 1) % Math.max(1, servers.length);
	return [...servers.slice(shift), ...servers.slice(0, shift)];
}

export function formatComparison(rows: Array<{workload: IrcWorkload; server: IrcServerName; median: LoadResult}>, runs: number): string {
	const header = ['workload', 'server', 'msg/s', 'deliveries/s', 'lost', 'p50', 'p99', 'max', 'server CPU', 'peak mem', 'dropped'];
	const body = rows.map(({workload, server, median: r}) => [
		`${workload.id}) ${workload.title}`,
		server,
		formatCount(r.messagesPerSecond),
		formatCount(r.deliveriesPerSecond),
		String(r.lost),
		formatMs(r.latencyMs.p50),
		formatMs(r.latencyMs.p99),
		formatMs(r.latencyMs.max),
		r.server ? `${Math.round(r.server.cpuPercent)} %` : '-',
		r.server ? formatBytes(r.server.peakRssBytes) : '-',
		String(r.dropped),
	]);
	return `Medians of ${runs} run${runs === 1 ? '' : 's'} each (every figure on its own), IRC clients, fresh servers every run.\n\n${formatTable(header, body)}`;
}
