/**
 * One IRC message, as modern IRC (ircdocs.horse) and IRCv3 message-tags define it:
 * `[@tags] [:source] VERB [params…] [:trailing]`. Pure: the IRC dialect's parser and
 * serialiser, checked against the ircdocs parser-tests vectors (test/fixtures/irc-parser-tests).
 */
export type IrcMessage = {
	/** Tag values unescaped; a tag without a value is ''. */
	tags: Record<string, string>;
	source?: string;
	verb: string;
	params: string[];
};

const UNESCAPES: Record<string, string> = {':': ';', s: ' ', '\\': '\\', r: '\r', n: '\n'};

/** A tag value as sent, unescaped one character at a time: `\:` is `;`, an unknown escape is the character itself, a lone final `\` is dropped. */
export function unescapeTagValue(raw: string): string {
	if (!raw.includes('\\')) return raw;
	let out = '';
	for (let i = 0; i < raw.length; i++) {
		const c = raw[i]!;
		if (c !== '\\') {
			out += c;
			continue;
		}
		i++;
		if (i >= raw.length) break;
		const next = raw[i]!;
		out += UNESCAPES[next] ?? next;
	}
	return out;
}

export function escapeTagValue(value: string): string {
	return value.replace(/[\\; \r\n]/g, c => (c === '\\' ? '\\\\' : c === ';' ? '\\:' : c === ' ' ? '\\s' : c === '\r' ? '\\r' : '\\n'));
}

/** The tags part of a line (without its `@`), the last of duplicate keys winning. */
function parseTags(raw: string): Record<string, string> {
	const tags: Record<string, string> = Object.create(null) as Record<string, string>;
	for (const item of raw.split(';')) {
		if (item === '') continue;
		const eq = item.indexOf('=');
		if (eq === -1) tags[item] = '';
		else tags[item.slice(0, eq)] = unescapeTagValue(item.slice(eq + 1));
	}
	return tags;
}

/** Spaces separate the parts, however many (as RFC 1459 has it); a tab is not a space. */
function skipSpaces(line: string, at: number): number {
	while (at < line.length && line.charCodeAt(at) === 0x20) at++;
	return at;
}

function word(line: string, at: number): [string, number] {
	const end = line.indexOf(' ', at);
	return end === -1 ? [line.slice(at), line.length] : [line.slice(at, end), end];
}

/** A line without its CR LF, or undefined when it holds no verb. */
export function parseIrcLine(line: string): IrcMessage | undefined {
	let at = 0;
	let tags: Record<string, string> = {};
	if (line.startsWith('@')) {
		const [raw, end] = word(line, 1);
		tags = parseTags(raw);
		at = end;
	}
	at = skipSpaces(line, at);
	let source: string | undefined;
	if (line[at] === ':') {
		const [raw, end] = word(line, at + 1);
		source = raw;
		at = end;
	}
	at = skipSpaces(line, at);
	const [verb, afterVerb] = word(line, at);
	if (verb === '') return undefined;
	at = afterVerb;
	const params: string[] = [];
	for (;;) {
		at = skipSpaces(line, at);
		if (at >= line.length) break;
		if (line[at] === ':') {
			params.push(line.slice(at + 1));
			break;
		}
		const [param, end] = word(line, at);
		params.push(param);
		at = end;
	}
	const message: IrcMessage = {tags, verb, params};
	if (source !== undefined) message.source = source;
	return message;
}

/** The tags as a line starts with them (`@a=b;c `), or '' without any; an empty value is sent without `=`. */
export function serialiseTags(tags: Record<string, string> | undefined): string {
	if (tags === undefined) return '';
	const items = Object.entries(tags).map(([key, value]) => (value === '' ? key : `${key}=${escapeTagValue(value)}`));
	return items.length === 0 ? '' : `@${items.join(';')} `;
}

/**
 * The line for a message, without CR LF. The last parameter gets its `:` when it needs one
 * (empty, holding a space, starting with `:`) or when `trailing` asks for it (text, by custom).
 */
export function serialiseIrc(message: {tags?: Record<string, string>; source?: string; verb: string; params?: readonly string[]}, trailing = false): string {
	let line = serialiseTags(message.tags);
	if (message.source !== undefined) line += `:${message.source} `;
	line += message.verb;
	const params = message.params ?? [];
	params.forEach((param, i) => {
		const last = i === params.length - 1;
		const needsColon = param === '' || param.includes(' ') || param.startsWith(':');
		line += last && (trailing || needsColon) ? ` :${param}` : ` ${param}`;
	});
	return line;
}
