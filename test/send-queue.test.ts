import {describe, expect, it} from 'vitest';
import type {ServerFrame} from '../source/protocol/frames.js';
import {Outgoing, PresenceBatch} from '../source/server/outgoing.js';
import {SendQueue, type SendSocket} from '../source/server/send-queue.js';

/** A socket whose kernel takes `capacity` bytes, then nothing until `drain(n)` reads some. */
class FakeSocket implements SendSocket {
	readonly writes: Buffer[] = [];
	destroyed = false;
	corked = 0;
	private accepted = 0;
	private held = 0;

	constructor(private capacity: number) {}

	get writableLength(): number {
		return this.held;
	}

	write(chunk: Buffer): boolean {
		this.writes.push(chunk);
		const room = Math.max(0, this.capacity - this.accepted);
		const taken = Math.min(room, this.held + chunk.length);
		this.accepted += taken;
		this.held = this.held + chunk.length - taken;
		return this.held === 0;
	}

	cork(): void {
		this.corked++;
	}

	uncork(): void {}

	/** The peer reads `bytes`: the kernel takes that much more of what is held. */
	drain(bytes: number): void {
		this.capacity += bytes;
		const taken = Math.min(this.held, Math.max(0, this.capacity - this.accepted));
		this.accepted += taken;
		this.held -= taken;
	}

	get text(): string {
		return Buffer.concat(this.writes).toString();
	}
}

const encode = (frame: ServerFrame): Buffer => Buffer.from(JSON.stringify(frame) + '\n', 'utf8');
const bytes = (n: number, fill = 'x'): Buffer => Buffer.alloc(n, fill);
const LIMITS = {maxSendq: 1000, stallMs: 100};

describe('SendQueue', () => {
	it('writes what a tick queued in one write, in order', () => {
		const socket = new FakeSocket(1e9);
		const queue = new SendQueue(socket, LIMITS);
		queue.push(Buffer.from('a\n'));
		queue.push([Buffer.from('b'), Buffer.from('c\n')]);
		expect(queue.pending).toBe(5);
		expect(queue.flush(false)).toBe('ok');
		expect(socket.writes).toHaveLength(1);
		expect(socket.text).toBe('a\nbc\n');
		expect(queue.pending).toBe(0);
	});

	it('a burst far over the limit and the ceiling is handed to the socket first: a reader that takes it is fine', () => {
		const socket = new FakeSocket(0);
		const queue = new SendQueue(socket, LIMITS);
		for (let i = 0; i < 200; i++) queue.push(bytes(500));
		expect(queue.flush(false)).toBe('ok');
		expect(queue.backlog).toBe(100_000);
		socket.drain(100_000);
		expect(queue.check(0)).toBe('ok');
		queue.push(bytes(500));
		expect(queue.flush(false)).toBe('ok');
	});

	it('a big reply (a welcome) raises the ceiling by its size: a reader that drains it slowly is never dropped', () => {
		const socket = new FakeSocket(0);
		const queue = new SendQueue(socket, LIMITS);
		queue.push([bytes(30_000), bytes(30_000)]);
		expect(queue.flush(false)).toBe('ok');
		expect(queue.backlog).toBe(60_000);
		for (let t = 0; queue.backlog > 0; t += 50) {
			socket.drain(1000);
			expect(queue.check(t)).toBe('ok');
		}
	});

	it('a reader over the limit that accepts nothing for stallMs is slow; one that keeps draining is not', () => {
		const stuck = new FakeSocket(0);
		const stuckQueue = new SendQueue(stuck, LIMITS);
		const draining = new FakeSocket(0);
		const drainingQueue = new SendQueue(draining, LIMITS);
		for (const queue of [stuckQueue, drainingQueue]) {
			queue.push(bytes(900));
			queue.flush(false);
			queue.push(bytes(900));
			expect(queue.flush(false)).toBe('ok');
		}
		expect(stuckQueue.check(0)).toBe('ok');
		expect(stuckQueue.check(60)).toBe('ok');
		expect(stuckQueue.check(100)).toBe('slow');
		for (let t = 0; t <= 300; t += 50) {
			draining.drain(10);
			expect(drainingQueue.check(t)).toBe('ok');
		}
	});

	it('a big write is given time at 128 KB/s: Node shows no progress until it is whole, a steady reader is not dropped meanwhile', () => {
		const socket = new FakeSocket(0);
		const queue = new SendQueue(socket, LIMITS);
		queue.push(bytes(256_000));
		expect(queue.flush(false, 0)).toBe('ok');
		// Nothing seen to go out for most of two seconds (the write is still under way)...
		for (let t = 0; t < 2000; t += 100) expect(queue.check(t)).toBe('ok');
		// ...and a reader that truly takes nothing is slow once that time and the stall have passed.
		expect(queue.check(2000 + LIMITS.stallMs)).toBe('slow');
	});

	it('under the limit, a reader that reads nothing at all is left alone', () => {
		const socket = new FakeSocket(0);
		const queue = new SendQueue(socket, LIMITS);
		queue.push(bytes(LIMITS.maxSendq));
		queue.flush(false);
		for (let t = 0; t < 10_000; t += 1000) expect(queue.check(t)).toBe('ok');
	});

	it('the memory a reader pins is bounded: left more than 16 × maxSendq behind by earlier ticks, it is slow at the next write', () => {
		const socket = new FakeSocket(0);
		const queue = new SendQueue(socket, LIMITS);
		let result: 'ok' | 'slow' = 'ok';
		let written = 0;
		while (result === 'ok' && written < 1e6) {
			queue.push(bytes(500));
			written += 500;
			result = queue.flush(false);
		}
		expect(result).toBe('slow');
		expect(written).toBe(16 * LIMITS.maxSendq + 1000);
	});

	it('a tick of room traffic bigger than maxSendq is not owed like a big reply: the ceiling stays 16 × maxSendq', () => {
		const socket = new FakeSocket(0);
		const queue = new SendQueue(socket, LIMITS);
		let result: 'ok' | 'slow' = 'ok';
		let written = 0;
		const tick = 2 * LIMITS.maxSendq;
		while (result === 'ok' && written < 1e6) {
			queue.push(bytes(tick), 'live');
			written += tick;
			result = queue.flush(false);
		}
		expect(result).toBe('slow');
		expect(written).toBeLessThanOrEqual(16 * LIMITS.maxSendq + 2 * tick);
	});

	it('once the reader has caught up, an old big reply no longer raises its ceiling', () => {
		const socket = new FakeSocket(0);
		const queue = new SendQueue(socket, LIMITS);
		queue.push(bytes(50_000));
		queue.flush(false);
		socket.drain(50_000);
		expect(queue.check(0)).toBe('ok');
		let result: 'ok' | 'slow' = 'ok';
		let written = 0;
		while (result === 'ok') {
			queue.push(bytes(500));
			written += 500;
			result = queue.flush(false);
		}
		expect(written).toBe(16 * LIMITS.maxSendq + 1000);
	});

	it('a run of one presence batch on the lazy flush is a view of the batch’s shared bytes', () => {
		const batch = new PresenceBatch();
		const items = [0, 1, 2].map(seq => batch.add({type: 'join', room: '#general', seq, ts: 1, name: `u${seq}`}));
		const one = new FakeSocket(1e9);
		const two = new FakeSocket(1e9);
		for (const socket of [one, two]) {
			const queue = new SendQueue(socket, LIMITS);
			for (const item of items) queue.push(item.encode(encode)!, 'live', item, encode);
			queue.flush(true);
		}
		expect(one.writes[0]!.buffer).toBe(two.writes[0]!.buffer);
		expect(one.text).toBe(items.map(item => item.encode(encode)!.toString()).join(''));
	});

	it('big pieces are written as they are, corked, small ones between them joined', () => {
		const socket = new FakeSocket(1e9);
		const queue = new SendQueue(socket, LIMITS);
		const big = bytes(20_000, 'b');
		queue.push(Buffer.from('head'));
		queue.push([big, Buffer.from('tail')]);
		queue.push(new Outgoing({type: 'pong'}).encode(encode)!);
		queue.flush(false);
		expect(socket.corked).toBe(1);
		expect(socket.writes).toHaveLength(3);
		expect(socket.writes[1]).toBe(big);
		expect(socket.text).toBe(`head${big.toString()}tail{"type":"pong"}\n`);
	});
});
