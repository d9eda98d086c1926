import type {RoomEvent} from '../protocol/frames.js';
import type {MessageStore} from './message-store.js';

/** Before `open` says how many events matter, keep at most this many. */
const UNOPENED_CAP = 10_000;

/**
 * History in memory only (`--no-log`): it lasts as long as this object, so a server restarted
 * in the same process with the same store (tests, embedding) still finds it.
 */
export class MemoryStore implements MessageStore {
	readonly location = 'memory';
	private events: RoomEvent[] = [];
	private cap = UNOPENED_CAP;
	private lastSeq = 0;

	async open(limit: number): Promise<{history: RoomEvent[]; nextSeq: number}> {
		this.cap = Math.max(0, limit);
		this.trim();
		return {history: [...this.events], nextSeq: this.lastSeq + 1};
	}

	append(event: RoomEvent): void {
		this.events.push(event);
		this.lastSeq = Math.max(this.lastSeq, event.seq);
		if (this.events.length > this.cap * 2 + 16) this.trim();
	}

	async close(): Promise<void> {
		this.trim();
	}

	private trim(): void {
		if (this.events.length > this.cap) this.events = this.events.slice(this.events.length - this.cap);
	}
}
