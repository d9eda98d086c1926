import type {ClientFrame, ErrorCode, HelloFrame, HistoryRequestFrame, LeaveReason, SearchRequestFrame, ServerFrame} from '../protocol/frames.js';
import {
	DEFAULT_HISTORY_PAGE,
	MAX_HISTORY_PAGE,
	MAX_SEARCH_CHARS,
	MAX_SEARCH_RESULTS,
	MAX_TOPIC_CHARS,
	MIN_PROTOCOL_VERSION,
	MIN_SEARCH_CHARS,
	PROTOCOL_VERSION,
} from '../protocol/limits.js';
import {nameProblem, nameTakenSentence} from '../protocol/names.js';
import {roomProblem} from '../protocol/room-names.js';
import {oneLineReason, sanitiseName, sanitiseText} from '../protocol/sanitise.js';
import {checkText} from '../protocol/text.js';
import type {Codec} from './codec.js';
import type {NameRegistry} from './name-registry.js';
import {Outgoing} from './outgoing.js';
import type {Room, RoomMember} from './room.js';
import type {HistoryPage} from './message-store.js';
import type {RoomBackend} from './room-backend.js';
import type {RoomManager} from './room-manager.js';
import type {ServerOptions} from './server-options.js';

/** What the requests need of a member's connection (a Session). */
export interface Member extends RoomMember {
	name: string;
	since: number;
	away: string;
	joined: boolean;
	/** The rooms it is in, in the order it joined them. */
	rooms: Room<this>[];
	readonly codec: Codec | undefined;
	sendFrame(frame: ServerFrame): void;
	sendError(code: ErrorCode, message: string, room?: string): void;
	/** Bytes a codec made for this member alone (a welcome, a `joined`). */
	sendBytes(bytes: Buffer | Buffer[] | undefined): void;
	/** Takes a token of the room-creation limit; false when over it. */
	mayCreateRoom(): boolean;
	/** Whether its address has made as many rooms, still there, as one address may. */
	holdsMostRooms(): boolean;
	/** It has just made `room`. */
	madeRoom(room: string): void;
}

export type RequestContext<M extends Member> = {
	readonly options: ServerOptions;
	readonly serverName: string;
	readonly names: NameRegistry<M>;
	readonly rooms: RoomManager<M>;
	now(): number;
	/** The member's name (or its rooms) changed: the server's listeners hear of it. */
	changed(member: M): void;
	/** Stores and delivers the room events published so far, now (see RoomBackend.flush). */
	commit(): void;
	/** Where older events are found. */
	readonly store: Pick<RoomBackend<M>, 'history' | 'search'>;
};

/** What one event of a `history` or `results` answer weighs, about, for its price (see answerBytes). */
const EVENT_BYTES = 128;
/** What a search is priced as, whatever it finds: the work is the store's more than the bytes'. */
const SEARCH_BYTES = 4096;

const SENTENCES = {
	already: 'you have already joined; use nick to change your name',
	v1Only: 'this connection speaks tcpchat/1, which has one room: say hello with "proto":2 for rooms',
	sayRoom: 'say needs a "room" in tcpchat/2',
	creating: 'you are making rooms too fast — wait a little',
	holdsMost: 'your address has made as many rooms as one address may: join one of the rooms there are (list shows them)',
	unavailable: 'the history cannot be read just now — try again later',
} as const;

/**
 * What a member can ask of the rooms — hello, join, part, say, topic, nick, away, private
 * messages, who and list — checked and carried out. One job: the chat's rules. The
 * connection (bytes, limits, deadlines) is the session's; the rooms' fan-out is theirs.
 */
export class MemberRequests<M extends Member> {
	constructor(private readonly context: RequestContext<M>) {}

	hello(member: M, frame: HelloFrame): void {
		const {names, rooms, options} = this.context;
		if (member.joined) return member.sendError('bad_frame', SENTENCES.already);
		if (!Number.isInteger(frame.proto)) return member.sendError('bad_frame', '"proto" must be a whole number');
		if (frame.proto < MIN_PROTOCOL_VERSION)
			return member.sendError('proto_unsupported', `this server speaks tcpchat/${MIN_PROTOCOL_VERSION} to tcpchat/${PROTOCOL_VERSION}`);
		const name = sanitiseName(frame.name);
		const problem = nameProblem(name);
		if (problem !== undefined) return member.sendError('name_invalid', problem);
		const other = names.holder(name);
		if (other !== undefined) return member.sendError('name_taken', nameTakenSentence(name, other.name));
		const codec = member.codec!;
		codec.chooseProto?.(frame.proto);
		// The welcome shows the rooms with every event published so far; what follows comes live.
		this.context.commit();
		member.name = name;
		member.since = this.context.now();
		member.joined = true;
		names.claim(member);
		const wanted = codec.proto === 1 || frame.rooms === undefined ? [options.defaultRoom] : frame.rooms;
		const errors: Array<[ErrorCode, string, string]> = [];
		const entering: Room<M>[] = [];
		for (const asked of wanted) {
			const found = this.enterable(member, asked, entering.length);
			if (Array.isArray(found)) errors.push(found);
			else if (!entering.includes(found)) entering.push(found);
		}
		// The welcome holds each room as it was, plus the newcomer; its own joins follow as live events.
		member.sendBytes(
			codec.encodeWelcome({server: this.context.serverName, you: name, motd: options.motd, rooms: entering.map(r => r.view(member))}),
		);
		// The codec learns of its rooms before their joins reach it (plain text shows them as "here").
		codec.roomsChanged?.(
			entering.map(r => r.name),
			entering[0]?.name,
		);
		for (const room of entering) this.enter(member, room);
		for (const [code, message, room] of errors) member.sendError(code, message, room);
		this.context.changed(member);
	}

	handle(member: M, frame: ClientFrame): void {
		// tcpchat/1 has one room, no topics and no list: answered, never silently done or dropped.
		if (member.codec?.proto === 1 && (frame.type === 'topic' || frame.type === 'list')) return member.sendError('bad_frame', SENTENCES.v1Only);
		switch (frame.type) {
			case 'say':
				return this.say(member, frame.room, frame.text, frame.action === true, frame.notice === true);
			case 'join':
				return this.join(member, frame.room);
			case 'part':
				return this.part(member, frame.room, frame.reason);
			case 'topic':
				return this.topic(member, frame.room, frame.text);
			case 'nick':
				return this.nick(member, frame.name);
			case 'dm':
				return this.dm(member, frame.to, frame.text, frame.notice === true);
			case 'away':
				return this.away(member, oneLineReason(frame.text));
			case 'who':
				return this.who(member, frame.room);
			case 'list':
				return member.sendFrame({type: 'rooms', rooms: this.context.rooms.list()});
			case 'history':
				return this.history(member, frame);
			case 'search':
				return this.search(member, frame);
			case 'hello':
				return member.sendError('bad_frame', SENTENCES.already);
			case 'ping':
			case 'pong':
			case 'bye':
				return;
		}
	}

	/** The member is going (quit, closed, kicked, …): one leave per room it was in, then its name is free. */
	leaveAll(member: M, reason: LeaveReason, text: string | undefined, deliver: boolean): void {
		if (!member.joined) return;
		for (const room of member.rooms) room.leave(member, reason, text, deliver);
		member.rooms = [];
		this.context.names.release(member);
		member.joined = false;
	}

	/** Bytes of what a question would be answered with, so that a big answer costs more (see Session). */
	answerBytes(member: M, frame: ClientFrame): number {
		switch (frame.type) {
			case 'who':
				return this.target(member, frame.room)?.usersBytes().length ?? 0;
			case 'list':
				return this.context.rooms.size * 48;
			case 'join': {
				// Joining a room one is in answers with the whole room again.
				const room = this.context.rooms.get(frame.room);
				return room && room.has(member) ? room.usersBytes().length + room.historyBytes(2).length : 0;
			}
			case 'history': {
				const limit = Math.min(MAX_HISTORY_PAGE, frame.limit ?? DEFAULT_HISTORY_PAGE);
				return Math.min(limit, (frame.before ?? Number.MAX_SAFE_INTEGER) - 1) * EVENT_BYTES;
			}
			case 'search':
				// Two tokens: five searches in a row, then one every 0.4 s (with the default --rate 5).
				return SEARCH_BYTES;
			default:
				return 0;
		}
	}

	/** The room a request names: tcpchat/1 always means the default room. */
	private target(member: M, room: string | undefined): Room<M> | undefined {
		const rooms = this.context.rooms;
		if (member.codec?.proto === 1 || room === undefined) return rooms.defaultRoom;
		return rooms.get(room);
	}

	/** A room `member` may enter (made if new), or the error that says why not. */
	private enterable(member: M, asked: string, alreadyEntering: number): Room<M> | [ErrorCode, string, string] {
		const name = sanitiseName(asked);
		const problem = roomProblem(name);
		if (problem !== undefined) return ['room_invalid', problem, name];
		const rooms = this.context.rooms;
		const existing = rooms.get(name);
		if (existing?.has(member)) return existing;
		const limit = this.context.options.maxRoomsPerMember;
		if (limit > 0 && member.rooms.length + alreadyEntering >= limit)
			return ['too_many_rooms', `you are in ${limit} rooms, the most a member may be in: part one first`, name];
		if (existing) return existing;
		if (member.holdsMostRooms()) return ['too_many_rooms', SENTENCES.holdsMost, name];
		if (!member.mayCreateRoom()) return ['rate_limited', SENTENCES.creating, name];
		const room = rooms.getOrCreate(name);
		if (room === 'full') return ['too_many_rooms', `the server has ${rooms.size} rooms, its most: join one of them (list shows them)`, name];
		member.madeRoom(room.name);
		return room;
	}

	private enter(member: M, room: Room<M>): void {
		if (room.has(member)) return;
		member.rooms.push(room);
		room.join(member);
	}

	/** A room the member is in, or undefined after telling it why not. */
	private memberRoom(member: M, asked: string | undefined, missing: string): Room<M> | undefined {
		if (asked === undefined && member.codec?.proto !== 1) {
			member.sendError('bad_frame', missing);
			return undefined;
		}
		const room = this.target(member, asked);
		if (room === undefined || !room.has(member)) {
			const name = sanitiseName(asked ?? '');
			member.sendError('not_in_room', room === undefined ? `there is no room ${name}` : `you are not in ${room.name}: join it first`, room?.name ?? name);
			return undefined;
		}
		return room;
	}

	private say(member: M, asked: string | undefined, text: string, action: boolean, notice: boolean): void {
		const room = this.memberRoom(member, asked, SENTENCES.sayRoom);
		if (!room) return;
		const check = checkText(text);
		if (!check.ok) return member.sendError(check.code, check.message, room.name);
		room.say(member, check.text, action, notice);
	}

	private join(member: M, asked: string): void {
		if (member.codec?.proto === 1) return member.sendError('bad_frame', SENTENCES.v1Only);
		const room = this.enterable(member, asked, 0);
		if (Array.isArray(room)) return member.sendError(...room);
		this.context.commit();
		// Joining a room one is in is harmless: it is shown again, nobody else hears of it.
		member.sendBytes(member.codec!.encodeJoined(room.view(member)));
		// The room joined (or joined again) is the one a person at nc now talks in.
		const names = member.rooms.map(r => r.name);
		member.codec?.roomsChanged?.(room.has(member) ? names : [...names, room.name], room.name);
		if (room.has(member)) return;
		this.enter(member, room);
		this.context.changed(member);
	}

	private part(member: M, asked: string, reason: string | undefined): void {
		if (member.codec?.proto === 1) return member.sendError('bad_frame', SENTENCES.v1Only);
		const room = this.memberRoom(member, asked, 'part needs a "room"');
		if (!room) return;
		// What was said in the room before the part still reaches the member, then its own leave,
		// both before its codec forgets the room.
		this.context.commit();
		member.rooms = member.rooms.filter(r => r !== room);
		room.leave(member, 'part', reason === undefined ? undefined : oneLineReason(reason) || undefined);
		this.context.commit();
		member.codec?.roomsChanged?.(member.rooms.map(r => r.name));
		this.context.changed(member);
	}

	private topic(member: M, asked: string, raw: string): void {
		const room = this.memberRoom(member, asked, 'topic needs a "room"');
		if (!room) return;
		const text = oneLineReason(raw, Number.POSITIVE_INFINITY);
		if ([...text].length > MAX_TOPIC_CHARS)
			return member.sendError('text_too_long', `a topic has at most ${MAX_TOPIC_CHARS} characters`, room.name);
		room.setTopic(member, text);
	}

	private nick(member: M, asked: string): void {
		const name = sanitiseName(asked);
		const problem = nameProblem(name);
		if (problem !== undefined) return member.sendError('name_invalid', problem);
		if (name === member.name) return;
		const names = this.context.names;
		const other = names.holder(name, member);
		if (other !== undefined) return member.sendError('name_taken', nameTakenSentence(name, other.name));
		const from = member.name;
		names.rename(member, name);
		for (const room of member.rooms) room.renamed(member, from);
		// In no room, nobody else shares the news: the member alone is told.
		if (member.rooms.length === 0) member.sendFrame({type: 'nick', ts: this.context.now(), from, to: name});
		this.context.changed(member);
	}

	private dm(member: M, to: string, text: string, notice: boolean): void {
		const check = checkText(text);
		if (!check.ok) return member.sendError(check.code, check.message);
		const name = sanitiseName(to);
		const target = this.context.names.find(name);
		if (target === undefined) return member.sendError('no_such_user', `no one called "${name}" is online`);
		const dm: ServerFrame = {type: 'dm', ts: this.context.now(), from: member.name, to: target.name, text: check.text};
		if (notice) dm.notice = true;
		target.sendFrame(dm);
		if (target !== member) member.sendFrame(dm);
		// Delivered all the same; the sender learns why no answer may come. A notice expects no
		// answer, and nothing is sent back for one (IRC sends no 301 for a NOTICE).
		if (target !== member && target.away && !notice) member.sendFrame({type: 'away', name: target.name, text: target.away});
	}

	/**
	 * Away (or back, with ''), told once to everyone who shares a room with the member, the
	 * member too; said again unchanged, only the member hears it back, as a confirmation.
	 */
	private away(member: M, text: string): void {
		// Not a room event, but told in the order it happened among them.
		this.context.commit();
		if (member.away === text) return member.sendFrame({type: 'away', name: member.name, text});
		member.away = text;
		const out = new Outgoing({type: 'away', name: member.name, text});
		const told = new Set<RoomMember>([member]);
		member.deliver(out);
		for (const room of member.rooms) {
			room.usersChanged();
			for (const other of room.values()) {
				if (told.has(other)) continue;
				told.add(other);
				other.deliver(out);
			}
		}
	}

	/**
	 * A page of a room's history for a dialect's own history command (IRC's CHATHISTORY), as the
	 * `history` frame reads it; undefined when the member is not in that room.
	 */
	readHistory(member: M, asked: string, before: number | undefined, limit: number): Promise<HistoryPage> | undefined {
		const room = this.context.rooms.get(asked);
		if (room === undefined || !room.has(member)) return undefined;
		this.context.commit();
		return this.context.store.history(room.name, before, Math.min(MAX_HISTORY_PAGE, limit));
	}

	/** A page of older events of a room the member is in, oldest first. */
	private history(member: M, frame: HistoryRequestFrame): void {
		if (member.codec?.proto === 1) return member.sendError('bad_frame', SENTENCES.v1Only);
		const room = this.memberRoom(member, frame.room, 'history needs a "room"');
		if (!room) return;
		const limit = Math.min(MAX_HISTORY_PAGE, frame.limit ?? DEFAULT_HISTORY_PAGE);
		this.context.store.history(room.name, frame.before, limit).then(
			page => member.sendFrame({type: 'history', room: room.name, events: page.events, more: page.more}),
			() => member.sendError('bad_frame', SENTENCES.unavailable, room.name),
		);
	}

	/** Messages containing a text, in one room the member is in or in all of them. */
	private search(member: M, frame: SearchRequestFrame): void {
		if (member.codec?.proto === 1) return member.sendError('bad_frame', SENTENCES.v1Only);
		const text = sanitiseText(frame.text).trim();
		const length = [...text].length;
		if (length === 0) return member.sendError('text_empty', 'say what to search for');
		if (length < MIN_SEARCH_CHARS) return member.sendError('bad_frame', `search for ${MIN_SEARCH_CHARS} characters or more`);
		if (length > MAX_SEARCH_CHARS) return member.sendError('text_too_long', `a search has at most ${MAX_SEARCH_CHARS} characters`);
		let rooms: string[];
		if (frame.room === undefined) rooms = member.rooms.map(r => r.name);
		else {
			const room = this.memberRoom(member, frame.room, '');
			if (!room) return;
			rooms = [room.name];
		}
		this.context.store.search({text, rooms, limit: MAX_SEARCH_RESULTS}).then(
			result =>
				member.sendFrame(result.partial ? {type: 'results', text, events: result.events, partial: true} : {type: 'results', text, events: result.events}),
			() => member.sendError('bad_frame', SENTENCES.unavailable),
		);
	}

	private who(member: M, asked: string | undefined): void {
		const room = this.target(member, asked);
		if (room === undefined) return member.sendError('no_such_room', `there is no room ${sanitiseName(asked ?? '')}`, sanitiseName(asked ?? ''));
		member.sendFrame({type: 'users', room: room.name, users: room.users()});
	}
}
