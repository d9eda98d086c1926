import {spawnSync} from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {RoomEvent} from '../source/protocol/frames.js';
import {SqliteStore} from '../source/server/sqlite-store.js';
import {CLI} from './helpers/pty-terminal.js';

/** `tcpchat export`: the built binary writing a real database's history as JSON lines. */

let dir: string;
let db: string;
const day = (date: string) => new Date(`${date}T12:00:00`).getTime();
const events: RoomEvent[] = [
	{type: 'join', room: '#general', seq: 1, ts: day('2025-01-30'), name: 'alice'},
	{type: 'msg', room: '#general', seq: 2, ts: day('2025-01-30'), from: 'alice', text: 'old news'},
	{type: 'msg', room: '#dev', seq: 1, ts: day('2025-01-31'), from: 'bob', text: '构建 is green', action: true},
	{type: 'msg', room: '#general', seq: 3, ts: day('2025-02-01'), from: 'alice', text: 'line one\nline two'},
	{type: 'leave', room: '#general', seq: 4, ts: day('2025-02-01'), name: 'alice', reason: 'quit', text: 'bye'},
];

beforeAll(async () => {
	dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tcpchat-export-'));
	db = path.join(dir, 'history.db');
	const store = new SqliteStore(db);
	await store.open(0, '#general');
	store.write(events);
	await store.close();
});
afterAll(() => fs.rm(dir, {recursive: true, force: true}));

function exportCli(...args: string[]) {
	return spawnSync(process.execPath, [CLI, 'export', ...args], {encoding: 'utf8', timeout: 20_000});
}

const lines = (stdout: string) => stdout.trimEnd().split('\n').map(line => JSON.parse(line) as RoomEvent);

describe('tcpchat export', () => {
	it('writes every event as one JSON line, oldest first; --room and --since narrow it', () => {
		const all = exportCli('--db', db);
		expect(all.status).toBe(0);
		expect(all.stderr).toBe('');
		expect(lines(all.stdout)).toEqual(events);
		expect(lines(exportCli('--db', db, '--room', '#DEV').stdout)).toEqual([events[2]]);
		expect(lines(exportCli('--db', db, '--since', '2025-01-31').stdout)).toEqual(events.slice(2));
		expect(lines(exportCli('--db', db, '--room', '#general', '--since', '2025-01-31T00:00').stdout)).toEqual(events.slice(3));
	});

	it('answers mistakes with a sentence', () => {
		expect(exportCli('--db', db, '--since', 'yesterday')).toMatchObject({
			status: 2,
			stderr: expect.stringContaining('tcpchat: --since must be a date like 2025-01-31 or a time like 2025-01-31T14:00, not "yesterday"'),
		});
		expect(exportCli('--db', db, '--room', '#nowhere')).toMatchObject({
			status: 1,
			stderr: `tcpchat: there is no room #nowhere in ${db} (it has #general, #dev).\n`,
		});
		expect(exportCli('--db', path.join(dir, 'missing.db'))).toMatchObject({status: 1, stderr: expect.stringContaining('there is no history database')});
		expect(exportCli('--db', db, '--colour')).toMatchObject({status: 2, stderr: expect.stringContaining('unknown option --colour')});
	});

	it('feeds jq (when installed), as the README shows', t => {
		const jq = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" export --db "${db}" --room "#general" | jq -r 'select(.type == "msg") | .from + ": " + .text'`], {
			encoding: 'utf8',
		});
		if (jq.status === 127 || /jq: (command )?not found/.test(jq.stderr)) {
			console.log('skipped: jq is not installed');
			t.skip();
			return;
		}
		expect(jq.stdout).toBe('alice: old news\nalice: line one\nline two\n');
	});
});
