import type {RoomEvent} from '../protocol/frames.js';
import type {NameRegistry} from './name-registry.js';

/** A room event before the backend gives it its `seq`. */
export type UnsequencedEvent = RoomEvent extends infer E ? (E extends RoomEvent ? Omit<E, 'seq'> : never) : never;

/** A room as the backend knows it when the server starts. */
export type RoomRecord = {name: string; topic: string; nextSeq: number; history: RoomEvent[]};

/**
 * Everything a room reaches outside this process goes through here: the `seq` of its events,
 * where they are kept, and who holds which name. The in-process backend (local-backend.ts)
 * does it all in memory and in the store; a shared one (Redis: a stream per room for history
 * and `seq`, a subscription for live events, name claims with expiry) would deliver events
 * that other servers publish to the same rooms, through the same `deliver` path, without
 * sessions, dialects or screens changing.
 */
export type RoomBackend<M extends {name: string}> = {
	/** The rooms that exist, with their recent history, when the server starts. */
	open(historyLimit: number): Promise<RoomRecord[]>;
	/**
	 * One event of a room: the backend gives it its `seq`, keeps it, and hands it to `deliver`
	 * — at once in process, later when it must travel — in `seq` order per room.
	 */
	publish(event: UnsequencedEvent, deliver: (event: RoomEvent) => void): void;
	/** Who holds which name, server-wide: claim, rename and release in one place. */
	readonly names: NameRegistry<M>;
	close(): Promise<void>;
	/** Where events are kept, for the dashboard ("memory" when nowhere). */
	readonly location: string;
};
