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

/**
 * Rooms one address may have made that still exist: a tenth of `--max-rooms`, at least five. A
 * room where something was said never expires, so without it one address, at one room a
 * second, filled the table for good (`--max-rooms 50` in two seconds, from one machine); with
 * it, ten addresses are needed, and a class behind one NAT still has a hundred of the default
 * thousand.
 */
export function roomsPerAddress(maxRooms: number): number {
	return maxRooms > 0 ? Math.max(5, Math.ceil(maxRooms / 10)) : 0;
}

/**
 * How fast each address may make rooms, kept beyond its connections' lives, and how many of
 * the rooms it made still exist (since this server started: a room the store brings back has no
 * maker).
 */
export class RoomCreationLimit {
	private readonly buckets = new Map<string, TokenBucket>();
	/** Room key → the address that made it, and address → how many of those rooms exist. */
	private readonly makers = new Map<string, string>();
	private readonly holding = new Map<string, number>();

	/** `cap`: rooms one address may have made that still exist (0 = no cap). */
	constructor(private readonly cap = 0) {}

	/** Whether the address has made as many rooms, still there, as one address may. */
	holdsMost(address: string): boolean {
		return this.cap > 0 && (this.holding.get(address) ?? 0) >= this.cap;
	}

	made(address: string, roomKey: string): void {
		this.makers.set(roomKey, address);
		this.holding.set(address, (this.holding.get(address) ?? 0) + 1);
	}

	/** The room is gone (dropped, expired): its maker may make another. */
	removed(roomKey: string): void {
		const address = this.makers.get(roomKey);
		if (address === undefined) return;
		this.makers.delete(roomKey);
		const left = (this.holding.get(address) ?? 1) - 1;
		if (left > 0) this.holding.set(address, left);
		else this.holding.delete(address);
	}

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
