import type {Charset} from '../protocol/charset.js';
import type {ErrorFrame, ServerFrame, UserInfo} from '../protocol/frames.js';
import {type IrcCap, capCommand} from '../protocol/irc-caps.js';
import {IRC_SERVER, type IrcView, ircLine, ircSharedLines, joinLines, namesLines, numeric, quitText, textLines, whoLines} from '../protocol/irc-format.js';
import {parseIrcLine} from '../protocol/irc-message.js';
import {IRC_HOST, ircNick, ircSource} from '../protocol/irc-names.js';
import {ERR, RPL} from '../protocol/irc-numerics.js';
import {welcomeLines} from '../protocol/irc-welcome.js';
import {MAX_TOPIC_CHARS} from '../protocol/limits.js';
import {roomKey} from '../protocol/room-names.js';
import {oneLineReason} from '../protocol/sanitise.js';
import type {Codec, CodecContext, Dialect, Intent, RoomView, WelcomeSource} from './codec.js';
import type {HistoryReader} from '../protocol/irc-chathistory.js';
import {chathistoryAnswer} from './irc-chathistory-command.js';
import {type Ask, IrcCommands} from './irc-commands.js';
import type {FrameEncoder} from './outgoing.js';

/** A client line: 512 bytes with its CR LF, after at most 8191 bytes of tags (ircdocs, IRCv3 message-tags). */
export const IRC_MAX_TAG_BYTES = 8191;
export const IRC_MAX_LINE_BYTES = 512;

const NOOP: FrameEncoder = () => undefined;

function linesBuffer(lines: readonly string[]): Buffer | undefined {
	return lines.length === 0 ? undefined : Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
}

/**
 * The shared encoders, one per way of reading that changes the bytes (server-time tags, AWAY
 * lines, msgid tags): an event is encoded at most eight times, however many IRC members read it.
 */
const SHARED: readonly FrameEncoder[] = [0, 1, 2, 3, 4, 5, 6, 7].map(k => {
	const view: IrcView = {time: (k & 1) !== 0, awayNotify: (k & 2) !== 0, msgid: (k & 4) !== 0};
	return (frame: ServerFrame) => linesBuffer(ircSharedLines(frame, view));
});

/**
 * One IRC client's connection. Registration (CAP, NICK, USER, PASS in any order) happens here
 * and ends in one `hello`; every command becomes the tcpchat frames the other dialects send,
 * or an answer of IRC's own that needs no server; every frame out becomes IRC lines. The codec
 * keeps only what IRC asks it to know about its own connection: the capabilities, the rooms
 * it is in and their topics, which command the replies that follow answer.
 */
class IrcCodec implements Codec {
	readonly name = 'irc';
	readonly pings = true;
	readonly proto = 2;
	readonly maxLineBytes = IRC_MAX_TAG_BYTES + IRC_MAX_LINE_BYTES;
	readonly caps = new Set<IrcCap>();
	/** Key → name of the rooms the member is in. */
	readonly rooms = new Map<string, string>();
	readonly topics = new Map<string, string>();
	readonly created = new Map<string, number>();
	motd = '';
	pingToken = IRC_SERVER;
	registered = false;
	/** Which command the replies that follow answer. */
	current: Ask = {verb: ''};
	private readonly commands: IrcCommands;
	/** The name of the last QUIT written, and of the last rename: one per member, not one per shared room. */
	private lastQuit: string | undefined;
	private lastNick: string | undefined;
	private batches = 0;
	private historyQueue: Promise<void> = Promise.resolve();
	private readonly own: FrameEncoder = frame => linesBuffer(this.privateLines(frame));

	constructor(readonly context: CodecContext) {
		this.commands = new IrcCommands(this);
	}

	/** The member's nick as numerics address it: `*` before registration. */
	nick(): string {
		const me = this.context.me();
		return me ? ircNick(me) : '*';
	}

	has(cap: IrcCap): boolean {
		return this.caps.has(cap);
	}

	encoderFor(frame: ServerFrame): FrameEncoder {
		const lastQuit = this.lastQuit;
		const lastNick = this.lastNick;
		this.lastQuit = this.lastNick = undefined;
		const me = this.context.me();
		switch (frame.type) {
			case 'join':
				// The welcome or the `joined` already wrote the member's own JOIN, before its names.
				if (frame.name === me) return NOOP;
				break;
			case 'msg':
				if (frame.from === me && !this.has('echo-message')) return NOOP;
				break;
			case 'leave':
				if (frame.reason !== 'part' && frame.reason !== 'kicked' && frame.reason !== 'dropped') {
					this.lastQuit = frame.name;
					if (lastQuit === frame.name) return NOOP;
				}
				break;
			case 'nick':
				if ('seq' in frame) {
					this.lastNick = `${frame.from}\n${frame.to}`;
					if (lastNick === this.lastNick) return NOOP;
				}
				break;
			case 'topic':
				this.topics.set(roomKey(frame.room), frame.text);
				break;
			case 'notice':
				if (frame.room === undefined) return this.own;
				break;
			case 'away':
				if (frame.name === me) return this.own;
				break;
		}
		return SHARED[(this.has('server-time') ? 1 : 0) | (this.has('away-notify') ? 2 : 0) | (this.has('message-tags') ? 4 : 0)]!;
	}

	encodeFor(frame: ServerFrame): Buffer | undefined {
		return this.own(frame);
	}

	encodeWelcome(w: WelcomeSource): Buffer | undefined {
		this.registered = true;
		this.motd = w.motd;
		const stats = this.context.stats();
		const nick = ircNick(w.you);
		const lines = welcomeLines({
			nick,
			version: w.server,
			motd: w.motd,
			online: stats.online,
			rooms: stats.rooms,
			startedAt: stats.startedAt,
			maxRoomsPerMember: this.context.options.maxRoomsPerMember,
		});
		for (const room of w.rooms) lines.push(...this.roomLines(room, w.you));
		return linesBuffer(lines);
	}

	encodeJoined(room: RoomView): Buffer | undefined {
		return linesBuffer(this.roomLines(room, this.context.me()));
	}

	encodeLines(lines: readonly string[]): Buffer | undefined {
		return linesBuffer(lines);
	}

	interpret(line: string, joined: boolean): Intent | readonly Intent[] {
		const tooLong = this.tooLong(line);
		if (tooLong) return {kind: 'lines', lines: [numeric(ERR.INPUTTOOLONG, this.nick(), tooLong)]};
		const message = parseIrcLine(line);
		if (message === undefined) return {kind: 'ignore'};
		return this.commands.interpret(message.verb.toUpperCase(), message.params, joined);
	}

	begin(intent: Intent): void {
		this.current = this.commands.askOf(intent);
	}

	roomsChanged(rooms: readonly string[]): void {
		this.rooms.clear();
		for (const room of rooms) this.rooms.set(roomKey(room), room);
		for (const key of this.created.keys()) if (!this.rooms.has(key)) this.created.delete(key);
	}

	farewell(reason: Parameters<NonNullable<Codec['farewell']>>[0], text: string | undefined): Buffer | undefined {
		const why = !this.registered && reason === 'timeout' ? 'Registration timed out' : quitText(reason, text);
		return linesBuffer([ircLine(undefined, 'ERROR', [`Closing Link: ${IRC_HOST} (${why})`])]);
	}

	private roomLines(room: RoomView, me: string): string[] {
		this.topics.set(roomKey(room.name), room.topic);
		this.created.set(roomKey(room.name), room.createdAt);
		const batch = `h${++this.batches}`;
		return joinLines(ircNick(me), {name: room.name, topic: room.topic, users: room.users(), history: room.history()}, me, {
			time: this.has('server-time'),
			batch: this.has('batch'),
			batchId: batch,
			msgid: this.has('message-tags'),
			// A client that fetches history itself is not sent it unasked.
			none: this.has('draft/chathistory'),
		});
	}

	/** A line over IRC's limits: the sentence of its 417, or '' when it is within them. */
	private tooLong(line: string): string {
		let rest = line;
		if (line.startsWith('@')) {
			const space = line.indexOf(' ');
			const tags = space === -1 ? line : line.slice(0, space + 1);
			if (Buffer.byteLength(tags, 'utf8') > IRC_MAX_TAG_BYTES) return `Input line was too long (tags past ${IRC_MAX_TAG_BYTES} bytes)`;
			rest = space === -1 ? '' : line.slice(space + 1);
		}
		return Buffer.byteLength(rest, 'utf8') + 2 > IRC_MAX_LINE_BYTES ? `Input line was too long (${IRC_MAX_LINE_BYTES} bytes at most)` : '';
	}

	/** A frame for this member alone, or one only this member reads this way (its own away, a notice to everyone). */
	private privateLines(frame: ServerFrame): string[] {
		const nick = this.nick();
		const me = this.context.me();
		switch (frame.type) {
			case 'error':
				return this.errorLines(frame);
			case 'dm': {
				// The sender's own copy is its echo.
				if (frame.from === me && frame.to !== me && !this.has('echo-message')) return [];
				const tags = this.has('server-time') ? {time: new Date(frame.ts).toISOString()} : undefined;
				return textLines(frame.notice ? 'NOTICE' : 'PRIVMSG', ircSource(frame.from), ircNick(frame.to), frame.text, false, tags);
			}
			case 'users': {
				if (this.current.verb === 'WHO') return whoLines(nick, frame.room, frame.users.map((user: UserInfo) => ({user, room: frame.room})));
				return namesLines(nick, frame.room, frame.users);
			}
			case 'rooms': {
				const wanted = this.current.verb === 'LIST' && this.current.filter ? new Set(this.current.filter.map(roomKey)) : undefined;
				const lines = [numeric(RPL.LISTSTART, nick, 'Channel', 'Users  Name')];
				for (const r of frame.rooms) {
					if (wanted && !wanted.has(roomKey(r.name))) continue;
					lines.push(numeric(RPL.LIST, nick, r.name, String(r.users), oneLineReason(r.topic, MAX_TOPIC_CHARS)));
				}
				lines.push(numeric(RPL.LISTEND, nick, 'End of /LIST'));
				return lines;
			}
			case 'notice':
				return textLines('NOTICE', IRC_SERVER, frame.room ?? nick, frame.text);
			case 'away': {
				if (frame.name === me)
					return [frame.text ? numeric(RPL.NOWAWAY, nick, 'You have been marked as being away') : numeric(RPL.UNAWAY, nick, 'You are no longer marked as being away')];
				const text = oneLineReason(frame.text);
				return text ? [numeric(RPL.AWAY, nick, ircNick(frame.name), text)] : [];
			}
			case 'ping':
				return [ircLine(undefined, 'PING', [IRC_SERVER])];
			case 'pong':
				return [ircLine(IRC_SERVER, 'PONG', [IRC_SERVER, this.pingToken])];
			case 'nick':
				if (!('seq' in frame)) return [ircLine(ircSource(frame.from), 'NICK', [ircNick(frame.to)], undefined, false)];
				return ircSharedLines(frame, this.view());
			default:
				return ircSharedLines(frame, this.view());
		}
	}

	private view(): IrcView {
		return {time: this.has('server-time'), awayNotify: this.has('away-notify'), msgid: this.has('message-tags')};
	}

	/** One CHATHISTORY request, answered once the store has read it; requests are answered in turn. */
	chathistory(params: readonly string[]): void {
		this.historyQueue = this.historyQueue.then(() => this.answerHistory(params)).catch(() => {});
	}

	private async answerHistory(params: readonly string[]): Promise<void> {
		const lines = await chathistoryAnswer(params, {
			nick: this.nick(),
			rooms: [...this.rooms.values()],
			read: room => {
				if (!this.rooms.has(roomKey(room))) return undefined;
				const reader: HistoryReader = (before, limit) => this.context.history(room, before, limit) ?? Promise.reject(new Error(`not in ${room}`));
				return reader;
			},
			batchId: () => `c${++this.batches}`,
		});
		this.context.send(linesBuffer(lines));
	}

	/** A tcpchat error as the numeric an IRC client expects for the command it answers. */
	private errorLines(frame: ErrorFrame): string[] {
		const nick = this.nick();
		const {verb, target} = this.current;
		// Nothing answers a NOTICE automatically.
		if (verb === 'NOTICE') return [];
		const room = frame.room ?? target ?? '*';
		switch (frame.code) {
			case 'name_invalid':
				this.commands.helloRefused();
				return [numeric(ERR.ERRONEUSNICKNAME, nick, target ?? '*', `Erroneous nickname: ${frame.message}`)];
			case 'name_taken':
				this.commands.helloRefused();
				return [numeric(ERR.NICKNAMEINUSE, nick, target ?? '*', `Nickname is already in use: ${frame.message}`)];
			case 'not_joined':
				return [numeric(ERR.NOTREGISTERED, nick, 'You have not registered')];
			case 'frame_too_long':
				return [numeric(ERR.INPUTTOOLONG, nick, 'Input line was too long')];
			case 'text_empty':
				return [numeric(ERR.NOTEXTTOSEND, nick, 'No text to send')];
			case 'no_such_user':
				return [numeric(ERR.NOSUCHNICK, nick, target ?? '*', 'No such nick/channel')];
			case 'room_invalid':
				return [numeric(ERR.NOSUCHCHANNEL, nick, room, frame.message)];
			case 'no_such_room':
				if (verb === 'NAMES') return [numeric(RPL.ENDOFNAMES, nick, room, 'End of /NAMES list.')];
				if (verb === 'WHO') return [numeric(RPL.ENDOFWHO, nick, room, 'End of /WHO list.')];
				return [numeric(ERR.NOSUCHCHANNEL, nick, room, 'No such channel')];
			case 'not_in_room':
				if (frame.message.startsWith('there is no room')) return [numeric(ERR.NOSUCHCHANNEL, nick, room, 'No such channel')];
				if (verb === 'PRIVMSG') return [numeric(ERR.CANNOTSENDTOCHAN, nick, room, 'Cannot send to channel (join it first)')];
				return [numeric(ERR.NOTONCHANNEL, nick, room, "You're not on that channel")];
			case 'too_many_rooms':
				return [numeric(ERR.TOOMANYCHANNELS, nick, room, frame.message)];
			case 'rate_limited':
				return [ircLine(IRC_SERVER, 'NOTICE', [nick, `*** ${frame.message}: that line was dropped`])];
			case 'kicked': {
				const why = frame.message || 'kicked by the operator';
				return [...this.rooms.values()].map(r => ircLine(IRC_SERVER, 'KICK', [r, nick, why]));
			}
			default:
				return [numeric(ERR.UNKNOWNERROR, nick, verb || '*', frame.message)];
		}
	}
}

/** IRC: a first line that opens a registration, the way every IRC client starts. */
export const IRC_DIALECT: Dialect = {
	name: 'irc',
	detect: firstLine => /^(?:CAP|NICK|USER|PASS) \S/.test(firstLine),
	create: (context: CodecContext, _charset: Charset) => new IrcCodec(context),
};

export type {IrcCodec};
