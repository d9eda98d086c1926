import fs from 'node:fs';
import type {Writable} from 'node:stream';
import Database from 'better-sqlite3';
import type {RoomEvent} from '../protocol/frames.js';
import {roomKey} from '../protocol/room-names.js';
import {type EventRow, rowEvent} from './sqlite-rows.js';
import {isDroppedKey} from './sqlite-schema.js';
import {storeErrorReason} from './store-errors.js';

export type ExportOptions = {
	db: string;
	/** One room only (any case). */
	room?: string;
	/** Events from this moment on (ms since the epoch). */
	since?: number;
};

/** Bytes gathered before a write: one write per line would cost more than the query. */
const WRITE_BYTES = 64 * 1024;

/** A failure the operator can act on, as a sentence. */
export class ExportError extends Error {}

/**
 * Writes every stored event (of one room, from a moment on) to `out` as JSON lines, in the
 * order they happened — one event per line, as the server sends it, for `jq`. Reads the
 * database without writing to it, while a server runs on it too. Resolves with the number
 * of events written; a reader that goes away (`| head`) ends it early without an error.
 */
export async function exportHistory(options: ExportOptions, out: Writable): Promise<number> {
	if (!fs.existsSync(options.db)) throw new ExportError(`there is no history database ${options.db} (choose one with --db PATH, or the server's --port)`);
	let db: Database.Database;
	try {
		db = new Database(options.db, {readonly: true, fileMustExist: true, timeout: 2000});
		db.pragma('user_version');
	} catch (error) {
		throw new ExportError(`cannot read the history database ${options.db}: ${storeErrorReason(error)}`);
	}
	let gone = false;
	const onError = (): void => {
		gone = true;
	};
	out.on('error', onError);
	try {
		// A removed room's events, while they are being deleted, are not its history any more (see sqlite-schema.ts).
		const rooms = (db.prepare('SELECT id, key, name FROM rooms').all() as Array<{id: number; key: string; name: string}>).filter(
			r => !isDroppedKey(r.key),
		);
		const names = new Map(rooms.map(r => [r.id, r.name]));
		let only: number | null = null;
		if (options.room !== undefined) {
			const found = rooms.find(r => r.key === roomKey(options.room!));
			if (!found) throw new ExportError(`there is no room ${options.room} in ${options.db} (it has ${rooms.map(r => r.name).join(', ') || 'none'})`);
			only = found.id;
		}
		const rows = db
			.prepare('SELECT * FROM events WHERE (@room IS NULL OR room = @room) AND ts >= @since ORDER BY id')
			.iterate({room: only, since: options.since ?? 0}) as IterableIterator<EventRow & {room: number}>;
		let count = 0;
		let pending: string[] = [];
		let pendingBytes = 0;
		const write = async (): Promise<void> => {
			const chunk = pending.join('');
			pending = [];
			pendingBytes = 0;
			if (gone) return;
			if (!out.write(chunk)) await new Promise<void>(resolve => {
				const done = (): void => {
					out.off('drain', done);
					out.off('error', done);
					out.off('close', done);
					resolve();
				};
				out.on('drain', done);
				out.on('error', done);
				out.on('close', done);
			});
		};
		for (const row of rows) {
			const name = names.get(row.room);
			if (name === undefined) continue;
			const event: RoomEvent | undefined = rowEvent(row, name);
			if (!event) continue;
			const line = `${JSON.stringify(event)}\n`;
			pending.push(line);
			pendingBytes += line.length;
			count++;
			if (pendingBytes >= WRITE_BYTES) {
				await write();
				if (gone) break;
			}
		}
		if (!gone && pending.length > 0) await write();
		return count;
	} catch (error) {
		if (error instanceof ExportError) throw error;
		throw new ExportError(`cannot read the history database ${options.db}: ${storeErrorReason(error)}`);
	} finally {
		out.off('error', onError);
		db.close();
	}
}

/** `--since`: a date (2025-01-31, local midnight) or a date and time (2025-01-31T14:00, local; or with a zone). */
export function parseSince(value: string): number | undefined {
	const day = value.trim().match(/^(\d{4})-(\d{2})-(\d{2})$/);
	if (day) {
		const [, y, m, d] = day.map(Number) as [number, number, number, number];
		const date = new Date(y, m - 1, d);
		return date.getMonth() === m - 1 ? date.getTime() : undefined;
	}
	if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value.trim())) return undefined;
	const ms = Date.parse(value.trim());
	return Number.isNaN(ms) ? undefined : ms;
}
