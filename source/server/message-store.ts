import type {RoomEvent} from '../protocol/frames.js';
import type {RoomRecord} from './room-backend.js';

/** A page of one room's history: oldest first; `more` when older events exist still. */
export type HistoryPage = {events: RoomEvent[]; more: boolean};

export type SearchQuery = {
	/** What the messages must contain, ignoring case; 2 characters or more. */
	text: string;
	/** The rooms to look in (their names, any case). */
	rooms: readonly string[];
	limit: number;
};

/** Matching messages, newest first; `partial` when the time budget ran out before the oldest. */
export type SearchResult = {events: RoomEvent[]; partial: boolean};

/**
 * Where the rooms keep what was said, for the in-process backend (local-backend.ts). Every
 * method is synchronous: the backend runs them in the server's tick (see LocalBackend).
 */
export type MessageStore = {
	/**
	 * Every room with events, each with its last `limit` events, its topic, its next `seq`
	 * (1 for a room with none), when it was made and whether it ever held a message. Events of a log older than rooms (without `room`) belong to
	 * `defaultRoom`. Rejects with a sentence when the store cannot be used.
	 */
	open(limit: number, defaultRoom: string): Promise<RoomRecord[]>;
	/**
	 * Stores the events of one tick together (one transaction), before any of them is
	 * delivered. Never throws: a store that cannot write says why (a warning) and keeps the
	 * events to write them once it can.
	 */
	write(events: readonly RoomEvent[]): void;
	/**
	 * A room was made at `at` (ms since the epoch): kept as its creation time when its first
	 * event is stored (nothing is written for a room that never has one).
	 */
	created(room: string, at: number): void;
	/**
	 * Removes a room, its events (search finds none of them from now on) and its topic, and
	 * remembers `lastSeq`, the highest seq it had, in `seqFloor`. Never throws: a store that
	 * cannot remove it says why (a warning); the room is then back at the next start.
	 */
	drop(room: string, lastSeq: number): void;
	/**
	 * Once open: the highest seq a dropped room ever had (0 when none was), so that a room made
	 * later, of any name, starts above it.
	 */
	readonly seqFloor: number;
	/** The last `limit` events of `room` before seq `before` (before: the newest). */
	page(room: string, before: number | undefined, limit: number): HistoryPage;
	search(query: SearchQuery): SearchResult;
	/** Writes what waits and releases the file. */
	close(): Promise<void>;
	/** Where the events live, for the dashboard ("memory" when nowhere). */
	readonly location: string;
};

/** How a search compares texts: a message matches when its folded text contains the folded query. */
export function foldForSearch(text: string): string {
	return text.toLowerCase();
}

type Collecting = RoomRecord & {topicSeq: number; createdAt: number; heldMessage: boolean};

/**
 * Collects a store's events into one record per room: its name, its topic (the latest topic
 * event), its next `seq` and its last `limit` events. Events come in file order (`oldest
 * first`) or backwards; memory stays about `limit` events per room either way.
 */
export class RoomRecords {
	private readonly rooms = new Map<string, Collecting>();

	constructor(
		private readonly limit: number,
		private readonly order: 'oldest first' | 'newest first',
		private readonly key: (room: string) => string,
	) {}

	/** `createdAt`: when the room was made, if known (else its first event's time). */
	add(event: RoomEvent, createdAt?: number): void {
		const key = this.key(event.room);
		let room = this.rooms.get(key);
		if (!room) {
			room = {name: event.room, topic: '', nextSeq: 1, history: [], topicSeq: -1, createdAt: createdAt ?? event.ts, heldMessage: false};
			this.rooms.set(key, room);
		}
		room.nextSeq = Math.max(room.nextSeq, event.seq + 1);
		if (event.type === 'msg') room.heldMessage = true;
		if (event.type === 'topic' && event.seq > room.topicSeq) {
			room.topic = event.text;
			room.topicSeq = event.seq;
		}
		if (this.limit <= 0) return;
		if (this.order === 'newest first') {
			if (room.history.length < this.limit) room.history.push(event);
		} else {
			room.history.push(event);
			if (room.history.length >= 2 * this.limit + 16) room.history.splice(0, room.history.length - this.limit);
		}
	}

	/** The events kept of one room, oldest first (shared: do not modify). */
	events(room: string): readonly RoomEvent[] {
		const record = this.rooms.get(this.key(room));
		if (!record) return [];
		return this.order === 'newest first' ? [...record.history].reverse() : record.history;
	}

	/** Whether the room has a record. */
	has(room: string): boolean {
		return this.rooms.has(this.key(room));
	}

	/** Forgets a room, its events, topic and seq; returns the highest seq it had (0 for none). */
	delete(room: string): number {
		const key = this.key(room);
		const record = this.rooms.get(key);
		this.rooms.delete(key);
		return record ? record.nextSeq - 1 : 0;
	}

	/** Every room's name. */
	names(): string[] {
		return [...this.rooms.values()].map(r => r.name);
	}

	records(): RoomRecord[] {
		return [...this.rooms.values()].map(({topicSeq: _, ...room}) => {
			const history = this.order === 'newest first' ? [...room.history].reverse() : room.history.slice(-this.limit);
			return {...room, history: this.limit > 0 ? history : []};
		});
	}
}
