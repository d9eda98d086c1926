import {roomProblem} from '../protocol/room-names.js';

/** What the operator's last command did, as the line above the prompt says it. */
export type Feedback = {tone: 'info' | 'error'; text: string};

/** A room as a command needs it: its name as the server spells it, and who is in it. */
export type RoomTarget = {name: string; members: number};

/** What a command needs of the server. */
export type OperatorTarget = {
	listening: boolean;
	kick: (name: string, reason?: string) => boolean;
	/** To everyone, or to one room's members; false when there is no such room. */
	notice: (text: string, room?: string) => boolean;
	/** Removes a room, its members told and taken out (see ChatServer.drop). */
	drop: (room: string, reason?: string) => DropOutcome;
	online: () => number;
	/** The room of that name (ignoring case), if there is one. */
	room: (name: string) => RoomTarget | undefined;
};

/** What `drop` did: the default room is never removed. */
export type DropOutcome = 'dropped' | 'no_such_room' | 'default_room';

/** What the operator typed on the dashboard's command line. */
export type OperatorCommand =
	| {kind: 'empty'}
	| {kind: 'help'}
	| {kind: 'kick'; name: string; reason: string | undefined}
	/** `room` when it goes to one room's members only. */
	| {kind: 'notice'; text: string; room?: string}
	| {kind: 'drop'; room: string; reason: string | undefined}
	/** `room` null: show every room again. */
	| {kind: 'filter'; room: string | null}
	| {kind: 'usage'; message: string};

/**
 * What running a command did: the feedback line's words; 'help' to open the help; or a new log
 * filter (a room's name as the server spells it, or null for every room) with its words.
 */
export type OperatorResult = Feedback | 'help' | {filter: string | null; feedback: Feedback} | null;

export const OPERATOR_HELP: readonly string[] = [
	'/kick NAME [reason]     disconnect NAME from every room; others see "kicked"',
	'/notice TEXT            a notice from the operator to everyone',
	'/notice #room TEXT      a notice to the members of #room only',
	'/drop #room [reason]    remove #room (not the default room): members told and',
	'                        taken out, its history and topic deleted',
	'/filter #room           the log shows #room only (and notices to all, warnings)',
	'/filter                 the log shows every room again',
	'TEXT                    plain text is a notice too (// sends a leading /)',
	'/help                   this help',
	'Tab                     complete a name, a command, a room (/notice, /filter,',
	'                        /drop); on an empty line: sort the connections',
	'Shift+Tab               sort the connections the other way',
	'Up, Down                scroll the connections',
	'PgUp, PgDn              scroll the log; Home oldest, End back to live',
	'Esc                     close this help',
	'Ctrl+C                  stop the server (everyone is told) and quit',
];

export function parseOperatorCommand(line: string): OperatorCommand {
	const trimmed = line.trim();
	if (trimmed === '') return {kind: 'empty'};
	if (trimmed.startsWith('//')) return {kind: 'notice', text: trimmed.slice(1)};
	if (!trimmed.startsWith('/')) return {kind: 'notice', text: trimmed};

	const match = /^\/(\S*)\s*([\s\S]*)$/.exec(trimmed)!;
	const command = match[1]!.toLowerCase();
	const rest = match[2]!.trim();
	switch (command) {
		case 'help':
		case '?': {
			return {kind: 'help'};
		}
		case 'kick': {
			const [name, ...words] = rest.split(/\s+/);
			if (!name) return {kind: 'usage', message: 'usage: /kick NAME [reason]'};
			const reason = words.join(' ').trim();
			return {kind: 'kick', name, reason: reason === '' ? undefined : reason};
		}
		case 'notice': {
			if (rest === '') return {kind: 'usage', message: 'usage: /notice [#room] TEXT'};
			// A first word that is a room name (`#dev`) sends to that room; `#` alone or `#!` is text.
			const [first = '', ...words] = rest.split(/\s+/);
			if (roomProblem(first) !== undefined) return {kind: 'notice', text: rest};
			const text = rest.slice(first.length).trim();
			if (text === '' || words.length === 0) return {kind: 'usage', message: `usage: /notice ${first} TEXT`};
			return {kind: 'notice', text, room: first};
		}
		case 'drop': {
			const usage: OperatorCommand = {kind: 'usage', message: 'usage: /drop #room [reason]'};
			const [first = '', ...words] = rest.split(/\s+/);
			if (first === '') return usage;
			// `dev` is taken as `#dev`, as /filter takes it.
			const room = first.startsWith('#') ? first : `#${first}`;
			if (roomProblem(room) !== undefined) return usage;
			const reason = words.join(' ').trim();
			return {kind: 'drop', room, reason: reason === '' ? undefined : reason};
		}
		case 'filter': {
			if (rest === '') return {kind: 'filter', room: null};
			// `dev` is taken as `#dev`: nothing else could be meant here.
			const room = rest.startsWith('#') ? rest : `#${rest}`;
			const problem = roomProblem(room);
			if (problem !== undefined || /\s/.test(rest)) return {kind: 'usage', message: 'usage: /filter #room (or /filter alone for every room)'};
			return {kind: 'filter', room};
		}
		default: {
			return {kind: 'usage', message: `unknown command /${command} — type /help for the commands.`};
		}
	}
}

function people(count: number): string {
	return `${count} ${count === 1 ? 'person' : 'people'}`;
}

function drop(server: OperatorTarget, asked: string, reason: string | undefined): Feedback {
	const room = server.room(asked);
	if (!room) return {tone: 'error', text: `there is no room ${asked}; nothing was dropped.`};
	switch (server.drop(room.name, reason)) {
		case 'default_room':
			return {tone: 'error', text: `${room.name} is the default room, where everyone starts: it cannot be dropped.`};
		case 'no_such_room':
			return {tone: 'error', text: `there is no room ${asked}; nothing was dropped.`};
		case 'dropped': {
			const who = room.members === 0 ? 'nobody was in it' : `${people(room.members)} told and taken out`;
			return {tone: 'info', text: `dropped ${room.name} (${who}); its history and topic are gone.`};
		}
	}
}

/** Runs what the operator typed and says what it did (see `OperatorResult`). */
export function runOperatorCommand(text: string, server: OperatorTarget): OperatorResult {
	const command = parseOperatorCommand(text);
	switch (command.kind) {
		case 'empty':
			return null;
		case 'help':
			return 'help';
		case 'usage':
			return {tone: 'error', text: command.message};
		case 'filter': {
			if (command.room === null) return {filter: null, feedback: {tone: 'info', text: 'the log shows every room.'}};
			const room = server.room(command.room);
			if (!room) return {tone: 'error', text: `there is no room ${command.room}.`};
			return {filter: room.name, feedback: {tone: 'info', text: `the log shows ${room.name} only — /filter alone shows every room.`}};
		}
		default:
			break;
	}
	if (!server.listening) return {tone: 'error', text: 'the server is not listening, so there is no one to reach.'};
	if (command.kind === 'drop') return drop(server, command.room, command.reason);
	if (command.kind === 'kick') {
		return server.kick(command.name, command.reason)
			? {tone: 'info', text: `kicked ${command.name}${command.reason ? ` (${command.reason})` : ''}.`}
			: {tone: 'error', text: `no one called ${command.name} is online.`};
	}
	if (command.room !== undefined) {
		const room = server.room(command.room);
		if (!room || !server.notice(command.text, room.name)) return {tone: 'error', text: `there is no room ${command.room}; nothing was sent.`};
		return {tone: 'info', text: `notice sent to ${people(room.members)} in ${room.name}.`};
	}
	server.notice(command.text);
	return {tone: 'info', text: `notice sent to ${people(server.online())} online.`};
}
