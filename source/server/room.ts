import {isMemberNotice, type LeaveReason, type RoomEvent, type UserInfo} from '../protocol/frames.js';
import {sanitiseEvent} from '../protocol/sanitise.js';
import type {RoomView} from './codec.js';
import {JsonElements} from './json-elements.js';
import {MessageRun, Outgoing, PresenceBatch} from './outgoing.js';
import type {RoomRecord, UnsequencedEvent} from './room-backend.js';

/** From this many members on, joins, leaves and renames are delivered lazily (see Outgoing). */
const LAZY_PRESENCE_MEMBERS = 64;

/**
 * A member as a room sees it: a name and a way to receive frames. The room never knows which
 * dialect a member speaks; a session adapts the shared `Outgoing` to its own.
 */
export type RoomMember = {
	name: string;
	/** ms since the epoch */
	readonly since: number;
	/** The away message; empty or absent while the member is here. */
	away?: string;
	deliver(out: Outgoing): void;
	/** The room's messages since its last delivery, in order: this member's among them. */
	deliverRun(run: MessageRun<RoomMember>): void;
};

/**
 * How a room's events get their `seq`, are kept, and come back to be delivered (see
 * RoomBackend): `deliver` for each event, then `settle` after a run of them.
 */
export type Publish = (event: UnsequencedEvent, deliver: (event: RoomEvent) => void, settle: () => void) => void;

export function userInfo(m: RoomMember): UserInfo {
	return m.away ? {name: m.name, since: m.since, away: m.away} : {name: m.name, since: m.since};
}

/** A room's history as the inside of a JSON array, kept encoded for one protocol version. */
class EncodedHistory {
	private readonly elements = new JsonElements();
	/** The `seq` of each element, oldest first: an element goes once its event is out of the last `limit`. */
	private readonly seqs: number[] = [];
	/** The `seq` of the last event encoded. */
	private lastSeq = Number.NEGATIVE_INFINITY;

	/** `encode` gives undefined for an event this version's readers are not shown (a notice, for tcpchat/1). */
	constructor(private readonly encode: (event: RoomEvent) => string | undefined) {}

	bytes(recent: readonly RoomEvent[], limit: number): Buffer {
		const from = Math.max(0, recent.length - limit);
		for (let i = from; i < recent.length; i++) {
			const event = recent[i]!;
			if (event.seq <= this.lastSeq) continue;
			const json = this.encode(event);
			if (json !== undefined) {
				this.elements.push(json);
				this.seqs.push(event.seq);
			}
			this.lastSeq = event.seq;
		}
		const oldest = recent[from]?.seq ?? Number.POSITIVE_INFINITY;
		while (this.seqs.length > 0 && this.seqs[0]! < oldest) {
			this.elements.shift();
			this.seqs.shift();
		}
		return this.elements.bytes();
	}
}

/** tcpchat/1 knew no room names and no topics; members' notices are not shown to it (see isMemberNotice). */
function encodeV1(event: RoomEvent): string | undefined {
	if (isMemberNotice(event)) return undefined;
	const {room: _room, ...rest} = event;
	return JSON.stringify(rest);
}

/**
 * One room: its members, its topic, the last events (history) and the fan-out of each event
 * to every member. Its events get their `seq` from, and are kept by, whatever `publish` leads
 * to (the room backend): the room itself never touches the store or another server.
 */
export class Room<M extends RoomMember = RoomMember> {
	readonly name: string;
	topic: string;
	/** Messages said here since the server started, for the dashboard. */
	messages = 0;
	/** ms since the epoch (IRC's 329). */
	readonly createdAt: number;
	/** A message was said here before this server started (the store remembers it). */
	private readonly heldBefore: boolean;
	private readonly members = new Set<M>();
	private readonly recent: RoomEvent[];
	/**
	 * The users as encoded JSON array elements, kept for welcomes: a join appends to it, so
	 * that a room of thousands neither re-encodes every member for every newcomer nor gives
	 * each newcomer its own copy of the list. A leave or a rename drops it, to be rebuilt once.
	 */
	private usersEncoded: JsonElements | undefined;
	private readonly historyV2 = new EncodedHistory(event => JSON.stringify(event));
	private historyV1: EncodedHistory | undefined;
	/** The presence news waiting to share a write, while it may still grow. */
	private batch: PresenceBatch | undefined;
	/** Messages delivered to the room and not yet to its members: they go together, when the backend settles. */
	private run: MessageRun<RoomMember> | undefined;
	/** Called for every event, once delivered, with the member it is about (one of this room's `M`s). */
	onEvent: ((event: RoomEvent, member: RoomMember | undefined) => void) | undefined;

	constructor(
		record: Pick<RoomRecord, 'name' | 'topic' | 'history' | 'createdAt' | 'heldMessage'>,
		private readonly historyLimit: number,
		private readonly publish: Publish,
		private readonly now: () => number,
	) {
		this.name = record.name;
		this.topic = record.topic;
		this.recent = historyLimit > 0 ? record.history.slice(-historyLimit).map(sanitiseEvent) : [];
		this.createdAt = record.createdAt ?? now();
		this.heldBefore = record.heldMessage ?? record.history.some(e => e.type === 'msg');
	}

	/** Whether the room holds something worth keeping when empty: a message ever said, or a topic. */
	get holdsSomething(): boolean {
		return this.heldBefore || this.messages > 0 || this.topic !== '';
	}

	get size(): number {
		return this.members.size;
	}

	has(member: M): boolean {
		return this.members.has(member);
	}

	values(): IterableIterator<M> {
		return this.members.values();
	}

	users(): UserInfo[] {
		const users: UserInfo[] = [];
		for (const m of this.members) users.push(userInfo(m));
		return users;
	}

	/** `users()` as the inside of a JSON array, UTF-8: shared bytes that are never modified. */
	usersBytes(): Buffer {
		if (this.usersEncoded === undefined) {
			this.usersEncoded = new JsonElements();
			for (const m of this.members) this.usersEncoded.push(JSON.stringify(userInfo(m)));
		}
		return this.usersEncoded.bytes();
	}

	/** `history()` as the inside of a JSON array in tcpchat `proto`'s form, UTF-8: shared bytes, never modified. */
	historyBytes(proto: number): Buffer {
		if (this.historyLimit <= 0) return Buffer.alloc(0);
		const encoded = proto === 1 ? (this.historyV1 ??= new EncodedHistory(encodeV1)) : this.historyV2;
		return encoded.bytes(this.recent, this.historyLimit);
	}

	history(): RoomEvent[] {
		return this.historyLimit > 0 ? this.recent.slice(-this.historyLimit) : [];
	}

	/**
	 * The room as `newcomer` is about to see it: as it is, plus the newcomer (whose join follows
	 * live) — or as it is, for a member shown it again.
	 */
	view(newcomer: M): RoomView {
		const me = userInfo(newcomer);
		const entry = JSON.stringify(me);
		const known = this.members.has(newcomer);
		return {
			name: this.name,
			topic: this.topic,
			createdAt: this.createdAt,
			users: () => (known ? this.users() : [...this.users(), me]),
			usersBytes: () => {
				const others = this.usersBytes();
				if (known) return [others];
				return others.length === 0 ? [Buffer.from(entry, 'utf8')] : [others, Buffer.from(`,${entry}`, 'utf8')];
			},
			history: () => this.history(),
			historyBytes: proto => this.historyBytes(proto),
		};
	}

	/** The caller has checked the limits; the join is delivered to everyone, the newcomer too. */
	join(member: M): void {
		this.members.add(member);
		this.usersEncoded?.push(JSON.stringify(userInfo(member)));
		this.send(member, {type: 'join', room: this.name, ts: this.now(), name: member.name});
	}

	/** `action`: a /me; `notice`: a notice (see SayFrame). */
	say(member: M, text: string, action: boolean, notice = false): void {
		this.messages++;
		const event: UnsequencedEvent = {type: 'msg', room: this.name, ts: this.now(), from: member.name, text};
		if (notice) event.notice = true;
		else if (action) event.action = true;
		this.send(member, event);
	}

	/** `member` has just been renamed from `from` (in the name registry): everyone here hears it, the member too. */
	renamed(member: M, from: string): void {
		this.usersEncoded = undefined;
		this.send(member, {type: 'nick', room: this.name, ts: this.now(), from, to: member.name});
	}

	/** An empty `text` clears the topic. */
	setTopic(member: M, text: string): void {
		this.topic = text;
		this.send(member, {type: 'topic', room: this.name, ts: this.now(), from: member.name, text});
	}

	/**
	 * Removes a member. A part is delivered to the member too (it asked); any other leave to
	 * everyone else. With `deliver: false` (shutdown) the leave is only recorded.
	 */
	leave(member: M, reason: LeaveReason, text?: string, deliver = true): void {
		if (!this.members.delete(member)) return;
		this.usersEncoded = undefined;
		const event: UnsequencedEvent = {type: 'leave', room: this.name, ts: this.now(), name: member.name, reason};
		if (text !== undefined && text.length > 0) event.text = text;
		this.send(member, event, deliver, reason === 'part' ? member : undefined);
	}

	/** Someone's away news changed the user list. */
	usersChanged(): void {
		this.usersEncoded = undefined;
	}

	/** A frame that is not a room event (a notice) to every member. */
	broadcast(out: Outgoing): void {
		for (const m of this.members) m.deliver(out);
	}

	private send(member: M, event: UnsequencedEvent, deliver = true, alsoTo?: M): void {
		this.publish(
			event,
			sequenced => {
				this.recent.push(sequenced);
				// Trimmed in batches, so that a long history does not cost a shift per event.
				if (this.recent.length >= 2 * this.historyLimit + 16) this.recent.splice(0, this.recent.length - this.historyLimit);
				if (deliver) {
					if (sequenced.type === 'msg') (this.run ??= new MessageRun()).add(sequenced, member);
					else {
						// What was said before it reaches everyone before it, as in seq order.
						this.settle();
						const out = this.outgoing(sequenced);
						this.broadcast(out);
						alsoTo?.deliver(out);
					}
				}
				this.onEvent?.(sequenced, member);
			},
			this.settle,
		);
	}

	/** The messages waiting, to every member at once: one call and one shared write per member, however many there are. */
	private readonly settle = (): void => {
		const run = this.run;
		if (run === undefined) return;
		this.run = undefined;
		for (const m of this.members) m.deliverRun(run);
	};

	private outgoing(event: RoomEvent): Outgoing {
		// In a big room presence news may wait a little to share writes (a join storm in a room of
		// thousands would otherwise cost a write per member per join); in a small one it goes at once.
		if (event.type === 'topic' || this.members.size < LAZY_PRESENCE_MEMBERS) return new Outgoing(event);
		if (this.batch === undefined || this.batch.sealed) this.batch = new PresenceBatch();
		return this.batch.add(event);
	}
}
