import {type RoomRequest, splitMessageArgs, splitSlashLine} from './slash-command.js';

/**
 * What a line typed in the plain-text dialect (nc, telnet) asks for. Pure: the server turns
 * each command into the same action a tcpchat/1 frame would ask for.
 */
export type PlainCommand =
	| {kind: 'empty'}
	| RoomRequest
	| {kind: 'join'; room: string}
	/** Without a room: the current one. */
	| {kind: 'part'; room?: string; reason?: string}
	| {kind: 'rooms'}
	/** Without text: show the topic; with it, set it ("-" clears it). */
	| {kind: 'topic'; text?: string}
	| {kind: 'usage'; usage: string}
	| {kind: 'unknown'; command: string};

export const PLAIN_USAGE = {
	me: '/me ACTION',
	nick: '/nick NEWNAME',
	msg: '/msg NAME TEXT',
	join: '/join #ROOM',
} as const;

/** The lines `/help` prints, without their prefix. */
export const PLAIN_HELP_LINES: readonly string[] = [
	'commands:',
	'  /me ACTION       say what you are doing ("/me waves")',
	'  /nick NEWNAME    change your nickname',
	'  /msg NAME TEXT   a private message to NAME only',
	'  /join #ROOM      join a room (made if new) and talk there',
	'  /part [#ROOM]    leave a room (the current one without a name)',
	'  /rooms           the rooms, with their topics and sizes',
	'  /topic [TEXT]    show the topic of the current room, or set it ("/topic -" clears it)',
	'  /who             who is in the current room',
	'  /away [MESSAGE]  say you are away (without a message: back)',
	'  /quit [REASON]   leave the room',
	'  /help            this list',
	'anything else is said to the current room; start a line with // to say something beginning with /',
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
		case 'join':
		case 'j': {
			const room = rest.trim();
			if (room.length === 0 || /\s/u.test(room)) return {kind: 'usage', usage: PLAIN_USAGE.join};
			return {kind: 'join', room: room.startsWith('#') ? room : `#${room}`};
		}
		case 'part':
		case 'leave': {
			const parts = /^(#\S+)?\s*([\s\S]*)$/u.exec(rest.trim())!;
			const command: PlainCommand = {kind: 'part'};
			if (parts[1]) command.room = parts[1];
			if (parts[2]) command.reason = parts[2];
			return command;
		}
		case 'rooms':
		case 'list':
			return {kind: 'rooms'};
		case 'topic':
			return rest.trim() ? {kind: 'topic', text: rest.trim()} : {kind: 'topic'};
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
