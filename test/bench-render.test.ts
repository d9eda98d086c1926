import {expect, test} from 'vitest';
import {measureRenderFrames, syntheticEntry} from '../source/bench/render-frames.js';

// Numbers only: whether they stay flat is for `tcpchat bench --render`, never for a test.
test('the render benchmark renders the room and reports frame times', () => {
	const figures = measureRenderFrames(200, 5, 80, 24);
	expect(figures.historyLength).toBe(200);
	for (const value of [figures.p50, figures.p99, figures.mean, figures.max]) expect(Number.isFinite(value)).toBe(true);
	expect(figures.max).toBeGreaterThan(0);
	expect(figures.bytesPerFrame).toBeGreaterThan(0);
});

test('synthetic messages vary and are stable', () => {
	expect(syntheticEntry(7)).toEqual(syntheticEntry(7));
	expect(syntheticEntry(7)).not.toEqual(syntheticEntry(8));
});
