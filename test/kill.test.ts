import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import type {RoomEvent} from '../source/protocol/frames.js';
import {startCliServer} from './helpers/cli-server.js';
import {LineSocket} from './helpers/line-socket.js';
import {storedEvents} from './helpers/stored-events.js';

/**
 * `kill -9` during a steady stream, many times: every message a sender saw echoed is in the
 * database after the restarts, with the seq it was seen with, and no seq of a room is stored
 * twice. The built binary, a real database file, SIGKILL at random moments.
 */

let dir: string;
beforeAll(async () => {
	dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tcpchat-kill-'));
});
afterAll(() => fs.rm(dir, {recursive: true, force: true}));

const ROUNDS = 12;

it(`loses nothing anyone saw and reuses no seq across ${ROUNDS} kills`, async () => {
	const db = path.join(dir, 'history.db');
	/** What the senders saw echoed: room → seq → text. */
	const seen = new Map<string, Map<number, string>>();
	let said = 0;
	for (let round = 0; round < ROUNDS; round++) {
		const server = await startCliServer(['--db', db, '--rate', '100000', '--burst', '100000']);
		const rooms = round % 2 === 0 ? ['#general'] : ['#general', '#dev'];
		const senders = await Promise.all(
			[0, 1].map(async i => {
				const socket = await LineSocket.connect(server.port);
				socket.send({type: 'hello', proto: 2, name: `s${i}r${round}`, rooms});
				await socket.nextOfType('welcome');
				return socket;
			}),
		);
		// A steady stream: each sender keeps a few messages in flight, until its socket closes.
		const streams = senders.map(async (socket, i) => {
			let k = 0;
			while (!socket.isClosed) {
				for (let j = 0; j < 4; j++) socket.send({type: 'say', room: rooms[(k + j) % rooms.length]!, text: `r${round} s${i} #${k + j} ${'中文'.repeat(j)}`});
				k += 4;
				said += 4;
				await Promise.race([socket.nextOfType('msg', f => f['text']?.startsWith(`r${round} s${i} #${k - 1} `)), socket.closed]);
			}
		});
		// Let the stream run a random while (from a few ms to a few hundred), then kill.
		const runFor = 10 + Math.floor(Math.random() * 300);
		await new Promise(resolve => setTimeout(resolve, runFor));
		server.child.kill('SIGKILL');
		expect(await server.exited).toBe('SIGKILL');
		await Promise.all(streams);
		for (const socket of senders) {
			for (const frame of socket.frames()) {
				if (frame['type'] !== 'msg') continue;
				const room = seen.get(frame['room']) ?? new Map<number, string>();
				seen.set(frame['room'], room);
				// A seq is never seen twice with different texts, across runs too.
				expect(room.get(frame['seq']) ?? frame['text']).toBe(frame['text']);
				room.set(frame['seq'], frame['text']);
			}
		}
	}
	const stored = await storedEvents(db);
	const byRoom = new Map<string, RoomEvent[]>();
	for (const event of stored) byRoom.set(event.room, [...(byRoom.get(event.room) ?? []), event]);
	let echoed = 0;
	for (const [room, bySeq] of seen) {
		const events = byRoom.get(room)!;
		const seqs = events.map(e => e.seq);
		// Unique and gapless: a seq given but never stored (killed before its commit) was seen by no one, and is given again.
		expect(seqs).toEqual(seqs.map((_, i) => i + 1));
		const texts = new Map(events.map(e => [e.seq, e.type === 'msg' ? e.text : e.type]));
		for (const [seq, text] of bySeq) expect(texts.get(seq), `${room} seq ${seq}`).toBe(text);
		echoed += bySeq.size;
	}
	// The stream did run: thousands of messages, most of them echoed.
	expect(said).toBeGreaterThan(ROUNDS * 8);
	expect(echoed).toBeGreaterThan(ROUNDS * 4);
	console.log(`kill test: ${ROUNDS} kills, ${said} messages sent, ${echoed} echoed and all of them stored, ${stored.length} events stored`);
}, 120_000);
