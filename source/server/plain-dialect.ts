import {type Charset, encodeText} from '../protocol/charset.js';
import type {ServerFrame} from '../protocol/frames.js';
import {PROTOCOL_VERSION} from '../protocol/limits.js';
import {parsePlainCommand} from '../protocol/plain-command.js';
import {formatPlainFrame, plainHelp} from '../protocol/plain-text-format.js';
import {sanitiseText} from '../protocol/sanitise.js';
import type {DialectAdapter, Intent} from './dialect.js';

/**
 * CRLF, so that telnet starts each line at the left edge too; nc users never see the CR.
 * Every line is sanitised once more on its way out, whatever made it (an unknown command is
 * echoed as typed).
 */
function linesEncoder(charset: Charset): (lines: readonly string[]) => Buffer | undefined {
	return lines => (lines.length === 0 ? undefined : encodeText(lines.map(sanitiseText).join('\r\n') + '\r\n', charset));
}

function interpret(line: string, joined: boolean): Intent {
	if (!joined) {
		// Before joining, the line is the nickname asked for.
		const name = line.trim();
		if (name.length === 0) return {kind: 'lines', lines: ['* please choose a nickname:']};
		return {kind: 'frame', frame: {type: 'hello', proto: PROTOCOL_VERSION, name}};
	}
	const command = parsePlainCommand(line);
	switch (command.kind) {
		case 'empty':
			return {kind: 'ignore'};
		case 'say':
			return {kind: 'frame', frame: {type: 'say', text: command.text}};
		case 'me':
			return {kind: 'frame', frame: {type: 'say', text: command.text, action: true}};
		case 'nick':
			return {kind: 'frame', frame: {type: 'nick', name: command.name}};
		case 'msg':
			return {kind: 'frame', frame: {type: 'dm', to: command.to, text: command.text}};
		case 'who':
			return {kind: 'frame', frame: {type: 'who'}};
		case 'away':
			return {kind: 'frame', frame: {type: 'away', text: command.text}};
		case 'quit':
			return {kind: 'frame', frame: command.reason === undefined ? {type: 'bye'} : {type: 'bye', reason: command.reason}};
		case 'help':
			return {kind: 'lines', lines: plainHelp()};
		case 'usage':
			return {kind: 'lines', lines: [`* usage: ${command.usage}`]};
		case 'unknown':
			return {kind: 'lines', lines: [`* unknown command ${command.command} — type /help for the list`]};
	}
}

function plainDialect(charset: Charset): DialectAdapter {
	const encodeLines = linesEncoder(charset);
	return {
		name: 'plain',
		pings: false,
		shared: (frame: ServerFrame) => encodeLines(formatPlainFrame(frame)),
		encodeFor: (frame, viewer) => encodeLines(formatPlainFrame(frame, {viewer})),
		encodeWelcome: w =>
			encodeLines(
				formatPlainFrame(
					{type: 'welcome', proto: PROTOCOL_VERSION, server: w.server, you: w.you, users: w.users(), history: w.history(), motd: w.motd},
					{viewer: w.you},
				),
			),
		encodeLines,
		interpret,
	};
}

/** People at nc or telnet: a line in is a message (or a /command), a readable line out per event. */
export const PLAIN_DIALECT: DialectAdapter = plainDialect('utf8');

/**
 * The same for terminals that send GB18030 (GBK): every line out in GB18030. A dialect of its
 * own, so that each event is encoded once for all such readers, as for the others.
 */
export const PLAIN_GB18030_DIALECT: DialectAdapter = plainDialect('gb18030');
