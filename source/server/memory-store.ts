import type {RoomEvent} from '../protocol/frames.js';
import {roomKey} from '../protocol/room-names.js';
import {type MessageStore, RoomRecords} from './message-store.js';
import type {RoomRecord} from './room-backend.js';

/** Events kept per room: far more than any `--history` asks to restore. */
const KEPT = 10_000;

/**
 * History in memory only (`--no-log`): it lasts as long as this object, so a server restarted
 * in the same process with the same store (tests, embedding) still finds it.
 */
export class MemoryStore implements MessageStore {
	readonly location = 'memory';
	private readonly kept = new RoomRecords(KEPT, 'oldest first', roomKey);

	async open(limit: number, _defaultRoom?: string): Promise<RoomRecord[]> {
		return this.kept.records().map(r => ({...r, history: limit > 0 ? r.history.slice(-limit) : []}));
	}

	append(event: RoomEvent): void {
		this.kept.add(event);
	}

	async close(): Promise<void> {}
}
