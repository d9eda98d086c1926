import {execFile} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {BinaryServer} from './binary-server.js';
import {LOCAL_NETWORKS} from './local-address.js';
import {formatBytes, formatTable} from './report.js';
import {startScenarioClients} from './scenario-clients.js';
import type {ServerBuild} from './server-build.js';
import {median, sleep} from './stats.js';

/** Issue 9's target: what 1000 connections holding 8 KB unfinished lines may add to the server's RSS. */
export const PARTIAL_TARGET_BYTES = 50_000_000;
const SETTLE_MS = 1000;
/** After the join wave: the server's memory reclaimer collects once a wave has been over for a second. */
const AFTER_JOINS_MS = 2500;
const ANSWER_TIMEOUT_MS = 30_000;

export type PartialLinesSettings = {
	clients: number;
	lineBytes: number;
	/** Sending stops after this many seconds, lines unfinished. */
	maxSeconds: number;
	batch: number;
	runs: number;
};

export type PartialLinesRun = {
	clients: number;
	joined: number;
	firstError?: string;
	/** Bytes of its line each connection sent, one write and one segment per byte. */
	bytesSent: number;
	complete: boolean;
	sendSeconds: number;
	/** Data segments the server's kernel received per connection (`ss`: data_segs_in), when ss is there. */
	segmentsIn?: {median: number; min: number};
	baselineRssBytes: number;
	/** With the members joined, before their first byte. */
	joinedRssBytes: number;
	/** With every line held unfinished. */
	heldRssBytes: number;
	/** After the lines were finished and answered. */
	finishedRssBytes: number;
	peakRssBytes: number;
	/** held − baseline: what the target bounds. */
	riseBytes: number;
	/** held − joined: the unfinished lines alone. */
	linesBytes: number;
	/** Connections closed by the server while they held their line. */
	closedWhileHolding: number;
	answered: number;
};

export type PartialLinesResult = {
	scenario: 'partial-lines';
	server: string;
	settings: PartialLinesSettings;
	runs: PartialLinesRun[];
	riseBytes: number;
	targetBytes: number;
	met: boolean;
};

/** `data_segs_in:N` of each socket `ss -ti` lists (sockets without data segments say nothing). */
export function parseSegmentsIn(ssOutput: string): number[] {
	return [...ssOutput.matchAll(/\bdata_segs_in:(\d+)/g)].map(m => Number(m[1]));
}

/** The kernel's count of data segments received by the server's established sockets on `port`; undefined without ss. */
function readSegmentsIn(port: number): Promise<number[] | undefined> {
	return new Promise(resolve => {
		execFile('ss', ['-tinH', 'state', 'established', `( sport = :${port} )`], {maxBuffer: 64 * 1024 * 1024}, (error, stdout) =>
			resolve(error ? undefined : parseSegmentsIn(stdout)),
		);
	});
}

export function summarisePartialLines(server: string, settings: PartialLinesSettings, runs: PartialLinesRun[]): PartialLinesResult {
	const rise = median(runs.map(r => r.riseBytes));
	const whole = runs.every(r => r.joined === r.clients && r.complete && r.closedWhileHolding === 0 && r.answered === r.joined);
	return {scenario: 'partial-lines', server, settings, runs, riseBytes: rise, targetBytes: PARTIAL_TARGET_BYTES, met: runs.length > 0 && whole && rise < PARTIAL_TARGET_BYTES};
}

export function formatPartialLines(result: PartialLinesResult): string {
	const s = result.settings;
	const rows = result.runs.map((r, i) => [
		String(i + 1),
		`${r.joined}/${r.clients}`,
		`${r.bytesSent}${r.complete ? '' : ' (stopped)'}`,
		r.segmentsIn ? `${r.segmentsIn.median} (min ${r.segmentsIn.min})` : '-',
		`${r.sendSeconds.toFixed(0)} s`,
		formatBytes(r.baselineRssBytes),
		formatBytes(r.joinedRssBytes),
		formatBytes(r.heldRssBytes),
		formatBytes(r.finishedRssBytes),
		formatBytes(r.riseBytes),
		`${r.answered}/${r.joined}`,
	]);
	const notes = result.runs.flatMap((r, i) => [
		...(r.firstError ? [`  run ${i + 1}: ${r.clients - r.joined} could not join: ${r.firstError}`] : []),
		...(r.closedWhileHolding > 0 ? [`  run ${i + 1}: the server closed ${r.closedWhileHolding} connections holding a line`] : []),
	]);
	return [
		`partial-lines: ${s.clients} plain-text members of ${result.server} (default flags, --port 0), each sending a`,
		`${s.lineBytes}-byte line one byte per write and segment, held unfinished, then finished with a newline.`,
		'',
		formatTable(
			['run', 'joined', 'bytes sent', 'segments in', 'took', 'RSS before', 'joined', 'lines held', 'finished', 'rise', 'answered'],
			rows,
		),
		...notes,
		'',
		`RSS rise with every line held: ${formatBytes(result.riseBytes)}` +
			` (the lines alone: ${formatBytes(median(result.runs.map(r => r.linesBytes)))})` +
			`; target under ${result.targetBytes / 1e6} MB, lines answered afterwards: ${result.met ? 'met' : 'MISSED'}`,
	].join('\n');
}

async function partialRun(build: ServerBuild, settings: PartialLinesSettings, show: (line: string) => void, label: string): Promise<PartialLinesRun> {
	const server = await BinaryServer.start(build);
	const clients = startScenarioClients();
	try {
		await sleep(SETTLE_MS);
		const baselineRssBytes = server.rss();
		show(`${label}  joining ${settings.clients} plain-text members`);
		const join = await clients.partialJoin({
			host: '127.0.0.1',
			port: server.port,
			count: settings.clients,
			network: LOCAL_NETWORKS.partialLines,
			namePrefix: `p${randomBytes(2).toString('hex')}`,
			batch: settings.batch,
			timeoutMs: 60_000,
		});
		if (join.joined === 0) throw new Error(join.firstError ?? 'no member could join');
		await sleep(AFTER_JOINS_MS);
		const joinedRssBytes = server.rss();
		const ticker = setInterval(() => {
			void clients.partialProgress().then(
				p => show(`${label}  sending  ${p.bytesSent}/${settings.lineBytes} bytes on ${p.open} connections  server ${formatBytes(server.rss())}`),
				() => undefined,
			);
		}, 1000);
		let sent;
		try {
			sent = await clients.partialSend({lineBytes: settings.lineBytes, seconds: settings.maxSeconds});
		} finally {
			clearInterval(ticker);
		}
		await sleep(SETTLE_MS);
		const heldRssBytes = server.rss();
		const segments = await readSegmentsIn(server.port);
		show(`${label}  finishing the lines`);
		const finish = await clients.partialFinish(ANSWER_TIMEOUT_MS);
		await sleep(SETTLE_MS);
		const stats = server.stats();
		if (!stats) throw new Error('the server is gone');
		return {
			clients: settings.clients,
			joined: join.joined,
			...(join.firstError === undefined ? {} : {firstError: join.firstError}),
			bytesSent: sent.bytesSent,
			complete: sent.complete,
			sendSeconds: sent.seconds,
			...(segments && segments.length > 0 ? {segmentsIn: {median: median(segments), min: Math.min(...segments)}} : {}),
			baselineRssBytes,
			joinedRssBytes,
			heldRssBytes,
			finishedRssBytes: stats.rssBytes,
			peakRssBytes: stats.peakRssBytes,
			riseBytes: heldRssBytes - baselineRssBytes,
			linesBytes: heldRssBytes - joinedRssBytes,
			closedWhileHolding: sent.closed,
			answered: finish.answered,
		};
	} finally {
		await clients.close().catch(() => undefined);
		await server.stop();
	}
}

/** `--scenario partial-lines`. */
export async function runPartialLines(
	build: ServerBuild,
	settings: PartialLinesSettings,
	show: (line: string) => void,
	report: (line: string) => void = () => undefined,
): Promise<PartialLinesResult> {
	const runs: PartialLinesRun[] = [];
	for (let i = 1; i <= settings.runs; i++) {
		const run = await partialRun(build, settings, show, `partial-lines run ${i}/${settings.runs}`);
		runs.push(run);
		report(`partial-lines run ${i}/${settings.runs}: RSS rise ${formatBytes(run.riseBytes)}, ${run.answered}/${run.joined} answered`);
	}
	return summarisePartialLines(build.cli, settings, runs);
}
