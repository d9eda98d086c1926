import type {RoomEvent} from '../protocol/frames.js';
import type {HistoryPage, SearchQuery, SearchResult} from './message-store.js';
import type {NameRegistry} from './name-registry.js';

/** A room event before the backend gives it its `seq`. */
export type UnsequencedEvent = RoomEvent extends infer E ? (E extends RoomEvent ? Omit<E, 'seq'> : never) : never;

/**
 * A room as the backend knows it when the server starts. `createdAt` (ms since the epoch) and
 * `heldMessage` (whether a message was ever said in it, however long ago) where known: a room
 * whose record leaves them out counts as made now and, if its history has a message, as holding one.
 */
export type RoomRecord = {name: string; topic: string; nextSeq: number; history: RoomEvent[]; createdAt?: number; heldMessage?: boolean};

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
	 * One event of a room: the backend gives it its `seq` at once, keeps it, and hands it to
	 * `deliver` once it is kept — never before — in `seq` order per room; after a run of one
	 * room's events delivered together, and before another room's or the end of `flush`, it calls
	 * that room's `settle` (the room hands its members what was said in one go).
	 */
	publish(event: UnsequencedEvent, deliver: (event: RoomEvent) => void, settle: () => void): void;
	/**
	 * Keeps what was published and delivers it, now where it can. The server calls it at the
	 * end of every tick before its sessions write, and before a member goes, so that the member
	 * still receives what was said before it went.
	 */
	flush(): void;
	/**
	 * A room was made (by a first join, or at start) at `at`: its first event gives its `seq`
	 * above every seq a room dropped before had, and it is kept with its creation time.
	 */
	created(room: string, at: number): void;
	/**
	 * The room is gone (the operator removed it, or it expired): its events and topic are removed
	 * from where they are kept, and no seq it had is ever given again under its name, across
	 * restarts too, so that a client that knew the old room never takes the new one's events for
	 * its own (LocalBackend: every room made later starts above the highest seq a dropped room had).
	 */
	drop(room: string): void;
	/** Older events of a room, oldest first (see the `history` frame). */
	history(room: string, before: number | undefined, limit: number): Promise<HistoryPage>;
	/** Messages containing a text, newest first (see the `search` frame). */
	search(query: SearchQuery): Promise<SearchResult>;
	/** Who holds which name, server-wide: claim, rename and release in one place. */
	readonly names: NameRegistry<M>;
	/** Keeps and delivers what is pending, then releases the store. */
	close(): Promise<void>;
	/** Where events are kept, for the dashboard ("memory" when nowhere). */
	readonly location: string;
};
