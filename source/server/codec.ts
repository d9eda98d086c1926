import type {ClientFrame, ErrorCode, LeaveReason, RoomEvent, ServerFrame, UserInfo} from '../protocol/frames.js';
import type {Charset} from '../protocol/charset.js';
import type {HistoryPage} from './message-store.js';
import type {FrameEncoder} from './outgoing.js';

/** What one line from a client asks the session to do, whatever the dialect it came in. */
export type Intent =
	| {kind: 'frame'; frame: ClientFrame}
	| {kind: 'error'; code: ErrorCode; message: string}
	/**
	 * An answer only this dialect has (help, usage; IRC's numerics that need no server round
	 * trip), already lines of it. `control`: priced like a keepalive (IRC's CAP, PONG and the
	 * MODE queries every client sends on joining), not like a message.
	 */
	| {kind: 'lines'; lines: string[]; control?: boolean}
	/**
	 * A dialect's own read of the store (IRC's CHATHISTORY): priced as the frame whose answer
	 * it is like (`history` of the same limit, or `list`), and run only once admitted, so that
	 * a refused request costs the store nothing.
	 */
	| {kind: 'read'; pricedAs: ClientFrame; run(): void}
	| {kind: 'ignore'};

/**
 * A room as a newcomer is shown it (in a welcome or a `joined`), with the room's cached
 * encodings for the big parts, so that a room of thousands is not encoded again per newcomer.
 */
export type RoomView = {
	name: string;
	topic: string;
	/** When the room was made, ms since the epoch. */
	createdAt: number;
	/** Every member, the newcomer included. */
	users(): UserInfo[];
	history(): RoomEvent[];
	/** The inside of the users' JSON array as UTF-8 pieces to write in order; the big ones are shared bytes, never modified. */
	usersBytes(): Buffer[];
	/** The history as the inside of a JSON array, UTF-8, as tcpchat `proto` writes it: shared bytes, never modified. */
	historyBytes(proto: number): Buffer;
};

export type WelcomeSource = {
	server: string;
	you: string;
	motd: string;
	/** The rooms joined at hello, the default room first for a tcpchat/1 member. */
	rooms: RoomView[];
};

/** Someone online, as a dialect's own lookups (IRC's WHOIS, USERHOST, ISON) need them. */
export type MemberInfo = {name: string; since: number; away: string; rooms: string[]};

/** What a codec may ask of its connection (and, through it, of the server). */
export type CodecContext = {
	/** The member's name ('' before the hello). */
	me(): string;
	/** Who is online under `name` (case ignored), whatever dialect they speak. */
	lookup(name: string): MemberInfo | undefined;
	/** The server's figures, for a welcome that tells them (IRC's LUSERS). */
	stats(): {online: number; rooms: number; startedAt: number};
	/** The settings a dialect may advertise (IRC's ISUPPORT). */
	readonly options: {readonly maxRoomsPerMember: number};
	/** A page of a room's history, as the `history` frame reads it; undefined when the member is not in that room (IRC's CHATHISTORY). */
	history(room: string, before: number | undefined, limit: number): Promise<HistoryPage> | undefined;
	/** Bytes for this connection at any time: an answer that took a while (a history read). */
	send(bytes: Buffer | undefined): void;
};

/**
 * One connection's way of talking (tcpchat JSON, plain text, later IRC), both ways: lines in
 * become intents, frames out become bytes. The room never sees codecs: it hands every member
 * the same `Outgoing`, and the codec says which shared encoder turns it into its bytes, so that
 * an event is encoded once per encoder, whatever the number of members.
 */
export type Codec = {
	readonly name: 'json' | 'plain' | 'irc';
	/** Bytes a line from the client may have, terminator included (tcpchat's 8192 when not given). */
	readonly maxLineBytes?: number;
	/** Whether keepalive pings are sent (a person at nc cannot answer them). */
	readonly pings: boolean;
	/** The tcpchat version this connection is served: 1 (one room, no room names) or 2. */
	readonly proto: number;
	/**
	 * The shared encoder for a frame every member of a room receives (room events, notices, away
	 * news). For the messages of one room it may tell apart only the member's own from the rest:
	 * a room's messages are handed over as one run (see Session.deliverRun).
	 */
	encoderFor(frame: ServerFrame): FrameEncoder;
	/** A frame for this reader only (errors, private messages, answers). */
	encodeFor(frame: ServerFrame): Buffer | undefined;
	encodeWelcome(source: WelcomeSource): Buffer | Buffer[] | undefined;
	/** The room a member just joined (tcpchat/2's `joined`). */
	encodeJoined(room: RoomView): Buffer | Buffer[] | undefined;
	/** Readable lines of this dialect's own (greeting, help); undefined where it has none. */
	encodeLines(lines: readonly string[]): Buffer | undefined;
	/** One line: one intent, or several (IRC's `JOIN #a,#b`), carried out in order. */
	interpret(line: string, joined: boolean): Intent | readonly Intent[];
	/** The replies that follow (errors, answers) are to this intent, one `interpret` returned. */
	begin?(intent: Intent): void;
	/** Last words before a graceful close (IRC's ERROR), once the connection is ending for `reason`. */
	farewell?(reason: LeaveReason, text: string | undefined): Buffer | undefined;
	/** The rooms the member is in changed: `joined` is the one it just entered, if any. */
	roomsChanged?(rooms: readonly string[], joined?: string): void;
	/** The hello chose this version (JSON: the lower of the client's and ours). */
	chooseProto?(proto: number): void;
	/** From now on this connection reads and writes GB18030 (plain text from a Chinese Windows telnet). */
	useCharset?(charset: Charset): void;
};

/**
 * A dialect: how to tell it from a connection's first line, and how to make a codec for that
 * connection. The server tries them in the order of `DIALECTS` (dialects.ts); a third one is a
 * file of its own and a line in that list.
 */
export type Dialect = {
	readonly name: Codec['name'];
	detect(firstLine: string): boolean;
	create(context: CodecContext, charset: Charset): Codec;
};
