/**
 * The rooms workload (`tcpchat bench --rooms N`): clients spread evenly over #bench-1 …
 * #bench-N, each sender saying in its own room. Rooms are numbered from 1; room 0 stands for
 * the default room, where every client is when there is no `--rooms`, so that one-room and
 * many-room runs are counted the same way.
 */

export function benchRoomName(room: number): string {
	return `#bench-${room}`;
}

/**
 * The room of the client with this index: round robin, so that rooms differ by at most one
 * member and the first `senders` clients (the ones that send) are spread as evenly.
 */
export function roomOf(client: number, rooms: number): number {
	return rooms > 0 ? (client % rooms) + 1 : 0;
}

/** How many of `rooms` (room numbers, one per client) are in each room, indexed by room number. */
export function countByRoom(rooms: readonly number[]): number[] {
	const counts: number[] = [];
	for (const room of rooms) counts[room] = (counts[room] ?? 0) + 1;
	return Array.from(counts, n => n ?? 0);
}

/** Adds counts indexed by room number into `into` (which grows as needed), and returns it. */
export function addByRoom(into: number[], counts: readonly number[]): number[] {
	for (let room = 0; room < counts.length; room++) into[room] = (into[room] ?? 0) + (counts[room] ?? 0);
	return Array.from(into, n => n ?? 0);
}

/**
 * Deliveries due: every message said in a room reaches each member of that room (its sender
 * included), and no one else.
 */
export function expectedDeliveries(sentByRoom: readonly number[], membersByRoom: readonly number[]): number {
	let total = 0;
	for (let room = 0; room < sentByRoom.length; room++) total += (sentByRoom[room] ?? 0) * (membersByRoom[room] ?? 0);
	return total;
}
