import type {ClientFrame, ErrorCode, RoomEvent, ServerFrame, UserInfo} from '../protocol/frames.js';
import type {FrameEncoder} from './outgoing.js';

/** What one line from a client asks the session to do, whatever the dialect it came in. */
export type Intent =
	| {kind: 'frame'; frame: ClientFrame}
	| {kind: 'error'; code: ErrorCode; message: string}
	/** An answer only this dialect has (help, usage), already readable lines. */
	| {kind: 'lines'; lines: string[]}
	| {kind: 'ignore'};

/** What a welcome holds, with the room's cached encodings for the big parts. */
export type WelcomeSource = {
	server: string;
	you: string;
	motd: string;
	/** Every member, the newcomer included. */
	users(): UserInfo[];
	history(): RoomEvent[];
	/** The inside of the users' JSON array as UTF-8 pieces to write in order; the big ones are shared bytes, never modified. */
	usersBytes(): Buffer[];
	/** The history as the inside of a JSON array, UTF-8: shared bytes, never modified. */
	historyBytes(): Buffer;
};

/**
 * A dialect adapts one way of talking (tcpchat/1 JSON, plain text, later IRC) to the room's
 * frames, in both directions. Sessions hold one; the room never sees them.
 */
export type DialectAdapter = {
	readonly name: 'json' | 'plain';
	/** Whether keepalive pings are sent (a person at nc cannot answer them). */
	readonly pings: boolean;
	/** Encodes frames that read the same for every member (room events, notices); cached per event. */
	readonly shared: FrameEncoder;
	/** Encodes a frame for one reader (welcome, private messages, errors). */
	encodeFor(frame: ServerFrame, viewer: string | null): Buffer | undefined;
	/** The welcome: big in a big room, so dialects may use the room's cached encodings. */
	encodeWelcome(source: WelcomeSource): Buffer | Buffer[] | undefined;
	/** Readable lines of this dialect's own (greeting, help); undefined where it has none. */
	encodeLines(lines: readonly string[]): Buffer | undefined;
	interpret(line: string, joined: boolean): Intent;
};
