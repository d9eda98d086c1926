/**
 * The history store's own figures (docs/performance.md): start-up over a database of many
 * events, and search over a million. The databases are written directly (not through a
 * server), as years of chat would have left them.
 *
 *   node dist/source/bench/store-bench.js startup DIR [events=10000000]
 *   node dist/source/bench/store-bench.js search DIR [events=1000000]
 */
import fs from 'node:fs';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import Database from 'better-sqlite3';
import {SqliteStore} from '../server/sqlite-store.js';
import {eventColumns} from '../server/sqlite-rows.js';
import type {RoomEvent} from '../protocol/frames.js';

const WORDS = ['build', 'deploy', 'test', 'lunch', 'coffee', 'review', 'merge', 'bug', 'fix', 'release', 'server', 'client', 'the', 'is', 'we',
	'中文', '测试', '部署', '午饭', '咖啡', '代码', '服务器', '数据库', '今天', '明天', '你好', '世界', '构建', '失败', '成功'];
const ROOMS = ['#general', '#dev', '#ops', '#random', '#help', '#中文'];

function random(seed: number): () => number {
	let s = seed;
	return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

/** A database of `count` events spread over ROOMS, messages of 3–10 words (half of them without spaces). */
async function generate(file: string, count: number, index: boolean): Promise<void> {
	for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, {force: true});
	const store = new SqliteStore(file);
	await store.open(0, '#general');
	await store.close();
	const db = new Database(file);
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = OFF');
	const insertRoom = db.prepare('INSERT INTO rooms (id, key, name) VALUES (?, ?, ?)');
	ROOMS.forEach((room, i) => insertRoom.run(i + 1, room.toLowerCase(), room));
	const insert = db.prepare('INSERT INTO events (room, seq, ts, type, name, text, target, reason, action, notice) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
	const indexText = db.prepare('INSERT INTO message_text (rowid, text) VALUES (?, ?)');
	const next = random(42);
	const seqs = ROOMS.map(() => 0);
	const start = Date.now() - count * 1000;
	const batch = db.transaction((from: number, n: number) => {
		for (let i = from; i < from + n; i++) {
			const room = Math.floor(next() * ROOMS.length);
			const words = Array.from({length: 3 + Math.floor(next() * 8)}, () => WORDS[Math.floor(next() * WORDS.length)]);
			const event: RoomEvent = {type: 'msg', room: ROOMS[room]!, seq: ++seqs[room]!, ts: start + i * 1000, from: `user${Math.floor(next() * 200)}`, text: words.join(next() < 0.5 ? ' ' : '')};
			const id = insert.run(room + 1, ...eventColumns(event)).lastInsertRowid;
			if (index) indexText.run(id, `${event.type === 'msg' ? event.text.toLowerCase() : ''}\u0001`);
		}
	});
	for (let i = 0; i < count; i += 50_000) batch(i, Math.min(50_000, count - i));
	if (index) db.prepare(`UPDATE meta SET value = (SELECT MAX(id) FROM events) WHERE key = 'indexed_up_to'`).run();
	db.pragma('wal_checkpoint(TRUNCATE)');
	db.close();
}

async function main(): Promise<void> {
	const [what, dir, countText] = process.argv.slice(2);
	if ((what !== 'startup' && what !== 'search') || !dir) throw new Error('usage: store-bench.js startup|search DIR [events]');
	fs.mkdirSync(dir, {recursive: true});
	const count = Number(countText ?? (what === 'startup' ? 10_000_000 : 1_000_000));
	const file = path.join(dir, `${what}-${count}.db`);
	if (!fs.existsSync(file)) {
		const t = performance.now();
		await generate(file, count, what === 'search');
		console.log(`generated ${count} events in ${((performance.now() - t) / 1000).toFixed(1)} s: ${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MiB`);
	}
	if (what === 'startup') {
		for (let run = 0; run < 3; run++) {
			const store = new SqliteStore(file);
			const t = performance.now();
			const rooms = await store.open(100, '#general');
			const ms = performance.now() - t;
			console.log(`open with ${count} events, ${rooms.length} rooms, 100 each restored: ${ms.toFixed(0)} ms (next seqs ${rooms.map(r => r.nextSeq).join(', ')})`);
			await store.close();
		}
		return;
	}
	const store = new SqliteStore(file);
	await store.open(100, '#general');
	const queries = ['中文', '构建', '服务器', 'build', 'buildtest', '今天的', 'zz', '构建失败了', 'deploy the server today', '不存在的词语', 'xyz', '数据库数据库数据库'];
	for (const text of queries) {
		const times: number[] = [];
		let found = 0;
		let partial = false;
		for (let run = 0; run < 5; run++) {
			const t = performance.now();
			const result = store.search({text, rooms: ROOMS, limit: 100});
			times.push(performance.now() - t);
			found = result.events.length;
			partial = result.partial;
		}
		times.sort((a, b) => a - b);
		console.log(`search "${text}": median ${times[2]!.toFixed(1)} ms, max ${times[4]!.toFixed(1)} ms, ${found} found${partial ? ' (partial)' : ''}`);
	}
	const one = store.search({text: '中文', rooms: ['#dev'], limit: 100});
	console.log(`one room: ${one.events.length} found`);
	await store.close();
}

await main();
