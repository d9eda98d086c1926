import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type {RoomEvent} from '../protocol/frames.js';
import {roomKey} from '../protocol/room-names.js';
import {sanitiseEvent} from '../protocol/sanitise.js';
import {ImportError, importLog, type ImportSource} from './jsonl-import.js';
import {foldForSearch, type HistoryPage, type MessageStore, type SearchQuery, type SearchResult} from './message-store.js';
import type {RoomRecord} from './room-backend.js';
import {type EventRow, eventColumns, rowEvent} from './sqlite-rows.js';
import {droppedKey, FILL_ROOMS, migrate, SchemaError} from './sqlite-schema.js';
import {collect, planSearch, SEARCH_BUDGET_MS, type SearchRow, TEXT_END} from './sqlite-search.js';
import {isDiskFull, storeErrorReason} from './store-errors.js';

export type SqliteStoreOptions = {
	/** An older JSONL message log to import into a new database (`explicit`: the operator named it). */
	importFrom?: ImportSource;
	/** Events older than this many days are pruned, at start and every hour; 0 keeps everything. */
	retainDays?: number;
	/** Something the operator must know: a failure, a recovery, an import. */
	onWarning?: (text: string) => void;
	/** Wall clock, ms since the epoch (for retention). */
	now?: () => number;
};

/** How long start-up waits for a lock another program holds before it gives up. */
const OPEN_BUSY_MS = 2000;
/** After a failed write, the next try comes this much later (or with the next events after it). */
const RETRY_MS = 1000;
/** Events kept in memory while the database cannot be written; the oldest go past it. */
const MAX_WAITING = 200_000;
/** Messages added to the search index per step, and how often a step runs while there are new ones. */
const INDEX_BATCH = 500;
const INDEX_EVERY_MS = 250;
/** Events pruned per step, and how often a pruning run starts. */
const PRUNE_BATCH = 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
/** Events of a removed room deleted per step (a step per turn of the event loop, as pruning). */
const REMOVE_BATCH = 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

type Statements = ReturnType<typeof prepare>;

function prepare(db: Database.Database) {
	return {
		insert: db.prepare(
			'INSERT INTO events (room, seq, ts, type, name, text, target, reason, action, notice) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
		),
		insertOrSkip: db.prepare(
			'INSERT OR IGNORE INTO events (room, seq, ts, type, name, text, target, reason, action, notice) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
		),
		insertRoom: db.prepare('INSERT INTO rooms (key, name, created_at, held_message) VALUES (?, ?, ?, 0) ON CONFLICT (key) DO NOTHING'),
		roomId: db.prepare('SELECT id FROM rooms WHERE key = ?').pluck(),
		setTopic: db.prepare('UPDATE rooms SET topic = ? WHERE id = ?'),
		setHeld: db.prepare('UPDATE rooms SET held_message = 1 WHERE id = ?'),
		rooms: db.prepare(
			'SELECT id, key, name, topic, last_seq AS lastSeq, created_at AS createdAt, held_message AS held FROM rooms WHERE dropped_at IS NULL',
		),
		lastSeq: db.prepare('SELECT last_seq FROM rooms WHERE id = ?').pluck(),
		detachRoom: db.prepare(`UPDATE rooms SET key = ?, topic = '', dropped_at = ? WHERE id = ?`),
		seqFloor: db.prepare(`SELECT value FROM meta WHERE key = 'dropped_seq'`).pluck(),
		raiseSeqFloor: db.prepare(`UPDATE meta SET value = MAX(value, ?) WHERE key = 'dropped_seq'`),
		droppedRoom: db.prepare('SELECT id FROM rooms WHERE dropped_at IS NOT NULL LIMIT 1').pluck(),
		roomEvents: db.prepare('SELECT id, type FROM events WHERE room = ? ORDER BY seq LIMIT ?'),
		deleteEvent: db.prepare('DELETE FROM events WHERE id = ?'),
		deleteRoom: db.prepare('DELETE FROM rooms WHERE id = ?'),
		maxSeq: db.prepare('SELECT MAX(seq) FROM events WHERE room = ?').pluck(),
		page: db.prepare('SELECT * FROM events WHERE room = ? AND seq < ? ORDER BY seq DESC LIMIT ?'),
		indexedUpTo: db.prepare(`SELECT value FROM meta WHERE key = 'indexed_up_to'`).pluck(),
		setIndexedUpTo: db.prepare(`UPDATE meta SET value = ? WHERE key = 'indexed_up_to'`),
		lastId: db.prepare('SELECT MAX(id) FROM events').pluck(),
		toIndex: db.prepare('SELECT id, type, text FROM events WHERE id > ? ORDER BY id LIMIT ?'),
		indexText: db.prepare('INSERT INTO message_text (rowid, text) VALUES (?, ?)'),
		unindex: db.prepare('DELETE FROM message_text WHERE rowid = ?'),
		oldest: db.prepare('SELECT id, room, seq, ts, type FROM events ORDER BY id LIMIT ?'),
		keepLastSeq: db.prepare('UPDATE rooms SET last_seq = MAX(last_seq, ?) WHERE id = ?'),
		deleteUpTo: db.prepare('DELETE FROM events WHERE id <= ?'),
		searchIndexed: db.prepare(
			`SELECT e.* FROM message_text m JOIN events e ON e.id = m.rowid
			 WHERE message_text MATCH ? AND m.rowid <= ? AND e.room IN (SELECT value FROM json_each(?))
			 ORDER BY m.rowid DESC`,
		),
		// `+room`: read by id, newest first, never through the (room, seq) index and a sort.
		scanMessages: db.prepare(
			`SELECT * FROM events WHERE id > ? AND id <= ? AND type = 'msg' AND +room IN (SELECT value FROM json_each(?)) ORDER BY id DESC`,
		),
	};
}

/** Why a database cannot be used, as the operator reads it on stderr before the server exits. */
function openError(file: string, error: unknown): Error {
	if (error instanceof ImportError) return new Error(`Cannot start: ${error.message}. Leave out --log-file, or name the log it should import.`, {cause: error});
	const reason = error instanceof SchemaError ? error.message : storeErrorReason(error);
	return new Error(
		`Cannot use the history database ${file}: ${reason}. ` +
			'Choose another file with --db PATH, or keep history in memory only with --no-log.',
		{cause: error},
	);
}

/**
 * History in a SQLite database (better-sqlite3, WAL): every room in one schema
 * (sqlite-schema.ts), each tick's events in one transaction, paging by (room, seq), search by
 * an FTS5 trigram index. Every call is synchronous and short: the server's tick stays short.
 *
 * Failures are sentences, never corruption: a write that fails (a full disk, a read-only file,
 * a lock another program holds) rolls back whole; its events stay in memory — for history
 * and search too — and are written by the next try, a second later, once the database takes
 * them again. Durability: `synchronous = NORMAL`, so a committed tick survives the process
 * being killed; a power cut may lose the last ticks.
 */
export class SqliteStore implements MessageStore {
	readonly location: string;
	private db: Database.Database | undefined;
	private sql: Statements | undefined;
	private readonly rooms = new Map<string, {id: number; name: string}>();
	private readonly roomNames = new Map<number, string>();
	/** Events not yet in the database (it failed to take them), oldest first. */
	private waiting: RoomEvent[] = [];
	private lost = 0;
	private failure: string | undefined;
	private retryAt = 0;
	private retryTimer: NodeJS.Timeout | undefined;
	private indexTimer: NodeJS.Timeout | undefined;
	private indexing: NodeJS.Immediate | undefined;
	private pruneTimer: NodeJS.Timeout | undefined;
	private pruning: NodeJS.Immediate | undefined;
	private removeTimer: NodeJS.Timeout | undefined;
	private removing: NodeJS.Immediate | undefined;
	private removeFailed = false;
	/** The rooms known to have held a message (by id): a message there needs no more writes to say so. */
	private readonly held = new Set<number>();
	/** When the rooms made but not in the database yet were made, by key (see `created`). */
	private readonly made = new Map<string, number>();
	private floor = 0;
	private indexedUpTo = 0;
	private lastId = 0;
	private writeTransaction: ((events: readonly RoomEvent[]) => void) | undefined;
	/** What the transaction in progress did, applied once it commits. */
	private pending: {rooms: Array<[string, number, string]>; held: number[]; lastId: number; skipped: number} | undefined;
	/**
	 * Set after a write found a seq already stored, which only another writer can have put
	 * there: the events that collide are then left out (and counted) rather than holding up
	 * every event after them.
	 */
	private skipTaken = false;
	private readonly now: () => number;

	constructor(
		private readonly file: string,
		private readonly options: SqliteStoreOptions = {},
	) {
		this.location = file;
		this.now = options.now ?? Date.now;
	}

	async open(limit: number, defaultRoom: string): Promise<RoomRecord[]> {
		if (this.db) throw new Error(`The history database ${this.file} is already open.`);
		let db: Database.Database;
		try {
			fs.mkdirSync(path.dirname(this.file), {recursive: true});
			if (fs.existsSync(this.file) && !fs.statSync(this.file).isFile()) throw Object.assign(new Error('not a file'), {code: 'EISDIR'});
			db = new Database(this.file, {timeout: OPEN_BUSY_MS});
		} catch (error) {
			throw openError(this.file, error);
		}
		try {
			if (db.pragma('journal_mode = WAL', {simple: true}) !== 'wal') throw Object.assign(new Error('no WAL'), {code: 'SQLITE_READONLY'});
			db.pragma('synchronous = NORMAL');
			migrate(db);
			// A write at once: a read-only file or a lock held elsewhere is found now, not at the first message.
			db.prepare('BEGIN IMMEDIATE').run();
			db.prepare('COMMIT').run();
			db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.message_terms USING fts5vocab (main, message_text, 'row')`);
			this.sql = prepare(db);
			if (this.options.importFrom) {
				const report = await importLog(db, this.options.importFrom, defaultRoom, this.now());
				if (report) this.options.onWarning?.(report);
			}
			// Rooms of an older schema, or just imported, get their creation time and whether they held a message.
			db.exec(FILL_ROOMS);
			const records = this.loadRooms(limit);
			this.floor = Number(this.sql.seqFloor.get() ?? 0);
			// From now on the server's tick never waits for a lock: a write that finds one fails and is tried again.
			db.pragma('busy_timeout = 0');
			this.db = db;
			this.writeTransaction = db.transaction((events: readonly RoomEvent[]) => this.insert(events));
			this.indexedUpTo = Number(this.sql.indexedUpTo.get() ?? 0);
			this.lastId = Number(this.sql.lastId.get() ?? 0);
			this.scheduleIndexing(0);
			if ((this.options.retainDays ?? 0) > 0) this.schedulePruning(0);
			// Rooms removed before a restart may still have events to delete.
			this.scheduleRemoval(0);
			return records;
		} catch (error) {
			this.sql = undefined;
			this.rooms.clear();
			this.roomNames.clear();
			this.held.clear();
			db.close();
			throw openError(this.file, error);
		}
	}

	write(events: readonly RoomEvent[]): void {
		if (events.length === 0) return;
		if (!this.db) {
			this.warn(`The history database ${this.file} is closed: ${events.length} events were not saved.`);
			return;
		}
		if (this.waiting.length > 0) {
			this.keep(events);
			if (this.now() >= this.retryAt) this.retry();
			return;
		}
		try {
			this.commit(events);
		} catch (error) {
			this.keep(events);
			this.failed(error);
		}
	}

	get seqFloor(): number {
		return this.floor;
	}

	created(room: string, at: number): void {
		const key = roomKey(room);
		if (!this.rooms.has(key)) this.made.set(key, at);
	}

	/**
	 * The room gives up its key and topic and its seq goes into `meta.dropped_seq`, in one short
	 * transaction; its events are deleted afterwards, a batch per turn of the event loop (a room
	 * of a million events must not hold the server's tick up), unseen meanwhile: page and search
	 * only read the rooms that are known.
	 */
	drop(room: string, lastSeq: number): void {
		const key = roomKey(room);
		this.made.delete(key);
		let floor = Math.max(this.floor, lastSeq);
		// What waits for a database that failed goes with the room.
		if (this.waiting.some(e => roomKey(e.room) === key)) {
			for (const e of this.waiting) if (roomKey(e.room) === key) floor = Math.max(floor, e.seq);
			this.waiting = this.waiting.filter(e => roomKey(e.room) !== key);
		}
		this.floor = floor;
		const sql = this.sql;
		if (!sql || !this.db) return;
		const known = this.rooms.get(key);
		try {
			this.db.transaction(() => {
				if (known) {
					floor = Math.max(floor, Number(sql.maxSeq.get(known.id) ?? 0), Number(sql.lastSeq.get(known.id) ?? 0));
					sql.detachRoom.run(droppedKey(known.id), this.now(), known.id);
				}
				sql.raiseSeqFloor.run(floor);
			})();
		} catch (error) {
			this.warn(
				`Cannot remove ${room} from the history database ${this.file}: ${storeErrorReason(error)}. ` +
					'It is gone until the server restarts, then back with its history.',
			);
			return;
		}
		this.floor = floor;
		if (known) {
			this.rooms.delete(key);
			this.roomNames.delete(known.id);
			this.held.delete(known.id);
			this.scheduleRemoval(0);
		}
	}

	page(room: string, before: number | undefined, limit: number): HistoryPage {
		const key = roomKey(room);
		const waiting = this.waiting.filter(e => roomKey(e.room) === key && (before === undefined || e.seq < before));
		if (waiting.length >= limit) return {events: waiting.slice(-limit), more: true};
		const known = this.rooms.get(key);
		if (!known || !this.sql) return {events: waiting, more: false};
		const need = limit - waiting.length;
		const bound = waiting[0]?.seq ?? before ?? Number.MAX_SAFE_INTEGER;
		try {
			const rows = this.sql.page.all(known.id, bound, need + 1) as EventRow[];
			const events = rows
				.slice(0, need)
				.reverse()
				.flatMap(row => {
					const event = rowEvent(row, known.name);
					return event ? [sanitiseEvent(event)] : [];
				});
			return {events: [...events, ...waiting], more: rows.length > need};
		} catch (error) {
			this.warn(`Cannot read the history database ${this.file}: ${storeErrorReason(error)}.`);
			return {events: waiting, more: false};
		}
	}

	search({text, rooms, limit}: SearchQuery): SearchResult {
		const deadline = performance.now() + SEARCH_BUDGET_MS;
		const folded = foldForSearch(text);
		const keys = new Set(rooms.map(roomKey));
		// Newest first: what waits in memory, then what is not in the index yet, then the index.
		const found: RoomEvent[] = [];
		for (let i = this.waiting.length - 1; i >= 0 && found.length < limit; i--) {
			const event = this.waiting[i]!;
			if (event.type === 'msg' && keys.has(roomKey(event.room)) && foldForSearch(event.text).includes(folded)) found.push(event);
		}
		const sql = this.sql;
		const ids = JSON.stringify([...keys].flatMap(key => (this.rooms.has(key) ? [this.rooms.get(key)!.id] : [])));
		if (!sql || found.length >= limit || ids === '[]') return {events: found, partial: false};
		const rows: SearchRow[] = [];
		const matches = (row: SearchRow): boolean => foldForSearch(row.text ?? '').includes(folded);
		let partial = false;
		try {
			const want = limit - found.length;
			partial = collect(sql.scanMessages.iterate(this.indexedUpTo, Number.MAX_SAFE_INTEGER, ids) as IterableIterator<SearchRow>, matches, rows, want, deadline);
			if (!partial && rows.length < want) {
				const plan = planSearch(this.db!, text, deadline);
				if (plan.match === 'scan') {
					partial = collect(sql.scanMessages.iterate(0, this.indexedUpTo, ids) as IterableIterator<SearchRow>, matches, rows, want, deadline);
				} else if (plan.match !== '') {
					const candidates = sql.searchIndexed.iterate(plan.match, this.indexedUpTo, ids) as IterableIterator<SearchRow>;
					partial = collect(candidates, plan.check ? matches : () => true, rows, want, deadline);
				}
			}
		} catch (error) {
			this.warn(`Cannot search the history database ${this.file}: ${storeErrorReason(error)}.`);
		}
		for (const row of rows) {
			const event = rowEvent(row, this.roomNames.get(row.room) ?? '');
			if (event) found.push(sanitiseEvent(event));
		}
		return {events: found, partial};
	}

	/** Brings the search index up to date now, rather than a little later (tests, benchmarks). */
	catchUp(): void {
		if (this.indexTimer) clearTimeout(this.indexTimer);
		if (this.indexing) clearImmediate(this.indexing);
		this.indexTimer = this.indexing = undefined;
		let before = -1;
		while (this.indexedUpTo < this.lastId && this.indexedUpTo !== before) {
			before = this.indexedUpTo;
			this.indexStep(false);
		}
	}

	async close(): Promise<void> {
		for (const timer of [this.retryTimer, this.indexTimer, this.pruneTimer, this.removeTimer]) if (timer) clearTimeout(timer);
		for (const immediate of [this.indexing, this.pruning, this.removing]) if (immediate) clearImmediate(immediate);
		this.retryTimer = this.indexTimer = this.pruneTimer = this.removeTimer = undefined;
		this.indexing = this.pruning = this.removing = undefined;
		const db = this.db;
		if (!db) return;
		if (this.waiting.length > 0) this.retry();
		if (this.waiting.length > 0)
			this.warn(`The history database ${this.file} could not take the last ${this.waiting.length} events (${this.failure ?? 'unknown reason'}): they are lost.`);
		try {
			// What is left to index is indexed by the next start, in the background.
			db.close();
		} catch (error) {
			this.warn(`Could not close the history database ${this.file}: ${storeErrorReason(error)}.`);
		}
		this.db = undefined;
		this.sql = undefined;
		this.writeTransaction = undefined;
		this.waiting = [];
		this.rooms.clear();
		this.roomNames.clear();
		this.held.clear();
		this.made.clear();
	}

	/** Every room with its topic, next seq (never one the database has seen) and last events. */
	private loadRooms(limit: number): RoomRecord[] {
		const sql = this.sql!;
		const records: RoomRecord[] = [];
		type Row = {id: number; key: string; name: string; topic: string; lastSeq: number; createdAt: number | null; held: number | null};
		for (const room of sql.rooms.all() as Row[]) {
			this.remember(room.key, room.id, room.name);
			if (room.held !== 0) this.held.add(room.id);
			const max = Math.max(room.lastSeq, Number(sql.maxSeq.get(room.id) ?? 0));
			const history =
				limit > 0
					? (sql.page.all(room.id, Number.MAX_SAFE_INTEGER, limit) as EventRow[]).reverse().flatMap(row => {
							const event = rowEvent(row, room.name);
							return event ? [event] : [];
						})
					: [];
			const record: RoomRecord = {name: room.name, topic: room.topic, nextSeq: max + 1, history, heldMessage: room.held !== 0};
			// Unknown for a room whose every event was pruned before version 2: the room counts as made now.
			if (room.createdAt !== null) record.createdAt = room.createdAt;
			records.push(record);
		}
		return records;
	}

	private remember(key: string, id: number, name: string): void {
		this.rooms.set(key, {id, name});
		this.roomNames.set(id, name);
	}

	/** Inside the write transaction. A room seen for the first time gets its row here too. */
	private insert(events: readonly RoomEvent[]): void {
		const sql = this.sql!;
		const fresh: Array<[string, number, string]> = [];
		const held: number[] = [];
		let lastId = this.lastId;
		let skipped = 0;
		for (const event of events) {
			const key = roomKey(event.room);
			let id = this.rooms.get(key)?.id ?? fresh.find(([k]) => k === key)?.[1];
			if (id === undefined) {
				sql.insertRoom.run(key, event.room, this.made.get(key) ?? event.ts);
				id = Number(sql.roomId.get(key));
				fresh.push([key, id, event.room]);
			}
			const result = (this.skipTaken ? sql.insertOrSkip : sql.insert).run(id, ...eventColumns(event));
			if (result.changes === 0) skipped++;
			else lastId = Number(result.lastInsertRowid);
			if (event.type === 'topic') sql.setTopic.run(event.text, id);
			// Said once per room, ever: the flag is what keeps the room from expiring, whatever is pruned later.
			if (event.type === 'msg' && !this.held.has(id) && !held.includes(id)) {
				sql.setHeld.run(id);
				held.push(id);
			}
		}
		this.pending = {rooms: fresh, held, lastId, skipped};
	}

	/** One transaction for `events`; throws what the database said when it fails (then nothing of it is kept). */
	private commit(events: readonly RoomEvent[]): void {
		this.pending = undefined;
		this.writeTransaction!(events);
		// Only once committed: a transaction that failed leaves no room behind.
		const {rooms, held, lastId, skipped} = this.pending!;
		this.pending = undefined;
		if (skipped > 0)
			this.warn(`${skipped} events were not stored in ${this.file}: their seq numbers are in it already (is another tcpchat server writing to it?).`);
		this.skipTaken = false;
		for (const [key, id, name] of rooms) {
			this.remember(key, id, name);
			this.made.delete(key);
		}
		for (const id of held) this.held.add(id);
		this.lastId = lastId;
		this.scheduleIndexing(INDEX_EVERY_MS);
	}

	private keep(events: readonly RoomEvent[]): void {
		this.waiting.push(...events);
		const over = this.waiting.length - MAX_WAITING;
		if (over > 0) {
			this.waiting.splice(0, over);
			this.lost += over;
		}
	}

	private failed(error: unknown): void {
		this.pending = undefined;
		const code = (error as {code?: unknown}).code;
		if (!this.skipTaken && typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) {
			this.skipTaken = true;
			this.retry();
			return;
		}
		const reason = storeErrorReason(error);
		if (this.failure !== reason) {
			this.failure = reason;
			const advice = isDiskFull(error) ? ' Free some space' : ' Fix it';
			this.warn(
				`Cannot write to the history database ${this.file}: ${reason}. Chat goes on; new events are kept in memory ` +
					`and written once the database takes them again.${advice}, or restart with --no-log.`,
			);
		}
		this.retryAt = this.now() + RETRY_MS;
		if (!this.retryTimer) {
			this.retryTimer = setTimeout(() => {
				this.retryTimer = undefined;
				if (this.waiting.length > 0) this.retry();
			}, RETRY_MS);
			this.retryTimer.unref();
		}
	}

	private retry(): void {
		const events = this.waiting;
		try {
			this.commit(events);
		} catch (error) {
			this.failed(error);
			return;
		}
		this.waiting = [];
		const lost = this.lost;
		this.lost = 0;
		const failed = this.failure !== undefined;
		this.failure = undefined;
		if (failed) this.warn(
			`The history database ${this.file} is written again: the ${events.length} events that waited are saved` +
				(lost > 0 ? `; ${lost} older ones could not be kept in memory and are not in the history.` : '.'),
		);
	}

	private warn(text: string): void {
		this.options.onWarning?.(text);
	}

	/** The search index follows the events a little behind, in steps short enough not to hold the server up. */
	private scheduleIndexing(delay: number): void {
		if (this.indexTimer || this.indexing || !this.db) return;
		this.indexTimer = setTimeout(() => {
			this.indexTimer = undefined;
			this.indexStep();
		}, delay);
		this.indexTimer.unref();
	}

	private indexStep(andThen = true): void {
		const sql = this.sql;
		if (!sql || this.waiting.length > 0 || this.indexedUpTo >= this.lastId) return;
		try {
			const rows = sql.toIndex.all(this.indexedUpTo, INDEX_BATCH) as Array<{id: number; type: string; text: string | null}>;
			if (rows.length === 0) return;
			const upTo = rows.at(-1)!.id;
			this.db!.transaction(() => {
				for (const row of rows) if (row.type === 'msg') sql.indexText.run(row.id, `${foldForSearch(row.text ?? '')}${TEXT_END}`);
				sql.setIndexedUpTo.run(upTo);
			})();
			this.indexedUpTo = upTo;
		} catch (error) {
			// A write failure is the writer's to report; the index tries again later.
			if (this.failure === undefined) this.warn(`Cannot update the search index of ${this.file}: ${storeErrorReason(error)}.`);
			this.scheduleIndexing(RETRY_MS);
			return;
		}
		if (andThen && this.indexedUpTo < this.lastId) {
			this.indexing = setImmediate(() => {
				this.indexing = undefined;
				this.indexStep();
			});
		}
	}

	private schedulePruning(delay: number): void {
		if (this.pruneTimer || !this.db) return;
		this.pruneTimer = setTimeout(() => {
			this.pruneTimer = undefined;
			this.pruneStep(0);
		}, delay);
		this.pruneTimer.unref();
	}

	private scheduleRemoval(delay: number): void {
		if (this.removeTimer || this.removing || !this.db) return;
		const step = (): void => {
			this.removeTimer = this.removing = undefined;
			this.removeStep();
		};
		if (delay === 0) this.removing = setImmediate(step);
		else {
			this.removeTimer = setTimeout(step, delay);
			this.removeTimer.unref();
		}
	}

	/** Deletes a batch of a removed room's events, then the next, a turn of the event loop apart. */
	private removeStep(): void {
		const result = this.removeBatch();
		if (result === 'failed') this.scheduleRemoval(RETRY_MS);
		else if (result === 'more') this.scheduleRemoval(0);
	}

	/**
	 * One batch of a removed room's events deleted (out of the search index too), and the room's
	 * row after its last; 'done' when no removed room is left.
	 */
	private removeBatch(): 'more' | 'done' | 'failed' {
		const sql = this.sql;
		if (!sql) return 'done';
		try {
			const room = sql.droppedRoom.get() as number | undefined;
			if (room === undefined) return 'done';
			const rows = sql.roomEvents.all(room, REMOVE_BATCH) as Array<{id: number; type: string}>;
			this.db!.transaction(() => {
				for (const row of rows) {
					if (row.type === 'msg' && row.id <= this.indexedUpTo) sql.unindex.run(row.id);
					sql.deleteEvent.run(row.id);
				}
				if (rows.length < REMOVE_BATCH) sql.deleteRoom.run(room);
			})();
		} catch (error) {
			// Unseen meanwhile; tried again later (and at the next start). Said once, not every second.
			if (!this.removeFailed && this.failure === undefined) this.warn(`Cannot delete a removed room's events from ${this.file}: ${storeErrorReason(error)}.`);
			this.removeFailed = true;
			return 'failed';
		}
		this.removeFailed = false;
		return 'more';
	}

	/** Deletes what removed rooms left now, rather than a batch per turn of the event loop (tests). */
	finishRemovals(): void {
		if (this.removeTimer) clearTimeout(this.removeTimer);
		if (this.removing) clearImmediate(this.removing);
		this.removeTimer = this.removing = undefined;
		while (this.removeBatch() === 'more');
	}

	/** Removes the oldest events past `--retain-days`, a batch per turn of the event loop. */
	private pruneStep(pruned: number): void {
		const sql = this.sql;
		if (!sql) return;
		const days = this.options.retainDays ?? 0;
		const cutoff = this.now() - days * DAY_MS;
		let count = 0;
		try {
			const rows = sql.oldest.all(PRUNE_BATCH) as Array<{id: number; room: number; seq: number; ts: number; type: string}>;
			const old: typeof rows = [];
			for (const row of rows) {
				if (row.ts >= cutoff) break;
				old.push(row);
			}
			if (old.length > 0) {
				this.db!.transaction(() => {
					const highest = new Map<number, number>();
					for (const row of old) {
						highest.set(row.room, Math.max(highest.get(row.room) ?? 0, row.seq));
						if (row.type === 'msg' && row.id <= this.indexedUpTo) sql.unindex.run(row.id);
					}
					// The seq of a room whose events all go is never given again.
					for (const [room, seq] of highest) sql.keepLastSeq.run(seq, room);
					sql.deleteUpTo.run(old.at(-1)!.id);
				})();
				count = old.length;
			}
		} catch (error) {
			this.warn(`Cannot prune the history database ${this.file}: ${storeErrorReason(error)}.`);
			this.schedulePruning(PRUNE_EVERY_MS);
			return;
		}
		if (count === PRUNE_BATCH) {
			this.pruning = setImmediate(() => {
				this.pruning = undefined;
				this.pruneStep(pruned + count);
			});
			return;
		}
		if (pruned + count > 0) this.warn(`Pruned ${pruned + count} events older than ${days} days from ${this.file} (--retain-days).`);
		this.schedulePruning(PRUNE_EVERY_MS);
	}
}
