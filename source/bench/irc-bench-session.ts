/**
 * What an IRC bench client says and when, without a socket: registration (NICK/USER, then
 * 001 and the end of the MOTD, 376 or 422, before joining, as HexChat and irssi do), the JOIN
 * of the bench channel (done at its 366), PING answered with PONG, and which lines are news
 * of others joining. Pure, so that it works against any IRC server the same way and can be
 * tested without one. Stamped PRIVMSGs never get here on the fast path (the byte scanner
 * takes them); with `--parse full` they do, and are read here.
 */
import type {IrcMessage} from '../protocol/irc-message.js';
import {readStamp} from './delivery-scanner.js';

export const BENCH_CHANNEL = '#bench';

/** RFC 2812's nick length, still ngIRCd's default (`MaxNickLength`): every bench nick fits it. */
export const IRC_NICK_LENGTH = 9;

const BASE = 36;

/**
 * A nick for client `index` of a run: `prefix` (a letter and two characters that differ per
 * run, so that a second run against the same server does not meet its own ghosts) and the
 * index in decimal. Digits only after the prefix: a server that compares nicks by their
 * look (tcpchat's confusable skeletons take `l` for `1` and `o` for `0`) must see every
 * nick of a run as different. 60 000 clients need five digits: at most 8 characters.
 */
export function benchNick(prefix: string, index: number): string {
	const nick = `${prefix}${index}`;
	if (nick.length > IRC_NICK_LENGTH) throw new RangeError(`the bench nick ${nick} is longer than ${IRC_NICK_LENGTH} characters`);
	return nick;
}

/** A run's nick prefix from a random number in [0, 1): `b` and two base-36 characters. */
export function benchNickPrefix(random: number): string {
	const value = Math.floor(random * BASE * BASE) % (BASE * BASE);
	return `b${value.toString(BASE).padStart(2, '0')}`;
}

export type IrcPhase = 'registering' | 'motd' | 'joining' | 'joined';

/** What one server line means for the client. */
export type IrcStep = {
	/** Lines to send back (without CR LF). */
	send: string[];
	/** The client is in the channel: its 366 has arrived. */
	joined?: true;
	/** The server will not have this client (registration or join refused): a sentence. */
	refused?: string;
	/** Another member joined, parted or quit. */
	presence?: true;
	/** A stamped message to the channel, read in full (`--parse full`). */
	stamp?: number;
};

/** Numerics that end an attempt to register or join: nick trouble, bans, full or closed channels. */
const REFUSALS = new Set(['403', '405', '431', '432', '433', '436', '437', '451', '461', '463', '464', '465', '471', '473', '474', '475', '476', '477']);

const NONE: IrcStep = {send: []};

export class IrcBenchSession {
	phase: IrcPhase = 'registering';
	private readonly folded: string;

	constructor(
		readonly nick: string,
		readonly channel = BENCH_CHANNEL,
	) {
		this.folded = fold(channel);
	}

	/** The first lines, sent on connect. No CAP: the bench asks for nothing beyond RFC 1459, so every server serves it alike (no echo-message either). */
	opening(): string[] {
		return [`NICK ${this.nick}`, `USER ${this.nick} 0 * :tcpchat bench`];
	}

	say(text: string): string {
		return `PRIVMSG ${this.channel} :${text}`;
	}

	handle(message: IrcMessage): IrcStep {
		const {verb, params} = message;
		if (verb === 'PING') return {send: [params.length > 0 ? `PONG :${params.at(-1)}` : 'PONG']};
		if (verb === 'ERROR') return this.phase === 'joined' ? NONE : {send: [], refused: params.at(-1) ?? 'ERROR'};
		switch (this.phase) {
			case 'registering':
				if (verb === '001') this.phase = 'motd';
				else if (REFUSALS.has(verb)) return {send: [], refused: refusal(message)};
				return NONE;
			case 'motd':
				if (verb === '376' || verb === '422') {
					this.phase = 'joining';
					return {send: [`JOIN ${this.channel}`]};
				}
				return NONE;
			case 'joining':
				if (verb === '366' && fold(params[1] ?? '') === this.folded) {
					this.phase = 'joined';
					return {send: [], joined: true};
				}
				if (REFUSALS.has(verb) && fold(params[1] ?? '') === this.folded) return {send: [], refused: refusal(message)};
				return NONE;
			case 'joined':
				return this.news(message);
		}
	}

	private news(message: IrcMessage): IrcStep {
		const {verb, params} = message;
		if (verb === 'PRIVMSG' && fold(params[0] ?? '') === this.folded) {
			const stamp = readStamp(params[1] ?? '');
			return stamp === undefined ? NONE : {send: [], stamp};
		}
		if ((verb === 'JOIN' || verb === 'PART') && fold(params[0] ?? '') === this.folded && sourceNick(message) !== this.nick) return {send: [], presence: true};
		if (verb === 'QUIT') return {send: [], presence: true};
		return NONE;
	}
}

/** The nick of a line's source (`nick!user@host`). */
export function sourceNick(message: IrcMessage): string | undefined {
	const source = message.source;
	if (source === undefined) return undefined;
	const bang = source.indexOf('!');
	return bang === -1 ? source : source.slice(0, bang);
}

/** Channel names compared as every server does for ASCII names (rfc1459 folding matters only for `[]\~`, which no bench channel has). */
function fold(name: string): string {
	return name.toLowerCase();
}

function refusal(message: IrcMessage): string {
	return `${message.verb} ${message.params.slice(1).join(' ')}`.trim();
}
