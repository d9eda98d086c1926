import type {ServerFrame} from '../protocol/frames.js';

/** Turns a frame into the bytes one dialect writes; undefined when that dialect shows nothing. */
export type FrameEncoder = (frame: ServerFrame) => Buffer | undefined;

/**
 * One frame on its way to many members. Each dialect encodes it at most once, however many
 * members speak that dialect: every member of a dialect is written the very same Buffer.
 * The room hands these out without knowing which dialects exist.
 */
export class Outgoing {
	// Two dialects today: a pair of slots beats a Map on the hot path.
	private encoderA: FrameEncoder | undefined;
	private bytesA: Buffer | undefined;
	private encoderB: FrameEncoder | undefined;
	private bytesB: Buffer | undefined;
	private others: Map<FrameEncoder, Buffer | undefined> | undefined;

	/**
	 * @param lazy presence news (join, leave, nick) may wait a few milliseconds to share a
	 * write with what follows; a join storm then costs one write per member per batch, not per join.
	 */
	constructor(
		readonly frame: ServerFrame,
		readonly lazy = false,
		/** The presence batch this frame belongs to, and its place in it. */
		readonly batch?: PresenceBatch,
		readonly index = 0,
	) {}

	encode(encoder: FrameEncoder): Buffer | undefined {
		if (this.encoderA === encoder) return this.bytesA;
		if (this.encoderB === encoder) return this.bytesB;
		if (this.encoderA === undefined) {
			this.encoderA = encoder;
			return (this.bytesA = encoder(this.frame));
		}
		if (this.encoderB === undefined) {
			this.encoderB = encoder;
			return (this.bytesB = encoder(this.frame));
		}
		this.others ??= new Map();
		if (this.others.has(encoder)) return this.others.get(encoder);
		const bytes = encoder(this.frame);
		this.others.set(encoder, bytes);
		return bytes;
	}
}

/** Items a batch takes at most, so that a batch nobody flushes lazily cannot grow for ever. */
const MAX_BATCH_ITEMS = 4096;

/**
 * Presence news that waits to share a write: consecutive lazy frames of one room (and, in a
 * batch of their own, the messages of one tick in a big room, which do not wait). When members
 * flush a run of them, every member gets a view of the same bytes (the batch encoded once per
 * dialect), not a copy of its own: in a join storm that copy, tens of KB per member per batch,
 * is what filled the allocator's heap. Sealed once its bytes are taken (nothing may be added
 * under views already handed out) or once a lazy flush has reached it.
 */
export class PresenceBatch {
	private readonly items: Outgoing[] = [];
	private isSealed = false;
	private joined: Map<FrameEncoder, {bytes: Buffer; offsets: number[]}> | undefined;

	get sealed(): boolean {
		return this.isSealed || this.items.length >= MAX_BATCH_ITEMS;
	}

	/** `lazy`: presence news, which may wait; a room's messages share a batch too but are written at the end of the tick. */
	add(frame: ServerFrame, lazy = true): Outgoing {
		const out = new Outgoing(frame, lazy, this, this.items.length);
		this.items.push(out);
		return out;
	}

	seal(): void {
		this.isSealed = true;
	}

	/** Items `from` to `to` (exclusive) as one encoder writes them: a view of bytes shared by every member. */
	bytes(encoder: FrameEncoder, from: number, to: number): Buffer {
		this.isSealed = true;
		this.joined ??= new Map();
		let joined = this.joined.get(encoder);
		if (joined === undefined) {
			const pieces: Buffer[] = [];
			const offsets = [0];
			let total = 0;
			for (const item of this.items) {
				const piece = item.encode(encoder);
				if (piece !== undefined) {
					pieces.push(piece);
					total += piece.length;
				}
				offsets.push(total);
			}
			joined = {bytes: Buffer.concat(pieces, total), offsets};
			this.joined.set(encoder, joined);
		}
		return joined.bytes.subarray(joined.offsets[from], joined.offsets[to]);
	}
}
