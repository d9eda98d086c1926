import type {RoomEvent} from '../protocol/frames.js';
import {roomKey} from '../protocol/room-names.js';
import type {HistoryPage, MessageStore, SearchQuery, SearchResult} from './message-store.js';
import {NameRegistry} from './name-registry.js';
import type {RoomBackend, RoomRecord, UnsequencedEvent} from './room-backend.js';

type Pending = {event: RoomEvent; deliver: (event: RoomEvent) => void; settle: () => void};

/**
 * The backend of a single server: `seq` counted here, events kept by the store, names in
 * memory. Stored before seen: `publish` gives the event its `seq` and queues it; `flush` (at
 * the end of the tick, see ChatServer) writes everything queued in one transaction, then
 * delivers each event in order. So a `kill -9` at any moment loses nothing anyone has seen,
 * and a `seq` once given is in the store before anyone can have it.
 */
export class LocalBackend<M extends {name: string}> implements RoomBackend<M> {
	readonly names = new NameRegistry<M>();
	private readonly nextSeq = new Map<string, number>();
	private queue: Pending[] = [];
	private flushing = false;

	/**
	 * `schedule` asks for a `flush` soon, once per batch: the server runs it in its tick. Left
	 * out, the backend flushes itself on the next turn of the event loop.
	 */
	constructor(
		private readonly store: MessageStore,
		private readonly defaultRoom: string,
		private readonly schedule: () => void = () => setImmediate(() => this.flush()),
	) {}

	get location(): string {
		return this.store.location;
	}

	async open(historyLimit: number): Promise<RoomRecord[]> {
		const rooms = await this.store.open(historyLimit, this.defaultRoom);
		for (const room of rooms) this.nextSeq.set(roomKey(room.name), room.nextSeq);
		return rooms;
	}

	publish(event: UnsequencedEvent, deliver: (event: RoomEvent) => void, settle: () => void): void {
		const key = roomKey(event.room);
		const seq = this.nextSeq.get(key) ?? 1;
		this.nextSeq.set(key, seq + 1);
		// The seq right after the room, where readers of the log and the wire expect it.
		const {type, room, ...rest} = event;
		this.queue.push({event: {type, room, seq, ...rest} as RoomEvent, deliver, settle});
		if (this.queue.length === 1) this.schedule();
	}

	flush(): void {
		// Called again from inside a delivery, it leaves the new events to the loop below: they
		// follow the batch being delivered, so each room's events still arrive in seq order.
		if (this.flushing) return;
		this.flushing = true;
		try {
			while (this.queue.length > 0) {
				const batch = this.queue;
				this.queue = [];
				this.store.write(batch.map(p => p.event));
				// A room settles when the next event is another room's: every member still gets everything in order.
				let room: (() => void) | undefined;
				for (const {event, deliver, settle} of batch) {
					if (settle !== room) room?.();
					room = settle;
					deliver(event);
				}
				room?.();
			}
		} finally {
			this.flushing = false;
		}
	}

	async history(room: string, before: number | undefined, limit: number): Promise<HistoryPage> {
		return this.store.page(room, before, limit);
	}

	async search(query: SearchQuery): Promise<SearchResult> {
		return this.store.search(query);
	}

	/**
	 * A new room's first seq is above every seq a dropped room ever had (the store keeps that
	 * floor): one number, rather than the next seq of every name ever dropped, which expiry would
	 * make a list without end. So a client that knew the old `#x` never mistakes the new one's events.
	 */
	created(room: string, at: number): void {
		const key = roomKey(room);
		if (!this.nextSeq.has(key)) this.nextSeq.set(key, this.store.seqFloor + 1);
		this.store.created(room, at);
	}

	drop(room: string): void {
		// Its last events are kept (and delivered) first, so that their seq counts in the floor.
		this.flush();
		const key = roomKey(room);
		const next = this.nextSeq.get(key) ?? 1;
		this.nextSeq.delete(key);
		this.store.drop(room, next - 1);
	}

	async close(): Promise<void> {
		this.flush();
		await this.store.close();
	}
}
