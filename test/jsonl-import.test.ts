import {spawnSync} from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {RoomEvent} from '../source/protocol/frames.js';
import {CLI} from './helpers/pty-terminal.js';
import {ServerHarness} from './helpers/server-harness.js';
import {storedEvents} from './helpers/stored-events.js';
import {freePort} from '../source/bench/free-port.js';

/** An older JSONL message log, imported into a new database on its first start, once. */

const h = new ServerHarness();
let dir: string;
let db: string;
let log: string;
beforeEach(async () => {
	dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tcpchat-import-'));
	db = path.join(dir, 'history.db');
	log = path.join(dir, 'room-7777.jsonl');
});
afterEach(async () => {
	await h.cleanup();
	await fs.rm(dir, {recursive: true, force: true});
});

/** A line of tcpchat 0.1: no room. */
const v01 = (seq: number, text = `old ${seq}`) => JSON.stringify({type: 'msg', seq, ts: 1_700_000_000_000 + seq, from: 'alice', text});

describe('JSONL import', () => {
	it('a 0.1 log (no rooms) and its torn last line: imported into the default room, once, with a line saying so', async () => {
		const lines = [v01(1), v01(2), '', JSON.stringify({type: 'join', seq: 3, ts: 5, name: 'bob'}), 'not json at all', v01(4, 'escape \u001b[31m gone'), '{"type":"msg","seq":5,"ts":1,"fr'];
		await fs.writeFile(log, lines.join('\n'));
		await h.start({db, logFile: log});
		const notice = await h.activity('warning');
		expect(notice.text).toBe(
			`Imported 4 events of 1 room from the message log ${log} into the history database (once; the log is left as it was). 2 lines were not events and were skipped.`,
		);
		const {welcome} = await h.join2('carol');
		expect(welcome['rooms'][0].history.map((e: RoomEvent) => e.seq)).toEqual([1, 2, 3, 4]);
		expect(welcome['rooms'][0].history[3]).toMatchObject({room: '#general', text: 'escape [31m gone'});
		await h.cleanup();
		// The log is untouched, and a second start does not import it again.
		expect(await fs.readFile(log, 'utf8')).toBe(lines.join('\n'));
		await h.start({db, logFile: log});
		await h.join2('dave');
		expect(h.activities.filter(a => a.kind === 'warning')).toEqual([]);
		// Read while the server runs: carol's join and leave, dave's join.
		expect((await storedEvents(db)).map(e => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
	});

	it('a rooms-era log keeps each room, its topic and its seqs', async () => {
		const events: RoomEvent[] = [
			{type: 'join', room: '#general', seq: 1, ts: 1, name: 'alice'},
			{type: 'join', room: '#dev', seq: 1, ts: 2, name: 'alice'},
			{type: 'topic', room: '#dev', seq: 2, ts: 3, from: 'alice', text: 'builds'},
			{type: 'msg', room: '#dev', seq: 3, ts: 4, from: 'alice', text: '构建很慢'},
			{type: 'leave', room: '#general', seq: 2, ts: 5, name: 'alice', reason: 'shutdown'},
		];
		await fs.writeFile(log, events.map(e => JSON.stringify(e)).join('\n') + '\n');
		await h.start({db, logFile: log});
		expect((await h.activity('warning')).text).toMatch(/^Imported 5 events of 2 rooms from/);
		const {socket, welcome} = await h.join2('bob', ['#dev']);
		expect(welcome['rooms'][0]).toMatchObject({room: '#dev', topic: 'builds'});
		expect(welcome['rooms'][0].history).toEqual(events.filter(e => e.room === '#dev'));
		socket.send({type: 'search', text: '构建'});
		expect((await socket.nextOfType('results'))['events']).toEqual([events[3]]);
		expect(h.server.history('#dev').at(-1)).toMatchObject({name: 'bob', seq: 4});
	});

	it('a stray seq 999999 in the middle: the room is numbered again in file order, nothing hidden, the next seq follows the last', async () => {
		const lines: string[] = [];
		for (let seq = 1; seq <= 100; seq++) lines.push(v01(seq));
		lines.push(v01(999_999, 'the stray one'));
		for (let seq = 101; seq <= 250; seq++) lines.push(v01(seq));
		await fs.writeFile(log, lines.join('\n') + '\n');
		await h.start({db, logFile: log, history: 200});
		expect((await h.activity('warning')).text).toContain('#general: its seq numbers were out of order in the log, so its 251 events were numbered again 1–251 in file order.');
		const {socket, welcome} = await h.join2('bob');
		const history = welcome['rooms'][0].history as Array<{seq: number; text: string}>;
		// The 150 events after the stray one are all there, newest last.
		expect(history.at(-1)).toMatchObject({seq: 251, text: 'old 250'});
		expect(history.map(e => e.seq)).toEqual(Array.from({length: 200}, (_, i) => 52 + i));
		socket.send({type: 'say', room: '#general', text: 'new'});
		expect(await socket.nextOfType('msg')).toMatchObject({seq: 253, text: 'new'});
		const seqs = (await storedEvents(db)).map(e => e.seq);
		expect(seqs).toEqual(seqs.map((_, i) => i + 1));
	});

	it('the default log beside the default database is imported too; a log given for a database with events is not', async () => {
		const data = path.join(dir, 'data');
		const saved = process.env['XDG_DATA_HOME'];
		process.env['XDG_DATA_HOME'] = data;
		try {
			const port = await freePort();
			await fs.mkdir(path.join(data, 'tcpchat'), {recursive: true});
			// The server's default places (see log-path.ts) for that port.
			await fs.writeFile(path.join(data, 'tcpchat', `room-${port}.jsonl`), `${v01(1)}\n`);
			const result = spawnSync(process.execPath, [CLI, 'export', '--port', String(port)], {encoding: 'utf8', env: {...process.env}});
			expect(result.stderr).toContain('there is no history database');
			await h.start({port, logFile: undefined});
			expect((await h.activity('warning')).text).toMatch(new RegExp(`^Imported 1 events of 1 room from the message log .*room-${port}\\.jsonl`));
			expect(h.server.logLocation).toBe(path.join(data, 'tcpchat', `tcpchat-${port}.db`));
			await h.cleanup();
			await fs.writeFile(log, `${v01(1)}\n`);
			await h.start({port, logFile: log});
			expect((await h.activity('warning')).text).toBe(
				`The message log ${log} was not imported: the history database already holds events (a log is imported into a new database only).`,
			);
		} finally {
			if (saved === undefined) delete process.env['XDG_DATA_HOME'];
			else process.env['XDG_DATA_HOME'] = saved;
		}
	});

	it('a log named with --log-file that does not exist stops the start with a sentence', async () => {
		await expect(h.start({db, logFile: path.join(dir, 'missing.jsonl')})).rejects.toThrow(
			`Cannot start: the message log ${path.join(dir, 'missing.jsonl')} given with --log-file does not exist. Leave out --log-file, or name the log it should import.`,
		);
	});
});
