import {CHATHISTORY_LIMIT, type ChathistoryQuery, type HistoryReader, chathistory, latestMessageTime, parseMessageRef} from '../protocol/irc-chathistory.js';
import type {ClientFrame} from '../protocol/frames.js';
import {IRC_SERVER, chathistoryLines, ircLine, ircTime} from '../protocol/irc-format.js';

export type ChathistoryContext = {
	nick: string;
	/** The rooms the member is in, for TARGETS. */
	rooms: readonly string[];
	/** A reader of a room's history, or undefined when the member is not in it. */
	read(room: string): HistoryReader | undefined;
	batchId(): string;
};

const SUBCOMMANDS = new Set(['LATEST', 'BEFORE', 'AFTER', 'AROUND', 'BETWEEN', 'TARGETS']);

function fail(code: string, context: string[], text: string): string[] {
	return [ircLine(IRC_SERVER, 'FAIL', ['CHATHISTORY', code, ...context, text])];
}

function limitOf(raw: string | undefined): number | undefined {
	if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
	return Math.min(CHATHISTORY_LIMIT, Number(raw));
}

/**
 * What a `CHATHISTORY` costs, as the tcpchat request its answer is like: a `history` page of
 * its limit, or, for TARGETS, a `list` (a read per room). One with no readable limit is
 * answered FAIL without a read, so it costs what a line does.
 */
export function chathistoryPricedAs(params: readonly string[]): ClientFrame {
	const sub = (params[0] ?? '').toUpperCase();
	if (sub === 'TARGETS') return {type: 'list'};
	return {type: 'history', room: params[1] ?? '', limit: limitOf(params[sub === 'BETWEEN' ? 4 : 3]) ?? 1};
}

/**
 * The lines that answer `CHATHISTORY <sub> …` (IRCv3 draft/chathistory): a `chathistory`
 * batch of messages, a `draft/chathistory-targets` batch for TARGETS, or a FAIL.
 * Private messages are not kept, so a nick target has an empty history.
 */
export async function chathistoryAnswer(params: readonly string[], c: ChathistoryContext): Promise<string[]> {
	const sub = (params[0] ?? '').toUpperCase();
	if (!SUBCOMMANDS.has(sub)) return fail('UNKNOWN_COMMAND', [sub || '*'], 'Unknown CHATHISTORY subcommand');
	if (sub === 'TARGETS') return targets(params, c);
	const target = params[1];
	if (target === undefined) return fail('INVALID_PARAMS', [sub], 'Not enough parameters');
	const isRoom = target.startsWith('#');
	const room = isRoom ? target : undefined;
	const ref = (i: number) => (params[i] === undefined ? undefined : parseMessageRef(params[i]!, room));
	let query: ChathistoryQuery | undefined;
	if (sub === 'BETWEEN') {
		const from = ref(2);
		const to = ref(3);
		const limit = limitOf(params[4]);
		if (from && to && from.kind !== 'latest' && to.kind !== 'latest' && limit !== undefined) query = {sub, from, to, limit};
	} else {
		const at = ref(2);
		const limit = limitOf(params[3]);
		if (at && limit !== undefined && (sub === 'LATEST' || at.kind !== 'latest')) query = {sub: sub as 'LATEST' | 'BEFORE' | 'AFTER' | 'AROUND', ref: at, limit};
	}
	if (query === undefined) return fail('INVALID_PARAMS', [sub, target], 'Invalid message reference or limit');
	const batchId = c.batchId();
	if (!isRoom) return chathistoryLines(target, [], batchId);
	const read = c.read(target);
	if (read === undefined) return fail('INVALID_TARGET', [sub, target], "You're not on that channel");
	try {
		const messages = await chathistory(read, query);
		// The room's own spelling, as its messages carry it.
		return chathistoryLines(messages[0]?.room ?? target, messages, batchId);
	} catch {
		return fail('MESSAGE_ERROR', [sub, target], 'The history cannot be read just now');
	}
}

/** `CHATHISTORY TARGETS <timestamp> <timestamp> <limit>`: the rooms with messages between the two times, oldest first. */
async function targets(params: readonly string[], c: ChathistoryContext): Promise<string[]> {
	const a = params[1] === undefined ? undefined : parseMessageRef(params[1], undefined);
	const b = params[2] === undefined ? undefined : parseMessageRef(params[2], undefined);
	const limit = limitOf(params[3]);
	if (a?.kind !== 'time' || b?.kind !== 'time' || limit === undefined) return fail('INVALID_PARAMS', ['TARGETS'], 'Two timestamps and a limit are needed');
	const [from, to] = a.ts <= b.ts ? [a.ts, b.ts] : [b.ts, a.ts];
	const found: Array<{room: string; ts: number}> = [];
	for (const room of c.rooms) {
		const read = c.read(room);
		const ts = read === undefined ? undefined : await latestMessageTime(read).catch(() => undefined);
		if (ts !== undefined && ts > from && ts < to) found.push({room, ts});
	}
	found.sort((x, y) => x.ts - y.ts);
	const batchId = c.batchId();
	return [
		ircLine(IRC_SERVER, 'BATCH', [`+${batchId}`, 'draft/chathistory-targets'], undefined, false),
		...found.slice(0, limit).map(({room, ts}) => ircLine(IRC_SERVER, 'CHATHISTORY', ['TARGETS', room, ircTime(ts)], {batch: batchId}, false)),
		ircLine(IRC_SERVER, 'BATCH', [`-${batchId}`], undefined, false),
	];
}
