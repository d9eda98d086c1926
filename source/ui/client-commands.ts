import {nameProblem} from '../protocol/names.js';
import {type RoomRequest, splitMessageArgs, splitSlashLine} from '../protocol/slash-command.js';
import {MAX_REASON_CHARS} from '../protocol/sanitise.js';
import {checkText} from '../protocol/text.js';

/** What a line typed in the room means. `usage` and `error` are shown locally: nothing is sent. */
export type ClientCommand =
	| {kind: 'empty'}
	| RoomRequest
	| {kind: 'clear'}
	/** Without a name: list who is ignored. */
	| {kind: 'ignore'; name?: string}
	| {kind: 'unignore'; name: string}
	/** Without `on`: toggle. */
	| {kind: 'seconds'; on?: boolean}
	| {kind: 'usage'; message: string};

export type CommandInfo = {name: string; args: string; help: string};

export const CLIENT_COMMANDS: readonly CommandInfo[] = [
	{name: 'help', args: '', help: 'list the commands and keys'},
	{name: 'me', args: 'ACTION', help: 'say an action: /me waves → * alice waves'},
	{name: 'nick', args: 'NAME', help: 'change your nickname'},
	{name: 'msg', args: 'NAME TEXT', help: 'a private message only NAME sees'},
	{name: 'who', args: '', help: 'list who is online'},
	{name: 'away', args: '[MESSAGE]', help: 'say you are away; alone: back'},
	{name: 'ignore', args: '[NAME]', help: "hide NAME's messages; alone: list"},
	{name: 'unignore', args: 'NAME', help: "show NAME's messages again"},
	{name: 'seconds', args: '[on|off]', help: 'timestamps with seconds, or not'},
	{name: 'clear', args: '', help: 'clear the message list (on this screen only)'},
	{name: 'quit', args: '[REASON]', help: 'leave the room and return to the connect form'},
];

export const COMMAND_NAMES: readonly string[] = CLIENT_COMMANDS.map(c => `/${c.name}`);

function usage(name: string): string {
	const info = CLIENT_COMMANDS.find(c => c.name === name)!;
	return `usage: /${info.name}${info.args ? ' ' + info.args : ''} — ${info.help}`;
}

/** The text part must be something the server accepts; otherwise say why, locally. */
function withText(text: string, make: (text: string) => ClientCommand, name?: string): ClientCommand {
	if (text.trim().length === 0) return {kind: 'usage', message: name ? usage(name) : 'nothing to send'};
	const check = checkText(text);
	if (!check.ok) return {kind: 'usage', message: `not sent: ${check.message}`};
	return make(check.text);
}

/** Parses one submitted line. "//text" sends "/text" as it is. */
export function parseClientCommand(line: string): ClientCommand {
	const parsed = splitSlashLine(line);
	if (parsed.kind === 'empty') return parsed;
	if (parsed.kind === 'text') return withText(parsed.text, text => ({kind: 'say', text}));
	const {name, rest} = parsed;
	switch (name) {
		case 'help':
		case '?':
			return {kind: 'help'};
		case 'me':
			return withText(rest, text => ({kind: 'me', text}), 'me');
		case 'nick': {
			const nick = rest.trim();
			if (nick.length === 0 || /\s/.test(nick)) return {kind: 'usage', message: usage('nick')};
			const problem = nameProblem(nick);
			if (problem) return {kind: 'usage', message: `cannot use "${nick}": ${problem}`};
			return {kind: 'nick', name: nick};
		}
		case 'msg':
		case 'dm':
		case 'query': {
			const args = splitMessageArgs(rest);
			if (!args) return {kind: 'usage', message: usage('msg')};
			return withText(args.text, text => ({kind: 'msg', to: args.to, text}), 'msg');
		}
		case 'who':
		case 'names':
			return rest.trim() ? {kind: 'usage', message: usage('who')} : {kind: 'who'};
		case 'clear':
			return rest.trim() ? {kind: 'usage', message: usage('clear')} : {kind: 'clear'};
		case 'away': {
			const text = rest.trim();
			if ([...text].length > MAX_REASON_CHARS)
				return {kind: 'usage', message: `not sent: an away message has at most ${MAX_REASON_CHARS} characters`};
			return {kind: 'away', text};
		}
		case 'back':
			return {kind: 'away', text: ''};
		case 'ignore': {
			const name = rest.trim();
			if (name.length === 0) return {kind: 'ignore'};
			return /\s/u.test(name) ? {kind: 'usage', message: usage('ignore')} : {kind: 'ignore', name};
		}
		case 'unignore': {
			const name = rest.trim();
			return name.length === 0 || /\s/u.test(name) ? {kind: 'usage', message: usage('unignore')} : {kind: 'unignore', name};
		}
		case 'seconds': {
			const arg = rest.trim().toLowerCase();
			if (arg === '') return {kind: 'seconds'};
			if (arg === 'on') return {kind: 'seconds', on: true};
			if (arg === 'off') return {kind: 'seconds', on: false};
			return {kind: 'usage', message: usage('seconds')};
		}
		case 'quit':
		case 'exit':
		case 'leave': {
			const reason = rest.trim();
			return reason ? {kind: 'quit', reason} : {kind: 'quit'};
		}
		case '':
			return {kind: 'usage', message: 'a command needs a name — type /help for the list (// sends a line starting with /)'};
		default:
			return {kind: 'usage', message: `unknown command /${name} — type /help for the list`};
	}
}

export type HelpKey = {key: string; help: string};

export const ROOM_KEYS: readonly HelpKey[] = [
	{key: 'Enter', help: 'send'},
	{key: 'Up/Down', help: 'walk through what you sent'},
	{key: 'Tab', help: 'complete a nickname or command'},
	{key: 'PgUp/PgDn', help: 'scroll; Home/End: oldest/newest'},
	{key: 'F2/Ctrl+N', help: 'show or hide the user list'},
	{key: 'Esc', help: 'stop reconnecting; back to the newest messages'},
	{key: 'Ctrl+A/E/U/W', help: 'line start/end, delete to start, delete word'},
	{key: 'Ctrl+C', help: 'exit'},
];

/** The lines /help shows. */
export function helpLines(): string[] {
	const width = Math.max(...CLIENT_COMMANDS.map(c => `/${c.name} ${c.args}`.trimEnd().length));
	const keyWidth = Math.max(...ROOM_KEYS.map(k => k.key.length));
	return [
		'commands:',
		...CLIENT_COMMANDS.map(c => `  ${`/${c.name} ${c.args}`.trimEnd().padEnd(width)}  ${c.help}`),
		'keys:',
		...ROOM_KEYS.map(k => `  ${k.key.padEnd(keyWidth)}  ${k.help}`),
	];
}
