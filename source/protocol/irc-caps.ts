import {IRC_SERVER, ircLine} from './irc-format.js';
import {ERR} from './irc-numerics.js';

/**
 * The IRCv3 capabilities the dialect implements, and no other (no `sasl`: there are no
 * accounts). `cap-notify` is trivially
 * kept: the set never changes while the server runs, so no CAP NEW or DEL is ever due.
 */
export const IRC_CAPS = ['away-notify', 'batch', 'cap-notify', 'draft/chathistory', 'echo-message', 'message-tags', 'multi-prefix', 'server-time'] as const;
export type IrcCap = (typeof IRC_CAPS)[number];

const KNOWN: ReadonlySet<string> = new Set(IRC_CAPS);

export type CapOutcome = {
	lines: string[];
	/** CAP LS or REQ before registration: registration waits for CAP END. */
	suspend?: boolean;
	/** CAP END. */
	end?: boolean;
};

/**
 * One CAP command (`sub` and its arguments) against the enabled set, which it changes (REQ).
 * A REQ is always answered: ACK when every capability in it is known, else NAK, all or nothing.
 */
export function capCommand(sub: string, args: readonly string[], enabled: Set<IrcCap>, nick: string): CapOutcome {
	const target = nick || '*';
	const reply = (what: string, text: string): string => ircLine(IRC_SERVER, 'CAP', [target, what, text]);
	switch (sub.toUpperCase()) {
		case 'LS': {
			// 302 and later: cap-notify is on for as long as the connection lasts.
			if (Number(args[0] ?? '0') >= 302) enabled.add('cap-notify');
			return {lines: [reply('LS', IRC_CAPS.join(' '))], suspend: true};
		}
		case 'LIST':
			return {lines: [reply('LIST', [...enabled].join(' '))]};
		case 'REQ': {
			const asked = (args[0] ?? '').split(' ').filter(Boolean);
			const names = asked.map(a => (a.startsWith('-') ? a.slice(1) : a));
			if (asked.length === 0 || !names.every(n => KNOWN.has(n))) return {lines: [reply('NAK', args[0] ?? '')], suspend: true};
			for (const a of asked) {
				if (a.startsWith('-')) enabled.delete(a.slice(1) as IrcCap);
				else enabled.add(a as IrcCap);
			}
			return {lines: [reply('ACK', asked.join(' '))], suspend: true};
		}
		case 'END':
			return {lines: [], end: true};
		default:
			return {lines: [ircLine(IRC_SERVER, ERR.INVALIDCAPCMD, [target, sub, 'Invalid CAP command'])]};
	}
}
