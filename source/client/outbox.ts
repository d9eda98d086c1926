import {nameKey} from '../protocol/names.js';
import {roomKey} from '../protocol/room-names.js';

/**
 * The server's default rate limit (`--rate`, `--burst` of `tcpchat server`): the outbox keeps
 * under it, so that a long paste is not refused line by line.
 */
export const PACE_RATE = 5;
export const PACE_BURST = 10;
/**
 * The outbox counts its tokens back a little slower than the server does, since a message sent
 * on time by the client's clock may reach a server whose clock started later (the frame before
 * waited in a queue): a refusal for a few milliseconds would cost a second's retry.
 */
const REFILL_SHARE = 0.9;
/** After a `rate_limited` refusal (a server with a lower limit): wait this long, doubling, up to the cap. */
const RETRY_MS = 1000;
const RETRY_MAX_MS = 8000;

/** Where a message goes: a room (`say`), or one person (a private message, `dm`). */
export type Destination = {room: string} | {to: string};

/**
 * A message and where it goes, fixed when it is queued: a paste started in #dev is said in
 * #dev to its last part, whatever the screen shows meanwhile. No `destination`: the client's
 * default (its first room).
 */
export type OutboxMessage = {text: string; action: boolean; destination?: Destination};

/** What the outbox is doing: `done` of `total` messages since it was last empty; `waiting` after a refusal. */
export type OutboxProgress = {done: number; total: number; waiting: boolean};

/** The rate limit the outbox keeps under: messages a second, and how many may go at once. */
export type Pace = {rate: number; burst: number};

export const DEFAULT_PACE: Pace = {rate: PACE_RATE, burst: PACE_BURST};

export type OutboxDeps = {
	/** Default: the server's default limit. */
	pace?: Pace;
	/** Writes one say frame; false when there is no connection to write to. */
	write: (message: OutboxMessage) => boolean;
	/** Monotonic milliseconds. */
	now: () => number;
	onProgress: (progress: OutboxProgress) => void;
};

type Queued = OutboxMessage & {
	/** Sent once and refused, or sent when the connection went: it may yet turn out to have arrived. */
	uncertain?: boolean;
};

/**
 * The messages typed or pasted, sent one at a time within the rate limit: each waits for the
 * server's echo of the one before (so a refusal is known to be about it), a `rate_limited`
 * refusal is sent again later, and a message on its way when the connection goes is sent again
 * after the rejoin unless the rejoin's history shows it arrived. Nothing is dropped unless the
 * client stops for good, and then `stop` says how many.
 */
export class Outbox {
	private readonly queue: Queued[] = [];
	private inFlight: Queued | undefined;
	private readonly burst: number;
	private readonly refillRate: number;
	private tokens: number;
	private refilledAt: number;
	private timer: NodeJS.Timeout | undefined;
	private retryMs = RETRY_MS;
	private done = 0;
	private total = 0;
	private waiting = false;
	private open = false;

	constructor(private readonly deps: OutboxDeps) {
		const pace = deps.pace ?? DEFAULT_PACE;
		this.burst = pace.burst;
		this.refillRate = pace.rate * REFILL_SHARE;
		this.tokens = this.burst;
		this.refilledAt = deps.now();
	}

	/** Messages not yet known to have arrived. */
	get pending(): number {
		return this.queue.length + (this.inFlight ? 1 : 0);
	}

	push(message: OutboxMessage): void {
		this.queue.push({...message});
		this.total += 1;
		this.progress();
		this.pump();
	}

	/** Any other frame that costs tokens of the server's bucket (a /who, a /nick…: one; a history page: more). */
	spent(cost = 1): void {
		this.refill();
		this.tokens -= cost;
	}

	/**
	 * Milliseconds until `cost` tokens are there (0: now), for a request that should not be
	 * refused: a history page costs several, and a refusal would only have to be asked again.
	 */
	waitFor(cost: number): number {
		this.refill();
		const needed = Math.min(cost, this.burst) - this.tokens;
		return needed <= 0 ? 0 : Math.ceil((needed / this.refillRate) * 1000);
	}

	/** Our own message came back (said in `destination`, when known): the one on its way arrived. */
	echoed(text: string, destination?: Destination): void {
		if (this.inFlight) {
			this.inFlight = undefined;
			this.settle();
			return;
		}
		// A refusal that was about another frame: the message arrived after all, do not send it twice.
		const head = this.queue[0];
		if (head?.uncertain && head.text === text && sameDestination(head.destination, destination)) {
			this.queue.shift();
			this.settle();
		}
	}

	/** `rate_limited`: true when it was about the message on its way, which goes again later. */
	refused(): boolean {
		const message = this.inFlight;
		if (!message) return false;
		this.inFlight = undefined;
		this.queue.unshift({...message, uncertain: true});
		this.tokens = 0;
		this.waiting = true;
		this.progress();
		this.wait(this.retryMs);
		this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
		return true;
	}

	/**
	 * Another refusal (text too long, empty, not in that room): the message on its way will not
	 * arrive; on to the next. A refusal `about` another destination (a /topic elsewhere) is not its.
	 */
	failed(about?: Destination): void {
		if (!this.inFlight) return;
		if (about !== undefined && this.inFlight.destination !== undefined && !sameDestination(this.inFlight.destination, about)) return;
		this.inFlight = undefined;
		this.settle();
	}

	/**
	 * Joined (again): `ownTexts` gives our messages in the welcome's history of a message's
	 * destination, the newest last; `spent` frames that cost a token were sent since the hello.
	 */
	joined(ownTexts: (destination: Destination | undefined) => readonly string[], spent = 0): void {
		this.open = true;
		this.tokens = this.burst - spent;
		this.refilledAt = this.deps.now();
		const head = this.queue[0];
		if (head?.uncertain && ownTexts(head.destination).at(-1) === head.text) {
			// It arrived before the connection went.
			this.queue.shift();
			this.settle();
			return;
		}
		this.progress();
		this.pump();
	}

	/** The connection went: what was on its way may or may not have arrived. */
	lost(): void {
		this.open = false;
		this.clearTimer();
		if (this.inFlight) this.queue.unshift({...this.inFlight, uncertain: true});
		this.inFlight = undefined;
	}

	/**
	 * Messages not yet sent for which `unwanted` holds are dropped (their room was left); the
	 * number dropped. The one on its way, if any, is the server's already.
	 */
	discard(unwanted: (message: OutboxMessage) => boolean): number {
		const before = this.queue.length;
		const kept = this.queue.filter(message => !unwanted(message));
		const dropped = before - kept.length;
		if (dropped === 0) return 0;
		this.queue.length = 0;
		this.queue.push(...kept);
		this.total -= dropped;
		if (this.pending === 0) {
			this.done = 0;
			this.total = 0;
			this.clearTimer();
		}
		this.progress();
		return dropped;
	}

	/** The client stops for good: the messages never sent, which are dropped. */
	stop(): number {
		this.lost();
		const unsent = this.queue.length;
		this.queue.length = 0;
		this.done = 0;
		this.total = 0;
		this.waiting = false;
		if (unsent > 0) this.progress();
		return unsent;
	}

	private settle(): void {
		this.done += 1;
		this.retryMs = RETRY_MS;
		this.waiting = false;
		if (this.pending === 0) {
			this.done = 0;
			this.total = 0;
		}
		this.progress();
		this.pump();
	}

	private refill(): void {
		const now = this.deps.now();
		this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.refillRate);
		this.refilledAt = now;
	}

	private pump(): void {
		if (!this.open || this.inFlight || this.timer || this.queue.length === 0) return;
		this.refill();
		if (this.tokens < 1) {
			this.wait(Math.ceil(((1 - this.tokens) / this.refillRate) * 1000));
			return;
		}
		const message = this.queue.shift()!;
		if (!this.deps.write(message)) {
			this.queue.unshift(message);
			return;
		}
		this.tokens -= 1;
		this.inFlight = message;
	}

	private wait(ms: number): void {
		this.clearTimer();
		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.pump();
		}, ms);
	}

	private clearTimer(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
	}

	private progress(): void {
		this.deps.onProgress({done: this.done, total: this.total, waiting: this.waiting});
	}
}

/** Whether two destinations are one; an unknown one matches any (tcpchat/1 knows one room). */
function sameDestination(a: Destination | undefined, b: Destination | undefined): boolean {
	if (a === undefined || b === undefined) return true;
	if ('room' in a) return 'room' in b && roomKey(a.room) === roomKey(b.room);
	return 'to' in b && nameKey(a.to) === nameKey(b.to);
}
