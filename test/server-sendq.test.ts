import {afterEach, describe, expect, it} from 'vitest';
import {ServerHarness} from './helpers/server-harness.js';

const h = new ServerHarness();
afterEach(() => h.cleanup());

const SMALL_SENDQ = 65_536;

describe('send queue: the limit is on what a socket does not take', () => {
	it('a welcome of over 5 MB (history of emoji text) reaches a newcomer that reads, with --max-sendq 65536', async () => {
		await h.start({maxSendq: SMALL_SENDQ, history: 700, rate: 1e9, burst: 1e9});
		const talker = await h.join('talker');
		// 1990 emoji: 4 bytes each in UTF-8, just inside the 8192-byte line.
		const text = '🎉'.repeat(1990);
		for (let i = 0; i < 700; i++) talker.socket.send({type: 'say', text: `${i} ${text}`});
		await talker.socket.nextOfType('msg', f => (f['text'] as string).startsWith('699'));
		const newcomer = await h.join('newcomer');
		const history = newcomer.welcome['history'] as Array<Record<string, unknown>>;
		expect(history).toHaveLength(700);
		expect(Buffer.byteLength(JSON.stringify(newcomer.welcome))).toBeGreaterThan(5_000_000);
		// It stays: the room goes on and it hears it.
		talker.socket.send({type: 'say', text: 'after the welcome'});
		expect(await newcomer.socket.nextOfType('msg', f => f['text'] === 'after the welcome')).toBeTruthy();
	});

	it('readers at full speed survive a sender bursting 2 KB messages, with --max-sendq 65536', async () => {
		await h.start({maxSendq: SMALL_SENDQ, rate: 1e9, burst: 1e9});
		const talker = await h.join('talker');
		const readers = await Promise.all(['r1', 'r2', 'r3'].map(name => h.join(name)));
		const text = 'x'.repeat(1990);
		// 2000 messages of 2 KB written at once: 4 MB of output for each reader in a few ticks.
		talker.socket.write(Array.from({length: 2000}, (_, i) => JSON.stringify({type: 'say', text: `${i} ${text}`}) + '\n').join(''));
		for (const reader of readers) await reader.socket.nextOfType('msg', f => (f['text'] as string).startsWith('1999 '));
		expect(talker.socket.frames().filter(f => f['type'] === 'error')).toEqual([]);
		for (const reader of readers) {
			expect(reader.socket.frames().filter(f => f['type'] === 'msg')).toHaveLength(2000);
			expect(reader.socket.frames().some(f => f['type'] === 'leave')).toBe(false);
		}
	});

	it('a reader that stops reading in a quiet room is dropped as slow once it holds more than max-sendq and takes nothing', async () => {
		await h.start({maxSendq: SMALL_SENDQ, sendqStallMs: 200, rate: 1e9, burst: 1e9});
		const talker = await h.join('talker');
		const paused = await h.join('paused');
		paused.socket.socket.pause();
		const text = 'y'.repeat(1900);
		const over = () => (h.server.connections().find(c => c.name === 'paused')?.sendq ?? 0) > SMALL_SENDQ;
		let sent = 0;
		// Until the kernel's buffers are full and the server holds more than the limit for it.
		while (!over() && sent < 20_000) {
			for (let i = 0; i < 50; i++) talker.socket.send({type: 'say', text: `${sent++} ${text}`});
			await talker.socket.nextOfType('msg', f => (f['text'] as string).startsWith(`${sent - 1} `));
		}
		expect(over()).toBe(true);
		// Nothing more is said: the reader is dropped for not draining, not for a burst.
		const leave = await talker.socket.nextOfType('leave', f => f['name'] === 'paused');
		expect(leave).toMatchObject({reason: 'slow'});
		const sendq = h.server.connections().find(c => c.name === 'paused')?.sendq;
		expect(sendq).toBeUndefined();
	});

	it('a paused reader in a busy room is dropped before it pins more than 16 × max-sendq (plus one tick)', async () => {
		await h.start({maxSendq: SMALL_SENDQ, sendqStallMs: 60_000, rate: 1e9, burst: 1e9});
		const talker = await h.join('talker');
		const paused = await h.join('paused');
		paused.socket.socket.pause();
		const text = 'z'.repeat(1900);
		let gone = false;
		void talker.socket.nextOfType('leave', f => f['name'] === 'paused').then(() => (gone = true), () => {});
		let most = 0;
		let sent = 0;
		while (!gone && sent < 100_000) {
			for (let i = 0; i < 50; i++) talker.socket.send({type: 'say', text: `${sent++} ${text}`});
			await talker.socket.nextOfType('msg', f => (f['text'] as string).startsWith(`${sent - 1} `));
			most = Math.max(most, h.server.connections().find(c => c.name === 'paused')?.sendq ?? 0);
		}
		expect(gone).toBe(true);
		expect(most).toBeLessThanOrEqual(16 * SMALL_SENDQ + 50 * 2000);
		expect(talker.socket.frames().find(f => f['type'] === 'leave')).toMatchObject({name: 'paused', reason: 'slow'});
	});
});
