import process from 'node:process';
import {formatPlainEvent, plainClock} from '../protocol/plain-text-format.js';
import {sanitiseName, sanitiseText} from '../protocol/sanitise.js';
import {ChatServer, type ChatServerDeps} from './chat-server.js';
import type {ServerOptions} from './server-options.js';
import type {ServerActivity} from './server-types.js';

type Out = {write(text: string): unknown};

export type HeadlessIo = {
	stdout?: Out;
	stderr?: Out;
	/** Resolves when the server should stop; default: the first SIGINT or SIGTERM. */
	stopSignal?: Promise<unknown>;
	/** Wall clock for the printed times. */
	now?: () => number;
};

/**
 * One readable line per activity, in the plain-text dialect's words; undefined for none.
 * As there, what members say starts `<name> ` or `* name ` after the time, every line of it;
 * the server's own lines start with `***`, `+`, `-`, `!` or a word, which no member line can.
 */
export function headlessLine(activity: ServerActivity, now: number): string | undefined {
	const at = `[${plainClock(now)}]`;
	switch (activity.kind) {
		case 'listening':
			return `${at} listening on ${activity.addresses.join(', ')}`;
		case 'event': {
			const lines = formatPlainEvent(activity.event);
			if (activity.event.type === 'join' && activity.address) lines[0] += ` (${activity.address})`;
			return lines.join('\n');
		}
		case 'notice':
			return `[${plainClock(activity.ts)}] *** notice: ${sanitiseText(activity.text)}`;
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

/**
 * The server without a UI (`--headless`, or stdout not a terminal): one line per activity on
 * stdout, errors on stderr. Resolves with the exit code: 1 when it cannot listen, 0 after a
 * graceful shutdown on SIGINT/SIGTERM.
 */
export async function runHeadless(options: Partial<ServerOptions>, io: HeadlessIo = {}, deps: ChatServerDeps = {}): Promise<number> {
	const stdout = io.stdout ?? process.stdout;
	const stderr = io.stderr ?? process.stderr;
	const now = io.now ?? Date.now;
	// Lines are gathered and written once per tick: stdout to a pipe is synchronous, and a busy
	// room must not wait for the log reader.
	let pending: string[] = [];
	const flush = (): void => {
		if (pending.length === 0) return;
		const text = pending.join('\n') + '\n';
		pending = [];
		stdout.write(text);
	};
	const server = new ChatServer(options, deps);
	server.subscribe(activity => {
		if (activity.kind === 'warning') {
			flush();
			stderr.write(`tcpchat: ${sanitiseName(activity.text)}\n`);
			return;
		}
		const line = headlessLine(activity, now());
		if (line === undefined) return;
		if (pending.length === 0) setImmediate(flush);
		pending.push(line);
	});
	try {
		await server.listen();
	} catch (error) {
		flush();
		stderr.write(`tcpchat: ${error instanceof Error ? error.message : String(error)}\n`);
		return 1;
	}
	pending.push(`[${plainClock(now())}] message log: ${server.logLocation}`);
	await (io.stopSignal ?? stopOnSignal());
	pending.push(`[${plainClock(now())}] shutting down…`);
	await server.shutdown();
	flush();
	return 0;
}
