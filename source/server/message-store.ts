import type {RoomEvent} from '../protocol/frames.js';
import type {RoomRecord} from './room-backend.js';

/**
 * Where the rooms keep what was said, for the in-process backend (local-backend.ts).
 */
export type MessageStore = {
	/**
	 * Every room with events, each with its last `limit` events, its topic and its next `seq`
	 * (1 for a room with none). Events of a log older than rooms (without `room`) belong to
	 * `defaultRoom`.
	 */
	open(limit: number, defaultRoom: string): Promise<RoomRecord[]>;
	/** Appends one event. Must not block the event loop; errors are reported, not thrown. */
	append(event: RoomEvent): void;
	/** Flushes every pending append and releases the file. */
	close(): Promise<void>;
	/** Where the events live, for the dashboard ("memory" when nowhere). */
	readonly location: string;
};

type Collecting = RoomRecord & {topicSeq: number};

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

	add(event: RoomEvent): void {
		const key = this.key(event.room);
		let room = this.rooms.get(key);
		if (!room) {
			room = {name: event.room, topic: '', nextSeq: 1, history: [], topicSeq: -1};
			this.rooms.set(key, room);
		}
		room.nextSeq = Math.max(room.nextSeq, event.seq + 1);
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

	records(): RoomRecord[] {
		return [...this.rooms.values()].map(({topicSeq: _, ...room}) => {
			const history = this.order === 'newest first' ? [...room.history].reverse() : room.history.slice(-this.limit);
			return {...room, history: this.limit > 0 ? history : []};
		});
	}
}
