import {BenchClient, type BenchDialect, type LoadClient, type ReceiveMode} from './bench-client.js';
import {IrcBenchClient} from './irc-bench-client.js';
import {stampText} from './delivery-scanner.js';
import {LatencyHistogram, type HistogramSnapshot} from './latency-histogram.js';
import {nowMicros} from './clock.js';
import {countByRoom} from './room-spread.js';

export type ConnectRequest = {
	host: string;
	port: number;
	names: string[];
	/** The source address of each client (same order as `names`); the system picks when absent. */
	localAddresses?: string[];
	/** The rooms workload: the room number of each client (same order as `names`); absent: all in the default room. */
	rooms?: number[];
	/** Clients connecting at once; the next batch starts when this one is welcomed. */
	batch: number;
	mode: ReceiveMode;
	timeoutMs: number;
	/** Unset: json. */
	dialect?: BenchDialect;
};

export type ConnectResult = {
	connected: number;
	failed: number;
	firstError?: string;
	/** Microseconds from connect() to the welcome, one per connected client. */
	connectMicros: number[];
	/** Connected clients per room number (0: the default room). */
	roomMembers: number[];
};

export type StartRequest = {
	/** The first `senders` clients of this group send. */
	senders: number;
	/**
	 * This group's senders are senders number offset, offset + stride, … of `senderTotal`:
	 * their send times are spread evenly over every process.
	 */
	senderOffset: number;
	senderStride: number;
	senderTotal: number;
	/** Messages per second per sender. */
	rate: number;
	/** Characters of each message text (at least the stamp). */
	size: number;
	/** Shared monotonic clock, microseconds: sending starts, measuring starts, both stop. */
	sendStart: number;
	measureStart: number;
	measureEnd: number;
};

export type GroupProgress = {
	connected: number;
	/** Messages sent, and those stamped within the measuring window. */
	sent: number;
	sentMeasured: number;
	/** `sentMeasured` per room number (0: the default room). */
	sentByRoom: number[];
	/** Deliveries of messages stamped within the window, and of all messages. */
	received: number;
	receivedAll: number;
	presence: number;
	/** Messages that reached a client outside the room they were said in (never counted as received). */
	strayed: number;
	errors: Record<string, number>;
	dropped: number;
};

export type GroupResult = GroupProgress & {histogram: HistogramSnapshot};

const SEND_TICK_MS = 1;

/**
 * The clients of one process of the load generator: connects them in batches, sends on a
 * schedule (open loop: a late tick sends what is due, so server stalls are not hidden) and
 * measures every delivery against the window the coordinator gave.
 */
export class ClientGroup {
	private readonly clients: LoadClient[] = [];
	private readonly histogram = new LatencyHistogram();
	private readonly errors: Record<string, number> = {};
	private measureStart = Number.POSITIVE_INFINITY;
	private measureEnd = Number.POSITIVE_INFINITY;
	private sent = 0;
	private sentMeasured = 0;
	private sentByRoom: number[] = [0];
	private strayed = 0;
	private received = 0;
	private receivedAll = 0;
	private presence = 0;
	private dropped = 0;
	private timer: NodeJS.Timeout | undefined;

	async connect(request: ConnectRequest): Promise<ConnectResult> {
		const result: ConnectResult = {connected: 0, failed: 0, connectMicros: [], roomMembers: []};
		const sink = {
			delivery: (stamp: number, now: number) => this.delivery(stamp, now),
			strayed: () => {
				this.strayed++;
			},
			presence: () => {
				this.presence++;
			},
			error: (code: string) => {
				this.errors[code] = (this.errors[code] ?? 0) + 1;
			},
			closed: () => {
				this.dropped++;
			},
		};
		const batch = Math.max(1, request.batch);
		for (let at = 0; at < request.names.length; at += batch) {
			const names = request.names.slice(at, at + batch);
			const outcomes = await Promise.allSettled(
				names.map(async (name, i) => {
					const client = request.dialect === 'irc' ? new IrcBenchClient(name, sink, request.mode) : new BenchClient(name, sink, request.mode, request.rooms?.[at + i]);
					const micros = await client.connect(request.host, request.port, request.timeoutMs, request.localAddresses?.[at + i]);
					this.clients.push(client);
					return micros;
				}),
			);
			for (const outcome of outcomes) {
				if (outcome.status === 'fulfilled') {
					result.connected++;
					result.connectMicros.push(outcome.value);
				} else {
					result.failed++;
					result.firstError ??= outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
				}
			}
			// Past the first refusals, more attempts only repeat the same sentence.
			if (result.failed > 0 && result.connected === 0) {
				result.failed += request.names.length - at - names.length;
				break;
			}
		}
		result.roomMembers = countByRoom(this.clients.map(client => client.roomNumber));
		return result;
	}

	start(request: StartRequest): void {
		this.measureStart = request.measureStart;
		this.measureEnd = request.measureEnd;
		const senders = this.clients.slice(0, Math.min(request.senders, this.clients.length));
		// Each sender sends at times phase/rate + k/rate: spread evenly over all processes.
		const phases = senders.map((_, i) => (request.senderOffset + i * request.senderStride) / Math.max(1, request.senderTotal));
		const counts = senders.map(() => 0);
		this.sentByRoom = Array.from({length: 1 + Math.max(0, ...senders.map(client => client.roomNumber))}, () => 0);
		const tick = () => {
			const now = nowMicros();
			if (now >= request.measureEnd) {
				this.stopSending();
				return;
			}
			if (now < request.sendStart) return;
			const elapsed = (now - request.sendStart) / 1e6;
			const measured = now >= request.measureStart;
			// One text per room this tick: the stamp, and the room it is said in.
			const texts: string[] = [];
			for (let i = 0; i < senders.length; i++) {
				const due = Math.floor(elapsed * request.rate + phases[i]!);
				const client = senders[i]!;
				const room = client.roomNumber;
				while (counts[i]! < due) {
					counts[i]!++;
					if (!client.connected) continue;
					client.say((texts[room] ??= stampText(now, request.size, room)));
					this.sent++;
					if (measured) {
						this.sentMeasured++;
						this.sentByRoom[room]!++;
					}
				}
			}
		};
		this.timer = setInterval(tick, SEND_TICK_MS);
	}

	progress(): GroupProgress {
		return {
			connected: this.clients.length - this.dropped,
			sent: this.sent,
			sentMeasured: this.sentMeasured,
			sentByRoom: [...this.sentByRoom],
			received: this.received,
			receivedAll: this.receivedAll,
			presence: this.presence,
			strayed: this.strayed,
			errors: {...this.errors},
			dropped: this.dropped,
		};
	}

	result(): GroupResult {
		this.stopSending();
		return {...this.progress(), histogram: this.histogram.snapshot()};
	}

	close(): void {
		this.stopSending();
		for (const client of this.clients) client.close();
		this.clients.length = 0;
	}

	private stopSending(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = undefined;
	}

	private delivery(stamp: number, now: number): void {
		this.receivedAll++;
		if (stamp < this.measureStart || stamp >= this.measureEnd) return;
		this.received++;
		this.histogram.record(now - stamp);
	}
}
