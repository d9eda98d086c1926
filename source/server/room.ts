import type {LeaveEvent, LeaveReason, RoomEvent, UserInfo} from '../protocol/frames.js';
import {sanitiseEvent} from '../protocol/sanitise.js';
import type {MessageStore} from './message-store.js';
import {JsonElements} from './json-elements.js';
import {NameRegistry} from './name-registry.js';
import {Outgoing, PresenceBatch} from './outgoing.js';

/** From this many members on, joins, leaves and renames are delivered lazily (see Outgoing). */
const LAZY_PRESENCE_MEMBERS = 64;

/**
 * A member as the room sees it: a name and a way to receive frames. The room never knows
 * which dialect a member speaks; a session adapts the shared `Outgoing` to its own.
 */
export type RoomMember = {
	name: string;
	/** ms since the epoch */
	readonly since: number;
	/** The away message; empty or absent while the member is here. */
	away?: string;
	deliver(out: Outgoing): void;
};

function userInfo(m: RoomMember): UserInfo {
	return m.away ? {name: m.name, since: m.since, away: m.away} : {name: m.name, since: m.since};
}

/**
 * The room: its members (no two names alike, see NameRegistry), the `seq` of its events, the
 * last events (history) and the fan-out of each event to every member. History lives in the
 * store, reached only through `MessageStore`.
 */
export class Room<M extends RoomMember = RoomMember> {
	private readonly members = new NameRegistry<M>();
	private readonly recent: RoomEvent[];
	private nextSeq: number;
	/**
	 * The users as encoded JSON array elements, kept for welcomes: a join appends to it, so
	 * that a room of thousands neither re-encodes every member for every newcomer nor gives
	 * each newcomer its own copy of the list. A leave or a rename drops it, to be rebuilt once.
	 */
	private usersEncoded: JsonElements | undefined;
	/** The history as encoded JSON array elements, brought up to date when a welcome asks. */
	private readonly historyEncoded = new JsonElements();
	/** The `seq` of the last event in `historyEncoded`. */
	private historyEncodedSeq = Number.NEGATIVE_INFINITY;
	/** The presence news waiting to share a write, while it may still grow. */
	private batch: PresenceBatch | undefined;
	/** Called for every event appended, after it was delivered, with the member it is about. */
	onEvent: ((event: RoomEvent, member: M) => void) | undefined;

	constructor(
		private readonly store: MessageStore,
		restored: {history: RoomEvent[]; nextSeq: number},
		private readonly historyLimit: number,
		private readonly now: () => number,
	) {
		this.recent = historyLimit > 0 ? restored.history.slice(-historyLimit).map(sanitiseEvent) : [];
		this.nextSeq = restored.nextSeq;
	}

	get size(): number {
		return this.members.size;
	}

	/** The member called `name`, in any case; never a look-alike (see NameRegistry.find). */
	find(name: string): M | undefined {
		return this.members.find(name);
	}

	/** The member, other than `except`, whose name clashes with `name` (the same or a look-alike). */
	nameHolder(name: string, except?: M): M | undefined {
		return this.members.holder(name, except);
	}

	isMember(member: M): boolean {
		return this.members.holds(member);
	}

	users(): UserInfo[] {
		const users: UserInfo[] = [];
		for (const m of this.members.values()) users.push(userInfo(m));
		return users;
	}

	/** `users()` as the inside of a JSON array, UTF-8: shared bytes that are never modified. */
	usersBytes(): Buffer {
		if (this.usersEncoded === undefined) {
			this.usersEncoded = new JsonElements();
			for (const m of this.members.values()) this.usersEncoded.push(JSON.stringify(userInfo(m)));
		}
		return this.usersEncoded.bytes();
	}

	/** `history()` as the inside of a JSON array, UTF-8: shared bytes that are never modified. */
	historyBytes(): Buffer {
		const encoded = this.historyEncoded;
		if (this.historyLimit <= 0) return encoded.bytes();
		const recent = this.recent;
		for (let i = Math.max(0, recent.length - this.historyLimit); i < recent.length; i++) {
			const event = recent[i]!;
			if (event.seq <= this.historyEncodedSeq) continue;
			encoded.push(JSON.stringify(event));
			this.historyEncodedSeq = event.seq;
		}
		while (encoded.count > this.historyLimit) encoded.shift();
		return encoded.bytes();
	}

	history(): RoomEvent[] {
		return this.historyLimit > 0 ? this.recent.slice(-this.historyLimit) : [];
	}

	/** The caller has checked the name (`nameHolder`); the join is delivered to everyone, the newcomer too. */
	join(member: M): RoomEvent {
		this.members.claim(member);
		this.usersEncoded?.push(JSON.stringify(userInfo(member)));
		return this.publish(member, {type: 'join', seq: 0, ts: this.now(), name: member.name});
	}

	say(member: M, text: string, action: boolean): RoomEvent {
		return this.publish(
			member,
			action
				? {type: 'msg', seq: 0, ts: this.now(), from: member.name, text, action: true}
				: {type: 'msg', seq: 0, ts: this.now(), from: member.name, text},
		);
	}

	/** The caller has checked the new name is valid and that `nameHolder(to, member)` is undefined. */
	rename(member: M, to: string): RoomEvent {
		const from = member.name;
		this.usersEncoded = undefined;
		this.members.rename(member, to);
		return this.publish(member, {type: 'nick', seq: 0, ts: this.now(), from, to});
	}

	/**
	 * Removes a member; everyone else sees the leave (the leaver never does). With
	 * `deliver: false` (shutdown) the leave is only recorded.
	 */
	leave(member: M, reason: LeaveReason, text?: string, deliver = true): LeaveEvent | undefined {
		if (!this.members.release(member)) return undefined;
		this.usersEncoded = undefined;
		const event: LeaveEvent = {type: 'leave', seq: 0, ts: this.now(), name: member.name, reason};
		if (text !== undefined && text.length > 0) event.text = text;
		this.publish(member, event, deliver);
		return event;
	}

	/**
	 * Marks a member away with `text`, or back with '', and tells every member (it too). Not a
	 * room event: no seq, not in history. False when nothing changed (and nobody is told).
	 */
	setAway(member: M, text: string): boolean {
		if ((member.away ?? '') === text) return false;
		member.away = text;
		this.usersEncoded = undefined;
		this.broadcast(new Outgoing({type: 'away', name: member.name, text}));
		return true;
	}

	/** A frame that is not a room event (a notice) to every member. */
	broadcast(out: Outgoing): void {
		for (const m of this.members.values()) m.deliver(out);
	}

	private outgoing(event: RoomEvent): Outgoing {
		if (event.type === 'msg' || this.members.size < LAZY_PRESENCE_MEMBERS) return new Outgoing(event);
		if (this.batch === undefined || this.batch.sealed) this.batch = new PresenceBatch();
		return this.batch.add(event);
	}

	private publish<E extends RoomEvent>(member: M, event: E, deliver = true): E {
		event.seq = this.nextSeq++;
		this.recent.push(event);
		// Trimmed in batches, so that a long history does not cost a shift per event.
		if (this.recent.length >= 2 * this.historyLimit + 16) this.recent.splice(0, this.recent.length - this.historyLimit);
		this.store.append(event);
		// In a big room presence news may wait a little to share writes (a join storm in a room of
		// thousands would otherwise cost a write per member per join); in a small one it goes at once.
		if (deliver) this.broadcast(this.outgoing(event));
		this.onEvent?.(event, member);
		return event;
	}
}
