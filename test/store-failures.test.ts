import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createInterface} from 'node:readline';
import Database from 'better-sqlite3';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {CLI} from './helpers/pty-terminal.js';
import type {LineSocket} from './helpers/line-socket.js';
import {ServerHarness} from './helpers/server-harness.js';
import {storedEvents} from './helpers/stored-events.js';
import {mountTmpfs, type Tmpfs, whyNot} from './helpers/tmpfs.js';

/**
 * Failures are sentences, never corruption: a database the server cannot use stops the start
 * with a sentence and exit code 1; one that fails while the server runs is a warning, chat goes
 * on, and the store catches up once it can. Real files, a real tmpfs for a full or read-only
 * disk (as root only; a file system cannot be made read-only under a server that has its files open,
 * so a read-only database is tested at start), a real second process for a lock.
 */

let dir: string;
beforeAll(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpchat-fail-'));
});
afterAll(() => fs.rmSync(dir, {recursive: true, force: true}));
const h = new ServerHarness();
afterEach(() => h.cleanup());

function startCli(db: string): {status: number | null; stderr: string} {
	const result = spawnSync(process.execPath, [CLI, 'server', '--headless', '--host', '127.0.0.1', '--port', '0', '--db', db], {
		encoding: 'utf8',
		timeout: 20_000,
	});
	return {status: result.status, stderr: result.stderr};
}

/** Another program holding the database's write lock until `release()`. */
async function holdLock(db: string): Promise<{release(): Promise<void>}> {
	const script = `
		const Database = require('better-sqlite3');
		const db = new Database(process.argv[1]);
		db.exec('BEGIN EXCLUSIVE');
		console.log('locked');
		process.stdin.once('data', () => { db.exec('COMMIT'); db.close(); process.exit(0); });
	`;
	const child = spawn(process.execPath, ['-e', script, db], {stdio: ['pipe', 'pipe', 'inherit'], cwd: process.cwd()});
	await new Promise<void>(resolve => createInterface({input: child.stdout!}).once('line', () => resolve()));
	return {
		release: () =>
			new Promise(resolve => {
				child.once('exit', () => resolve());
				child.stdin!.write('go\n');
			}),
	};
}

function expectIntact(db: string): void {
	const raw = new Database(db, {readonly: true});
	expect(raw.pragma('integrity_check', {simple: true})).toBe('ok');
	raw.close();
}

async function sayAndSee(socket: LineSocket, text: string): Promise<void> {
	socket.send({type: 'say', room: '#general', text});
	await socket.nextOfType('msg', f => f['text'] === text);
}

describe('start-up refuses a database it cannot use: a sentence on stderr, exit code 1', () => {
	it('not a database (garbage), a newer schema, a directory', () => {
		const garbage = path.join(dir, 'garbage.db');
		fs.writeFileSync(garbage, 'this is not a database\n'.repeat(500));
		const bad = startCli(garbage);
		expect(bad.status).toBe(1);
		expect(bad.stderr).toBe(
			`tcpchat: Cannot use the history database ${garbage}: it is not a database, or it is damaged. Choose another file with --db PATH, or keep history in memory only with --no-log.\n`,
		);
		const newer = path.join(dir, 'newer.db');
		const raw = new Database(newer);
		raw.pragma('user_version = 7');
		raw.close();
		expect(startCli(newer)).toMatchObject({status: 1, stderr: expect.stringContaining('it was written by a newer tcpchat (schema version 7')});
		expect(startCli(dir)).toMatchObject({status: 1, stderr: expect.stringContaining('it is a directory')});
	});

	it('a database whose pages are damaged', async () => {
		const db = path.join(dir, 'damaged.db');
		await h.start({db, rate: 1e6, burst: 1e6});
		const {socket} = await h.join2('alice');
		for (let i = 0; i < 50; i++) await sayAndSee(socket, `message ${i} ${'x'.repeat(200)}`);
		await h.cleanup();
		// Checkpointed by the close: the pages are in the file. Overwrite all but the header page.
		const size = fs.statSync(db).size;
		const fd = fs.openSync(db, 'r+');
		fs.writeSync(fd, Buffer.alloc(size - 4096, 0xa5), 0, size - 4096, 4096);
		fs.closeSync(fd);
		const result = startCli(db);
		expect(result.status).toBe(1);
		expect(result.stderr).toMatch(new RegExp(`^tcpchat: Cannot use the history database ${db}: it (is damaged|is not a database, or it is damaged)\\. `));
	});

	it('a database another program holds locked', async () => {
		const db = path.join(dir, 'locked.db');
		await h.start({db});
		await h.cleanup();
		const lock = await holdLock(db);
		try {
			const result = startCli(db);
			expect(result.status).toBe(1);
			expect(result.stderr).toContain(`Cannot use the history database ${db}: it is locked by another program (another tcpchat server?).`);
		} finally {
			await lock.release();
		}
		// Released: it starts.
		await h.start({db});
	});

	it('a read-only database', async t => {
		const fsys = mountTmpfs('2m');
		if (!fsys) {
			console.log(`skipped: a read-only file system needs a tmpfs (${whyNot})`);
			t.skip();
			return;
		}
		try {
			const db = path.join(fsys.dir, 'history.db');
			await h.start({db});
			await h.cleanup();
			fsys.readOnly(true);
			const result = startCli(db);
			expect(result.status).toBe(1);
			expect(result.stderr).toMatch(/Cannot use the history database .*: it (is read-only|cannot be opened)/);
		} finally {
			fsys.unmount();
		}
	});
});

describe('while the server runs, a failing database is a warning and chat goes on', () => {
	let fsys: Tmpfs | undefined;
	beforeAll(() => {
		fsys = mountTmpfs('1m');
		if (!fsys) console.log(`skipped: the full-disk and read-only tests need a tmpfs (${whyNot})`);
	});
	afterAll(() => fsys?.unmount());

	it('a full disk: a warning, every message still delivered, all of them stored once there is room again', async t => {
		if (!fsys) return t.skip();
		const db = path.join(fsys.dir, 'full.db');
		await h.start({db, rate: 1e6, burst: 1e6});
		const {socket: alice} = await h.join2('alice');
		const {socket: bob} = await h.join2('bob');
		await sayAndSee(alice, 'before');
		const free = fsys.fill();
		let n = 0;
		// Until the database needs a block the disk no longer has.
		while (!h.activities.some(a => a.kind === 'warning')) await sayAndSee(alice, `while full ${++n} ${'z'.repeat(500)}`);
		const warning = await h.activity('warning');
		expect(warning.text).toBe(
			`Cannot write to the history database ${db}: the disk is full. Chat goes on; new events are kept in memory and written once the database takes them again. Free some space, or restart with --no-log.`,
		);
		for (let i = 0; i < 20; i++) await sayAndSee(alice, `still full ${i}`);
		await bob.nextOfType('msg', f => f['text'] === 'still full 19');
		// History and search still see what waits in memory.
		alice.send({type: 'history', room: '#general', limit: 5});
		expect((await alice.nextOfType('history'))['events'].at(-1)).toMatchObject({text: 'still full 19'});
		alice.send({type: 'search', text: 'still full 1'});
		expect((await alice.nextOfType('results'))['events'].map((e: {text: string}) => e.text).slice(0, 2)).toEqual(['still full 19', 'still full 18']);
		free();
		const recovered = await h.activity('warning', a => a.text.includes('is written again'));
		expect(recovered.text).toMatch(new RegExp(`^The history database ${db} is written again: the \\d+ events that waited are saved\\.$`));
		await sayAndSee(alice, 'after');
		await h.cleanup();
		expectIntact(db);
		const texts = (await storedEvents(db)).flatMap(e => (e.type === 'msg' ? [e.text] : []));
		expect(texts).toEqual(['before', ...Array.from({length: n}, (_, i) => `while full ${i + 1} ${'z'.repeat(500)}`), ...Array.from({length: 20}, (_, i) => `still full ${i}`), 'after']);
		const seqs = (await storedEvents(db)).map(e => e.seq);
		expect(seqs).toEqual(seqs.map((_, i) => i + 1));
	});
});

describe('a lock another program takes while the server runs', () => {
	it('is a warning; chat goes on; the events are written once it is released', async () => {
		const db = path.join(dir, 'lock-later.db');
		await h.start({db});
		const {socket: alice} = await h.join2('alice');
		await sayAndSee(alice, 'before');
		const lock = await holdLock(db);
		await sayAndSee(alice, 'while locked');
		expect((await h.activity('warning')).text).toBe(
			`Cannot write to the history database ${db}: it is locked by another program (another tcpchat server?). Chat goes on; new events are kept in memory and written once the database takes them again. Fix it, or restart with --no-log.`,
		);
		await sayAndSee(alice, 'still locked');
		await lock.release();
		await h.activity('warning', a => a.text.includes('is written again'));
		await sayAndSee(alice, 'after');
		await h.cleanup();
		expect((await storedEvents(db)).flatMap(e => (e.type === 'msg' ? [e.text] : []))).toEqual(['before', 'while locked', 'still locked', 'after']);
	});
});
