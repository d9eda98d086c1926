/** What the operator's last command did, as the line above the prompt says it. */
export type Feedback = {tone: 'info' | 'error'; text: string};

/** What a command needs of the server. */
export type OperatorTarget = {
	listening: boolean;
	kick: (name: string, reason?: string) => boolean;
	notice: (text: string) => void;
	online: () => number;
};

/** What the operator typed on the dashboard's command line. */
export type OperatorCommand =
	| {kind: 'empty'}
	| {kind: 'help'}
	| {kind: 'kick'; name: string; reason: string | undefined}
	| {kind: 'notice'; text: string}
	| {kind: 'usage'; message: string};

export const OPERATOR_HELP: readonly string[] = [
	'/kick NAME [reason]  disconnect NAME; others see "left (kicked)"',
	'/notice TEXT         a notice from the operator to everyone',
	'TEXT                 plain text is a notice too (// sends a leading /)',
	'/help                this help',
	'Tab                  complete a name or a command; on an empty line: sort',
	'Shift+Tab            sort the connections the other way',
	'Up, Down             scroll the connections',
	'PgUp, PgDn           scroll the log; Home oldest, End back to live',
	'Esc                  close this help',
	'Ctrl+C               stop the server (everyone is told) and quit',
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
			if (rest === '') return {kind: 'usage', message: 'usage: /notice TEXT'};
			return {kind: 'notice', text: rest};
		}
		default: {
			return {kind: 'usage', message: `unknown command /${command} — type /help for the commands.`};
		}
	}
}

/** Runs what the operator typed: the feedback line's words, 'help' for the help, null for nothing. */
export function runOperatorCommand(text: string, server: OperatorTarget): Feedback | 'help' | null {
	const command = parseOperatorCommand(text);
	switch (command.kind) {
		case 'empty':
			return null;
		case 'help':
			return 'help';
		case 'usage':
			return {tone: 'error', text: command.message};
		default:
			break;
	}
	if (!server.listening) return {tone: 'error', text: 'the server is not listening, so there is no one to reach.'};
	if (command.kind === 'kick') {
		return server.kick(command.name, command.reason)
			? {tone: 'info', text: `kicked ${command.name}${command.reason ? ` (${command.reason})` : ''}.`}
			: {tone: 'error', text: `no one called ${command.name} is online.`};
	}
	server.notice(command.text);
	const online = server.online();
	return {tone: 'info', text: `notice sent to ${online} ${online === 1 ? 'person' : 'people'} online.`};
}
