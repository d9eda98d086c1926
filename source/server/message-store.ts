import type {RoomEvent} from '../protocol/frames.js';

/**
 * Where the room keeps what was said. The room reaches history only through this interface,
 * so that a shared backend (for example Redis streams) can stand in for the file-backed one.
 */
export type MessageStore = {
	/** Restores the last `limit` events and the next `seq` (1 for an empty log). */
	open(limit: number): Promise<{history: RoomEvent[]; nextSeq: number}>;
	/** Appends one event. Must not block the event loop; errors are reported, not thrown. */
	append(event: RoomEvent): void;
	/** Flushes every pending append and releases the file. */
	close(): Promise<void>;
	/** Where the events live, for the dashboard ("memory" when nowhere). */
	readonly location: string;
};
