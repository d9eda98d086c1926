import {Writable} from 'node:stream';
import {describe, expect, test} from 'vitest';
import {LineOutput} from '../source/server/line-output.js';

/** A writable stream whose reader takes nothing until `release()`: a log collector that stopped. */
class StuckReader extends Writable {
	received = '';
	private held: Array<() => void> = [];
	private open = false;

	constructor() {
		super({highWaterMark: 1024});
	}

	override _write(chunk: Buffer, _encoding: string, done: () => void): void {
		const take = () => {
			this.received += chunk.toString();
			done();
		};
		if (this.open) setImmediate(take);
		else this.held.push(take);
	}

	release(): void {
		this.open = true;
		for (const take of this.held.splice(0)) setImmediate(take);
	}
}

const line = (n: number) => `line ${n} ${'x'.repeat(90)}`;

describe('LineOutput', () => {
	test('keeps at most its bound for a stuck reader, then tells it how many lines it lost', async () => {
		const stream = new StuckReader();
		const out = new LineOutput(stream, {name: 'stdout', bound: 10_000, stamp: () => '[12:00]'});
		for (let n = 0; n < 1000; n++) out.write([line(n)]);
		// About 100 bytes a line: what waits is the bound and one write past it, not 100 KB.
		expect(stream.writableLength).toBeLessThanOrEqual(10_000 + 200);
		expect(out.dropped).toBeGreaterThan(800);
		const dropped = out.dropped;
		expect(await out.flushed(50)).toBe(false);

		stream.release();
		expect(await out.flushed(10_000)).toBe(true);
		expect(stream.received).toContain(`[12:00] … ${dropped} lines dropped: the reader of stdout is too slow\n`);
		const kept = [...stream.received.matchAll(/^line (\d+) /gm)].map(match => Number(match[1]));
		expect(kept.length + dropped).toBe(1000);
		expect(kept).toEqual(kept.map((_, index) => index));
		expect(out.dropped).toBe(0);

		out.write(['after']);
		expect(await out.flushed(10_000)).toBe(true);
		expect(stream.received.endsWith('after\n')).toBe(true);
	});

	test('a reader that keeps up loses nothing, however many lines come at once', async () => {
		const stream = new StuckReader();
		stream.release();
		const out = new LineOutput(stream, {name: 'stdout', bound: 10_000});
		// A burst bigger than the bound in one call is written: the bound is on what waits.
		out.write(Array.from({length: 200}, (_, n) => line(n)));
		expect(await out.flushed(10_000)).toBe(true);
		for (let n = 200; n < 400; n++) {
			out.write([line(n)]);
			await out.flushed(10_000);
		}
		expect(out.dropped).toBe(0);
		expect(stream.received.split('\n').filter(Boolean)).toHaveLength(400);
		expect(stream.received).not.toContain('dropped');
	});

	test('a plain object with write() (no stream) gets every line', () => {
		const seen: string[] = [];
		const out = new LineOutput({write: (text: string) => seen.push(text)}, {name: 'stdout'});
		out.write(['one', 'two']);
		expect(seen).toEqual(['one\ntwo\n']);
	});
});
