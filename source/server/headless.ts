import process from 'node:process';
import {formatPlainEvent, plainClock, roomRemovedWords} from '../protocol/plain-text-format.js';
import {sanitiseName, sanitiseText} from '../protocol/sanitise.js';
import {ChatServer, type ChatServerDeps} from './chat-server.js';
import {LineOutput, type OutputStream} from './line-output.js';
import type {ServerOptions} from './server-options.js';
import type {ServerActivity} from './server-types.js';

export type HeadlessIo = {
	stdout?: OutputStream;
	stderr?: OutputStream;
	/** Resolves when the server should stop; default: the first SIGINT or SIGTERM. */
	stopSignal?: Promise<unknown>;
	/** Wall clock for the printed times. */
	now?: () => number;
	/** Bytes that may wait for a slow reader of stdout before lines are dropped. */
	outputBound?: number;
	/** How long the last lines may take to reach the reader after the shutdown. */
	drainTimeoutMs?: number;
};

/** How long a stopped server waits for its reader to take the last lines. */
const DRAIN_TIMEOUT_MS = 2000;

/**
 * One readable line per activity, in the plain-text dialect's words; undefined for none.
 * As there, what members say starts `<name> ` or `* name ` after the time, every line of it;
 * the server's own lines start with `***`, `+`, `-`, `!`, `…` or a word, which no member line can.
 */
export function headlessLine(activity: ServerActivity, now: number): string | undefined {
	const at = `[${plainClock(now)}]`;
	switch (activity.kind) {
		case 'listening':
			return `${at} listening on ${activity.addresses.join(', ')}`;
		case 'event': {
			// Every event names its room: the log interleaves them all.
			const lines = formatPlainEvent(activity.event, plainClock, '');
			if (activity.event.type === 'join' && activity.address) lines[0] += ` (${activity.address})`;
			return lines.join('\n');
		}
		case 'notice': {
			const room = activity.room === undefined ? '' : `${sanitiseName(activity.room)} `;
			return `[${plainClock(activity.ts)}] ${room}*** notice: ${sanitiseText(activity.text)}`;
		}
		case 'connection':
			// Joins are printed as events; only the new connection itself is news here.
			return activity.info.name === null
				? `${at} + connection #${activity.info.id} from ${activity.info.address}:${activity.info.remotePort}`
				: undefined;
		case 'disconnect':
			// A member's departure is printed as its leave event.
			return activity.name === null ? `${at} - connection #${activity.id} closed (${activity.reason})` : undefined;
		case 'rejected':
			return `${at} ! refused a connection from ${activity.address}: ${activity.code}`;
		case 'dropped':
			return `[${plainClock(activity.ts)}] ${sanitiseName(activity.room)} *** ${roomRemovedWords(activity.by, activity.members, activity.text)}`;
		case 'warning':
			return `${at} ! ${sanitiseName(activity.text)}`;
		case 'closed':
			return `${at} stopped`;
	}
}

function stopOnSignal(): Promise<string> {
	return new Promise(resolve => {
		const on = (signal: string): void => {
			process.off('SIGINT', on);
			process.off('SIGTERM', on);
			resolve(signal);
		};
		process.on('SIGINT', on);
		process.on('SIGTERM', on);
	});
}

export type HeadlessPrinter = {
	/** Adds a line of the printer's own (a time stamp is not added). */
	line(text: string): void;
	/** Writes what is pending now. */
	flush(): void;
	stop(): void;
};

/**
 * Prints one line per activity of `source` to `out`, gathered and written once per tick;
 * warnings go to `warnings` (stderr) at once. Both outputs drop lines rather than wait for a
 * slow reader, so printing never holds up the room.
 */
export function printActivity(
	source: {subscribe(listener: (activity: ServerActivity) => void): () => void},
	out: LineOutput,
	warnings: LineOutput,
	now: () => number = Date.now,
): HeadlessPrinter {
	let pending: string[] = [];
	let scheduled: NodeJS.Immediate | undefined;
	const flush = (): void => {
		if (scheduled) clearImmediate(scheduled);
		scheduled = undefined;
		if (pending.length === 0) return;
		const lines = pending;
		pending = [];
		out.write(lines);
	};
	const add = (line: string): void => {
		pending.push(line);
		scheduled ??= setImmediate(flush);
	};
	const unsubscribe = source.subscribe(activity => {
		if (activity.kind === 'warning') {
			flush();
			warnings.write([`tcpchat: ${sanitiseName(activity.text)}`]);
			return;
		}
		const line = headlessLine(activity, now());
		if (line !== undefined) add(line);
	});
	return {
		line: add,
		flush,
		stop() {
			unsubscribe();
			flush();
		},
	};
}

/**
 * The server without a UI (`--headless`, or stdout not a terminal): one line per activity on
 * stdout, errors on stderr. Resolves with the exit code: 1 when it cannot listen, 0 after a
 * graceful shutdown on SIGINT/SIGTERM. A reader of stdout that is slow or stuck loses lines
 * (it is told how many) but never holds the room up, nor the exit: after the shutdown the last
 * lines get `drainTimeoutMs` to reach it.
 */
export async function runHeadless(options: Partial<ServerOptions>, io: HeadlessIo = {}, deps: ChatServerDeps = {}): Promise<number> {
	const now = io.now ?? Date.now;
	const stamp = () => `[${plainClock(now())}]`;
	const out = new LineOutput(io.stdout ?? process.stdout, {name: 'stdout', bound: io.outputBound, stamp});
	const err = new LineOutput(io.stderr ?? process.stderr, {name: 'stderr', stamp});
	const server = new ChatServer(options, deps);
	const printer = printActivity(server, out, err, now);
	try {
		await server.listen();
	} catch (error) {
		printer.stop();
		err.write([`tcpchat: ${error instanceof Error ? error.message : String(error)}`]);
		return 1;
	}
	printer.line(`${stamp()} history: ${server.logLocation}`);
	await (io.stopSignal ?? stopOnSignal());
	printer.line(`${stamp()} shutting down…`);
	await server.shutdown();
	printer.stop();
	const timeout = io.drainTimeoutMs ?? DRAIN_TIMEOUT_MS;
	if (!(await out.flushed(timeout))) {
		err.write([`tcpchat: stdout took no more lines for ${timeout / 1000} s; the last ones are lost.`]);
	}
	return 0;
}
