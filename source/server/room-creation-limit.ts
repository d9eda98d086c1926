import {TokenBucket} from './token-bucket.js';

/** Rooms an address may make: a few at once, then one every five seconds. */
const CREATE_RATE = 0.2;
const CREATE_BURST = 5;

/**
 * How fast each address may make rooms. Kept per address, not per connection, and beyond its
 * connections' lives: otherwise reconnecting refills it, and one address fills the server's
 * room table (`--max-rooms`) in under a second, for good, since rooms outlive their members.
 */
export class RoomCreationLimit {
	private readonly buckets = new Map<string, TokenBucket>();

	mayCreate(address: string, now: number): boolean {
		let bucket = this.buckets.get(address);
		if (bucket === undefined) {
			bucket = new TokenBucket(CREATE_RATE, CREATE_BURST, now);
			this.buckets.set(address, bucket);
		}
		return bucket.take(now);
	}

	/** Forgets the addresses whose allowance is whole again: they are as if new. */
	sweep(now: number): void {
		for (const [address, bucket] of this.buckets) if (bucket.available(now) >= CREATE_BURST) this.buckets.delete(address);
	}

	/** Addresses remembered, for tests. */
	get size(): number {
		return this.buckets.size;
	}
}
