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

/** A run of items as one encoder writes them: the bytes of all, and where each item starts (and the last ends). */
type Joined = {bytes: Buffer; offsets: number[]};

/** Items encoded with `encoder` and joined once: the bytes every member reading them that way shares. */
function joinItems(items: readonly Outgoing[], encoder: FrameEncoder): Joined {
	const pieces: Buffer[] = [];
	const offsets = [0];
	let total = 0;
	for (const item of items) {
		const piece = item.encode(encoder);
		if (piece !== undefined) {
			pieces.push(piece);
			total += piece.length;
		}
		offsets.push(total);
	}
	return {bytes: pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, total), offsets};
}

/**
 * Presence news that waits to share a write: consecutive lazy frames of one room. When
 * members flush a run of them, every member gets a view of the same bytes (the batch encoded
 * once per dialect), not a copy of its own: in a join storm that copy, tens of KB per member
 * per batch, is what filled the allocator's heap. Sealed once its bytes are taken (nothing
 * may be added under views already handed out) or once a lazy flush has reached it.
 */
export class PresenceBatch {
	private readonly items: Outgoing[] = [];
	private isSealed = false;
	private joined: Map<FrameEncoder, Joined> | undefined;

	get sealed(): boolean {
		return this.isSealed || this.items.length >= MAX_BATCH_ITEMS;
	}

	add(frame: ServerFrame): Outgoing {
		const out = new Outgoing(frame, true, this, this.items.length);
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
		if (joined === undefined) this.joined.set(encoder, (joined = joinItems(this.items, encoder)));
		return joined.bytes.subarray(joined.offsets[from], joined.offsets[to]);
	}
}

/**
 * The messages one room delivered in one go (a tick's, or those said before a presence event
 * or an answer), handed to each member once: a member costs one call and one shared view of
 * bytes per run, not a call, a queue entry and a copy per message. The run is encoded once per
 * encoder. Its senders are known, so that a member who reads its own messages otherwise (IRC
 * without echo-message: not at all) gets the others' bytes around them.
 */
export class MessageRun<S = unknown> {
	readonly items: Outgoing[] = [];
	/** The indexes of each sender's items, in order. */
	private readonly bySender = new Map<S, number[]>();
	private joined: Map<FrameEncoder, Joined> | undefined;

	get size(): number {
		return this.items.length;
	}

	add(frame: ServerFrame, sender: S): void {
		const own = this.bySender.get(sender);
		if (own === undefined) this.bySender.set(sender, [this.items.length]);
		else own.push(this.items.length);
		this.items.push(new Outgoing(frame));
	}

	/** The indexes of the items `sender` said, or undefined. */
	saidBy(sender: S): readonly number[] | undefined {
		return this.bySender.get(sender);
	}

	/** Every item as `encoder` writes it: shared bytes, never modified; undefined when there are none. */
	bytes(encoder: FrameEncoder): Buffer | undefined {
		const joined = this.join(encoder);
		return joined.bytes.length === 0 ? undefined : joined.bytes;
	}

	/**
	 * The run for a reader that writes the items at `own` with `ownEncoder` and the rest with
	 * `encoder`: views of the shared bytes between its own items, and its own as it reads them.
	 */
	pieces(encoder: FrameEncoder, own: readonly number[], ownEncoder: FrameEncoder): Buffer[] | undefined {
		const {bytes, offsets} = this.join(encoder);
		const pieces: Buffer[] = [];
		let from = 0;
		for (const index of own) {
			if (offsets[index]! > offsets[from]!) pieces.push(bytes.subarray(offsets[from], offsets[index]));
			const mine = this.items[index]!.encode(ownEncoder);
			if (mine !== undefined && mine.length > 0) pieces.push(mine);
			from = index + 1;
		}
		if (offsets[this.items.length]! > offsets[from]!) pieces.push(bytes.subarray(offsets[from]));
		return pieces.length === 0 ? undefined : pieces;
	}

	private join(encoder: FrameEncoder): Joined {
		this.joined ??= new Map();
		let joined = this.joined.get(encoder);
		if (joined === undefined) this.joined.set(encoder, (joined = joinItems(this.items, encoder)));
		return joined;
	}
}
