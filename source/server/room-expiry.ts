/**
 * How long a room that holds nothing stays once its last member has left, by default: a
 * minute. Nothing is lost when it goes (no message was ever said there, it has no topic): the
 * next join makes it again. The grace only spares the churn of a room emptied for a moment (a
 * member reconnecting rejoins within seconds) and keeps `list` steady. Short, because the time is
 * what an address's room allowance buys (one a second after fifty, see RoomCreationLimit): an
 * address making rooms and leaving them holds at most about 50 + 60 of them at once, far from the
 * default `--max-rooms 1000`, where with no expiry one patient address filled it for good.
 */
export const DEFAULT_ROOM_EXPIRY_SECONDS = 60;

/** How often, at most, the rooms are looked over: a room may stay this much past its grace. */
export function expiryCheckEvery(graceMs: number): number {
	return Math.max(5, Math.min(1000, Math.floor(graceMs / 4)));
}

/**
 * Since when each room that could go has been empty, as the server's sweep sees it: a room is
 * due once it has been empty and holding nothing for the whole grace, seen so at every look in
 * between. Pure (the caller gives the time): no timer per room.
 */
export class RoomExpiry<R> {
	private since = new Map<R, number>();

	constructor(private readonly graceMs: number) {}

	/**
	 * Looks over every room (`disposable`: empty now and holding nothing) and returns those whose
	 * grace is over. A room that is not disposable at a look starts again from nothing.
	 */
	due(rooms: Iterable<R>, disposable: (room: R) => boolean, now: number): R[] {
		const next = new Map<R, number>();
		const due: R[] = [];
		for (const room of rooms) {
			if (!disposable(room)) continue;
			const since = this.since.get(room) ?? now;
			if (now - since >= this.graceMs) due.push(room);
			else next.set(room, since);
		}
		// Rebuilt at each look: a room gone, refilled or given a topic leaves nothing behind.
		this.since = next;
		return due;
	}

	/** Rooms being watched, for tests. */
	get size(): number {
		return this.since.size;
	}
}
