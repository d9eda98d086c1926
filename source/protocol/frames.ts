/**
 * The frames of tcpchat/2 (tcpchat/1 is served too: the same frames without rooms), one
 * discriminated union per direction.
 * Client frames are validated once, in `parse-client-frame.ts`; server frames once, in
 * `parse-server-frame.ts`. Everything past those two functions trusts these types.
 */

export type ErrorCode =
	| 'bad_json'
	| 'bad_frame'
	| 'frame_too_long'
	| 'not_joined'
	| 'name_invalid'
	| 'name_taken'
	| 'text_empty'
	| 'text_too_long'
	| 'rate_limited'
	| 'no_such_user'
	| 'server_full'
	| 'too_many_connections'
	/** Sent to a member the operator removes, just before the close; `message` is the reason. */
	| 'kicked'
	| 'room_invalid'
	| 'no_such_room'
	| 'not_in_room'
	| 'too_many_rooms'
	/** `proto` below 1 in hello. */
	| 'proto_unsupported';

export const ERROR_CODES: readonly ErrorCode[] = [
	'bad_json',
	'bad_frame',
	'frame_too_long',
	'not_joined',
	'name_invalid',
	'name_taken',
	'text_empty',
	'text_too_long',
	'rate_limited',
	'no_such_user',
	'server_full',
	'too_many_connections',
	'kicked',
	'room_invalid',
	'no_such_room',
	'not_in_room',
	'too_many_rooms',
	'proto_unsupported',
];

/**
 * `part` (the member asked) and `dropped` (the operator removed the room: only the member itself
 * is sent its own) leave one room and stay connected; every other reason is the end of the connection.
 */
export type LeaveReason = 'part' | 'dropped' | 'quit' | 'closed' | 'timeout' | 'kicked' | 'slow' | 'flood' | 'shutdown';

export const LEAVE_REASONS: readonly LeaveReason[] = [
	'part',
	'dropped',
	'quit',
	'closed',
	'timeout',
	'kicked',
	'slow',
	'flood',
	'shutdown',
];

// ---- client → server ----

/** `proto` is the highest version the client speaks; `rooms` (tcpchat/2) are joined at once. */
export type HelloFrame = {type: 'hello'; proto: number; name: string; rooms?: string[]};
/**
 * `room` is required in tcpchat/2; a tcpchat/1 member always speaks in the default room.
 * `action`: a /me; `notice`: a notice, which no program answers automatically (IRC's NOTICE:
 * two bots answering each other's messages would loop). At most one of the two.
 */
export type SayFrame = {type: 'say'; room?: string; text: string; action?: boolean; notice?: boolean};
export type NickRequestFrame = {type: 'nick'; name: string};
/** `notice`: as in `say`. */
export type DmRequestFrame = {type: 'dm'; to: string; text: string; notice?: boolean};
/** Without `room` (tcpchat/1): the default room. */
export type WhoFrame = {type: 'who'; room?: string};
export type PingFrame = {type: 'ping'};
export type PongFrame = {type: 'pong'};
export type ByeFrame = {type: 'bye'; reason?: string};
/** Marks the sender away with `text`; an empty `text` means back. */
export type AwayRequestFrame = {type: 'away'; text: string};
export type JoinRequestFrame = {type: 'join'; room: string};
export type PartRequestFrame = {type: 'part'; room: string; reason?: string};
/** An empty `text` clears the topic. */
export type TopicRequestFrame = {type: 'topic'; room: string; text: string};
export type ListFrame = {type: 'list'};
/**
 * Older events of a room the sender is in: the last `limit` (1–500, default 100) before the
 * event `before` (a seq; absent: the newest), answered by a `history` frame.
 */
export type HistoryRequestFrame = {type: 'history'; room: string; before?: number; limit?: number};
/** Messages containing `text` (2 characters or more) in `room`, or in every room the sender is in. */
export type SearchRequestFrame = {type: 'search'; text: string; room?: string};

export type ClientFrame =
	| HelloFrame
	| SayFrame
	| NickRequestFrame
	| DmRequestFrame
	| WhoFrame
	| PingFrame
	| PongFrame
	| ByeFrame
	| AwayRequestFrame
	| JoinRequestFrame
	| PartRequestFrame
	| TopicRequestFrame
	| ListFrame
	| HistoryRequestFrame
	| SearchRequestFrame;

// ---- server → client ----

/**
 * Room events carry their `room`, `seq` (one more per event, per room) and `ts` (ms since the
 * epoch), all the server's. tcpchat/1 readers get them without `room` (and no `topic` events).
 */
/** `action` (a /me) and `notice` (not to be answered automatically, see SayFrame) are present only when true. */
export type MsgEvent = {type: 'msg'; room: string; seq: number; ts: number; from: string; text: string; action?: boolean; notice?: boolean};
export type JoinEvent = {type: 'join'; room: string; seq: number; ts: number; name: string};
/** `text` is an optional human reason: the operator's words on a kick, a quit or part message. */
export type LeaveEvent = {type: 'leave'; room: string; seq: number; ts: number; name: string; reason: LeaveReason; text?: string};
export type NickEvent = {type: 'nick'; room: string; seq: number; ts: number; from: string; to: string};
/** An empty `text`: the topic was cleared. */
export type TopicEvent = {type: 'topic'; room: string; seq: number; ts: number; from: string; text: string};
export type RoomEvent = MsgEvent | JoinEvent | LeaveEvent | NickEvent | TopicEvent;

/** `away` is the member's away message, present only while it is away. */
export type UserInfo = {name: string; since: number; away?: string};

/** A room as its joiner first sees it: then its own `join` arrives live. */
export type JoinedFrame = {type: 'joined'; room: string; topic: string; users: UserInfo[]; history: RoomEvent[]};
export type RoomSnapshot = Omit<JoinedFrame, 'type'>;

/** tcpchat/2's welcome; a tcpchat/1 reader gets `users` and `history` of the default room instead of `rooms`. */
export type WelcomeFrame = {type: 'welcome'; proto: number; server: string; you: string; motd: string; rooms: RoomSnapshot[]};
/** A member's own rename while it is in no room: no room shares it, so it is told alone. */
export type RenamedFrame = {type: 'nick'; ts: number; from: string; to: string};
/** `notice` only when true (see SayFrame). */
export type DmFrame = {type: 'dm'; ts: number; from: string; to: string; text: string; notice?: boolean};
export type UsersFrame = {type: 'users'; room: string; users: UserInfo[]};
export type RoomInfo = {name: string; topic: string; users: number};
export type RoomsFrame = {type: 'rooms'; rooms: RoomInfo[]};
/** `room`: a notice to that room's members only. */
export type NoticeFrame = {type: 'notice'; ts: number; text: string; room?: string};
/** `room` when the error is about one. */
export type ErrorFrame = {type: 'error'; code: ErrorCode; message: string; room?: string};
/**
 * `name` is away with `text` (empty: back). Not a room event (no seq, not in history): sent to
 * everyone sharing a room with `name`, `name` included, and to whoever sends `name` a private
 * message meanwhile.
 */
export type AwayFrame = {type: 'away'; name: string; text: string};
/** The answer to `history`: oldest first; `more` when the store holds older events still. */
export type HistoryFrame = {type: 'history'; room: string; events: RoomEvent[]; more: boolean};
/**
 * The answer to `search`: matching messages, newest first, at most 100. `partial` when the
 * search stopped at its time budget before reaching the oldest message: older matches may exist.
 */
export type ResultsFrame = {type: 'results'; text: string; events: RoomEvent[]; partial?: boolean};

export type ServerFrame =
	| WelcomeFrame
	| JoinedFrame
	| RoomEvent
	| RenamedFrame
	| DmFrame
	| UsersFrame
	| RoomsFrame
	| NoticeFrame
	| ErrorFrame
	| AwayFrame
	| HistoryFrame
	| ResultsFrame
	| PingFrame
	| PongFrame;

export function isRoomEvent(frame: ServerFrame): frame is RoomEvent {
	switch (frame.type) {
		case 'msg':
		case 'join':
		case 'leave':
		case 'topic':
			return true;
		case 'nick':
			return 'seq' in frame;
		default:
			return false;
	}
}

/**
 * A member's notice (a `msg` or `dm` with `notice`). tcpchat/1 readers are not sent these:
 * they cannot be told a message is a notice, so a tcpchat/1 bot would answer it like any
 * message — the loop between bots that notices exist to prevent.
 */
export function isMemberNotice(frame: ServerFrame): boolean {
	return (frame.type === 'msg' || frame.type === 'dm') && frame.notice === true;
}
