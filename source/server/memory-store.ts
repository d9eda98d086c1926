import type {RoomEvent} from '../protocol/frames.js';
import {roomKey} from '../protocol/room-names.js';
import {foldForSearch, type HistoryPage, type MessageStore, RoomRecords, type SearchQuery, type SearchResult} from './message-store.js';
import type {RoomRecord} from './room-backend.js';

/** Events kept per room: far more than any `--history` asks to restore. */
const KEPT = 10_000;

/** The newest events of a room, oldest first, before seq `before`, and whether older ones are kept. */
export function pageOf(events: readonly RoomEvent[], before: number | undefined, limit: number): HistoryPage {
	let end = events.length;
	if (before !== undefined) while (end > 0 && events[end - 1]!.seq >= before) end--;
	const start = Math.max(0, end - limit);
	return {events: events.slice(start, end), more: start > 0};
}

/**
 * History in memory only (`--no-log`): it lasts as long as this object, so a server restarted
 * in the same process with the same store (tests, embedding) still finds it. Paging and search
 * reach as far back as it keeps (the last 10 000 events or more of each room).
 */
export class MemoryStore implements MessageStore {
	readonly location = 'memory';
	private readonly kept = new RoomRecords(KEPT, 'oldest first', roomKey);
	/** When the rooms made but with no event yet were made, by key. */
	private readonly made = new Map<string, number>();
	private floor = 0;

	get seqFloor(): number {
		return this.floor;
	}

	async open(limit: number, _defaultRoom?: string): Promise<RoomRecord[]> {
		return this.kept.records().map(r => ({...r, history: limit > 0 ? r.history.slice(-limit) : []}));
	}

	created(room: string, at: number): void {
		if (!this.kept.has(room)) this.made.set(roomKey(room), at);
	}

	drop(room: string, lastSeq: number): void {
		this.made.delete(roomKey(room));
		this.floor = Math.max(this.floor, lastSeq, this.kept.delete(room));
	}

	write(events: readonly RoomEvent[]): void {
		for (const event of events) {
			const key = roomKey(event.room);
			const at = this.made.get(key);
			this.kept.add(event, at);
			if (at !== undefined) this.made.delete(key);
		}
	}

	page(room: string, before: number | undefined, limit: number): HistoryPage {
		return pageOf(this.kept.events(room), before, limit);
	}

	search({text, rooms, limit}: SearchQuery): SearchResult {
		const wanted = foldForSearch(text);
		// Each room's matches newest first, then merged by time.
		const found: RoomEvent[] = [];
		for (const room of rooms) {
			const events = this.kept.events(room);
			let inRoom = 0;
			for (let i = events.length - 1; i >= 0 && inRoom < limit; i--) {
				const event = events[i]!;
				if (event.type === 'msg' && foldForSearch(event.text).includes(wanted)) {
					found.push(event);
					inRoom++;
				}
			}
		}
		found.sort((a, b) => b.ts - a.ts);
		return {events: found.slice(0, limit), partial: false};
	}

	async close(): Promise<void> {}
}
