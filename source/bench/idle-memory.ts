import {randomBytes} from 'node:crypto';
import {BinaryServer} from './binary-server.js';
import type {GroupHandle} from './group-handle.js';
import {LOCAL_NETWORKS, localAddresses} from './local-address.js';
import {formatBytes, formatMs, formatTable} from './report.js';
import type {ServerBuild} from './server-build.js';
import {median, sleep} from './stats.js';
import {LocalGroup, WorkerGroup, workerScript} from './worker-group.js';

/** Issue 9's target: what an idle, joined connection may cost the server. */
export const IDLE_TARGET_BYTES = 8 * 1024;
/** A fresh server's RSS still moves for a moment after it starts listening (module loading, first collections). */
const BASELINE_WAIT_MS = 1000;

export type IdleMemorySettings = {
	clients: number;
	/** Seconds from the last welcome to the RSS reading. */
	holdSeconds: number;
	batch: number;
	runs: number;
};

export type IdleMemoryRun = {
	clients: number;
	connected: number;
	failed: number;
	firstError?: string;
	/** connect() → welcome per client, and the whole wave from the first connect to the last welcome. */
	joinMs: {median: number; max: number};
	waveSeconds: number;
	baselineRssBytes: number;
	rssBytes: number;
	peakRssBytes: number;
	bytesPerConnection: number;
};

export type IdleMemoryResult = {
	scenario: 'idle-memory';
	server: string;
	settings: IdleMemorySettings;
	runs: IdleMemoryRun[];
	/** The median run's figure, and the spread. */
	bytesPerConnection: number;
	range: {min: number; max: number};
	targetBytes: number;
	met: boolean;
};

/** Several runs summed up: the median per connection against the target; any run short of clients misses it. */
export function summariseIdleMemory(server: string, settings: IdleMemorySettings, runs: IdleMemoryRun[]): IdleMemoryResult {
	const perConnection = runs.map(r => r.bytesPerConnection);
	const value = median(perConnection);
	return {
		scenario: 'idle-memory',
		server,
		settings,
		runs,
		bytesPerConnection: value,
		range: {min: Math.min(...perConnection), max: Math.max(...perConnection)},
		targetBytes: IDLE_TARGET_BYTES,
		met: runs.length > 0 && runs.every(r => r.connected === r.clients) && value <= IDLE_TARGET_BYTES,
	};
}

export function formatIdleMemory(result: IdleMemoryResult): string {
	const s = result.settings;
	const rows = result.runs.map((r, i) => [
		String(i + 1),
		`${r.connected}/${r.clients}`,
		formatBytes(r.baselineRssBytes),
		formatBytes(r.rssBytes),
		formatBytes(r.peakRssBytes),
		formatMs(r.joinMs.median),
		`${r.waveSeconds.toFixed(1)} s`,
		formatBytes(r.bytesPerConnection),
	]);
	const failures = result.runs.filter(r => r.firstError).map((r, i) => `  run ${i + 1}: ${r.clients - r.connected} could not join: ${r.firstError}`);
	return [
		`idle-memory: ${s.clients} clients join ${result.server} (default flags, --port 0), each from its own address;`,
		`RSS read before the first client and ${s.holdSeconds} s after the last welcome.`,
		'',
		formatTable(['run', 'joined', 'RSS before', `RSS +${s.holdSeconds} s`, 'peak', 'join p50', 'wave', 'per connection'], rows),
		...failures,
		'',
		`per idle connection: ${formatBytes(result.bytesPerConnection)} (median of ${result.runs.length}; runs ${formatBytes(result.range.min)}–${formatBytes(result.range.max)}); ` +
			`target ≤ ${formatBytes(result.targetBytes)}: ${result.met ? 'met' : 'MISSED'}`,
	].join('\n');
}

/** One run: a fresh server, its baseline, the join wave from another process, the hold, the reading. */
async function idleRun(build: ServerBuild, settings: IdleMemorySettings, show: (line: string) => void, label: string): Promise<IdleMemoryRun> {
	const server = await BinaryServer.start(build);
	const script = workerScript();
	const group: GroupHandle = script ? new WorkerGroup(script) : new LocalGroup();
	try {
		await sleep(BASELINE_WAIT_MS);
		const baselineRssBytes = server.rss();
		const started = performance.now();
		const prefix = `i${randomBytes(2).toString('hex')}`;
		const ticker = setInterval(() => {
			void group.progress().then(
				p => show(`${label}  joining  ${p.connected}/${settings.clients} clients  server ${formatBytes(server.rss())}`),
				() => undefined,
			);
		}, 500);
		let connect;
		try {
			connect = await group.connect({
				host: '127.0.0.1',
				port: server.port,
				names: Array.from({length: settings.clients}, (_, i) => `${prefix}${i}`),
				localAddresses: localAddresses(LOCAL_NETWORKS.room, settings.clients),
				batch: settings.batch,
				mode: 'idle',
				timeoutMs: 60_000,
			});
		} finally {
			clearInterval(ticker);
		}
		const waveSeconds = (performance.now() - started) / 1000;
		if (connect.connected === 0) throw new Error(connect.firstError ?? 'no client could join');
		show(`${label}  holding  ${connect.connected} clients for ${settings.holdSeconds} s`);
		await sleep(settings.holdSeconds * 1000);
		const stats = server.stats();
		if (!stats) throw new Error('the server is gone');
		const sorted = [...connect.connectMicros].sort((a, b) => a - b);
		return {
			clients: settings.clients,
			connected: connect.connected,
			failed: connect.failed,
			...(connect.firstError === undefined ? {} : {firstError: connect.firstError}),
			joinMs: {median: median(sorted) / 1000, max: (sorted.at(-1) ?? 0) / 1000},
			waveSeconds,
			baselineRssBytes,
			rssBytes: stats.rssBytes,
			peakRssBytes: stats.peakRssBytes,
			bytesPerConnection: (stats.rssBytes - baselineRssBytes) / connect.connected,
		};
	} finally {
		await group.close().catch(() => undefined);
		await server.stop();
	}
}

/** `--scenario idle-memory`: `settings.runs` runs, each on a fresh server, summed up by the median. */
export async function runIdleMemory(
	build: ServerBuild,
	settings: IdleMemorySettings,
	show: (line: string) => void,
	report: (line: string) => void = () => undefined,
): Promise<IdleMemoryResult> {
	const runs: IdleMemoryRun[] = [];
	for (let i = 1; i <= settings.runs; i++) {
		const run = await idleRun(build, settings, show, `idle-memory run ${i}/${settings.runs}`);
		runs.push(run);
		report(`idle-memory run ${i}/${settings.runs}: ${formatBytes(run.bytesPerConnection)} per connection (${run.connected} joined)`);
	}
	return summariseIdleMemory(build.cli, settings, runs);
}
