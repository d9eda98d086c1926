import {type Charset, encodeText} from '../protocol/charset.js';
import type {SayFrame} from '../protocol/frames.js';
import {MAX_TOPIC_CHARS, PROTOCOL_VERSION} from '../protocol/limits.js';
import {parsePlainCommand} from '../protocol/plain-command.js';
import {formatPlainFrame, plainHelp} from '../protocol/plain-text-format.js';
import {roomKey} from '../protocol/room-names.js';
import {oneLineReason, sanitiseText} from '../protocol/sanitise.js';
import type {Codec, CodecContext, Dialect, Intent} from './codec.js';
import type {FrameEncoder} from './outgoing.js';

/**
 * CRLF, so that telnet starts each line at the left edge too; nc users never see the CR.
 * Every line is sanitised once more on its way out, whatever made it (an unknown command is
 * echoed as typed).
 */
function linesEncoder(charset: Charset): (lines: readonly string[]) => Buffer | undefined {
	return lines => (lines.length === 0 ? undefined : encodeText(lines.map(sanitiseText).join('\r\n') + '\r\n', charset));
}

/**
 * The shared encoders: an event reads one way for readers whose current room it is in
 * (`here`), another (with the room's name) for the rest; one pair per charset, so that each
 * event is encoded at most four times however many people read it.
 */
function encoders(charset: Charset): {here: FrameEncoder; elsewhere: FrameEncoder; lines: (lines: readonly string[]) => Buffer | undefined} {
	const lines = linesEncoder(charset);
	return {
		here: frame => lines(formatPlainFrame(frame)),
		elsewhere: frame => lines(formatPlainFrame(frame, {here: ''})),
		lines,
	};
}

const ENCODERS: Record<Charset, ReturnType<typeof encoders>> = {utf8: encoders('utf8'), gb18030: encoders('gb18030')};

function interpret(line: string, joined: boolean, here: string, topic: () => string): Intent {
	if (!joined) {
		// Before joining, the line is the nickname asked for.
		const name = line.trim();
		if (name.length === 0) return {kind: 'lines', lines: ['* please choose a nickname:']};
		return {kind: 'frame', frame: {type: 'hello', proto: PROTOCOL_VERSION, name}};
	}
	const command = parsePlainCommand(line);
	const notInRoom: Intent = {kind: 'lines', lines: ['* you are in no room — /join #name first (/rooms lists them)']};
	switch (command.kind) {
		case 'empty':
			return {kind: 'ignore'};
		case 'say':
		case 'me': {
			if (!here) return notInRoom;
			const frame: SayFrame = {type: 'say', room: here, text: command.text};
			if (command.kind === 'me') frame.action = true;
			return {kind: 'frame', frame};
		}
		case 'nick':
			return {kind: 'frame', frame: {type: 'nick', name: command.name}};
		case 'msg':
			return {kind: 'frame', frame: {type: 'dm', to: command.to, text: command.text}};
		case 'who':
			return here ? {kind: 'frame', frame: {type: 'who', room: here}} : notInRoom;
		case 'join':
			return {kind: 'frame', frame: {type: 'join', room: command.room}};
		case 'part': {
			const room = command.room ?? here;
			if (!room) return notInRoom;
			return {kind: 'frame', frame: command.reason === undefined ? {type: 'part', room} : {type: 'part', room, reason: command.reason}};
		}
		case 'rooms':
			return {kind: 'frame', frame: {type: 'list'}};
		case 'topic':
			if (!here) return notInRoom;
			if (command.text === undefined) {
				const text = oneLineReason(topic(), MAX_TOPIC_CHARS);
				return {kind: 'lines', lines: [text ? `* topic of ${here}: ${text}` : `* ${here} has no topic — /topic TEXT sets one`]};
			}
			return {kind: 'frame', frame: {type: 'topic', room: here, text: command.text === '-' ? '' : command.text}};
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

/**
 * People at nc or telnet: a line in is a message to the current room (or a /command), a
 * readable line out per event. The current room is the last one joined; events of the
 * others carry their room's name. The codec keeps the topics of the member's rooms from what
 * it delivers, so that `/topic` alone is answered at once.
 */
function plainCodec(context: CodecContext, initial: Charset): Codec {
	let charset = initial;
	let here = '';
	const topics = new Map<string, string>();
	return {
		name: 'plain',
		pings: false,
		proto: PROTOCOL_VERSION,
		encoderFor(frame) {
			const room = 'room' in frame ? frame.room : undefined;
			if (frame.type === 'topic') topics.set(roomKey(frame.room), frame.text);
			const set = ENCODERS[charset];
			return room === undefined || (here !== '' && roomKey(room) === roomKey(here)) ? set.here : set.elsewhere;
		},
		encodeFor: frame => ENCODERS[charset].lines(formatPlainFrame(frame, {viewer: context.me() || null, here})),
		encodeWelcome(w) {
			for (const r of w.rooms) topics.set(roomKey(r.name), r.topic);
			return ENCODERS[charset].lines(
				formatPlainFrame(
					{
						type: 'welcome',
						proto: PROTOCOL_VERSION,
						server: w.server,
						you: w.you,
						motd: w.motd,
						rooms: w.rooms.map(r => ({room: r.name, topic: r.topic, users: r.users(), history: r.history()})),
					},
					{viewer: w.you},
				),
			);
		},
		encodeJoined(r) {
			topics.set(roomKey(r.name), r.topic);
			return ENCODERS[charset].lines(formatPlainFrame({type: 'joined', room: r.name, topic: r.topic, users: r.users(), history: r.history()}));
		},
		encodeLines: lines => ENCODERS[charset].lines(lines),
		interpret: (line, joined) => interpret(line, joined, here, () => topics.get(roomKey(here)) ?? ''),
		roomsChanged(rooms, joined) {
			if (joined !== undefined) here = joined;
			else if (!rooms.some(r => roomKey(r) === roomKey(here))) here = rooms.at(-1) ?? '';
		},
		useCharset(next) {
			charset = next;
		},
	};
}

/** Anything that is not another dialect's first line: a person typing a nickname. Tried last. */
export const PLAIN_DIALECT: Dialect = {
	name: 'plain',
	detect: () => true,
	create: (context, charset) => plainCodec(context, charset),
};

/** For a greeting or a goodbye to a connection that has no codec yet. */
export function plainLines(lines: readonly string[], charset: Charset): Buffer | undefined {
	return ENCODERS[charset].lines(lines);
}
