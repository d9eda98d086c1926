import {CHATHISTORY_LIMIT} from './irc-chathistory.js';
import {IRC_SERVER, numeric} from './irc-format.js';
import {RPL, ERR} from './irc-numerics.js';
import {MAX_NAME_CHARS, MAX_ROOM_NAME_CHARS, MAX_TOPIC_CHARS} from './limits.js';
import {MAX_REASON_CHARS} from './sanitise.js';

/** Recipients of one PRIVMSG or NOTICE: more would let one line cost the room many messages. */
export const MAX_TARGETS = 4;

/** What the welcome of an IRC connection tells: who it is, what the server is, its numbers. */
export type IrcWelcome = {
	/** The member's nick, as IRC writes it. */
	nick: string;
	/** `tcpchat/0.1.0` */
	version: string;
	motd: string;
	online: number;
	rooms: number;
	/** ms since the epoch */
	startedAt: number;
	maxRoomsPerMember: number;
};

/**
 * ISUPPORT (005) tokens: what this server is, in the words clients read. No PREFIX modes (no
 * operators), no WHOX: nothing is advertised that is not implemented. Every
 * client tag is dropped (CLIENTTAGDENY=*): tcpchat has nowhere to carry them.
 */
export function isupportTokens(w: Pick<IrcWelcome, 'maxRoomsPerMember'>): string[] {
	return [
		'CASEMAPPING=rfc8265',
		'CHANTYPES=#',
		`CHANLIMIT=#:${w.maxRoomsPerMember > 0 ? w.maxRoomsPerMember : ''}`,
		`CHANNELLEN=${MAX_ROOM_NAME_CHARS + 1}`,
		'CHANMODES=b,,,n',
		'PREFIX=',
		`NICKLEN=${MAX_NAME_CHARS}`,
		`TOPICLEN=${MAX_TOPIC_CHARS}`,
		`AWAYLEN=${MAX_REASON_CHARS}`,
		`KICKLEN=${MAX_REASON_CHARS}`,
		'NETWORK=tcpchat',
		'UTF8ONLY',
		'CLIENTTAGDENY=*',
		`TARGMAX=JOIN:,PART:,PRIVMSG:${MAX_TARGETS},NOTICE:${MAX_TARGETS},NAMES:,WHOIS:1,USERHOST:5,ISON:`,
		`MAXTARGETS=${MAX_TARGETS}`,
		`CHATHISTORY=${CHATHISTORY_LIMIT}`,
		'MSGREFTYPES=msgid,timestamp',
	];
}

export function motdLines(nick: string, motd: string): string[] {
	const lines = motd.split('\n').filter(l => l.trim() !== '');
	if (lines.length === 0) return [numeric(ERR.NOMOTD, nick, 'MOTD File is missing')];
	return [
		numeric(RPL.MOTDSTART, nick, `- ${IRC_SERVER} Message of the day - `),
		...lines.map(l => numeric(RPL.MOTD, nick, `- ${l}`)),
		numeric(RPL.ENDOFMOTD, nick, 'End of /MOTD command.'),
	];
}

export function lusersLines(nick: string, online: number, rooms: number): string[] {
	return [
		numeric(RPL.LUSERCLIENT, nick, `There are ${online} users and 0 invisible on 1 servers`),
		numeric(RPL.LUSERCHANNELS, nick, String(rooms), 'channels formed'),
		numeric(RPL.LUSERME, nick, `I have ${online} clients and 0 servers`),
	];
}

/** 001–005, LUSERS and the MOTD (or 422): after this a client (HexChat too) is registered and autojoins. */
export function welcomeLines(w: IrcWelcome): string[] {
	const version = w.version.replace('/', '-');
	const tokens = isupportTokens(w);
	const isupport: string[] = [];
	// At most 13 tokens a line, as clients expect.
	for (let i = 0; i < tokens.length; i += 13) isupport.push(numeric(RPL.ISUPPORT, w.nick, ...tokens.slice(i, i + 13), 'are supported by this server'));
	return [
		numeric(RPL.WELCOME, w.nick, `Welcome to the tcpchat IRC gateway, ${w.nick}`),
		numeric(RPL.YOURHOST, w.nick, `Your host is ${IRC_SERVER}, running version ${version}`),
		numeric(RPL.CREATED, w.nick, `This server was started ${new Date(w.startedAt).toUTCString()}`),
		numeric(RPL.MYINFO, w.nick, IRC_SERVER, version, 'i', 'bn'),
		...isupport,
		...lusersLines(w.nick, w.online, w.rooms),
		...motdLines(w.nick, w.motd),
	];
}
