import type {LoadResult} from './load-run.js';
import {formatCount} from './progress-display.js';

export function formatMs(ms: number): string {
	if (ms >= 100) return `${Math.round(ms)} ms`;
	if (ms >= 10) return `${ms.toFixed(1)} ms`;
	return `${ms.toFixed(2)} ms`;
}

export function formatBytes(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
	if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
	return `${Math.round(bytes)} B`;
}

export function describeWorkload(r: LoadResult): string {
	const w = r.workload;
	if (w.senders === 0) return `${w.clients} idle clients, held ${w.duration} s`;
	const rooms = w.rooms ? ` in ${w.rooms} rooms, each saying in its own` : '';
	return `${w.clients} clients, ${w.senders} senders × ${w.rate} msg/s${rooms}, ${w.duration} s measured after ${w.warmup} s warm-up`;
}

/** The report of one run, as a person reads it. */
export function formatResult(r: LoadResult): string {
	const lines: Array<[string, string]> = [
		['workload', describeWorkload(r)],
		[
			'connected',
			`${r.connected} of ${r.workload.clients} (join time median ${formatMs(r.connectMs.median)}, max ${formatMs(r.connectMs.max)})` +
				(r.connectError ? ` — ${r.connectFailed} failed: ${r.connectError}` : ''),
		],
	];
	if (r.workload.senders > 0) {
		lines.push(['sent', `${r.sent} messages measured (${formatCount(r.messagesPerSecond)} msg/s)`]);
		lines.push([
			'deliveries',
			`${r.received} of ${r.expected} (${formatCount(r.deliveriesPerSecond)}/s), lost ${r.lost}` +
				(r.expected > 0 ? ` (${((100 * r.lost) / r.expected).toFixed(3)} %)` : '') +
				(r.workload.rooms || r.strayed > 0 ? `; ${r.strayed} outside their room` : ''),
		]);
		const l = r.latencyMs;
		lines.push(['latency', `p50 ${formatMs(l.p50)}  p90 ${formatMs(l.p90)}  p99 ${formatMs(l.p99)}  max ${formatMs(l.max)}`]);
	}
	if (r.server) {
		const s = r.server;
		lines.push([
			'server',
			`CPU ${s.cpuSeconds.toFixed(2)} s while measuring (${Math.round(s.cpuPercent)} % of a core), ${s.totalCpuSeconds.toFixed(2)} s in all; ` +
				`memory ${formatBytes(s.rssBytes)}, peak ${formatBytes(s.peakRssBytes)}`,
		]);
		if (s.bytesPerConnection !== undefined && r.workload.senders === 0) {
			lines.push([
				'per client',
				`${formatBytes(s.bytesPerConnection)} of server memory per connection (RSS after GC, ${formatBytes(s.idleBaseline!.rss)} → ${formatBytes(s.withClients!.rss)}); ` +
					`${formatBytes(s.liveBytesPerConnection ?? 0)} of it live JavaScript objects`,
			]);
		}
	}
	if (r.generatorCpuPercent !== undefined && r.workload.senders > 0) {
		lines.push(['generator', `clients used ${Math.round(r.generatorCpuPercent)} % of a core while measuring`]);
	}
	const errors = Object.entries(r.errors);
	if (errors.length > 0) lines.push(['errors', errors.map(([code, n]) => `${code} ${n}`).join(', ')]);
	if (r.dropped > 0) lines.push(['dropped', `${r.dropped} clients were disconnected by the server`]);
	return lines.map(([key, value]) => `  ${key.padEnd(11)} ${value}`).join('\n');
}

/** A plain table, columns padded to their widest cell. */
export function formatTable(header: string[], rows: string[][]): string {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map(row => (row[i] ?? '').length)));
	const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
	return [line(header), widths.map(w => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
