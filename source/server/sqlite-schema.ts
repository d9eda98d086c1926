import type Database from 'better-sqlite3';

/**
 * The schema of the history database, as a list of migrations from the first release on:
 * `PRAGMA user_version` is the number of migrations applied. A new release appends to this
 * list and never edits an entry that has shipped.
 *
 * One schema for all rooms. `events` holds every room event, keyed by (room, seq) — UNIQUE,
 * so that no seq can be stored twice — in columns a person can query with `sqlite3`.
 * `rooms.last_seq` remembers the highest seq a room ever had, so that pruning old events
 * never lets a seq be given again. `message_text` is the search index of messages (FTS5,
 * trigram tokenizer: it finds any substring of 3 characters or more, Chinese included, and
 * with the end mark each text carries, 2-character words too; see sqlite-search.ts). It holds
 * no copy of the texts (contentless) and is filled a little after the events, in batches:
 * `meta.indexed_up_to` is the last event id in it.
 *
 * Version 2 keeps what a room's life needs: `rooms.created_at` (ms since the epoch; IRC's 329)
 * and `rooms.held_message` (1 once a message was said there: such a room never expires), both
 * NULL until known — a database of version 1 gets them at its next start, from the room's
 * first stored event and from whether it has a message (or had events pruned, which may have
 * been messages). A removed room (`/drop`, or an empty room with nothing in it, expired) gets
 * `dropped_at`, gives up its key (`dropped:ID`, which no room name can be: they start with `#`)
 * so that a new room may take the name at once, and has its events deleted a batch at a time,
 * then its row. `meta.dropped_seq` is the highest seq a removed room had: every room made later
 * starts above it, so that no seq is ever given twice under one name.
 *
 * Version 3: `events.notice` (1 for a member's notice, NULL otherwise), a migration of its own:
 * adding a column with no default rewrites nothing, so a database of any size takes it at
 * once, and every row stored before reads as it was (NULL: not a notice).
 */
export const MIGRATIONS: readonly string[] = [
	`
	CREATE TABLE rooms (
		id INTEGER PRIMARY KEY,
		key TEXT NOT NULL UNIQUE,
		name TEXT NOT NULL,
		topic TEXT NOT NULL DEFAULT '',
		last_seq INTEGER NOT NULL DEFAULT 0
	);
	CREATE TABLE events (
		id INTEGER PRIMARY KEY,
		room INTEGER NOT NULL REFERENCES rooms (id),
		seq INTEGER NOT NULL,
		ts INTEGER NOT NULL,
		type TEXT NOT NULL,
		name TEXT NOT NULL,
		text TEXT,
		target TEXT,
		reason TEXT,
		action INTEGER,
		UNIQUE (room, seq)
	);
	CREATE VIRTUAL TABLE message_text USING fts5 (text, content = '', contentless_delete = 1, tokenize = 'trigram');
	CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
	CREATE TABLE imports (path TEXT PRIMARY KEY, events INTEGER NOT NULL, at INTEGER NOT NULL);
	INSERT INTO meta (key, value) VALUES ('indexed_up_to', 0);
	`,
	`
	ALTER TABLE rooms ADD COLUMN created_at INTEGER;
	ALTER TABLE rooms ADD COLUMN held_message INTEGER;
	ALTER TABLE rooms ADD COLUMN dropped_at INTEGER;
	INSERT INTO meta (key, value) VALUES ('dropped_seq', 0);
	`,
	`
	ALTER TABLE events ADD COLUMN notice INTEGER;
	`,
];

/**
 * Fills in what version 2 added for rooms that do not have it yet (a database of version 1, a
 * log just imported): run at every start, it touches only those rows.
 */
export const FILL_ROOMS = `
	UPDATE rooms SET
		created_at = COALESCE(created_at, (SELECT ts FROM events WHERE events.room = rooms.id ORDER BY seq LIMIT 1)),
		held_message = COALESCE(held_message, last_seq > 0 OR EXISTS (SELECT 1 FROM events WHERE events.room = rooms.id AND type = 'msg'))
	WHERE dropped_at IS NULL AND (held_message IS NULL OR created_at IS NULL)
`;

const DROPPED = 'dropped:';

/** The key a removed room's row has while its events are deleted. */
export function droppedKey(id: number): string {
	return `${DROPPED}${id}`;
}

export function isDroppedKey(key: string): boolean {
	return key.startsWith(DROPPED);
}

/** The tables of version 1: a database holding other tables at version 0 is not ours. */
const OURS = ['events', 'imports', 'message_text', 'meta', 'rooms'];

export class SchemaError extends Error {}

/**
 * Brings a database to the current schema, one transaction per migration. Refuses a database
 * of a newer tcpchat, and one at version 0 that has tables of its own (not a tcpchat database).
 * Returns how many migrations ran.
 */
export function migrate(db: Database.Database): number {
	const version = db.pragma('user_version', {simple: true}) as number;
	if (version > MIGRATIONS.length)
		throw new SchemaError(
			`it was written by a newer tcpchat (schema version ${version}; this one knows up to ${MIGRATIONS.length}): upgrade tcpchat`,
		);
	if (version === 0) {
		const tables = (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as Array<{name: string}>).map(
			t => t.name,
		);
		const foreign = tables.filter(t => !OURS.some(o => t === o || t.startsWith(`${o}_`)));
		if (foreign.length > 0) throw new SchemaError(`it is not a tcpchat database (it has tables ${foreign.slice(0, 3).join(', ')})`);
	}
	for (let v = version; v < MIGRATIONS.length; v++) {
		db.transaction(() => {
			db.exec(MIGRATIONS[v]!);
			db.pragma(`user_version = ${v + 1}`);
		}).immediate();
	}
	return MIGRATIONS.length - version;
}
