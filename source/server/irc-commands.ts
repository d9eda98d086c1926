import type {ClientFrame} from '../protocol/frames.js';
import {type IrcCap, capCommand} from '../protocol/irc-caps.js';
import {IRC_SERVER, numeric, whoLines} from '../protocol/irc-format.js';
import {IRC_HOST, ircNick, tcpchatName} from '../protocol/irc-names.js';
import {ERR, RPL} from '../protocol/irc-numerics.js';
import {readIrcText, stripIrcFormatting} from '../protocol/irc-text.js';
import {MAX_TARGETS, lusersLines, motdLines} from '../protocol/irc-welcome.js';
import {MAX_TOPIC_CHARS, PROTOCOL_VERSION} from '../protocol/limits.js';
import {roomKey} from '../protocol/room-names.js';
import {oneLineReason} from '../protocol/sanitise.js';
import type {CodecContext, Intent} from './codec.js';
import {chathistoryPricedAs} from './irc-chathistory-command.js';

/** The command a reply answers, and what it was about: errors and answers read differently for each. */
export type Ask = {verb: string; target?: string; filter?: string[]};

/** What the commands need of their codec. */
export type IrcState = {
	readonly context: CodecContext;
	readonly caps: Set<IrcCap>;
	readonly rooms: ReadonlyMap<string, string>;
	readonly topics: ReadonlyMap<string, string>;
	/** When each room the member is in was made (ms since the epoch), by key. */
	readonly created: ReadonlyMap<string, number>;
	readonly motd: string;
	pingToken: string;
	nick(): string;
	/** Starts answering a CHATHISTORY (the answer takes a store read). */
	chathistory(params: readonly string[]): void;
};

const IGNORE: Intent = {kind: 'ignore'};

/** User modes a client may set on itself without being told no (irssi sets +i on connecting). */
const HARMLESS_USER_MODES = /^[+-][iw]*$/;

/**
 * IRC commands as intents: tcpchat frames for what the server decides (who may join, say,
 * rename), IRC's own lines for what the codec knows already (CAP, MODE, TOPIC queries) or
 * can look up (WHOIS, USERHOST, ISON). Each intent remembers its command (`askOf`), so that an
 * error coming back is told with the numeric for that command.
 */
export class IrcCommands {
	private readonly asks = new WeakMap<Intent, Ask>();
	private wantedNick = '';
	private userGiven = false;
	/** CAP LS or REQ came before registration: it waits for CAP END. */
	private negotiating = false;
	private helloOut = false;

	constructor(private readonly state: IrcState) {}

	askOf(intent: Intent): Ask {
		return this.asks.get(intent) ?? {verb: ''};
	}

	/** The hello was refused (432, 433): the next NICK tries again. */
	helloRefused(): void {
		this.helloOut = false;
	}

	interpret(verb: string, params: readonly string[], joined: boolean): Intent | Intent[] {
		if (!joined) return this.registering(verb, params);
		switch (verb) {
			case 'PRIVMSG':
			case 'NOTICE':
				return this.message(verb, params);
			case 'JOIN':
				return this.join(params);
			case 'PART':
				return this.part(params);
			case 'NICK':
				return this.rename(params);
			case 'TOPIC':
				return this.topic(params);
			case 'NAMES':
				return this.names(params);
			case 'WHO':
				return this.who(params);
			case 'WHOIS':
				return this.whois(params);
			case 'LIST':
				return this.ask({type: 'list'}, {verb, filter: params[0]?.split(',').filter(Boolean)});
			case 'MODE':
				return this.mode(params);
			case 'USERHOST':
				return this.userhost(params);
			case 'ISON':
				return this.ison(params);
			case 'AWAY':
				return this.ask({type: 'away', text: stripIrcFormatting(params[0] ?? '')}, {verb});
			case 'LUSERS': {
				const stats = this.state.context.stats();
				return this.lines(lusersLines(this.state.nick(), stats.online, stats.rooms));
			}
			case 'MOTD':
				return this.lines(motdLines(this.state.nick(), this.state.motd));
			case 'CAP':
				return this.cap(params);
			case 'USER':
			case 'PASS':
				return this.lines([numeric(ERR.ALREADYREGISTERED, this.state.nick(), 'You may not reregister')]);
			case 'CHATHISTORY':
				// The answer follows once read.
				return {kind: 'read', pricedAs: chathistoryPricedAs(params), run: () => this.state.chathistory(params)};
			case 'TAGMSG':
				// Client-only tags have nowhere to go in tcpchat (CLIENTTAGDENY=*).
				return IGNORE;
			case 'KICK':
			case 'INVITE':
				return this.lines([numeric(ERR.CHANOPRIVSNEEDED, this.state.nick(), params[0] ?? '*', "You're not a channel operator: tcpchat rooms have none")]);
			case 'OPER':
				return this.lines([numeric(ERR.NOOPERHOST, this.state.nick(), 'No O-lines for your host: the operator is at the server')]);
			default:
				return this.common(verb, params) ?? this.lines([numeric(ERR.UNKNOWNCOMMAND, this.state.nick(), verb, 'Unknown command')]);
		}
	}

	/** Commands that mean the same before and after registration. */
	private common(verb: string, params: readonly string[]): Intent | Intent[] | undefined {
		switch (verb) {
			case 'PING':
				this.state.pingToken = params[0] ?? IRC_SERVER;
				return {kind: 'frame', frame: {type: 'ping'}};
			case 'PONG':
				return {kind: 'frame', frame: {type: 'pong'}};
			case 'QUIT': {
				const reason = params[0] === undefined ? '' : oneLineReason(stripIrcFormatting(params[0]));
				return {kind: 'frame', frame: reason ? {type: 'bye', reason} : {type: 'bye'}};
			}
			default:
				return undefined;
		}
	}

	/** CAP, NICK, USER and PASS in any order; the hello goes once there are a nick and a user and CAP has ended. */
	private registering(verb: string, params: readonly string[]): Intent | Intent[] {
		switch (verb) {
			case 'CAP':
				return [...this.cap(params), ...this.hello()];
			case 'NICK':
				if (!params[0]) return this.lines([numeric(ERR.NONICKNAMEGIVEN, '*', 'No nickname given')], true);
				this.wantedNick = params[0];
				return this.hello(true);
			case 'USER':
				if (params.length < 4) return this.lines([numeric(ERR.NEEDMOREPARAMS, '*', 'USER', 'Not enough parameters')], true);
				this.userGiven = true;
				return this.hello(true);
			case 'PASS':
				// No accounts: a password changes nothing (and no `sasl` is advertised).
				return IGNORE;
			default:
				return this.common(verb, params) ?? this.lines([numeric(ERR.NOTREGISTERED, '*', 'You have not registered')]);
		}
	}

	private hello(alone = false): Intent[] {
		if (!this.wantedNick || !this.userGiven || this.negotiating || this.helloOut) return alone ? [IGNORE] : [];
		this.helloOut = true;
		const frame: ClientFrame = {type: 'hello', proto: PROTOCOL_VERSION, name: tcpchatName(this.wantedNick)};
		return [this.ask(frame, {verb: 'NICK', target: this.wantedNick})];
	}

	private cap(params: readonly string[]): Intent[] {
		const outcome = capCommand(params[0] ?? '', params.slice(1), this.state.caps, this.state.context.me() ? this.state.nick() : '*');
		const registered = this.state.context.me() !== '';
		if (outcome.suspend && !registered) this.negotiating = true;
		if (outcome.end) this.negotiating = false;
		return outcome.lines.length > 0 ? [{kind: 'lines', lines: outcome.lines, control: true}] : [];
	}

	private message(verb: 'PRIVMSG' | 'NOTICE', params: readonly string[]): Intent | Intent[] {
		const nick = this.state.nick();
		if (!params[0]) return verb === 'NOTICE' ? IGNORE : this.lines([numeric(ERR.NORECIPIENT, nick, `No recipient given (${verb})`)]);
		if (params[1] === undefined || params[1] === '') return verb === 'NOTICE' ? IGNORE : this.lines([numeric(ERR.NOTEXTTOSEND, nick, 'No text to send')]);
		const text = readIrcText(params[1]);
		// CTCP queries (VERSION, PING, …) have no one to answer them on the other side; a CTCP in a
		// NOTICE (ACTION too) is a reply to such a query, which no one here asked.
		if (text.kind === 'ctcp' || (verb === 'NOTICE' && text.kind === 'action')) return IGNORE;
		const notice = verb === 'NOTICE';
		const intents: Intent[] = [];
		const targets = [...new Set(params[0].split(',').filter(Boolean))];
		// As ISUPPORT says (TARGMAX, MAXTARGETS): the first few are sent to, the rest refused by name.
		for (const target of targets.slice(MAX_TARGETS)) {
			if (verb === 'PRIVMSG') intents.push(this.lines([numeric(ERR.TOOMANYTARGETS, nick, target, `Too many recipients: ${MAX_TARGETS} at most`)]));
		}
		for (const target of targets.slice(0, MAX_TARGETS)) {
			if (target.startsWith('#')) {
				const frame: ClientFrame = {type: 'say', room: target, text: text.text};
				if (text.kind === 'action') frame.action = true;
				// A NOTICE stays one for every reader: nothing may answer it automatically.
				if (notice) frame.notice = true;
				intents.push(this.ask(frame, {verb, target}));
			} else {
				// A private message has no /me in tcpchat: it says so in words.
				const said = text.kind === 'action' ? `* ${this.state.context.me()} ${text.text}` : text.text;
				const to = tcpchatName(target);
				intents.push(this.ask(notice ? {type: 'dm', to, text: said, notice: true} : {type: 'dm', to, text: said}, {verb, target}));
			}
		}
		return intents;
	}

	private join(params: readonly string[]): Intent | Intent[] {
		if (!params[0]) return this.needMore('JOIN');
		// JOIN 0 leaves every channel.
		if (params[0] === '0') return [...this.state.rooms.values()].map(room => this.ask({type: 'part', room}, {verb: 'PART', target: room}));
		const intents: Intent[] = [];
		const seen = new Set<string>();
		// Keys (the second parameter) are ignored: tcpchat rooms have none.
		for (const room of params[0].split(',').filter(Boolean)) {
			const key = roomKey(room);
			if (seen.has(key) || this.state.rooms.has(key)) continue;
			seen.add(key);
			intents.push(this.ask({type: 'join', room}, {verb: 'JOIN', target: room}));
		}
		return intents;
	}

	private part(params: readonly string[]): Intent | Intent[] {
		if (!params[0]) return this.needMore('PART');
		const reason = params[1] === undefined ? undefined : stripIrcFormatting(params[1]);
		return params[0]
			.split(',')
			.filter(Boolean)
			.map(room => this.ask(reason ? {type: 'part', room, reason} : {type: 'part', room}, {verb: 'PART', target: room}));
	}

	private rename(params: readonly string[]): Intent {
		if (!params[0]) return this.lines([numeric(ERR.NONICKNAMEGIVEN, this.state.nick(), 'No nickname given')]);
		const name = tcpchatName(params[0]);
		if (name === this.state.context.me()) return IGNORE;
		return this.ask({type: 'nick', name}, {verb: 'NICK', target: params[0]});
	}

	private topic(params: readonly string[]): Intent {
		const nick = this.state.nick();
		const room = params[0];
		if (!room) return this.needMore('TOPIC');
		if (params.length >= 2) return this.ask({type: 'topic', room, text: stripIrcFormatting(params[1]!)}, {verb: 'TOPIC', target: room});
		const key = roomKey(room);
		const name = this.state.rooms.get(key);
		if (name === undefined) return this.lines([numeric(ERR.NOTONCHANNEL, nick, room, "You're not on that channel")]);
		const topic = oneLineReason(this.state.topics.get(key) ?? '', MAX_TOPIC_CHARS);
		return this.lines([topic ? numeric(RPL.TOPIC, nick, name, topic) : numeric(RPL.NOTOPIC, nick, name, 'No topic is set')]);
	}

	private names(params: readonly string[]): Intent[] {
		const rooms = params[0] ? params[0].split(',').filter(Boolean) : [...this.state.rooms.values()];
		return rooms.map(room => this.ask({type: 'who', room}, {verb: 'NAMES', target: room}));
	}

	private who(params: readonly string[]): Intent {
		const nick = this.state.nick();
		const mask = params[0] ?? '*';
		if (mask.startsWith('#')) return this.ask({type: 'who', room: mask}, {verb: 'WHO', target: mask});
		const found = mask.includes('*') ? undefined : this.state.context.lookup(tcpchatName(mask));
		const entries = found ? [{user: {name: found.name, since: found.since, away: found.away || undefined}, room: found.rooms[0]}] : [];
		return this.lines(whoLines(nick, mask, entries));
	}

	private whois(params: readonly string[]): Intent {
		const nick = this.state.nick();
		const target = params.at(-1);
		if (!target) return this.lines([numeric(ERR.NONICKNAMEGIVEN, nick, 'No nickname given')]);
		const found = this.state.context.lookup(tcpchatName(target));
		if (!found) return this.lines([numeric(ERR.NOSUCHNICK, nick, target, 'No such nick/channel'), numeric(RPL.ENDOFWHOIS, nick, target, 'End of /WHOIS list.')]);
		const n = ircNick(found.name);
		const lines = [numeric(RPL.WHOISUSER, nick, n, n, IRC_HOST, '*', n)];
		if (found.rooms.length > 0) lines.push(numeric(RPL.WHOISCHANNELS, nick, n, found.rooms.join(' ')));
		lines.push(numeric(RPL.WHOISSERVER, nick, n, IRC_SERVER, 'tcpchat'));
		if (found.away) lines.push(numeric(RPL.AWAY, nick, n, found.away));
		lines.push(numeric(RPL.WHOISIDLE, nick, n, '0', String(Math.floor(found.since / 1000)), 'seconds idle, signon time'));
		lines.push(numeric(RPL.ENDOFWHOIS, nick, n, 'End of /WHOIS list.'));
		return this.lines(lines);
	}

	/** Channel modes are answered from what tcpchat rooms are (+n, no bans, no operators); user modes: +i. */
	private mode(params: readonly string[]): Intent {
		const nick = this.state.nick();
		const target = params[0];
		if (!target) return this.needMore('MODE');
		if (target.startsWith('#')) {
			const name = this.state.rooms.get(roomKey(target));
			if (name === undefined) return this.lines([numeric(ERR.NOTONCHANNEL, nick, target, "You're not on that channel")], true);
			const modes = params[1];
			if (modes === undefined) {
				// 329 is the channel's own creation time (clients show "created on …"; some merge channels by it).
				const created = this.state.created.get(roomKey(target)) ?? this.state.context.stats().startedAt;
				return this.lines([numeric(RPL.CHANNELMODEIS, nick, name, '+n'), numeric(RPL.CREATIONTIME, nick, name, String(Math.floor(created / 1000)))], true);
			}
			if (params.length === 2 && /^\+?[beI]$/.test(modes)) {
				const list = modes.replace('+', '');
				const end = list === 'b' ? numeric(RPL.ENDOFBANLIST, nick, name, 'End of channel ban list') : list === 'e' ? numeric(RPL.ENDOFEXCEPTLIST, nick, name, 'End of channel exception list') : numeric(RPL.ENDOFINVITELIST, nick, name, 'End of channel invite list');
				return this.lines([end], true);
			}
			return this.lines([numeric(ERR.CHANOPRIVSNEEDED, nick, name, "You're not a channel operator: tcpchat rooms have none")], true);
		}
		if (tcpchatName(target) !== this.state.context.me()) return this.lines([numeric(ERR.USERSDONTMATCH, nick, "Can't view or change modes for other users")], true);
		const modes = params[1];
		if (modes === undefined) return this.lines([numeric(RPL.UMODEIS, nick, '+i')], true);
		if (HARMLESS_USER_MODES.test(modes)) return {kind: 'ignore'};
		return this.lines([numeric(ERR.UMODEUNKNOWNFLAG, nick, 'Unknown MODE flag')], true);
	}

	private userhost(params: readonly string[]): Intent {
		const nick = this.state.nick();
		if (params.length === 0) return this.needMore('USERHOST');
		const replies = params.slice(0, 5).flatMap(target => {
			const found = this.state.context.lookup(tcpchatName(target));
			if (!found) return [];
			const n = ircNick(found.name);
			return [`${n}=${found.away ? '-' : '+'}${n}@${IRC_HOST}`];
		});
		return this.lines([numeric(RPL.USERHOST, nick, replies.join(' '))]);
	}

	private ison(params: readonly string[]): Intent {
		const nick = this.state.nick();
		if (params.length === 0) return this.needMore('ISON');
		const online = params
			.flatMap(p => p.split(' '))
			.filter(Boolean)
			.flatMap(target => {
				const found = this.state.context.lookup(tcpchatName(target));
				return found ? [ircNick(found.name)] : [];
			});
		return this.lines([numeric(RPL.ISON, nick, online.join(' '))]);
	}

	private needMore(verb: string): Intent {
		return this.lines([numeric(ERR.NEEDMOREPARAMS, this.state.nick(), verb, 'Not enough parameters')]);
	}

	private lines(lines: string[], control = false): Intent {
		return control ? {kind: 'lines', lines, control} : {kind: 'lines', lines};
	}

	private ask(frame: ClientFrame, ask: Ask): Intent {
		const intent: Intent = {kind: 'frame', frame};
		this.asks.set(intent, ask);
		return intent;
	}
}

