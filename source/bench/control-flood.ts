import {randomBytes} from 'node:crypto';
import type {ReceiveMode} from './bench-client.js';
import {BinaryServer} from './binary-server.js';
import type {FloodKind, FloodReport} from './flood-clients.js';
import {LOCAL_NETWORKS} from './local-address.js';
import {runLoad, type LoadResult, type Workload} from './load-run.js';
import {formatProgress} from './progress-display.js';
import {formatMs, formatTable} from './report.js';
import {startScenarioClients} from './scenario-clients.js';
import type {ServerBuild} from './server-build.js';
import {median} from './stats.js';

export type ControlFloodSettings = {
	clients: number;
	rate: number;
	duration: number;
	warmup: number;
	drain: number;
	runs: number;
	flooders: number;
	/** Flooders stop at the server's FIN, instead of flooding on until it closes the connection. */
	politeFlood: boolean;
	workers: number;
	batch: number;
	mode: ReceiveMode;
};

export type FloodedRun = {
	load: LoadResult;
	flood: FloodReport;
	/** Connections the server's own log says it dropped as `flood`. */
	serverFloodDrops: number;
};

export type Percentiles = {p50: number; p99: number};

export type ControlFloodResult = {
	scenario: 'control-flood';
	server: string;
	settings: ControlFloodSettings;
	alone: LoadResult[];
	flooded: FloodedRun[];
	/** Medians over the runs, in ms, and flooded / alone. */
	aloneMs: Percentiles;
	floodedMs: Percentiles;
	ratio: Percentiles;
	/** Every flood drop of every run: how long a flooding connection lasted until the server's FIN, ms. */
	dropMs: {median: number; max: number};
	/** From the FIN until the server closed the connection for good, for flooders that go on (ms). */
	closeMs: {median: number; max: number} | undefined;
	dropsPerSecond: number;
	/** The flood was ended by the server (as `flood`), and the room lost no message and no member. */
	met: boolean;
};

/** The flooders' kinds: pongs and blank lines by turns. */
export function floodKinds(count: number): FloodKind[] {
	return Array.from({length: count}, (_, i) => (i % 2 === 0 ? 'pong' : 'blank'));
}

export function roomWorkload(settings: ControlFloodSettings): Workload {
	return {
		name: 'control-flood room',
		clients: settings.clients,
		senders: settings.clients,
		rate: settings.rate,
		duration: settings.duration,
		warmup: settings.warmup,
		size: 0,
		workers: settings.workers,
		batch: settings.batch,
		drain: settings.drain,
		mode: settings.mode,
		localNetwork: LOCAL_NETWORKS.room,
	};
}

export function summariseControlFlood(server: string, settings: ControlFloodSettings, alone: LoadResult[], flooded: FloodedRun[]): ControlFloodResult {
	const pick = (runs: LoadResult[]): Percentiles => ({p50: median(runs.map(r => r.latencyMs.p50)), p99: median(runs.map(r => r.latencyMs.p99))});
	const aloneMs = pick(alone);
	const floodedMs = pick(flooded.map(f => f.load));
	const drops = flooded.flatMap(f => f.flood.dropMs);
	const closes = flooded.flatMap(f => f.flood.closeMs);
	const measured = flooded.reduce((seconds, f) => seconds + f.load.workload.duration + f.load.workload.warmup, 0);
	const intact = (r: LoadResult) => r.lost === 0 && r.dropped === 0 && r.connected === r.workload.clients;
	return {
		scenario: 'control-flood',
		server,
		settings,
		alone,
		flooded,
		aloneMs,
		floodedMs,
		ratio: {p50: aloneMs.p50 > 0 ? floodedMs.p50 / aloneMs.p50 : 0, p99: aloneMs.p99 > 0 ? floodedMs.p99 / aloneMs.p99 : 0},
		dropMs: {median: median(drops), max: drops.length > 0 ? Math.max(...drops) : 0},
		closeMs: closes.length > 0 ? {median: median(closes), max: Math.max(...closes)} : undefined,
		dropsPerSecond: measured > 0 ? drops.length / measured : 0,
		met:
			flooded.length > 0 &&
			flooded.every(f => f.flood.drops > 0 && f.serverFloodDrops >= f.flood.drops) &&
			[...alone, ...flooded.map(f => f.load)].every(intact),
	};
}

export function formatControlFlood(result: ControlFloodResult): string {
	const s = result.settings;
	const row = (label: string, r: LoadResult, f?: FloodedRun) => [
		label,
		`${r.connected}/${r.workload.clients}`,
		String(r.lost),
		String(r.dropped),
		formatMs(r.latencyMs.p50),
		formatMs(r.latencyMs.p99),
		formatMs(r.latencyMs.max),
		r.server ? `${Math.round(r.server.cpuPercent)} %` : '-',
		f ? `${f.flood.drops} / ${f.serverFloodDrops}` : '-',
		f && f.flood.dropMs.length > 0 ? formatMs(median(f.flood.dropMs)) : '-',
		f ? `${(f.flood.bytesWritten / 1e6).toFixed(0)} MB` : '-',
	];
	const rows: string[][] = [];
	for (let i = 0; i < Math.max(result.alone.length, result.flooded.length); i++) {
		const a = result.alone[i];
		const f = result.flooded[i];
		if (a) rows.push(row(`${i + 1} alone`, a));
		if (f) rows.push(row(`${i + 1} flooded`, f.load, f));
	}
	const failures = result.flooded.filter(f => f.flood.firstError).map(f => `  flooders: ${f.flood.joinFailures} joins failed: ${f.flood.firstError}`);
	return [
		`control-flood: a room of ${s.clients} clients × ${s.rate} msg/s on ${result.server} (default flags, --port 0),`,
		`${s.duration} s measured after ${s.warmup} s, alone and with ${s.flooders} flooder${s.flooders === 1 ? '' : 's'} (${floodKinds(s.flooders).join(', ')}) joining again whenever dropped`,
		s.politeFlood
			? 'and stopping at the FIN of a dropped connection.'
			: 'while the dropped connection floods on until the server closes it (as an attacker would; --polite-flood: stop at the FIN).',
		'',
		formatTable(['run', 'room', 'lost', 'dropped', 'p50', 'p99', 'max', 'server CPU', 'floods dropped (seen / logged)', 'flood lasted', 'flood sent'], rows),
		...failures,
		'',
		`room p50 ${formatMs(result.aloneMs.p50)} alone, ${formatMs(result.floodedMs.p50)} flooded (×${result.ratio.p50.toFixed(2)}); ` +
			`p99 ${formatMs(result.aloneMs.p99)} alone, ${formatMs(result.floodedMs.p99)} flooded (×${result.ratio.p99.toFixed(2)}) — medians of ${result.alone.length}`,
		`a flooding connection lasted ${formatMs(result.dropMs.median)} (median; max ${formatMs(result.dropMs.max)}) before the server dropped it as flood, ` +
			`${result.dropsPerSecond.toFixed(1)} drops/s` +
			(result.closeMs ? `; flooding on, a dropped connection was closed ${formatMs(result.closeMs.median)} after its FIN (median; max ${formatMs(result.closeMs.max)})` : '') +
			`; flood ended by the server, room intact: ${result.met ? 'yes' : 'NO'}`,
	].join('\n');
}

async function roomRun(
	build: ServerBuild,
	settings: ControlFloodSettings,
	flood: boolean,
	show: (line: string) => void,
	label: string,
): Promise<{load: LoadResult; flood?: FloodReport; serverFloodDrops: number}> {
	const server = await BinaryServer.start(build);
	const clients = flood ? startScenarioClients() : undefined;
	let report: FloodReport | undefined;
	let load: LoadResult;
	try {
		const beside = clients && {
			start: () =>
				clients.floodStart({
					host: '127.0.0.1',
					port: server.port,
					kinds: floodKinds(settings.flooders),
					network: LOCAL_NETWORKS.flood,
					namePrefix: `f${randomBytes(2).toString('hex')}x`,
					timeoutMs: 30_000,
					keepAfterDrop: !settings.politeFlood,
				}),
			stop: async () => {
				report = await clients.floodStop();
			},
		};
		load = await runLoad({host: '127.0.0.1', port: server.port, pid: server.pid}, roomWorkload(settings), p => show(formatProgress(label, p)), beside);
	} finally {
		await clients?.close().catch(() => undefined);
		await server.stop();
	}
	// Read once the server has exited and its whole log is in.
	return {load, ...(report ? {flood: report} : {}), serverFloodDrops: server.floodDrops};
}

/** `--scenario control-flood`: alone and flooded runs by turns, each on a fresh server. */
export async function runControlFlood(
	build: ServerBuild,
	settings: ControlFloodSettings,
	show: (line: string) => void,
	report: (line: string) => void = () => undefined,
): Promise<ControlFloodResult> {
	const alone: LoadResult[] = [];
	const flooded: FloodedRun[] = [];
	for (let i = 1; i <= settings.runs; i++) {
		const quiet = await roomRun(build, settings, false, show, `control-flood run ${i}/${settings.runs} alone`);
		alone.push(quiet.load);
		report(`control-flood run ${i}/${settings.runs} alone: p50 ${formatMs(quiet.load.latencyMs.p50)}, p99 ${formatMs(quiet.load.latencyMs.p99)}`);
		const loud = await roomRun(build, settings, true, show, `control-flood run ${i}/${settings.runs} flooded`);
		if (!loud.flood) throw new Error('the flooders did not report');
		flooded.push({load: loud.load, flood: loud.flood, serverFloodDrops: loud.serverFloodDrops});
		report(
			`control-flood run ${i}/${settings.runs} flooded: p50 ${formatMs(loud.load.latencyMs.p50)}, p99 ${formatMs(loud.load.latencyMs.p99)}, ` +
				`${loud.flood.drops} flood connections dropped`,
		);
	}
	return summariseControlFlood(build.cli, settings, alone, flooded);
}
