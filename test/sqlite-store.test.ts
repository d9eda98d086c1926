import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {RoomEvent} from '../source/protocol/frames.js';
import {MIGRATIONS} from '../source/server/sqlite-schema.js';
import {SqliteStore, type SqliteStoreOptions} from '../source/server/sqlite-store.js';

/** The SQLite store over a real database file in a temp directory. */

let dir: string;
let file: string;
const stores: SqliteStore[] = [];
let warnings: string[];

beforeEach(async () => {
	dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tcpchat-sqlite-'));
	file = path.join(dir, 'history.db');
	warnings = [];
});

afterEach(async () => {
	for (const store of stores.splice(0)) await store.close();
	await fs.rm(dir, {recursive: true, force: true});
});

function store(options: SqliteStoreOptions = {}, at = file): SqliteStore {
	const s = new SqliteStore(at, {onWarning: text => warnings.push(text), ...options});
	stores.push(s);
	return s;
}

async function reopen(s: SqliteStore, limit = 100, options: SqliteStoreOptions = {}) {
	await s.close();
	const again = store(options);
	return {store: again, rooms: await again.open(limit, '#general')};
}

const msg = (seq: number, text = `message ${seq}`, room = '#general', ts = 1_764_000_000_000 + seq): RoomEvent => ({type: 'msg', room, seq, ts, from: `user${seq % 5}`, text});

describe('SqliteStore: the schema', () => {
	it('creates a WAL database at the current schema version, the folders too', async () => {
		const deep = path.join(dir, 'a', 'b', 'history.db');
		expect(await store({}, deep).open(100, '#general')).toEqual([]);
		const raw = new Database(deep, {readonly: true});
		expect(raw.pragma('user_version', {simple: true})).toBe(MIGRATIONS.length);
		expect(raw.pragma('journal_mode', {simple: true})).toBe('wal');
		const tables = raw.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).pluck().all();
		expect(tables).toEqual(expect.arrayContaining(['rooms', 'events', 'message_text', 'meta', 'imports']));
		raw.close();
	});

	it('refuses a database of a newer tcpchat, one that is not ours, and a file that is not a database', async () => {
		const raw = new Database(file);
		raw.pragma('user_version = 99');
		raw.close();
		await expect(store().open(100, '#general')).rejects.toThrow(
			`Cannot use the history database ${file}: it was written by a newer tcpchat (schema version 99; this one knows up to ${MIGRATIONS.length}): upgrade tcpchat. Choose another file with --db PATH, or keep history in memory only with --no-log.`,
		);
		const other = path.join(dir, 'other.db');
		const foreign = new Database(other);
		foreign.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)');
		foreign.close();
		await expect(store({}, other).open(100, '#general')).rejects.toThrow(/it is not a tcpchat database \(it has tables invoices\)/);
		const garbage = path.join(dir, 'garbage.db');
		await fs.writeFile(garbage, Buffer.alloc(8192, 0x5a));
		await expect(store({}, garbage).open(100, '#general')).rejects.toThrow(`Cannot use the history database ${garbage}: it is not a database, or it is damaged.`);
		// A directory where the file should be.
		const folder = path.join(dir, 'folder.db');
		await fs.mkdir(folder);
		await expect(store({}, folder).open(100, '#general')).rejects.toThrow(/it is a directory/);
	});
});

describe('SqliteStore: events', () => {
	it('restores every room: its topic, its next seq and its last events, oldest first', async () => {
		const s = store();
		await s.open(3, '#general');
		s.write([msg(1), msg(2), {type: 'join', room: '#Dev', seq: 1, ts: 5, name: 'bob'}]);
		s.write([
			{type: 'topic', room: '#dev', seq: 2, ts: 6, from: 'bob', text: 'builds'},
			msg(3, 'hi /me', '#general'),
			{type: 'msg', room: '#general', seq: 4, ts: 7, from: 'bob', text: 'waves', action: true},
			{type: 'leave', room: '#general', seq: 5, ts: 8, name: 'bob', reason: 'quit', text: 'lunch'},
			{type: 'nick', room: '#dev', seq: 3, ts: 9, from: 'bob', to: 'rob'},
			{type: 'leave', room: '#dev', seq: 4, ts: 10, name: 'rob', reason: 'kicked'},
		]);
		const {rooms} = await reopen(s, 3);
		expect(rooms).toEqual([
			{
				name: '#general',
				topic: '',
				nextSeq: 6,
				// Made when its first event was (nobody said when it was made); a message was said in it.
				createdAt: msg(1).ts,
				heldMessage: true,
				history: [msg(3, 'hi /me'), {type: 'msg', room: '#general', seq: 4, ts: 7, from: 'bob', text: 'waves', action: true}, {type: 'leave', room: '#general', seq: 5, ts: 8, name: 'bob', reason: 'quit', text: 'lunch'}],
			},
			{
				// The name as the room was first seen; the key ignores case.
				name: '#Dev',
				topic: 'builds',
				nextSeq: 5,
				createdAt: 5,
				heldMessage: false,
				history: [
					{type: 'topic', room: '#Dev', seq: 2, ts: 6, from: 'bob', text: 'builds'},
					{type: 'nick', room: '#Dev', seq: 3, ts: 9, from: 'bob', to: 'rob'},
					{type: 'leave', room: '#Dev', seq: 4, ts: 10, name: 'rob', reason: 'kicked'},
				],
			},
		]);
	});

	it('never stores a seq twice: a colliding event is left out with a warning, the rest are kept', async () => {
		const s = store();
		await s.open(100, '#general');
		s.write([msg(1), msg(2)]);
		// Only a second writer could do this: the same seq again, then a new one.
		s.write([msg(2, 'again'), msg(3)]);
		expect(warnings).toEqual([`1 events were not stored in ${file}: their seq numbers are in it already (is another tcpchat server writing to it?).`]);
		const {rooms} = await reopen(s);
		expect(rooms[0]!.history.map(e => (e.type === 'msg' ? e.text : ''))).toEqual(['message 1', 'message 2', 'message 3']);
		expect(rooms[0]!.nextSeq).toBe(4);
	});

	it('pages back through a room: oldest first, `more` while older events exist', async () => {
		const s = store();
		await s.open(100, '#general');
		s.write(Array.from({length: 1234}, (_, i) => msg(i + 1)));
		s.write([msg(1, 'in another room', '#dev')]);
		const seqs = (page: {events: RoomEvent[]}) => page.events.map(e => e.seq);
		const latest = s.page('#general', undefined, 100);
		expect(seqs(latest)).toEqual(Array.from({length: 100}, (_, i) => 1135 + i));
		expect(latest.more).toBe(true);
		expect(seqs(s.page('#GENERAL', 1135, 500))).toEqual(Array.from({length: 500}, (_, i) => 635 + i));
		expect(s.page('#general', 101, 100)).toEqual({events: Array.from({length: 100}, (_, i) => msg(i + 1)), more: false});
		expect(s.page('#general', 2, 100)).toEqual({events: [msg(1)], more: false});
		expect(s.page('#general', 1, 100)).toEqual({events: [], more: false});
		expect(s.page('#dev', undefined, 100)).toEqual({events: [msg(1, 'in another room', '#dev')], more: false});
		expect(s.page('#nowhere', undefined, 100)).toEqual({events: [], more: false});
	});
});

describe('SqliteStore: search', () => {
	const texts = [
		'the build is green',
		'今天的构建很慢 build 失败了',
		'我喜欢中文',
		'中文',
		'中文 and English mixed',
		'Rebuild the 服务器 tonight',
		'nothing to see',
		'构建',
		'a "quoted" word and 100% sure',
	];

	async function filled(indexed: boolean): Promise<SqliteStore> {
		const s = store();
		await s.open(100, '#general');
		s.write(texts.map((text, i) => msg(i + 1, text)));
		s.write([msg(1, '中文 in dev, the build too', '#dev'), {type: 'topic', room: '#dev', seq: 2, ts: 1, from: 'a', text: 'build topic'}]);
		if (indexed) s.catchUp();
		return s;
	}

	const found = (s: SqliteStore, text: string, rooms = ['#general']) => s.search({text, rooms, limit: 100}).events.map(e => (e.type === 'msg' ? e.text : e.type));

	for (const indexed of [true, false]) {
		it(`finds Chinese words of 2 and 3+ characters among Latin text, newest first (${indexed ? 'indexed' : 'not indexed yet'})`, async () => {
			const s = await filled(indexed);
			// Two characters: inside a text, at its very end, and a whole message.
			expect(found(s, '中文')).toEqual(['中文 and English mixed', '中文', '我喜欢中文']);
			expect(found(s, '构建')).toEqual(['构建', '今天的构建很慢 build 失败了']);
			expect(found(s, '失败')).toEqual(['今天的构建很慢 build 失败了']);
			expect(found(s, '服务器')).toEqual(['Rebuild the 服务器 tonight']);
			expect(found(s, '构建很慢')).toEqual(['今天的构建很慢 build 失败了']);
			// Latin, ignoring case, as a substring.
			expect(found(s, 'BUILD')).toEqual(['Rebuild the 服务器 tonight', '今天的构建很慢 build 失败了', 'the build is green']);
			expect(found(s, 'is')).toEqual(['中文 and English mixed', 'the build is green']);
			expect(found(s, '"quoted" word')).toEqual(['a "quoted" word and 100% sure']);
			expect(found(s, '100%')).toEqual(['a "quoted" word and 100% sure']);
			expect(found(s, '文中')).toEqual([]);
			expect(found(s, 'xyz')).toEqual([]);
			// Only the rooms asked; messages only.
			expect(found(s, 'build', ['#dev'])).toEqual(['中文 in dev, the build too']);
			expect(found(s, '中文', ['#general', '#dev'])[0]).toBe('中文 in dev, the build too');
			expect(found(s, 'build', ['#nowhere'])).toEqual([]);
		});
	}

	it('finds long queries (looked up by a few of their trigrams, then checked)', async () => {
		const s = await filled(true);
		expect(found(s, '今天的构建很慢 build 失败了')).toEqual(['今天的构建很慢 build 失败了']);
		// Same trigrams spread over it, but not the same text: no match.
		expect(found(s, '今天的构建很慢 build 失败了了')).toEqual([]);
	});

	it('keeps at most `limit`, the newest ones', async () => {
		const s = store();
		await s.open(100, '#general');
		s.write(Array.from({length: 300}, (_, i) => msg(i + 1, `构建 number ${i + 1}`)));
		s.catchUp();
		s.write(Array.from({length: 30}, (_, i) => msg(301 + i, `构建 number ${301 + i}`)));
		const result = s.search({text: '构建', rooms: ['#general'], limit: 100});
		expect(result.partial).toBe(false);
		expect(result.events.map(e => e.seq)).toEqual(Array.from({length: 100}, (_, i) => 330 - i));
	});

	it('the index survives a restart and catches up with what it missed', async () => {
		const s = await filled(false);
		const {store: again} = await reopen(s);
		expect(found(again, '中文')).toEqual(['中文 and English mixed', '中文', '我喜欢中文']);
		again.catchUp();
		expect(found(again, '中文')).toEqual(['中文 and English mixed', '中文', '我喜欢中文']);
	});
});

describe('SqliteStore: --retain-days', () => {
	it('prunes events older than N days in the background, and never gives a pruned seq again', async () => {
		const now = 1_764_000_000_000;
		const day = 24 * 60 * 60 * 1000;
		const s = store();
		await s.open(100, '#general');
		const old = Array.from({length: 2500}, (_, i) => msg(i + 1, `old ${i}`, '#general', now - 40 * day + i));
		s.write(old);
		s.write([msg(1, 'old and alone', '#quiet', now - 31 * day), msg(2501, 'recent', '#general', now - day)]);
		s.catchUp();
		await s.close();
		warnings = [];
		let pruned!: () => void;
		const done = new Promise<void>(resolve => (pruned = resolve));
		const pruning = store({
			retainDays: 30,
			now: () => now,
			onWarning: text => {
				warnings.push(text);
				if (text.startsWith('Pruned')) pruned();
			},
		});
		await pruning.open(100, '#general');
		await done;
		expect(warnings).toEqual([`Pruned 2501 events older than 30 days from ${file} (--retain-days).`]);
		expect(pruning.page('#general', undefined, 500).events.map(e => e.seq)).toEqual([2501]);
		expect(pruning.search({text: 'old', rooms: ['#general', '#quiet'], limit: 100}).events).toEqual([]);
		const {rooms} = await reopen(pruning);
		expect(rooms.find(r => r.name === '#quiet')).toMatchObject({nextSeq: 2, history: []});
		expect(rooms.find(r => r.name === '#general')).toMatchObject({nextSeq: 2502});
	});
});

describe('SqliteStore: rooms made and removed', () => {
	const count = (sql: string, ...params: unknown[]): number => {
		const raw = new Database(file, {readonly: true});
		try {
			return Number(raw.prepare(sql).pluck().get(...params));
		} finally {
			raw.close();
		}
	};

	it('keeps a room made now with its creation time, from its first event on; a room never written is not stored', async () => {
		const s = store();
		await s.open(100, '#general');
		s.created('#new', 1_000);
		s.created('#never', 2_000);
		s.write([{type: 'join', room: '#new', seq: 1, ts: 1_500, name: 'alice'}]);
		const {rooms} = await reopen(s);
		expect(rooms).toEqual([{name: '#new', topic: '', nextSeq: 2, createdAt: 1_000, heldMessage: false, history: [{type: 'join', room: '#new', seq: 1, ts: 1_500, name: 'alice'}]}]);
	});

	it('drop: the room is unseen at once, its key free, its seq in the floor; its events go in batches, then its row', async () => {
		const s = store();
		await s.open(100, '#general');
		const many = Array.from({length: 2500}, (_, i) => msg(i + 1, `doomed ${i}`, '#doomed'));
		s.write(many);
		s.write([msg(1, 'doomed too, elsewhere', '#kept'), {type: 'topic', room: '#doomed', seq: 2501, ts: 9, from: 'bob', text: 'a topic'}]);
		s.catchUp();
		s.drop('#DOOMED', 2501);
		expect(s.seqFloor).toBe(2501);
		expect(s.page('#doomed', undefined, 100)).toEqual({events: [], more: false});
		expect(s.search({text: 'doomed', rooms: ['#doomed', '#kept'], limit: 100}).events.map(e => e.room)).toEqual(['#kept']);
		// Deleted a batch per turn, not yet: they are there, under a room no name can reach.
		expect(count('SELECT COUNT(*) FROM events')).toBe(2502);
		expect(count(`SELECT COUNT(*) FROM rooms WHERE key = '#doomed'`)).toBe(0);
		// The name is free at once: a room made again is a new row, with only its own events.
		s.write([{type: 'join', room: '#doomed', seq: 2502, ts: 10, name: 'carol'}]);
		expect(s.page('#doomed', undefined, 100).events.map(e => e.seq)).toEqual([2502]);
		s.finishRemovals();
		expect(count('SELECT COUNT(*) FROM events')).toBe(2);
		expect(count('SELECT COUNT(*) FROM rooms')).toBe(2);
		expect(count('SELECT COUNT(*) FROM message_text')).toBe(1);
		const {store: again, rooms} = await reopen(s);
		expect(again.seqFloor).toBe(2501);
		expect(rooms.map(r => [r.name, r.topic, r.nextSeq])).toEqual([
			['#kept', '', 2],
			['#doomed', '', 2503],
		]);
		expect(warnings).toEqual([]);
	});

	it('a removal cut short by a restart is finished by the next start, in the background', async () => {
		const s = store();
		await s.open(100, '#general');
		s.write(Array.from({length: 1500}, (_, i) => msg(i + 1, `doomed ${i}`, '#doomed')));
		s.drop('#doomed', 1500);
		await s.close();
		expect(count('SELECT COUNT(*) FROM events')).toBe(1500);
		const again = store();
		expect(await again.open(100, '#general')).toEqual([]);
		again.finishRemovals();
		expect(count('SELECT COUNT(*) FROM events')).toBe(0);
		expect(count('SELECT COUNT(*) FROM rooms')).toBe(0);
	});

	it('migrates a database of version 1 without losing anything; its rooms get their creation time and whether they held a message', async () => {
		// A database as the previous release wrote it: version 1, a room with messages, one of
		// joins only, and one whose every event was pruned (only its last_seq is left).
		const raw = new Database(file);
		raw.exec(MIGRATIONS[0]!);
		raw.pragma('user_version = 1');
		const room = raw.prepare('INSERT INTO rooms (key, name, topic, last_seq) VALUES (?, ?, ?, ?)');
		const event = raw.prepare('INSERT INTO events (room, seq, ts, type, name, text, target, reason, action) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
		const said = Number(room.run('#said', '#Said', 'old topic', 0).lastInsertRowid);
		const joins = Number(room.run('#joins', '#joins', '', 0).lastInsertRowid);
		room.run('#pruned', '#pruned', '', 7);
		event.run(said, 1, 5_000, 'join', 'alice', null, null, null, null);
		event.run(said, 2, 6_000, 'msg', 'alice', 'hello', null, null, null);
		event.run(joins, 1, 7_000, 'join', 'bob', null, null, null, null);
		event.run(joins, 2, 8_000, 'leave', 'bob', null, null, 'part', null);
		raw.close();

		const s = store();
		const rooms = await s.open(100, '#general');
		expect(count('PRAGMA user_version')).toBe(MIGRATIONS.length);
		expect(rooms.map(r => ({name: r.name, topic: r.topic, nextSeq: r.nextSeq, createdAt: r.createdAt, heldMessage: r.heldMessage, events: r.history.length}))).toEqual([
			{name: '#Said', topic: 'old topic', nextSeq: 3, createdAt: 5_000, heldMessage: true, events: 2},
			{name: '#joins', topic: '', nextSeq: 3, createdAt: 7_000, heldMessage: false, events: 2},
			// Its events may have been messages: kept, as made now (nothing says when it was).
			{name: '#pruned', topic: '', nextSeq: 8, createdAt: undefined, heldMessage: true, events: 0},
		]);
		expect(s.seqFloor).toBe(0);
		// The new columns are written from now on, and read back the same.
		s.write([msg(3, 'again', '#joins')]);
		const {rooms: again} = await reopen(s);
		expect(again.find(r => r.name === '#joins')).toMatchObject({createdAt: 7_000, heldMessage: true, nextSeq: 4});
		expect(warnings).toEqual([]);
	});
});
