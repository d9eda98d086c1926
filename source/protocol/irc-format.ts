import type {LeaveReason, MsgEvent, RoomEvent, ServerFrame, UserInfo} from './frames.js';
import {messageId} from './irc-chathistory.js';
import {serialiseIrc} from './irc-message.js';
import {ircNick, ircSource} from './irc-names.js';
import {RPL} from './irc-numerics.js';
import {splitIrcText} from './irc-text.js';
import {MAX_TOPIC_CHARS} from './limits.js';
import {oneLineReason} from './sanitise.js';

/**
 * tcpchat frames as IRC lines (without CR LF), pure. Every text here was sanitised by the
 * server (no control characters but tab and newline); newlines become separate messages, and
 * every parameter loses CR, LF and NUL once more here, so no text can ever start a line of its own.
 */

/** The server's own source, and the name in numerics. It holds a dot: no nick can be it. */
export const IRC_SERVER = 'tcpchat.server';
/** Bytes of a line the server sends, CR LF included, tags not counted (ircdocs). */
export const IRC_LINE_BYTES = 512;

// Line breaks and NUL would end or cut the line: a space. Other control characters (but tab and
// \x01, CTCP's own) could drive a terminal: removed. What the server relays has none already;
// this covers what a client's own line is echoed with (an unknown command, a bad target).
// eslint-disable-next-line no-control-regex
const BREAKS = /[\r\n\0]/g;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0002-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** A line: `trailing` puts the usual `:` before a last parameter that is text. */
export function ircLine(source: string | undefined, verb: string, params: readonly string[], tags?: Record<string, string>, trailing = true): string {
	const clean = params.map(p => p.replace(BREAKS, ' ').replace(CONTROLS, ''));
	const line = serialiseIrc({tags, source, verb, params: clean}, trailing);
	// Nearly every line fits with its tags counted too: serialised once, measured once.
	if (Buffer.byteLength(line) + 2 <= IRC_LINE_BYTES) return line;
	return serialiseIrc({tags, source, verb, params: fitLastParam(source, verb, clean, trailing)}, trailing);
}

/**
 * A topic, an away text or a reason is limited in characters, so in Chinese or emoji its line
 * can pass 512 bytes, which clients and bouncers cut or drop: its end gives way, with `…`.
 * (Messages are split into several lines instead, by textLines.)
 */
function fitLastParam(source: string | undefined, verb: string, params: string[], trailing: boolean): string[] {
	const body = Buffer.byteLength(`${serialiseIrc({source, verb, params}, trailing)}\r\n`);
	if (body <= IRC_LINE_BYTES || params.length === 0) return params;
	const last = params.at(-1)!;
	const budget = Buffer.byteLength(last) - (body - IRC_LINE_BYTES) - Buffer.byteLength(ELLIPSIS);
	let kept = '';
	let bytes = 0;
	for (const char of last) {
		bytes += Buffer.byteLength(char);
		if (bytes > budget) break;
		kept += char;
	}
	return [...params.slice(0, -1), `${kept}${ELLIPSIS}`];
}

const ELLIPSIS = '…';

/** A numeric from the server to `nick`. */
export function numeric(code: string, nick: string, ...params: string[]): string {
	return ircLine(IRC_SERVER, code, [nick, ...params]);
}

export function ircTime(ts: number): string {
	return new Date(ts).toISOString();
}

/**
 * PRIVMSG (or NOTICE) lines saying `text`, cut to fit 512 bytes with the source and target;
 * an action is a CTCP ACTION in every part.
 */
export function textLines(
	verb: 'PRIVMSG' | 'NOTICE',
	source: string,
	target: string,
	text: string,
	action = false,
	tags?: Record<string, string>,
	/** Tags of the first line only (a `msgid`: one message, however many lines it takes). */
	firstTags?: Record<string, string>,
): string[] {
	const overhead = Buffer.byteLength(`:${source} ${verb} ${target} :\r\n`, 'utf8') + (action ? 9 : 0);
	return splitIrcText(text, IRC_LINE_BYTES - overhead).map((part, i) =>
		ircLine(source, verb, [target, action ? `\u0001ACTION ${part}\u0001` : part], i === 0 && firstTags ? {...tags, ...firstTags} : tags),
	);
}

/**
 * A room message as IRC lines; `id`: with its `msgid` tag. A notice is a NOTICE, live and in
 * history alike: IRC clients and bots never answer one automatically.
 */
export function messageLines(m: MsgEvent, tags: Record<string, string> | undefined, id: boolean): string[] {
	const verb = m.notice ? 'NOTICE' : 'PRIVMSG';
	return textLines(verb, ircSource(m.from), m.room, m.text, m.action === true && !m.notice, tags, id ? {msgid: messageId(m)} : undefined);
}

/** How history shown as the server's notices names a message's author: `<bob> `, `* bob ` (a /me), `-bob- ` (a notice). */
function authorPrefix(m: MsgEvent): string {
	const nick = ircNick(m.from);
	return m.notice ? `-${nick}- ` : m.action ? `* ${nick} ` : `<${nick}> `;
}

const QUIT_WORDS: Record<Exclude<LeaveReason, 'part' | 'kicked' | 'dropped'>, string> = {
	quit: 'Quit',
	closed: 'Connection closed',
	timeout: 'Ping timeout',
	slow: 'Max SendQ exceeded',
	flood: 'Excess flood',
	shutdown: 'Server shutting down',
};

/** The words of a QUIT (or of ERROR's "Closing Link") for a way of leaving. */
export function quitText(reason: LeaveReason, text?: string): string {
	if (reason === 'part') return text ?? '';
	if (reason === 'kicked') return text ? `Kicked: ${text}` : 'Kicked by the operator';
	if (reason === 'dropped') return droppedText(text);
	const words = QUIT_WORDS[reason];
	return text ? `${words}: ${text}` : words;
}

/** The reason of the KICK a member of a room the operator removed is sent. */
function droppedText(text: string | undefined): string {
	return text ? `The operator removed this channel: ${text}` : 'The operator removed this channel';
}

/** How a reader sees events: with IRCv3 `server-time` tags or without; AWAY lines (`away-notify`) or none; `msgid` tags (`message-tags`) or none. */
export type IrcView = {time: boolean; awayNotify: boolean; msgid: boolean};

function timeTags(view: IrcView, ts: number): Record<string, string> | undefined {
	return view.time ? {time: ircTime(ts)} : undefined;
}

/** A room event as everyone in the room reads it (the reader's own join and echo are the codec's business). */
export function ircEventLines(event: RoomEvent, view: IrcView): string[] {
	const tags = timeTags(view, event.ts);
	switch (event.type) {
		case 'msg':
			return messageLines(event, tags, view.msgid);
		case 'join':
			return [ircLine(ircSource(event.name), 'JOIN', [event.room], tags, false)];
		case 'leave': {
			const text = event.text === undefined ? undefined : oneLineReason(event.text);
			if (event.reason === 'part')
				return [ircLine(ircSource(event.name), 'PART', text ? [event.room, text] : [event.room], tags, Boolean(text))];
			if (event.reason === 'kicked') return [ircLine(IRC_SERVER, 'KICK', [event.room, ircNick(event.name), text || 'kicked by the operator'], tags)];
			// A room the operator removed: a KICK from the server is what every IRC client shows as
			// "removed from the channel, by whom and why" (a PART would claim the member left).
			if (event.reason === 'dropped') return [ircLine(IRC_SERVER, 'KICK', [event.room, ircNick(event.name), droppedText(text)], tags)];
			return [ircLine(ircSource(event.name), 'QUIT', [quitText(event.reason, text)], tags)];
		}
		case 'nick':
			return [ircLine(ircSource(event.from), 'NICK', [ircNick(event.to)], tags, false)];
		case 'topic':
			return [ircLine(ircSource(event.from), 'TOPIC', [event.room, oneLineReason(event.text, MAX_TOPIC_CHARS)], tags)];
	}
}

/** Frames every member of a room (or of the server) receives alike: room events, a room's notice, away news. */
export function ircSharedLines(frame: ServerFrame, view: IrcView): string[] {
	switch (frame.type) {
		case 'msg':
		case 'join':
		case 'leave':
		case 'topic':
			return ircEventLines(frame, view);
		case 'nick':
			return 'seq' in frame ? ircEventLines(frame, view) : [ircLine(ircSource(frame.from), 'NICK', [ircNick(frame.to)], timeTags(view, frame.ts), false)];
		case 'notice':
			return textLines('NOTICE', IRC_SERVER, frame.room ?? '$*', frame.text, false, timeTags(view, frame.ts));
		case 'away': {
			if (!view.awayNotify) return [];
			const text = oneLineReason(frame.text);
			return [text ? ircLine(ircSource(frame.name), 'AWAY', [text]) : ircLine(ircSource(frame.name), 'AWAY', [])];
		}
		default:
			return [];
	}
}

/** 353 lines (cut to fit 512 bytes) and the 366 that ends them. */
export function namesLines(nick: string, room: string, users: readonly UserInfo[]): string[] {
	const lines: string[] = [];
	const head = Buffer.byteLength(`:${IRC_SERVER} ${RPL.NAMREPLY} ${nick} = ${room} :\r\n`, 'utf8');
	let names: string[] = [];
	let bytes = head;
	for (const user of users) {
		const name = ircNick(user.name);
		const size = Buffer.byteLength(name, 'utf8') + 1;
		if (names.length > 0 && bytes + size > IRC_LINE_BYTES) {
			lines.push(numeric(RPL.NAMREPLY, nick, '=', room, names.join(' ')));
			names = [];
			bytes = head;
		}
		names.push(name);
		bytes += size;
	}
	if (names.length > 0) lines.push(numeric(RPL.NAMREPLY, nick, '=', room, names.join(' ')));
	lines.push(numeric(RPL.ENDOFNAMES, nick, room, 'End of /NAMES list.'));
	return lines;
}

/** 352 for each member and the 315 that ends them; `H` here, `G` gone (away). */
export function whoLines(nick: string, mask: string, entries: ReadonlyArray<{user: UserInfo; room?: string}>): string[] {
	const lines = entries.map(({user, room}) => {
		const n = ircNick(user.name);
		return numeric(RPL.WHOREPLY, nick, room ?? '*', n, 'tcpchat', IRC_SERVER, n, user.away ? 'G' : 'H', `0 ${n}`);
	});
	lines.push(numeric(RPL.ENDOFWHO, nick, mask, 'End of /WHO list.'));
	return lines;
}

/** "14:02" in the server's local time, for history shown as notices. */
function clock(ts: number): string {
	const date = new Date(ts);
	return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/**
 * How a joiner's client takes the room's history: in a batch with times, with times, or as
 * the server's notices; not at all (`none`) when it fetches it itself (`draft/chathistory`).
 */
export type HistoryView = {time: boolean; batch: boolean; batchId: string; msgid: boolean; none?: boolean};

/**
 * A room's recent messages for its joiner. With `server-time` each is the message it was, at
 * its time (inside a `chathistory` batch with `batch`); without, a NOTICE from the server
 * per line, `[14:02] <bob> hi` (`[14:02] -bob- hi` for a notice), which no client mistakes
 * for something said now.
 */
export function historyLines(room: string, events: readonly RoomEvent[], view: HistoryView): string[] {
	const messages = events.filter(e => e.type === 'msg');
	if (messages.length === 0 || view.none) return [];
	const lines: string[] = [];
	if (!view.time) {
		for (const m of messages) {
			const who = authorPrefix(m);
			lines.push(...textLines('NOTICE', IRC_SERVER, room, m.text.split('\n').map(l => `[${clock(m.ts)}] ${who}${l}`).join('\n')));
		}
		return lines;
	}
	if (view.batch) lines.push(ircLine(IRC_SERVER, 'BATCH', [`+${view.batchId}`, 'chathistory', room], undefined, false));
	for (const m of messages) lines.push(...messageLines(m, view.batch ? {batch: view.batchId, time: ircTime(m.ts)} : {time: ircTime(m.ts)}, view.msgid));
	if (view.batch) lines.push(ircLine(IRC_SERVER, 'BATCH', [`-${view.batchId}`], undefined, false));
	return lines;
}

/** A CHATHISTORY answer: its messages in a `chathistory` batch, each with its time and id. */
export function chathistoryLines(target: string, messages: readonly MsgEvent[], batchId: string): string[] {
	return [
		ircLine(IRC_SERVER, 'BATCH', [`+${batchId}`, 'chathistory', target], undefined, false),
		...messages.flatMap(m => messageLines(m, {batch: batchId, time: ircTime(m.ts)}, true)),
		ircLine(IRC_SERVER, 'BATCH', [`-${batchId}`], undefined, false),
	];
}

/** What a joiner sees of a room: its JOIN, the topic, the names, then the recent history. */
export function joinLines(
	nick: string,
	room: {name: string; topic: string; users: readonly UserInfo[]; history: readonly RoomEvent[]},
	me: string,
	view: HistoryView,
): string[] {
	const lines = [ircLine(ircSource(me), 'JOIN', [room.name], undefined, false)];
	const topic = oneLineReason(room.topic, MAX_TOPIC_CHARS);
	if (topic) lines.push(numeric(RPL.TOPIC, nick, room.name, topic));
	lines.push(...namesLines(nick, room.name, room.users));
	lines.push(...historyLines(room.name, room.history, view));
	return lines;
}
