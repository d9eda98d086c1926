import net from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {ServerHarness} from './helpers/server-harness.js';

const h = new ServerHarness();
afterEach(() => h.cleanup());

/** A small seeded PRNG, so that a failing storm can be replayed. */
function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** One chunk of hostile bytes of a given flavour. */
function garbage(kind: number, random: () => number, size: number): Buffer {
	const bytes = Buffer.alloc(size);
	switch (kind % 4) {
		case 0: // anything at all, newlines rare
			for (let i = 0; i < size; i++) bytes[i] = Math.floor(random() * 256);
			return bytes;
		case 1: // huge lines: no newline for long stretches
			for (let i = 0; i < size; i++) bytes[i] = 0x20 + Math.floor(random() * 0x5f);
			if (random() < 0.3) bytes[size - 1] = 0x0a;
			return bytes;
		case 2: // NULs, invalid UTF-8, escapes, lone surrogates' encodings, short lines
			for (let i = 0; i < size; i++) {
				const r = random();
				bytes[i] = r < 0.2 ? 0 : r < 0.4 ? 0xff : r < 0.5 ? 0xc3 : r < 0.6 ? 0x1b : r < 0.65 ? 0x0a : r < 0.7 ? 0xed : Math.floor(random() * 256);
			}
			return bytes;
		default: {
			// JSON-shaped lies: frames with wrong types, claimed identities, control characters
			const lines: string[] = [];
			let length = 0;
			while (length < size) {
				const n = Math.floor(random() * 1e6);
				const pick = Math.floor(random() * 6);
				const line = [
					`{"type":"hello","proto":1,"name":"storm${n}\\u001b[2J"}`,
					`{"type":"say","text":"\\u0000\\u001b]0;x\\u0007 ${n}","from":"alice","seq":1}`,
					`{"type":"say","text":${n}}`,
					`{"type":"nick","name":"alice"}`,
					`{"type":"dm","to":"bob","text":"\\u009b${n}"}`,
					`{"type":"say","text":"${'\\ud800'.repeat(3)}`,
				][pick]!;
				lines.push(line);
				length += line.length + 1;
			}
			return Buffer.from(lines.join('\n') + '\n');
		}
	}
}

/** Writes `total` bytes of garbage with backpressure; stops quietly when the server hangs up. */
async function storm(port: number, kind: number, seed: number, total: number): Promise<void> {
	const random = mulberry32(seed);
	const socket = net.connect({host: '127.0.0.1', port});
	socket.on('error', () => {});
	// It reads (and drops) what the server says, so it is not a slow reader, only a rude one.
	socket.resume();
	let closed = false;
	socket.on('close', () => (closed = true));
	await new Promise<void>(resolve => {
		socket.once('connect', resolve);
		socket.once('close', resolve);
	});
	for (let sent = 0; sent < total && !closed; ) {
		const chunk = garbage(kind, random, 1 + Math.floor(random() * 32 * 1024));
		sent += chunk.length;
		if (!socket.write(chunk))
			await new Promise<void>(resolve => {
				socket.once('drain', resolve);
				socket.once('close', resolve);
			});
	}
	socket.destroy();
}

describe('storm', () => {
	it('30 hostile connections writing garbage do not stop two people chatting, nor grow the server', async () => {
		await h.start({rate: 2000, burst: 2000, maxPerIp: 0, maxClients: 0, plainGreetingDelay: 50});
		const alice = await h.join('alice');
		const bob = await h.join('bob');
		const before = process.memoryUsage();

		const storms = Array.from({length: 30}, (_, i) => storm(h.port, i, 1000 + i, 1024 * 1024));
		const rounds = 100;
		for (let i = 0; i < rounds; i++) {
			alice.socket.send({type: 'say', text: `a${i}`});
			await bob.socket.nextOfType('msg', f => f['text'] === `a${i}`);
			bob.socket.send({type: 'dm', to: 'alice', text: `b${i}`});
			await alice.socket.nextOfType('dm', f => f['text'] === `b${i}`);
		}
		await Promise.all(storms);

		// Every line the two received is a valid frame with no control character in it.
		for (const socket of [alice.socket, bob.socket]) {
			for (const line of socket.lines) {
				const frame = JSON.parse(line) as Record<string, unknown>;
				expect(typeof frame['type']).toBe('string');
				for (const field of ['text', 'from', 'name', 'to']) {
					const value = frame[field];
					if (typeof value === 'string') expect(value).not.toMatch(CONTROL);
				}
			}
			// Nobody else spoke as alice or bob.
			const fromAlice = socket.frames().filter(f => f['type'] === 'msg' && f['from'] === 'alice');
			expect(fromAlice.map(f => f['text'])).toEqual(Array.from({length: rounds}, (_, i) => `a${i}`));
		}

		// The hostile connections are gone; the room still works for a newcomer.
		while (h.server.connections().length > 2) await h.activity('disconnect', () => true, h.activities.length);
		const carol = await h.join('carol');
		carol.socket.send({type: 'say', text: 'calm again'});
		await alice.socket.nextOfType('msg', f => f['text'] === 'calm again');
		expect(h.server.stats().online).toBe(3);
		for (const c of h.server.connections()) expect(h.server.bufferedInput(c.id)).toBeLessThanOrEqual(8192);
		// Loose, as the storm's own buffers live in this process too.
		const after = process.memoryUsage();
		expect(after.heapUsed - before.heapUsed).toBeLessThan(64 * 1024 * 1024);
	}, 120_000);
});
