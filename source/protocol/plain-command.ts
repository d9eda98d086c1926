/**
 * What a line typed in the plain-text dialect (nc, telnet) asks for. Pure: the server turns
 * each command into the same action a tcpchat/1 frame would ask for.
 */
export type PlainCommand =
	| {kind: 'empty'}
	| {kind: 'say'; text: string}
	| {kind: 'me'; text: string}
	| {kind: 'nick'; name: string}
	| {kind: 'msg'; to: string; text: string}
	| {kind: 'who'}
	| {kind: 'quit'; reason?: string}
	| {kind: 'help'}
	| {kind: 'usage'; usage: string}
	| {kind: 'unknown'; command: string};

export const PLAIN_USAGE = {
	me: '/me ACTION',
	nick: '/nick NEWNAME',
	msg: '/msg NAME TEXT',
} as const;

/** The lines `/help` prints, without their prefix. */
export const PLAIN_HELP_LINES: readonly string[] = [
	'commands:',
	'  /me ACTION       say what you are doing ("/me waves")',
	'  /nick NEWNAME    change your nickname',
	'  /msg NAME TEXT   a private message to NAME only',
	'  /who             who is online',
	'  /quit [REASON]   leave the room',
	'  /help            this list',
	'anything else is said to the room; start a line with // to say something beginning with /',
];

export function parsePlainCommand(line: string): PlainCommand {
	if (line.trim().length === 0) return {kind: 'empty'};
	if (!line.startsWith('/')) return {kind: 'say', text: line};
	// "//text" says "/text": the escape for a message that starts with a slash.
	if (line.startsWith('//')) return {kind: 'say', text: line.slice(1)};
	const match = /^\/(\S*)\s*([\s\S]*)$/u.exec(line);
	const command = (match?.[1] ?? '').toLowerCase();
	const rest = (match?.[2] ?? '').trimEnd();
	switch (command) {
		case 'me':
			return rest.length > 0 ? {kind: 'me', text: rest} : {kind: 'usage', usage: PLAIN_USAGE.me};
		case 'nick': {
			const name = rest.trim();
			return name.length > 0 && !/\s/u.test(name) ? {kind: 'nick', name} : {kind: 'usage', usage: PLAIN_USAGE.nick};
		}
		case 'msg':
		case 'dm': {
			const parts = /^(\S+)\s+([\s\S]+)$/u.exec(rest);
			if (!parts || parts[2]!.trim().length === 0) return {kind: 'usage', usage: PLAIN_USAGE.msg};
			return {kind: 'msg', to: parts[1]!, text: parts[2]!};
		}
		case 'who':
		case 'names':
			return {kind: 'who'};
		case 'quit':
		case 'exit':
			return rest.length > 0 ? {kind: 'quit', reason: rest} : {kind: 'quit'};
		case 'help':
		case '?':
			return {kind: 'help'};
		default:
			return {kind: 'unknown', command: `/${command}`};
	}
}
