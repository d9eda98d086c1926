import {TokenBucket} from './token-bucket.js';

/** Rooms one connection may make: a few at once, then one every five seconds. */
export const CONNECTION_CREATE_RATE = 0.2;
export const CONNECTION_CREATE_BURST = 5;
/**
 * Rooms one address may make, whatever its connections: a class on one machine (or behind one
 * NAT) makes fifty at once, then one a second; one address reconnecting over and over no longer
 * gets a fresh allowance each time (it filled `--max-rooms 1000` in 0.7 s, for good, since rooms
 * outlive their members).
 */
const CREATE_RATE = 1;
const CREATE_BURST = 50;

/** How fast each address may make rooms, kept beyond its connections' lives. */
export class RoomCreationLimit {
	private readonly buckets = new Map<string, TokenBucket>();

	/** Takes one when the address has one: `mayCreate(address, now, false)` only looks. */
	mayCreate(address: string, now: number, take = true): boolean {
		let bucket = this.buckets.get(address);
		if (bucket === undefined) {
			bucket = new TokenBucket(CREATE_RATE, CREATE_BURST, now);
			this.buckets.set(address, bucket);
		}
		return take ? bucket.take(now) : bucket.available(now) >= 1;
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
