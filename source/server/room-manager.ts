import type {RoomEvent, RoomInfo} from '../protocol/frames.js';
import {roomKey, roomProblem} from '../protocol/room-names.js';
import {Room, type RoomMember} from './room.js';
import type {RoomBackend, RoomRecord} from './room-backend.js';

export type RoomManagerOptions = {
	defaultRoom: string;
	/** Rooms made at start, besides the default one and those the store knows. */
	rooms: readonly string[];
	/** 0 = no limit. */
	maxRooms: number;
	historyLimit: number;
};

/**
 * Every room, by name ignoring case: made at start (`--rooms`, the default room, the rooms the
 * store knows) or by a first join, up to `maxRooms`. An empty room that holds something (a
 * message was said there, or it has a topic) stays, with its history and topic: people come
 * back to it. One that holds nothing may go (`remove`, see RoomExpiry), freeing its place;
 * the operator may remove any but the default room.
 */
export class RoomManager<M extends RoomMember> {
	private readonly rooms = new Map<string, Room<M>>();
	private defaultRoomInstance: Room<M> | undefined;
	/** The keys of the rooms that never expire: the default room and those of `--rooms`. */
	private readonly pinned: ReadonlySet<string>;

	constructor(
		private readonly backend: RoomBackend<M & {name: string}>,
		private readonly options: RoomManagerOptions,
		private readonly now: () => number,
		/** Every event of every room, once delivered (for the server's listeners). */
		private readonly onEvent: (room: Room<M>, event: RoomEvent, member: M | undefined) => void,
	) {
		this.pinned = new Set([options.defaultRoom, ...options.rooms].map(roomKey));
	}

	async open(): Promise<void> {
		const records = await this.backend.open(this.options.historyLimit);
		for (const record of records) {
			// A log written by hand (or by an older server) may name a room that is not one: skip it.
			if (roomProblem(record.name) === undefined) this.add(record);
		}
		for (const name of [this.options.defaultRoom, ...this.options.rooms]) this.get(name) ?? this.create(name);
		this.defaultRoomInstance = this.get(this.options.defaultRoom)!;
	}

	get defaultRoom(): Room<M> {
		if (!this.defaultRoomInstance) throw new Error('the rooms are not open');
		return this.defaultRoomInstance;
	}

	get size(): number {
		return this.rooms.size;
	}

	get(name: string): Room<M> | undefined {
		return this.rooms.get(roomKey(name));
	}

	/** The room, made if new; `full` when it is new and `maxRooms` exist already. */
	getOrCreate(name: string): Room<M> | 'full' {
		const room = this.get(name);
		if (room) return room;
		if (this.options.maxRooms > 0 && this.rooms.size >= this.options.maxRooms) return 'full';
		return this.create(name);
	}

	/**
	 * Whether the room holds nothing worth keeping, were it empty: never a message, no topic,
	 * and neither the default room nor one of `--rooms`.
	 */
	isThrowaway(room: Room<M>): boolean {
		return !room.holdsSomething && !this.pinned.has(roomKey(room.name));
	}

	/**
	 * Forgets the room, and the backend removes its events and topic; its place counts no more
	 * against `maxRooms`. The caller has taken its members out (see ChatServer.drop).
	 */
	remove(room: Room<M>): void {
		const key = roomKey(room.name);
		if (this.rooms.get(key) !== room || room === this.defaultRoomInstance) return;
		this.rooms.delete(key);
		this.backend.drop(room.name);
	}

	values(): IterableIterator<Room<M>> {
		return this.rooms.values();
	}

	/** Every room, biggest first, then by name. */
	list(): RoomInfo[] {
		return [...this.rooms.values()]
			.map(r => ({name: r.name, topic: r.topic, users: r.size}))
			.sort((a, b) => b.users - a.users || a.name.localeCompare(b.name));
	}

	/** A room new to the backend, made now. */
	private create(name: string): Room<M> {
		const createdAt = this.now();
		this.backend.created(name, createdAt);
		return this.add({name, topic: '', nextSeq: 1, history: [], createdAt, heldMessage: false});
	}

	private add(record: RoomRecord): Room<M> {
		const room = new Room<M>(record, this.options.historyLimit, (event, deliver, settle) => this.backend.publish(event, deliver, settle), this.now);
		room.onEvent = (event, member) => this.onEvent(room, event, member as M | undefined);
		this.rooms.set(roomKey(record.name), room);
		return room;
	}
}
