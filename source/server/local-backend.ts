import type {RoomEvent} from '../protocol/frames.js';
import {roomKey} from '../protocol/room-names.js';
import type {MessageStore} from './message-store.js';
import {NameRegistry} from './name-registry.js';
import type {RoomBackend, RoomRecord, UnsequencedEvent} from './room-backend.js';

/** The backend of a single server: `seq` counted here, events kept by the store, names in memory. */
export class LocalBackend<M extends {name: string}> implements RoomBackend<M> {
	readonly names = new NameRegistry<M>();
	private readonly nextSeq = new Map<string, number>();

	constructor(
		private readonly store: MessageStore,
		private readonly defaultRoom: string,
	) {}

	get location(): string {
		return this.store.location;
	}

	async open(historyLimit: number): Promise<RoomRecord[]> {
		const rooms = await this.store.open(historyLimit, this.defaultRoom);
		for (const room of rooms) this.nextSeq.set(roomKey(room.name), room.nextSeq);
		return rooms;
	}

	publish(event: UnsequencedEvent, deliver: (event: RoomEvent) => void): void {
		const key = roomKey(event.room);
		const seq = this.nextSeq.get(key) ?? 1;
		this.nextSeq.set(key, seq + 1);
		// The seq right after the room, where readers of the log and the wire expect it.
		const {type, room, ...rest} = event;
		const sequenced = {type, room, seq, ...rest} as RoomEvent;
		this.store.append(sequenced);
		deliver(sequenced);
	}

	close(): Promise<void> {
		return this.store.close();
	}
}
