/**
 * tcpchat names as IRC nicks and back. A tcpchat name is letters, digits and `_ - .`; IRC
 * carries all of that (UTF8ONLY) but the dot, which a nick should not hold (ircdocs: it marks
 * server names). The dot becomes `|`, which no tcpchat name holds, so the mapping is one to
 * one: `j.doe` is `j|doe` on IRC, and an IRC user who picks `bob|away` is `bob.away` for
 * everyone else. Every other character an IRC nick may hold and a tcpchat name may not
 * (`[ ] \ ^ { } `` `) is refused with 432 by the server's own name rules.
 */
export function ircNick(name: string): string {
	return name.replaceAll('.', '|');
}

export function tcpchatName(nick: string): string {
	return nick.replaceAll('|', '.');
}

/** Where every IRC source says a member is: not their address, which is nobody's business. */
export const IRC_HOST = 'tcpchat';

/** `nick!user@host` of a tcpchat member, as an IRC source. */
export function ircSource(name: string): string {
	const nick = ircNick(name);
	return `${nick}!${nick}@${IRC_HOST}`;
}
