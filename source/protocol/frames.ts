/**
 * The frames of tcpchat/1, one discriminated union per direction.
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
	| 'kicked';

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
];

export type LeaveReason = 'quit' | 'closed' | 'timeout' | 'kicked' | 'slow' | 'flood' | 'shutdown';

export const LEAVE_REASONS: readonly LeaveReason[] = [
	'quit',
	'closed',
	'timeout',
	'kicked',
	'slow',
	'flood',
	'shutdown',
];

// ---- client → server ----

export type HelloFrame = {type: 'hello'; proto: number; name: string};
export type SayFrame = {type: 'say'; text: string; action?: boolean};
export type NickRequestFrame = {type: 'nick'; name: string};
export type DmRequestFrame = {type: 'dm'; to: string; text: string};
export type WhoFrame = {type: 'who'};
export type PingFrame = {type: 'ping'};
export type PongFrame = {type: 'pong'};
export type ByeFrame = {type: 'bye'; reason?: string};
/** Marks the sender away with `text`; an empty `text` means back. */
export type AwayRequestFrame = {type: 'away'; text: string};

export type ClientFrame =
	| HelloFrame
	| SayFrame
	| NickRequestFrame
	| DmRequestFrame
	| WhoFrame
	| PingFrame
	| PongFrame
	| ByeFrame
	| AwayRequestFrame;

// ---- server → client ----

/** Room events carry `seq` (one more per event) and `ts` (ms since the epoch), both the server's. */
export type MsgEvent = {type: 'msg'; seq: number; ts: number; from: string; text: string; action?: boolean};
export type JoinEvent = {type: 'join'; seq: number; ts: number; name: string};
/** `text` is an optional human reason, e.g. the operator's words on a kick. */
export type LeaveEvent = {type: 'leave'; seq: number; ts: number; name: string; reason: LeaveReason; text?: string};
export type NickEvent = {type: 'nick'; seq: number; ts: number; from: string; to: string};
export type RoomEvent = MsgEvent | JoinEvent | LeaveEvent | NickEvent;

/** `away` is the member's away message, present only while it is away. */
export type UserInfo = {name: string; since: number; away?: string};

export type WelcomeFrame = {
	type: 'welcome';
	proto: number;
	server: string;
	you: string;
	users: UserInfo[];
	history: RoomEvent[];
	motd: string;
};
export type DmFrame = {type: 'dm'; ts: number; from: string; to: string; text: string};
export type UsersFrame = {type: 'users'; users: UserInfo[]};
export type NoticeFrame = {type: 'notice'; ts: number; text: string};
export type ErrorFrame = {type: 'error'; code: ErrorCode; message: string};
/**
 * `name` is away with `text` (empty: back). Not a room event (no seq, not in history): sent to
 * everyone in the room, `name` included, and to whoever sends `name` a private message meanwhile.
 */
export type AwayFrame = {type: 'away'; name: string; text: string};

export type ServerFrame =
	| WelcomeFrame
	| RoomEvent
	| DmFrame
	| UsersFrame
	| NoticeFrame
	| ErrorFrame
	| AwayFrame
	| PingFrame
	| PongFrame;

export function isRoomEvent(frame: ServerFrame): frame is RoomEvent {
	return (
		frame.type === 'msg' || frame.type === 'join' || frame.type === 'leave' || frame.type === 'nick'
	);
}
