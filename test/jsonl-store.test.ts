import fs from 'node:fs';
import type {FileHandle} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import type {RoomEvent} from '../source/protocol/frames.js';
import type {RoomRecord} from '../source/server/room-backend.js';
import {JsonlStore} from '../source/server/jsonl-store.js';
import {defaultLogPath} from '../source/server/log-path.js';

let dir: string;
const stores: JsonlStore[] = [];

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpchat-jsonl-'));
});

afterEach(async () => {
	await Promise.all(stores.splice(0).map(async store => store.close()));
	fs.rmSync(dir, {recursive: true, force: true});
});

function store(file: string, options?: ConstructorParameters<typeof JsonlStore>[1]): JsonlStore {
	const s = new JsonlStore(file, options);
	stores.push(s);
	return s;
}

function msg(seq: number, text = `message ${seq}`): RoomEvent {
	return {type: 'msg', room: '#general', seq, ts: 1_764_075_600_000 + seq, from: 'alice', text};
}

/** The default room's part of what a store restored (an empty log has no room at all). */
async function general(restoring: Promise<RoomRecord[]>): Promise<{history: RoomEvent[]; nextSeq: number}> {
	const room = (await restoring).find(r => r.name === '#general');
	return room ? {history: room.history, nextSeq: room.nextSeq} : {history: [], nextSeq: 1};
}

function lines(file: string): string[] {
	const content = fs.readFileSync(file, 'utf8');
	return content.split('\n').slice(0, -1);
}

function writeEvents(file: string, events: RoomEvent[]): void {
	fs.writeFileSync(file, events.map(e => JSON.stringify(e) + '\n').join(''));
}

/** FileHandle is not exported as a class: reach its prototype through an open handle. */
async function fileHandlePrototype(): Promise<FileHandle> {
	const probe = await fs.promises.open(path.join(dir, 'probe'), 'a+');
	const proto = Object.getPrototypeOf(probe) as FileHandle;
	await probe.close();
	fs.rmSync(path.join(dir, 'probe'));
	return proto;
}

describe('JsonlStore', () => {
	test('a new log in a missing directory is created empty', async () => {
		const file = path.join(dir, 'a', 'b', 'room.jsonl');
		const s = store(file);
		expect(s.location).toBe(file);
		expect(await general(s.open(100, '#general'))).toEqual({history: [], nextSeq: 1});
		expect(fs.statSync(file).size).toBe(0);
	});

	test('appended events survive a reopen, with the next seq', async () => {
		const file = path.join(dir, 'room.jsonl');
		const first = store(file);
		await general(first.open(100, '#general'));
		const events: RoomEvent[] = [
			{type: 'join', room: '#general', seq: 1, ts: 1, name: 'alice'},
			{type: 'msg', room: '#general', seq: 2, ts: 2, from: 'alice', text: 'hi\nthere', action: true},
			{type: 'nick', room: '#general', seq: 3, ts: 3, from: 'alice', to: 'alice2'},
			{type: 'leave', room: '#general', seq: 4, ts: 4, name: 'alice2', reason: 'kicked', text: 'bye now'},
			msg(5, 'naïve 日本 🎉'),
		];
		for (const event of events) first.append(event);
		await first.close();

		expect(lines(file).map(line => JSON.parse(line) as unknown)).toEqual(events);
		const second = store(file);
		expect(await general(second.open(100, '#general'))).toEqual({history: events, nextSeq: 6});
	});

	test('only the last `limit` events are restored; limit 0 still finds the next seq', async () => {
		const file = path.join(dir, 'room.jsonl');
		writeEvents(file, Array.from({length: 10}, (_, i) => msg(i + 1)));
		const restored = await general(store(file).open(3, '#general'));
		expect(restored.history.map(e => e.seq)).toEqual([8, 9, 10]);
		expect(restored.nextSeq).toBe(11);
		expect(await general(store(file).open(0, '#general'))).toEqual({history: [], nextSeq: 11});
		expect((await general(store(file).open(50, '#general'))).history).toHaveLength(10);
	});

	test('a torn last line is skipped and the file repaired', async () => {
		const file = path.join(dir, 'room.jsonl');
		writeEvents(file, [msg(1), msg(2), msg(3)]);
		const intact = fs.readFileSync(file, 'utf8');
		fs.appendFileSync(file, '{"type":"msg","seq":4,"ts":17640');
		const warnings: string[] = [];
		const s = store(file, {onWarning: text => warnings.push(text)});
		const restored = await general(s.open(100, '#general'));
		expect(restored.history.map(e => e.seq)).toEqual([1, 2, 3]);
		expect(restored.nextSeq).toBe(4);
		expect(fs.readFileSync(file, 'utf8')).toBe(intact);
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toContain(file);

		s.append(msg(4));
		await s.close();
		expect(lines(file).map(line => (JSON.parse(line) as RoomEvent).seq)).toEqual([1, 2, 3, 4]);
	});

	test('a last line of garbage (zeros after a power cut) is removed too', async () => {
		const file = path.join(dir, 'room.jsonl');
		writeEvents(file, [msg(1), msg(2)]);
		const intact = fs.readFileSync(file, 'utf8');
		fs.appendFileSync(file, Buffer.concat([Buffer.alloc(300), Buffer.from('\n')]));
		const restored = await general(store(file).open(100, '#general'));
		expect(restored).toEqual({history: [msg(1), msg(2)], nextSeq: 3});
		expect(fs.readFileSync(file, 'utf8')).toBe(intact);
	});

	test('a log holding only a torn line becomes empty', async () => {
		const file = path.join(dir, 'room.jsonl');
		fs.writeFileSync(file, '{"type":"jo');
		expect(await general(store(file).open(100, '#general'))).toEqual({history: [], nextSeq: 1});
		expect(fs.statSync(file).size).toBe(0);
	});

	test('unreadable lines in the middle and blank lines are skipped, not removed', async () => {
		const file = path.join(dir, 'room.jsonl');
		const content = [
			JSON.stringify(msg(1)),
			'not json',
			'{"type":"notice","ts":1,"text":"not a room event"}',
			'',
			JSON.stringify(msg(2)) + '\r',
			JSON.stringify(msg(3)),
			'',
			'',
		].join('\n');
		fs.writeFileSync(file, content);
		expect(await general(store(file).open(100, '#general'))).toEqual({history: [msg(1), msg(2), msg(3)], nextSeq: 4});
		expect(fs.readFileSync(file, 'utf8')).toBe(content);
	});

	test('long lines across many read chunks are restored exactly', async () => {
		const file = path.join(dir, 'room.jsonl');
		// About 6–24 KB a line: lines straddle the 64 KiB read chunks at every offset.
		const events = Array.from({length: 300}, (_, i) => msg(i + 1, `${i}:` + '日本語'.repeat(1000 + i * 7)));
		writeEvents(file, events);
		const restored = await general(store(file).open(120, '#general'));
		expect(restored.history).toEqual(events.slice(-120));
		expect(restored.nextSeq).toBe(301);
	});

	test('a 100 000-event log restores from its tail without reading the whole file', async () => {
		const file = path.join(dir, 'room.jsonl');
		const count = 100_000;
		const body: string[] = [];
		for (let seq = 1; seq <= count; seq++) body.push(JSON.stringify(msg(seq)) + '\n');
		fs.writeFileSync(file, body.join(''));
		const size = fs.statSync(file).size;

		const restored = await general(store(file).open(100, '#general'));
		expect(restored.history.map(e => e.seq)).toEqual(Array.from({length: 100}, (_, i) => count - 99 + i));
		expect(restored.nextSeq).toBe(count + 1);
		expect(size).toBeGreaterThan(5_000_000);
	});

	test('every room is restored apart: its last events, its next seq, its latest topic; a 0.1 line is the default room’s', async () => {
		const file = path.join(dir, 'room.jsonl');
		const old = {type: 'msg', seq: 1, ts: 1, from: 'alice', text: 'from 0.1'};
		const dev = (seq: number, text: string): RoomEvent => ({type: 'msg', room: '#dev', seq, ts: seq, from: 'bob', text});
		fs.writeFileSync(
			file,
			[
				old,
				dev(1, 'd1'),
				{type: 'topic', room: '#dev', seq: 2, ts: 2, from: 'bob', text: 'first topic'},
				msg(2),
				dev(3, 'd3'),
				{type: 'topic', room: '#dev', seq: 4, ts: 4, from: 'bob', text: 'builds'},
				...Array.from({length: 50}, (_, i) => msg(i + 3)),
			]
				.map(e => JSON.stringify(e) + '\n')
				.join(''),
		);
		const rooms = await store(file).open(2, '#general');
		expect(rooms.map(r => r.name).sort()).toEqual(['#dev', '#general']);
		const devRoom = rooms.find(r => r.name === '#dev')!;
		expect(devRoom).toMatchObject({topic: 'builds', nextSeq: 5});
		expect(devRoom.history.map(e => e.seq)).toEqual([3, 4]);
		const all = await store(file).open(100, '#general');
		expect(all.find(r => r.name === '#general')!.history[0]).toEqual({...old, room: '#general'});
	});

	test('a log that cannot be opened rejects with a sentence naming the path', async () => {
		const asDirectory = path.join(dir, 'is-a-directory');
		fs.mkdirSync(asDirectory);
		await expect(store(asDirectory).open(100, '#general')).rejects.toThrow(
			`Cannot open the message log ${asDirectory}: it is a directory.`,
		);

		const blocker = path.join(dir, 'a-file');
		fs.writeFileSync(blocker, '');
		const underFile = path.join(blocker, 'room.jsonl');
		const error = await store(underFile)
			.open(100, '#general')
			.then(
				() => undefined,
				(error_: unknown) => error_ as Error,
			);
		expect(error).toBeInstanceOf(Error);
		expect(error?.message).toMatch(/^Cannot open the message log .*room\.jsonl: [a-z].*\. Choose another file/);
		expect(error?.message).toContain(underFile);
		expect(error?.message).not.toMatch(/\n\s+at /);
	});

	test.skipIf(process.getuid?.() === 0 || process.platform === 'win32')(
		'a log without permission rejects with "permission denied"',
		async () => {
			const locked = path.join(dir, 'locked');
			fs.mkdirSync(locked);
			const file = path.join(locked, 'room.jsonl');
			fs.writeFileSync(file, '');
			fs.chmodSync(file, 0o000);
			try {
				await expect(store(file).open(100, '#general')).rejects.toThrow(
					`Cannot open the message log ${file}: permission denied.`,
				);
			} finally {
				fs.chmodSync(file, 0o600);
			}
		},
	);

	test('close flushes every pending append', async () => {
		const file = path.join(dir, 'room.jsonl');
		const s = store(file);
		await general(s.open(100, '#general'));
		for (let seq = 1; seq <= 2000; seq++) s.append(msg(seq));
		await s.close();
		const seqs = lines(file).map(line => (JSON.parse(line) as RoomEvent).seq);
		expect(seqs).toEqual(Array.from({length: 2000}, (_, i) => i + 1));
	});

	test('appends made while a write is in flight are batched and kept in order', async () => {
		const file = path.join(dir, 'room.jsonl');
		const proto = await fileHandlePrototype();
		const original = proto.write;
		let writes = 0;
		proto.write = function (this: FileHandle, ...args: unknown[]) {
			writes++;
			return (original as (...a: unknown[]) => unknown).apply(this, args);
		} as typeof original;
		try {
			const s = store(file);
			await general(s.open(100, '#general'));
			let seq = 0;
			for (let round = 0; round < 50; round++) {
				for (let i = 0; i < 10; i++) s.append(msg(++seq));
				await new Promise(resolve => setImmediate(resolve));
			}
			await s.close();
		} finally {
			proto.write = original;
		}
		const seqs = lines(file).map(line => (JSON.parse(line) as RoomEvent).seq);
		expect(seqs).toEqual(Array.from({length: 500}, (_, i) => i + 1));
		expect(writes).toBeGreaterThan(0);
		expect(writes).toBeLessThanOrEqual(50);
	});

	test('a closed store can be opened again and keeps appending', async () => {
		const file = path.join(dir, 'room.jsonl');
		const s = store(file);
		await general(s.open(100, '#general'));
		s.append(msg(1));
		await s.close();
		expect(await general(s.open(100, '#general'))).toEqual({history: [msg(1)], nextSeq: 2});
		s.append(msg(2));
		await s.close();
		expect(lines(file)).toEqual([JSON.stringify(msg(1)), JSON.stringify(msg(2))]);
	});

	test('events appended before open are written once the log is open', async () => {
		const file = path.join(dir, 'room.jsonl');
		const s = store(file);
		s.append(msg(1));
		await general(s.open(100, '#general'));
		await s.close();
		expect(lines(file)).toEqual([JSON.stringify(msg(1))]);
	});

	test('a failed write is reported once, never thrown, and later appends still land', async () => {
		const file = path.join(dir, 'room.jsonl');
		const errors: Error[] = [];
		const s = store(file, {onError: error => errors.push(error)});
		await general(s.open(100, '#general'));
		s.append(msg(1));
		await s.close();

		const proto = await fileHandlePrototype();
		const original = proto.write;
		let failures = 2;
		proto.write = function (this: FileHandle, ...args: unknown[]) {
			if (failures > 0) {
				failures--;
				return Promise.reject(Object.assign(new Error('no space left on device'), {code: 'ENOSPC'}));
			}
			return (original as (...a: unknown[]) => unknown).apply(this, args);
		} as typeof original;
		const t = store(file, {onError: error => errors.push(error)});
		try {
			await t.open(100, '#general');
			expect(() => t.append(msg(2))).not.toThrow();
			await new Promise(resolve => setImmediate(resolve));
			expect(() => t.append(msg(3))).not.toThrow();
			await new Promise(resolve => setImmediate(resolve));
			t.append(msg(4));
			await t.close();
		} finally {
			proto.write = original;
		}
		expect(errors).toHaveLength(1);
		expect(errors[0]?.message).toBe(
			`Could not write to the message log ${file}: the disk is full. Some events were not saved.`,
		);
		expect(t.lastError).toBe(errors[0]);
		const seqs = lines(file).map(line => (JSON.parse(line) as RoomEvent).seq);
		expect(seqs[0]).toBe(1);
		expect(seqs.at(-1)).toBe(4);
	});

	test('an append after close is reported, not thrown', async () => {
		const file = path.join(dir, 'room.jsonl');
		const errors: Error[] = [];
		const s = store(file, {onError: error => errors.push(error)});
		await general(s.open(100, '#general'));
		await s.close();
		await s.close();
		expect(() => s.append(msg(1))).not.toThrow();
		expect(errors).toHaveLength(1);
		expect(errors[0]?.message).toContain(file);
		expect(fs.statSync(file).size).toBe(0);
	});
});

describe('defaultLogPath', () => {
	test('is a per-port JSONL file in the tcpchat data directory', () => {
		const file = defaultLogPath(7777);
		expect(path.basename(file)).toBe('room-7777.jsonl');
		expect(path.basename(path.dirname(file))).toBe('tcpchat');
		expect(path.isAbsolute(file)).toBe(true);
		expect(defaultLogPath(7778)).not.toBe(file);
	});

	test.runIf(process.platform === 'linux')('follows XDG_DATA_HOME on Linux', () => {
		const saved = process.env['XDG_DATA_HOME'];
		process.env['XDG_DATA_HOME'] = dir;
		try {
			expect(defaultLogPath(7777)).toBe(path.join(dir, 'tcpchat', 'room-7777.jsonl'));
		} finally {
			if (saved === undefined) delete process.env['XDG_DATA_HOME'];
			else process.env['XDG_DATA_HOME'] = saved;
		}
	});
});
