import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {RoomEvent} from '../source/protocol/frames.js';
import {MIGRATIONS} from '../source/server/sqlite-schema.js';
import {SqliteStore} from '../source/server/sqlite-store.js';
import {storedEvents} from './helpers/stored-events.js';

/**
 * A member's notice in the SQLite store, on a real database file: written, read back (restore,
 * paging, search, export) with its flag; and a database of the schema before the `notice`
 * column, with its events, taken to the current schema without losing or changing any.
 */

let dir: string;
let file: string;
const stores: SqliteStore[] = [];

beforeEach(async () => {
	dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tcpchat-sqlite-notice-'));
	file = path.join(dir, 'history.db');
});

afterEach(async () => {
	for (const store of stores.splice(0)) await store.close();
	await fs.rm(dir, {recursive: true, force: true});
});

function store(): SqliteStore {
	const s = new SqliteStore(file, {onWarning: text => expect.fail(text)});
	stores.push(s);
	return s;
}

const notice: RoomEvent = {type: 'msg', room: '#general', seq: 1, ts: 1000, from: 'bot', text: 'nightly build passed', notice: true};
const action: RoomEvent = {type: 'msg', room: '#general', seq: 2, ts: 1001, from: 'ann', text: 'cheers the build', action: true};
const plain: RoomEvent = {type: 'msg', room: '#general', seq: 3, ts: 1002, from: 'ann', text: 'thanks, build bot'};

describe('SqliteStore: notices', () => {
	it('keeps the flag through a restart, a history page, a search and the export', async () => {
		const s = store();
		await s.open(100, '#general');
		s.write([notice, action, plain]);
		await s.close();
		const again = store();
		const [room] = await again.open(100, '#general');
		expect(room!.history).toEqual([notice, action, plain]);
		expect(again.page('#general', undefined, 10).events).toEqual([notice, action, plain]);
		expect(again.search({text: 'build', rooms: ['#general'], limit: 10}).events).toEqual([plain, action, notice]);
		await again.close();
		expect(await storedEvents(file)).toEqual([notice, action, plain]);
		const raw = new Database(file, {readonly: true});
		expect(raw.prepare('SELECT seq, action, notice FROM events ORDER BY seq').all()).toEqual([
			{seq: 1, action: null, notice: 1},
			{seq: 2, action: 1, notice: null},
			{seq: 3, action: null, notice: null},
		]);
		raw.close();
	});

	it('migrates a database of the first schema: its events read as they were, a notice is stored after', async () => {
		// A database as the first release left it: only the first migration, and its rows.
		const old = new Database(file);
		old.exec(MIGRATIONS[0]!);
		old.pragma('user_version = 1');
		old.prepare(`INSERT INTO rooms (id, key, name, topic, last_seq) VALUES (1, '#general', '#general', 'builds', 3)`).run();
		const insert = old.prepare('INSERT INTO events (room, seq, ts, type, name, text, target, reason, action) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)');
		insert.run(1, 10, 'join', 'ann', null, null, null, null);
		insert.run(2, 11, 'msg', 'ann', 'waves', null, null, 1);
		insert.run(3, 12, 'msg', 'ann', 'hello from before', null, null, null);
		old.close();
		const before: RoomEvent[] = [
			{type: 'join', room: '#general', seq: 1, ts: 10, name: 'ann'},
			{type: 'msg', room: '#general', seq: 2, ts: 11, from: 'ann', text: 'waves', action: true},
			{type: 'msg', room: '#general', seq: 3, ts: 12, from: 'ann', text: 'hello from before'},
		];

		const s = store();
		const [room] = await s.open(100, '#general');
		expect(room).toMatchObject({name: '#general', topic: 'builds', nextSeq: 4, history: before, heldMessage: true, createdAt: 10});
		const upgraded = new Database(file, {readonly: true});
		expect(upgraded.pragma('user_version', {simple: true})).toBe(MIGRATIONS.length);
		expect(upgraded.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('events')).toContain('notice');
		expect(upgraded.prepare('SELECT COUNT(*) FROM events WHERE notice IS NOT NULL').pluck().get()).toBe(0);
		upgraded.close();

		const said: RoomEvent = {type: 'msg', room: '#general', seq: 4, ts: 13, from: 'bot', text: 'after the upgrade', notice: true};
		s.write([said]);
		expect(s.search({text: 'before', rooms: ['#general'], limit: 10}).events).toEqual([before[2]]);
		await s.close();
		// Opened again, nothing runs twice.
		const again = store();
		expect((await again.open(100, '#general'))[0]!.history).toEqual([...before, said]);
		await again.close();
		expect(await storedEvents(file)).toEqual([...before, said]);
	});

	it('`tcpchat export` still reads a database of the first schema it is not allowed to migrate', async () => {
		const old = new Database(file);
		old.exec(MIGRATIONS[0]!);
		old.pragma('user_version = 1');
		old.prepare(`INSERT INTO rooms (id, key, name) VALUES (1, '#general', '#general')`).run();
		old.prepare(`INSERT INTO events (room, seq, ts, type, name, text, action) VALUES (1, 1, 10, 'msg', 'ann', 'hi', NULL)`).run();
		old.close();
		expect(await storedEvents(file)).toEqual([{type: 'msg', room: '#general', seq: 1, ts: 10, from: 'ann', text: 'hi'}]);
	});
});
