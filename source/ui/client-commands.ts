import {nameProblem} from '../protocol/names.js';
import {roomProblem} from '../protocol/room-names.js';
import {MAX_SEARCH_CHARS, MAX_TOPIC_CHARS, MIN_SEARCH_CHARS} from '../protocol/limits.js';
import {type RoomRequest, splitMessageArgs, splitSlashLine} from '../protocol/slash-command.js';
import {MAX_REASON_CHARS} from '../protocol/sanitise.js';
import {sanitiseText} from '../protocol/sanitise.js';
import {checkText} from '../protocol/text.js';
import {splitMessage} from './split-message.js';

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
	/** A text too long for one message (a long paste): said as several, in order. */
	| {kind: 'say-parts'; parts: string[]; action: boolean}
	/** Join a room (and show it). */
	| {kind: 'join'; room: string}
	/** Leave a room, or close a private conversation; without `room`: the buffer shown. */
	| {kind: 'part'; room?: string; reason?: string}
	/** The rooms of the server, to browse; `filter` fills the list's filter. */
	| {kind: 'list'; filter?: string}
	/** Without `text`: show the topic of the room shown; '' clears it. */
	| {kind: 'topic'; text?: string}
	/** Show a buffer: its number in the room bar (from 1), or its name. */
	| {kind: 'buffer'; target: number | string}
	/** Open (and show) the private conversation with `name`. */
	| {kind: 'query'; name: string}
	/** Search the history of every room you are in, or of `room`. */
	| {kind: 'search'; text: string; room?: string}
	| {kind: 'usage'; message: string};

export type CommandInfo = {name: string; args: string; help: string};

export const CLIENT_COMMANDS: readonly CommandInfo[] = [
	{name: 'help', args: '', help: 'list the commands and keys'},
	{name: 'me', args: 'ACTION', help: 'say an action: /me waves → * alice waves'},
	{name: 'nick', args: 'NAME', help: 'change your nickname'},
	{name: 'msg', args: 'NAME TEXT', help: 'a private message only NAME sees (its conversation opens in a buffer of its own)'},
	{name: 'query', args: 'NAME', help: 'open the private conversation with NAME'},
	{name: 'join', args: '#ROOM', help: 'join a room (made if new) and show it'},
	{name: 'part', args: '[#ROOM] [REASON]', help: 'leave the room shown (or #ROOM); in a private conversation: close it'},
	{name: 'list', args: '[FILTER]', help: 'browse the rooms: ↑/↓ choose, Enter joins, Esc closes'},
	{name: 'topic', args: '[TEXT]', help: 'show the topic of the room shown, or set it ("/topic -" clears it)'},
	{name: 'buffer', args: 'N|NAME', help: 'show buffer N of the room bar, or by name (also /b)'},
	{name: 'who', args: '', help: 'list who is in the room shown'},
	{name: 'search', args: '[#ROOM] TEXT', help: 'search the history of your rooms (or #ROOM): ↑/↓ choose, Enter shows the message in its room, Esc closes'},
	{name: 'away', args: '[MESSAGE]', help: 'say you are away; alone: back'},
	{name: 'ignore', args: '[NAME]', help: "hide NAME's messages; alone: list"},
	{name: 'unignore', args: 'NAME', help: "show NAME's messages again"},
	{name: 'seconds', args: '[on|off]', help: 'timestamps with seconds, or not'},
	{name: 'clear', args: '', help: 'clear the message list (on this screen only)'},
	{name: 'quit', args: '[REASON]', help: 'leave the server and return to the connect form'},
];

export const COMMAND_NAMES: readonly string[] = CLIENT_COMMANDS.map(c => `/${c.name}`);

function usage(name: string): string {
	const info = CLIENT_COMMANDS.find(c => c.name === name)!;
	return `usage: /${info.name}${info.args ? ' ' + info.args : ''} — ${info.help}`;
}

/**
 * The text part must be something the server accepts; otherwise say why, locally. With
 * `split`, a text too long for one message is said as several.
 */
function withText(text: string, make: (text: string) => ClientCommand, name?: string, split?: {action: boolean}): ClientCommand {
	if (text.trim().length === 0) return {kind: 'usage', message: name ? usage(name) : 'nothing to send'};
	const check = checkText(text);
	if (!check.ok && check.code === 'text_too_long' && split) return {kind: 'say-parts', parts: splitMessage(sanitiseText(text)), action: split.action};
	if (!check.ok) return {kind: 'usage', message: `not sent: ${check.message}`};
	return make(check.text);
}

/** Parses one submitted line. "//text" sends "/text" as it is. */
export function parseClientCommand(line: string): ClientCommand {
	const parsed = splitSlashLine(line);
	if (parsed.kind === 'empty') return parsed;
	if (parsed.kind === 'text') return withText(parsed.text, text => ({kind: 'say', text}), undefined, {action: false});
	const {name, rest} = parsed;
	switch (name) {
		case 'help':
		case '?':
			return {kind: 'help'};
		case 'me':
			return withText(rest, text => ({kind: 'me', text}), 'me', {action: true});
		case 'nick': {
			const nick = rest.trim();
			if (nick.length === 0 || /\s/.test(nick)) return {kind: 'usage', message: usage('nick')};
			const problem = nameProblem(nick);
			if (problem) return {kind: 'usage', message: `cannot use "${nick}": ${problem}`};
			return {kind: 'nick', name: nick};
		}
		case 'msg':
		case 'dm': {
			const args = splitMessageArgs(rest);
			if (!args) return {kind: 'usage', message: usage('msg')};
			return withText(args.text, text => ({kind: 'msg', to: args.to, text}), 'msg');
		}
		case 'query': {
			const args = splitMessageArgs(rest);
			if (args) return withText(args.text, text => ({kind: 'msg', to: args.to, text}), 'query');
			const to = rest.trim();
			if (to.length === 0 || /\s/u.test(to)) return {kind: 'usage', message: usage('query')};
			const problem = nameProblem(to);
			return problem ? {kind: 'usage', message: `there is nobody called "${to}": ${problem}`} : {kind: 'query', name: to};
		}
		case 'join':
		case 'j': {
			const typed = rest.trim();
			if (typed.length === 0 || /\s/u.test(typed)) return {kind: 'usage', message: usage('join')};
			// IRC users type /join dev as often as /join #dev.
			const room = typed.startsWith('#') ? typed : `#${typed}`;
			const problem = roomProblem(room);
			return problem ? {kind: 'usage', message: `cannot join ${room}: ${problem}`} : {kind: 'join', room};
		}
		case 'part':
		case 'leave':
		case 'close': {
			const [, room, reason] = /^(#\S*)?\s*([\s\S]*)$/u.exec(rest.trim())!;
			if (room !== undefined) {
				const problem = roomProblem(room);
				if (problem) return {kind: 'usage', message: `cannot part ${room}: ${problem}`};
			}
			if ([...(reason ?? '')].length > MAX_REASON_CHARS)
				return {kind: 'usage', message: `not sent: a reason has at most ${MAX_REASON_CHARS} characters`};
			const command: ClientCommand = {kind: 'part'};
			if (room !== undefined) command.room = room;
			if (reason) command.reason = reason;
			return command;
		}
		case 'list':
		case 'rooms': {
			const filter = rest.trim();
			return filter ? {kind: 'list', filter} : {kind: 'list'};
		}
		case 'topic': {
			const text = rest.trim();
			if (text === '') return {kind: 'topic'};
			if (text === '-') return {kind: 'topic', text: ''};
			if ([...text].length > MAX_TOPIC_CHARS) return {kind: 'usage', message: `not set: a topic has at most ${MAX_TOPIC_CHARS} characters`};
			return {kind: 'topic', text};
		}
		case 'buffer':
		case 'b':
		case 'window':
		case 'win': {
			const target = rest.trim();
			if (target.length === 0 || /\s/u.test(target)) return {kind: 'usage', message: usage('buffer')};
			return /^\d+$/u.test(target) ? {kind: 'buffer', target: Number(target)} : {kind: 'buffer', target};
		}
		case 'search':
		case 'find': {
			const [, room, words] = /^(#\S+)?\s*([\s\S]*)$/u.exec(rest.trim())!;
			if (room !== undefined) {
				const problem = roomProblem(room);
				if (problem) return {kind: 'usage', message: `cannot search ${room}: ${problem}`};
			}
			const text = sanitiseText(words ?? '').trim();
			const length = [...text].length;
			if (length === 0) return {kind: 'usage', message: usage('search')};
			if (length < MIN_SEARCH_CHARS) return {kind: 'usage', message: `search for ${MIN_SEARCH_CHARS} characters or more`};
			if (length > MAX_SEARCH_CHARS) return {kind: 'usage', message: `a search has at most ${MAX_SEARCH_CHARS} characters`};
			return room === undefined ? {kind: 'search', text} : {kind: 'search', text, room};
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
	{key: 'PgUp/PgDn', help: 'scroll, past the top for older; Home/End: oldest/newest'},
	{key: 'Alt+1…9/0', help: 'buffer 1 to 9, or 10 (also /b N)'},
	{key: 'Alt+←/→', help: 'buffer before/after (Ctrl+P/N)'},
	{key: 'Alt+A', help: 'next buffer with mentions or news'},
	{key: 'F2', help: 'show or hide the user list'},
	{key: 'Esc', help: 'stop reconnecting; back to the newest messages'},
	{key: 'Ctrl+A/E', help: 'start/end of the line (also Home/End in forms)'},
	{key: 'Ctrl+←/→', help: 'a word left/right (also Alt+B/F)'},
	{key: 'Ctrl+U/K', help: 'delete to the start/end of the line'},
	{key: 'Ctrl+W', help: 'delete the word before (also Alt+Backspace)'},
	{key: 'Delete', help: 'delete the character after (also Ctrl+D)'},
	{key: 'Ctrl+C', help: 'exit'},
];

/** One line of /help: `label` (a command or a key, padded to the column) and what it does. */
export type HelpLine = {text: string; label?: string};

/** The lines /help shows: continuation lines of a long description stay under its first word. */
export function helpLines(): HelpLine[] {
	const width = Math.max(...CLIENT_COMMANDS.map(c => `/${c.name} ${c.args}`.trimEnd().length));
	const keyWidth = Math.max(...ROOM_KEYS.map(k => k.key.length));
	return [
		{text: 'commands:'},
		...CLIENT_COMMANDS.map(c => ({label: `  ${`/${c.name} ${c.args}`.trimEnd().padEnd(width)}  `, text: c.help})),
		{text: 'keys:'},
		...ROOM_KEYS.map(k => ({label: `  ${k.key.padEnd(keyWidth)}  `, text: k.help})),
	];
}
