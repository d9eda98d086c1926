/**
 * How a typed line splits into a slash command. Both front-ends that read what a person types
 * (the plain-text dialect on the server, the client's input line) follow these rules; what each
 * command means, its aliases, and what a misuse answers stay with each front-end.
 */
/** What a person can ask of the room by typing a line, in either front-end. */
export type RoomRequest =
	| {kind: 'say'; text: string}
	| {kind: 'me'; text: string}
	| {kind: 'nick'; name: string}
	| {kind: 'msg'; to: string; text: string}
	| {kind: 'who'}
	/** An empty `text` means back. */
	| {kind: 'away'; text: string}
	| {kind: 'quit'; reason?: string}
	| {kind: 'help'};

export type SlashLine =
	| {kind: 'empty'}
	/** A line to say as it is. */
	| {kind: 'text'; text: string}
	/** `name` in lower case ('' for a lone "/"); `rest` as typed, after the spaces that follow the name. */
	| {kind: 'command'; name: string; rest: string};

export function splitSlashLine(line: string): SlashLine {
	if (line.trim().length === 0) return {kind: 'empty'};
	// "//text" says "/text": the escape for a message that starts with a slash.
	if (line.startsWith('//')) return {kind: 'text', text: line.slice(1)};
	if (!line.startsWith('/')) return {kind: 'text', text: line};
	const match = /^\/(\S*)\s*([\s\S]*)$/u.exec(line)!;
	return {kind: 'command', name: match[1]!.toLowerCase(), rest: match[2]!};
}

/** The arguments of `/msg NAME TEXT`; undefined when the name or the text is missing. */
export function splitMessageArgs(rest: string): {to: string; text: string} | undefined {
	const parts = /^(\S+)\s+([\s\S]*)$/u.exec(rest);
	if (!parts || parts[2]!.trim().length === 0) return undefined;
	return {to: parts[1]!, text: parts[2]!};
}
