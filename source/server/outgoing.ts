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
