import fs from 'node:fs';
import type Database from 'better-sqlite3';
import type {RoomEvent} from '../protocol/frames.js';
import {roomKey, roomProblem} from '../protocol/room-names.js';
import {fileLines, parseLogLine} from './jsonl-reader.js';
import {eventColumns} from './sqlite-rows.js';
import {storeErrorReason} from './store-errors.js';

/** The JSONL message log of an older tcpchat; `explicit` when the operator named it (--log-file). */
export type ImportSource = {path: string; explicit: boolean};

/** A failure to import that stops the start, with its own sentence. */
export class ImportError extends Error {}

type RoomScan = {name: string; lastSeq: number; inOrder: boolean; events: number};

/** Events of one transaction: the import is one transaction in all, written in slices. */
const SLICE = 10_000;

function thousands(n: number): string {
	return n.toLocaleString('en-US');
}

async function scan(file: string, defaultRoom: string): Promise<{rooms: Map<string, RoomScan>; skipped: number}> {
	const rooms = new Map<string, RoomScan>();
	let skipped = 0;
	for await (const line of fileLines(file)) {
		const event = line === undefined ? undefined : parseLogLine(line, defaultRoom);
		if (!event || roomProblem(event.room) !== undefined) {
			if (line === undefined || line.trim() !== '') skipped++;
			continue;
		}
		const key = roomKey(event.room);
		const room = rooms.get(key) ?? {name: event.room, lastSeq: 0, inOrder: true, events: 0};
		rooms.set(key, room);
		if (event.seq <= room.lastSeq) room.inOrder = false;
		room.lastSeq = Math.max(room.lastSeq, event.seq);
		room.events++;
	}
	return {rooms, skipped};
}

/**
 * Imports an older message log into a database that holds no events yet, once (the path is
 * remembered in `imports`), in one transaction: a failure leaves the database as it was. The
 * log itself is left untouched. Lines without a room belong to `defaultRoom`; lines that are
 * not events (torn, garbage) are skipped. A room whose seqs are not strictly increasing in
 * the file (the JSONL log could reuse a seq after a crash, or hold a stray one far ahead) has
 * its events numbered again from 1 in file order, so that every seq is unique and the next one
 * follows the last. Returns the sentence that says what was done, or undefined for nothing.
 */
export async function importLog(db: Database.Database, source: ImportSource, defaultRoom: string, now: number): Promise<string | undefined> {
	const {path: file, explicit} = source;
	if (db.prepare('SELECT 1 FROM imports WHERE path = ?').get(file)) return undefined;
	if (!fs.existsSync(file)) {
		if (explicit) throw new ImportError(`the message log ${file} given with --log-file does not exist`);
		return undefined;
	}
	if (db.prepare('SELECT 1 FROM events LIMIT 1').get()) {
		return explicit ? `The message log ${file} was not imported: the history database already holds events (a log is imported into a new database only).` : undefined;
	}
	let scanned: Awaited<ReturnType<typeof scan>>;
	try {
		scanned = await scan(file, defaultRoom);
	} catch (error) {
		throw new ImportError(`cannot read the message log ${file} to import it: ${storeErrorReason(error)}`, {cause: error});
	}
	const insertRoom = db.prepare('INSERT INTO rooms (key, name) VALUES (?, ?) ON CONFLICT (key) DO NOTHING');
	const roomId = db.prepare('SELECT id FROM rooms WHERE key = ?').pluck();
	const insert = db.prepare('INSERT INTO events (room, seq, ts, type, name, text, target, reason, action, notice) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
	const setTopic = db.prepare('UPDATE rooms SET topic = ? WHERE id = ?');
	const ids = new Map<string, number>();
	const numbered = new Map<string, number>();
	const write = db.transaction((events: RoomEvent[]) => {
		for (const event of events) {
			const key = roomKey(event.room);
			let id = ids.get(key);
			if (id === undefined) {
				insertRoom.run(key, scanned.rooms.get(key)!.name);
				id = Number(roomId.get(key));
				ids.set(key, id);
			}
			const seq = scanned.rooms.get(key)!.inOrder ? event.seq : (numbered.get(key) ?? 0) + 1;
			numbered.set(key, seq);
			insert.run(id, ...eventColumns({...event, seq}));
			if (event.type === 'topic') setTopic.run(event.text, id);
		}
	});
	let count = 0;
	db.prepare('BEGIN IMMEDIATE').run();
	try {
		let slice: RoomEvent[] = [];
		for await (const line of fileLines(file)) {
			const event = line === undefined ? undefined : parseLogLine(line, defaultRoom);
			if (!event || !scanned.rooms.has(roomKey(event.room))) continue;
			slice.push(event);
			if (slice.length >= SLICE) {
				write(slice);
				count += slice.length;
				slice = [];
			}
		}
		write(slice);
		count += slice.length;
		db.prepare('INSERT INTO imports (path, events, at) VALUES (?, ?, ?)').run(file, count, now);
		db.prepare('COMMIT').run();
	} catch (error) {
		if (db.inTransaction) db.prepare('ROLLBACK').run();
		throw new ImportError(`cannot import the message log ${file}: ${storeErrorReason(error)}`, {cause: error});
	}
	const rooms = [...scanned.rooms.values()];
	const renumbered = rooms.filter(r => !r.inOrder);
	const parts = [
		`Imported ${thousands(count)} events of ${rooms.length} ${rooms.length === 1 ? 'room' : 'rooms'} from the message log ${file} into the history database (once; the log is left as it was).`,
	];
	for (const room of renumbered)
		parts.push(`${room.name}: its seq numbers were out of order in the log, so its ${thousands(room.events)} events were numbered again 1–${thousands(room.events)} in file order.`);
	if (scanned.skipped > 0) parts.push(`${thousands(scanned.skipped)} lines were not events and were skipped.`);
	return parts.join(' ');
}
