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
	'Tab, Shift+Tab       sort the connections by the next column, reverse',
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
