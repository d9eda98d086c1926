import {type RoomRequest, splitMessageArgs, splitSlashLine} from './slash-command.js';

/**
 * What a line typed in the plain-text dialect (nc, telnet) asks for. Pure: the server turns
 * each command into the same action a tcpchat/1 frame would ask for.
 */
export type PlainCommand =
	| {kind: 'empty'}
	| RoomRequest
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
	'  /away [MESSAGE]  say you are away (without a message: back)',
	'  /quit [REASON]   leave the room',
	'  /help            this list',
	'anything else is said to the room; start a line with // to say something beginning with /',
];

export function parsePlainCommand(line: string): PlainCommand {
	const parsed = splitSlashLine(line);
	if (parsed.kind === 'empty') return parsed;
	if (parsed.kind === 'text') return {kind: 'say', text: parsed.text};
	const command = parsed.name;
	const rest = parsed.rest.trimEnd();
	switch (command) {
		case 'me':
			return rest.length > 0 ? {kind: 'me', text: rest} : {kind: 'usage', usage: PLAIN_USAGE.me};
		case 'nick': {
			const name = rest.trim();
			return name.length > 0 && !/\s/u.test(name) ? {kind: 'nick', name} : {kind: 'usage', usage: PLAIN_USAGE.nick};
		}
		case 'msg':
		case 'dm': {
			const args = splitMessageArgs(rest);
			return args ? {kind: 'msg', ...args} : {kind: 'usage', usage: PLAIN_USAGE.msg};
		}
		case 'who':
		case 'names':
			return {kind: 'who'};
		case 'away':
			return {kind: 'away', text: rest.trim()};
		case 'back':
			return {kind: 'away', text: ''};
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
