import {randomBytes} from 'node:crypto';
import type {BenchDialect, ReceiveMode} from './bench-client.js';
import type {ConnectResult, GroupProgress, GroupResult} from './client-group.js';
import {nowMicros} from './clock.js';
import type {GroupHandle} from './group-handle.js';
import {LatencyHistogram} from './latency-histogram.js';
import {benchNick, benchNickPrefix} from './irc-bench-session.js';
import {localAddress} from './local-address.js';
import {readProcStats, type ProcStats} from './proc-stats.js';
import {addByRoom, expectedDeliveries, roomOf} from './room-spread.js';
import {median, sleep} from './stats.js';
import type {ServerMemory} from './server-process.js';
import {LocalGroup, WorkerGroup, workerScript} from './worker-group.js';

export type Workload = {
	name: string;
	clients: number;
	senders: number;
	/** Messages per second per sender. */
	rate: number;
	/** Seconds measured, after `warmup` seconds of sending that do not count. */
	duration: number;
	warmup: number;
	/** Characters per message text (the stamp at least). */
	size: number;
	/** Worker processes for the clients; 0 keeps them in this process. */
	workers: number;
	/** Clients connecting at once. */
	batch: number;
	/** Seconds after sending stops within which a delivery still counts; later ones are lost. */
	drain: number;
	mode: ReceiveMode;
	/** Each client from an address of its own in 127.N.0.0/16 (see local-address.ts); unset: the system picks. */
	localNetwork?: number;
	/** The rooms workload: clients spread evenly over #bench-1 … #bench-N, each saying in its own; unset or 0: all in the default room. */
	rooms?: number;
	/** Unset: json. With irc, a sender does not receive its own message (no echo-message): one delivery fewer per message. */
	dialect?: BenchDialect;
};

/** Work that runs beside a load run: started once the room has settled, stopped after the window. */
export type BesideLoad = {
	start(): Promise<void>;
	stop(): Promise<void>;
};

export type LoadTarget = {
	host: string;
	port: number;
	/** The server's process, for CPU and memory figures from /proc. */
	pid?: number;
	/** Collects garbage in the server and reads its memory; only for a server the bench started. */
	gc?: () => Promise<ServerMemory>;
};

export type Phase = 'connecting' | 'settling' | 'warmup' | 'measuring' | 'draining';

export type LoadProgress = {
	phase: Phase;
	/** Seconds since the run began. */
	elapsed: number;
	connected: number;
	clients: number;
	/** Per second, over the last interval. */
	sendRate: number;
	deliveryRate: number;
	/** Deliveries of measured messages so far, of those expected so far. */
	received: number;
	expected: number;
};

export type ServerFigures = {
	/** CPU seconds (user + system) during the measuring window, and that over its length. */
	cpuSeconds: number;
	cpuPercent: number;
	/** Whole run. */
	totalCpuSeconds: number;
	peakRssBytes: number;
	rssBytes: number;
	/** With a server the bench started: memory after a full collection, before the clients and with them. */
	idleBaseline?: ServerMemory;
	withClients?: ServerMemory;
	/** (RSS with clients − RSS before) / connected clients, after full collections both times. */
	bytesPerConnection?: number;
	/** The same for the JavaScript heap and V8's external memory: live objects only, no allocator slack. */
	liveBytesPerConnection?: number;
};

export type LoadResult = {
	workload: Workload;
	connected: number;
	connectFailed: number;
	connectError?: string;
	connectMs: {median: number; max: number};
	/** Messages stamped within the measuring window. */
	sent: number;
	expected: number;
	received: number;
	lost: number;
	/** Deliveries of messages from another room than the receiver's (not in `received`): none when rooms hold. */
	strayed: number;
	messagesPerSecond: number;
	deliveriesPerSecond: number;
	latencyMs: {p50: number; p90: number; p99: number; max: number; mean: number};
	errors: Record<string, number>;
	/** Clients the server closed during the run. */
	dropped: number;
	/** CPU seconds of the load generator's client processes during the window, over its length (Linux). */
	generatorCpuPercent?: number;
	server?: ServerFigures;
};

const PROGRESS_MS = 500;
/** Lead time for the start command to reach every worker before the first send. */
const START_LEAD_MS = 300;

export async function runLoad(
	target: LoadTarget,
	workload: Workload,
	onProgress: (progress: LoadProgress) => void = () => undefined,
	beside?: BesideLoad,
): Promise<LoadResult> {
	const began = nowMicros();
	const script = workload.workers > 0 ? workerScript() : undefined;
	const groupCount = script ? Math.min(workload.workers, Math.max(1, workload.clients)) : 1;
	const groups: GroupHandle[] = [];
	for (let g = 0; g < groupCount; g++) groups.push(script ? new WorkerGroup(script) : new LocalGroup());
	const startStats = target.pid ? readProcStats(target.pid) : undefined;
	try {
		const idleBaseline = target.gc ? await target.gc() : undefined;
		const irc = workload.dialect === 'irc';
		const prefix = irc ? benchNickPrefix(randomBytes(4).readUInt32BE() / 2 ** 32) : `b${randomBytes(3).toString('hex')}-`;
		const indices = groups.map((_, g) => range(g, workload.clients, groupCount));
		const names = indices.map(group => group.map(i => (irc ? benchNick(prefix, i) : `${prefix}${i}`)));
		/** Deliveries a message makes in each room: every member, but for IRC the sender itself. */
		const receivers = () => roomMembers.map(m => Math.max(0, m - (irc ? 1 : 0)));
		const network = workload.localNetwork;
		const addresses = network === undefined ? undefined : indices.map(group => group.map(i => localAddress(network, i)));
		const rooms = workload.rooms ? indices.map(group => group.map(i => roomOf(i, workload.rooms!))) : undefined;

		let phase: Phase = 'connecting';
		let members = 0;
		let roomMembers: number[] = [];
		let measuredSince = 0;
		let last = {at: began, sent: 0, receivedAll: 0};
		let latest: GroupProgress[] = [];
		const poll = async () => {
			latest = await Promise.all(groups.map(group => group.progress()));
			const sum = sumProgress(latest);
			const now = nowMicros();
			const seconds = Math.max(1e-6, (now - last.at) / 1e6);
			onProgress({
				phase,
				elapsed: (now - began) / 1e6,
				connected: sum.connected,
				clients: workload.clients,
				sendRate: (sum.sent - last.sent) / seconds,
				deliveryRate: (sum.receivedAll - last.receivedAll) / seconds,
				received: sum.received,
				expected: measuredSince ? expectedDeliveries(sum.sentByRoom, receivers()) : 0,
			});
			last = {at: now, sent: sum.sent, receivedAll: sum.receivedAll};
			return sum;
		};
		const ticker = setInterval(() => void poll().catch(() => undefined), PROGRESS_MS);
		try {
			const batch = Math.max(1, Math.ceil(workload.batch / groupCount));
			const connects: ConnectResult[] = await Promise.all(
				groups.map((group, g) =>
					group.connect({
						host: target.host,
						port: target.port,
						names: names[g]!,
						...(addresses ? {localAddresses: addresses[g]!} : {}),
						...(rooms ? {rooms: rooms[g]!} : {}),
						batch,
						mode: workload.mode,
						timeoutMs: 60_000,
						...(irc ? {dialect: 'irc' as const} : {}),
					}),
				),
			);
			const connectMicros = connects.flatMap(c => c.connectMicros).sort((a, b) => a - b);
			members = connects.reduce((n, c) => n + c.connected, 0);
			roomMembers = connects.reduce((sum, c) => addByRoom(sum, c.roomMembers), [] as number[]);
			const connectFailed = connects.reduce((n, c) => n + c.failed, 0);
			const connectError = connects.find(c => c.firstError)?.firstError;
			if (members === 0) throw new Error(connectError ?? 'no client could connect');

			// Every join goes to every member: wait for that wave to pass before measuring.
			phase = 'settling';
			await settle(groups);
			let besideRunning = false;
			if (beside) {
				await beside.start();
				besideRunning = true;
			}

			const sendStart = Math.ceil(nowMicros() + START_LEAD_MS * 1000);
			const measureStart = sendStart + Math.round(workload.warmup * 1e6);
			const measureEnd = measureStart + Math.round(workload.duration * 1e6);
			const senders = Math.min(workload.senders, members);
			await Promise.all(
				groups.map((group, g) =>
					group.start({
						senders: range(g, senders, groupCount).length,
						senderOffset: g,
						senderStride: groupCount,
						senderTotal: senders,
						rate: workload.rate,
						size: workload.size,
						sendStart,
						measureStart,
						measureEnd,
					}),
				),
			);
			phase = 'warmup';
			await sleepUntil(measureStart);
			const measureStats = target.pid ? readProcStats(target.pid) : undefined;
			const generatorStart = generatorCpu(groups);
			phase = 'measuring';
			measuredSince = measureStart;
			await sleepUntil(measureEnd);
			const endStats = target.pid ? readProcStats(target.pid) : undefined;
			const generatorEnd = generatorCpu(groups);
			if (besideRunning) await beside!.stop();
			// Held through the window: what a connection costs once the join wave is over.
			const withClients = target.gc ? await target.gc() : undefined;

			phase = 'draining';
			await drain(groups, receivers(), workload.drain);
			clearInterval(ticker);
			const results: GroupResult[] = await Promise.all(groups.map(group => group.result()));
			const sum = sumProgress(results);
			const histogram = new LatencyHistogram();
			for (const result of results) histogram.merge(result.histogram);
			const expected = expectedDeliveries(sum.sentByRoom, receivers());
			const finalStats = target.pid ? readProcStats(target.pid) : undefined;
			return {
				workload,
				connected: members,
				connectFailed,
				...(connectError === undefined ? {} : {connectError}),
				connectMs: {median: median(connectMicros) / 1000, max: (connectMicros.at(-1) ?? 0) / 1000},
				sent: sum.sentMeasured,
				expected,
				received: sum.received,
				lost: Math.max(0, expected - sum.received),
				strayed: sum.strayed,
				messagesPerSecond: workload.duration > 0 ? sum.sentMeasured / workload.duration : 0,
				deliveriesPerSecond: workload.duration > 0 ? sum.received / workload.duration : 0,
				latencyMs: {
					p50: histogram.percentile(0.5) / 1000,
					p90: histogram.percentile(0.9) / 1000,
					p99: histogram.percentile(0.99) / 1000,
					max: histogram.max / 1000,
					mean: histogram.mean() / 1000,
				},
				errors: sum.errors,
				dropped: sum.dropped,
				...(generatorStart !== undefined && generatorEnd !== undefined && workload.duration > 0
					? {generatorCpuPercent: (100 * (generatorEnd - generatorStart)) / workload.duration}
					: {}),
				...serverFigures(workload, members, startStats, measureStats, endStats, finalStats, idleBaseline, withClients),
			};
		} finally {
			clearInterval(ticker);
		}
	} finally {
		await Promise.all(groups.map(group => group.close().catch(() => undefined)));
	}
}

function serverFigures(
	workload: Workload,
	members: number,
	start: ProcStats | undefined,
	measure: ProcStats | undefined,
	end: ProcStats | undefined,
	final: ProcStats | undefined,
	idleBaseline: ServerMemory | undefined,
	withClients: ServerMemory | undefined,
): {server?: ServerFigures} {
	if (!start || !measure || !end || !final) return {};
	const cpuSeconds = end.cpuSeconds - measure.cpuSeconds;
	const server: ServerFigures = {
		cpuSeconds,
		cpuPercent: workload.duration > 0 ? (100 * cpuSeconds) / workload.duration : 0,
		totalCpuSeconds: final.cpuSeconds - start.cpuSeconds,
		peakRssBytes: final.peakRssBytes,
		rssBytes: final.rssBytes,
	};
	if (idleBaseline && withClients) {
		server.idleBaseline = idleBaseline;
		server.withClients = withClients;
		server.bytesPerConnection = members > 0 ? (withClients.rss - idleBaseline.rss) / members : 0;
		const live = (m: ServerMemory) => m.heapUsed + m.external;
		server.liveBytesPerConnection = members > 0 ? (live(withClients) - live(idleBaseline)) / members : 0;
	}
	return {server};
}

function generatorCpu(groups: GroupHandle[]): number | undefined {
	const pids = new Set(groups.map(group => group.pid).filter(pid => pid !== undefined));
	let total = 0;
	for (const pid of pids) {
		const stats = readProcStats(pid);
		if (!stats) return undefined;
		total += stats.cpuSeconds;
	}
	return total;
}

/** Indices start, start + step, … below end: one group's share, round robin. */
function range(start: number, end: number, step: number): number[] {
	const out: number[] = [];
	for (let i = start; i < end; i += step) out.push(i);
	return out;
}

function sumProgress(all: GroupProgress[]): GroupProgress {
	const sum: GroupProgress = {
		connected: 0,
		sent: 0,
		sentMeasured: 0,
		sentByRoom: [],
		received: 0,
		receivedAll: 0,
		presence: 0,
		strayed: 0,
		errors: {},
		dropped: 0,
	};
	for (const p of all) {
		sum.connected += p.connected;
		sum.sent += p.sent;
		sum.sentMeasured += p.sentMeasured;
		sum.sentByRoom = addByRoom(sum.sentByRoom, p.sentByRoom);
		sum.strayed += p.strayed;
		sum.received += p.received;
		sum.receivedAll += p.receivedAll;
		sum.presence += p.presence;
		sum.dropped += p.dropped;
		for (const [code, count] of Object.entries(p.errors)) sum.errors[code] = (sum.errors[code] ?? 0) + count;
	}
	return sum;
}

/** Waits until no join or leave has arrived for a while (the join wave after a ramp). */
async function settle(groups: GroupHandle[]): Promise<void> {
	let previous = -1;
	let quiet = 0;
	for (let i = 0; i < 600 && quiet < 2; i++) {
		const presence = sumProgress(await Promise.all(groups.map(group => group.progress()))).presence;
		quiet = presence === previous ? quiet + 1 : 0;
		previous = presence;
		await sleep(200);
	}
}

/** Waits until every measured message reached every member of its room, or `seconds` have passed. */
async function drain(groups: GroupHandle[], roomMembers: number[], seconds: number): Promise<void> {
	const deadline = nowMicros() + seconds * 1e6;
	for (;;) {
		const sum = sumProgress(await Promise.all(groups.map(group => group.progress())));
		if (sum.received >= expectedDeliveries(sum.sentByRoom, roomMembers) || nowMicros() >= deadline) return;
		await sleep(50);
	}
}

async function sleepUntil(micros: number): Promise<void> {
	const wait = (micros - nowMicros()) / 1000;
	if (wait > 0) await sleep(wait);
	while (nowMicros() < micros) await sleep(1);
}
