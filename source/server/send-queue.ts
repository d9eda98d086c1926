import type {FrameEncoder, Outgoing} from './outgoing.js';

/** What the queue needs of a socket: a fake one in unit tests, a `net.Socket` in the server. */
export type SendSocket = {
	write(chunk: Buffer): boolean;
	cork(): void;
	uncork(): void;
	/** Bytes handed to the socket that the kernel has not accepted yet. */
	readonly writableLength: number;
	readonly destroyed: boolean;
};

export type SendLimits = {
	/** Bytes the socket may hold unaccepted before the reader is on notice (`--max-sendq`). */
	maxSendq: number;
	/** How long a reader on notice may go without accepting a single byte before it is `slow`. */
	stallMs: number;
};

/**
 * The slowest a reader may take a big write (a welcome of megabytes) without being thought
 * stuck: Node reports a write's progress only once it is complete, so while one is under way
 * the queue cannot see bytes going out; it gives the write this long instead.
 */
const MIN_DRAIN_BYTES_PER_MS = 128;

/** A reader that keeps draining may be this many `maxSendq` behind (a burst, a slow link catching up). */
const CEILING_FACTOR = 16;

/**
 * From this size on a queued piece is written on its own rather than copied with the rest:
 * one copy into one buffer beats a write per small event (each stream write has its own
 * bookkeeping), but copying a big shared piece again for every member fills the heap.
 */
const BIG_PIECE = 16 * 1024;

/** From this size on a run of presence frames is written from the batch's shared bytes even off the lazy flush. */
const SHARED_RUN = 4 * 1024;

/**
 * One connection's output: what the current tick queued, written in one go at flush, and the
 * rule that says when the reader is too slow.
 *
 * The limit applies to what the socket has not accepted after a write, never to what one tick
 * produced: a burst or a big welcome is handed to the socket first. A reader is dropped as
 * slow when it stops draining — over `maxSendq` and not one byte accepted for `stallMs` — or,
 * to bound the memory it can pin, when earlier ticks left it behind by more than
 * `CEILING_FACTOR × maxSendq` plus the replies bigger than `maxSendq` it was sent (a welcome, a
 * user list): it then holds at most that and one tick's output.
 */
export class SendQueue {
	/** Queued bytes in order; a presence frame stays an Outgoing, so that a run of them can share bytes. */
	private readonly out: (Buffer | Outgoing)[] = [];
	/** For each presence frame in `out`, the encoder its bytes came from (the rest: undefined). */
	private readonly encoders: (FrameEncoder | undefined)[] = [];
	private queued = 0;
	/** Bytes ever handed to the socket: with `writableLength`, what the kernel accepted. */
	private handed = 0;
	/** Big replies still owed to the reader, added to its ceiling. */
	private allowance = 0;
	/** While over `maxSendq`: bytes accepted at the last check, and since when that has not moved. */
	private acceptedAtCheck = 0;
	private stalledSince: number | undefined;
	/** Until when the last big write may still be on its way, at the slowest rate allowed. */
	private bigWriteUntil = 0;

	constructor(
		private readonly socket: SendSocket,
		private readonly limits: SendLimits,
	) {}

	/** Bytes queued this tick, not yet offered to the socket. */
	get pending(): number {
		return this.queued;
	}

	/** Bytes offered to the socket and not accepted by it. */
	get backlog(): number {
		return this.socket.writableLength;
	}

	/**
	 * Queues one frame: one Buffer, or several pieces (a welcome, whose big parts are shared) to
	 * write in order. `source` is the presence frame the Buffer encodes with `encoder`, kept to
	 * share bytes at flush. A `reply` bigger than `maxSendq` (a welcome, a user list) is owed to
	 * the reader on top of its ceiling; `live` room traffic, however big a tick's run, is what
	 * the ceiling is about.
	 */
	push(bytes: Buffer | Buffer[], kind: 'reply' | 'live' = 'reply', source?: Outgoing, encoder?: FrameEncoder): number {
		let size = 0;
		if (Array.isArray(bytes)) {
			for (const piece of bytes) {
				this.out.push(piece);
				this.encoders.push(undefined);
				size += piece.length;
			}
		} else {
			this.out.push(source ?? bytes);
			this.encoders.push(source === undefined ? undefined : encoder);
			size = bytes.length;
		}
		this.queued += size;
		if (kind === 'reply' && size > this.limits.maxSendq) this.allowance += size;
		return size;
	}

	clear(): void {
		this.out.length = 0;
		this.encoders.length = 0;
		this.queued = 0;
	}

	/**
	 * Writes everything queued, then checks the ceiling. `lazy` is the flush that presence news
	 * waited for (every member flushes the same batch then).
	 */
	flush(lazy: boolean, now = performance.now()): 'ok' | 'slow' {
		const queued = this.out;
		if (queued.length === 0) return 'ok';
		if (this.socket.destroyed) {
			this.clear();
			return 'ok';
		}
		// What earlier ticks left unaccepted says whether the reader keeps up; this tick's burst is new.
		const behind = this.socket.writableLength;
		const out = this.resolve(queued, lazy);
		if (out.length === 1) this.socket.write(out[0]!);
		else if (this.queued < BIG_PIECE) this.socket.write(Buffer.concat(out, this.queued));
		else this.writeCorked(out);
		this.handed += this.queued;
		if (this.queued > this.limits.maxSendq) this.bigWriteUntil = Math.max(this.bigWriteUntil, now + this.queued / MIN_DRAIN_BYTES_PER_MS);
		this.clear();
		return behind > this.ceiling() ? 'slow' : 'ok';
	}

	/** The periodic check (the server's sweep): is a reader over the limit still draining? */
	check(now: number): 'ok' | 'slow' {
		const backlog = this.socket.writableLength;
		if (backlog <= this.limits.maxSendq) {
			this.allowance = 0;
			this.stalledSince = undefined;
			return 'ok';
		}
		const accepted = this.handed - backlog;
		if (this.stalledSince === undefined || accepted !== this.acceptedAtCheck || now < this.bigWriteUntil) {
			this.acceptedAtCheck = accepted;
			this.stalledSince = now;
			return 'ok';
		}
		return now - this.stalledSince >= this.limits.stallMs ? 'slow' : 'ok';
	}

	private ceiling(): number {
		return CEILING_FACTOR * this.limits.maxSendq + this.allowance;
	}

	/**
	 * The queue as bytes. A run of consecutive frames of one presence batch becomes a view of
	 * the batch's shared bytes when it is worth it: on the lazy flush or when the run is big; a
	 * newcomer's own join alone stays as it is, so that it does not seal a batch still filling.
	 */
	private resolve(queued: (Buffer | Outgoing)[], lazy: boolean): Buffer[] {
		const encoders = this.encoders;
		let i = 0;
		while (i < queued.length && Buffer.isBuffer(queued[i])) i++;
		if (i === queued.length) return queued as Buffer[];
		const out = queued.slice(0, i) as Buffer[];
		while (i < queued.length) {
			const item = queued[i]!;
			if (Buffer.isBuffer(item)) {
				out.push(item);
				i++;
				continue;
			}
			const batch = item.batch!;
			const encoder = encoders[i]!;
			let j = i + 1;
			let bytes = item.encode(encoder)!.length;
			for (; j < queued.length; j++) {
				const next = queued[j]!;
				if (Buffer.isBuffer(next) || next.batch !== batch || next.index !== item.index + (j - i) || encoders[j] !== encoder) break;
				bytes += next.encode(encoder)!.length;
			}
			if (lazy) batch.seal();
			if (j - i >= 2 && (lazy || bytes >= SHARED_RUN)) out.push(batch.bytes(encoder, item.index, item.index + (j - i)));
			else for (let k = i; k < j; k++) out.push((queued[k] as Outgoing).encode(encoder)!);
			i = j;
		}
		return out;
	}

	/**
	 * Big pieces (a welcome's shared user list) are written as they are, small ones between
	 * them copied together: a copy of the big ones per member is what filled the allocator's
	 * heap while a big room filled up.
	 */
	private writeCorked(out: Buffer[]): void {
		const socket = this.socket;
		socket.cork();
		let from = 0;
		let small = 0;
		for (let i = 0; i <= out.length; i++) {
			const piece = out[i];
			if (piece !== undefined && piece.length < BIG_PIECE) {
				small += piece.length;
				continue;
			}
			if (i > from) socket.write(i - from === 1 ? out[from]! : Buffer.concat(out.slice(from, i), small));
			if (piece !== undefined) socket.write(piece);
			from = i + 1;
			small = 0;
		}
		socket.uncork();
	}
}
