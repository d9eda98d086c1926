import {describe, expect, it} from 'vitest';
import {MemoryReclaimer} from '../source/server/memory-reclaimer.js';

describe('MemoryReclaimer', () => {
	it('collects once, after a wave of 500 connections has been over for a second', () => {
		const reclaimer = new MemoryReclaimer();
		for (let i = 0; i < 499; i++) reclaimer.note(i);
		expect(reclaimer.sweep(10_000)).toBe(false);
		reclaimer.note(1000);
		expect(reclaimer.sweep(1500)).toBe(false);
		expect(reclaimer.sweep(2000)).toBe(true);
		// The wave is dealt with: nothing more until the next one.
		expect(reclaimer.sweep(60_000)).toBe(false);
	});

	it('waits while the wave goes on', () => {
		const reclaimer = new MemoryReclaimer();
		for (let t = 0; t < 5000; t += 5) {
			reclaimer.note(t);
			expect(reclaimer.sweep(t)).toBe(false);
		}
		expect(reclaimer.sweep(6000)).toBe(true);
	});

	it('does nothing when turned off', () => {
		const reclaimer = new MemoryReclaimer(false);
		for (let i = 0; i < 1000; i++) reclaimer.note(0);
		expect(reclaimer.sweep(10_000)).toBe(false);
	});
});
