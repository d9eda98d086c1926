import {afterEach, beforeEach, describe, expect, test, vi} from 'vitest';
import {DEFAULT_PACE, Outbox, type OutboxMessage, type OutboxProgress} from '../source/client/outbox.js';
import {DEFAULT_SERVER_OPTIONS} from '../source/server/server-options.js';

/** An outbox over a fake clock and a fake connection that records what it writes. */
function outbox(options: {pace?: {rate: number; burst: number}} = {}) {
	const written: string[] = [];
	const progress: OutboxProgress[] = [];
	let connected = true;
	const box = new Outbox({
		...options,
		write: (message: OutboxMessage) => {
			if (!connected) return false;
			written.push(message.text);
			return true;
		},
		now: () => Date.now(),
		onProgress: p => progress.push(p),
	});
	box.joined(() => []);
	/** The server echoes every message written so far that it has not echoed yet. */
	let echoed = 0;
	const echoAll = () => {
		while (echoed < written.length) box.echoed(written[echoed++]!);
	};
	return {box, written, progress, echoAll, disconnect: () => (connected = false), reconnect: () => (connected = true)};
}

beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	vi.useRealTimers();
});

describe('Outbox', () => {
	test("paces to the server's default rate limit", () => {
		expect(DEFAULT_PACE).toEqual({rate: DEFAULT_SERVER_OPTIONS.rate, burst: DEFAULT_SERVER_OPTIONS.burst});
	});

	test('one message at a time: the next goes when the server has echoed the one before', () => {
		const {box, written} = outbox();
		for (const text of ['a', 'b', 'c']) box.push({text, action: false});
		expect(written).toEqual(['a']);
		box.echoed('a');
		expect(written).toEqual(['a', 'b']);
		box.echoed('b');
		box.echoed('c');
		expect(written).toEqual(['a', 'b', 'c']);
		expect(box.pending).toBe(0);
	});

	test('a burst of 10 at once, then no faster than the rate: a long paste is never refused by a default server', () => {
		const {box, written, echoAll} = outbox();
		for (let i = 1; i <= 14; i++) box.push({text: `part ${i}`, action: false});
		for (let i = 0; i < 10; i++) echoAll();
		expect(written).toHaveLength(10);
		// The server refills 5 a second; the outbox waits for a whole token, a little longer.
		vi.advanceTimersByTime(200);
		echoAll();
		expect(written).toHaveLength(10);
		vi.advanceTimersByTime(50);
		echoAll();
		expect(written).toHaveLength(11);
		vi.advanceTimersByTime(3 * 250);
		echoAll();
		expect(written).toHaveLength(14);
		expect(box.pending).toBe(0);
	});

	test('other frames that cost a token (a /who) count too', () => {
		const {box, written, echoAll} = outbox();
		for (let i = 0; i < 5; i++) box.spent();
		for (let i = 1; i <= 6; i++) box.push({text: `m${i}`, action: false});
		for (let i = 0; i < 6; i++) echoAll();
		expect(written).toHaveLength(5);
	});

	test('rate_limited: the message goes again after a second (then two, four…); progress says it is waiting', () => {
		const {box, written, progress} = outbox({pace: {rate: 100, burst: 100}});
		box.push({text: 'one', action: false});
		box.push({text: 'two', action: false});
		expect(box.refused()).toBe(true);
		expect(progress.at(-1)).toEqual({done: 0, total: 2, waiting: true});
		vi.advanceTimersByTime(999);
		expect(written).toEqual(['one']);
		vi.advanceTimersByTime(1);
		expect(written).toEqual(['one', 'one']);
		expect(box.refused()).toBe(true);
		vi.advanceTimersByTime(1999);
		expect(written).toHaveLength(2);
		vi.advanceTimersByTime(1);
		expect(written).toEqual(['one', 'one', 'one']);
		// The third time it arrives (the refused ones never did): on to the next.
		box.echoed('one');
		expect(progress.at(-1)).toEqual({done: 1, total: 2, waiting: false});
		expect(written).toEqual(['one', 'one', 'one', 'two']);
		box.echoed('two');
		expect(progress.at(-1)).toEqual({done: 0, total: 0, waiting: false});
	});

	test('a refusal that was about another frame: the echo that follows cancels the second sending', () => {
		const {box, written} = outbox({pace: {rate: 100, burst: 100}});
		box.push({text: 'said once', action: false});
		box.refused();
		box.echoed('said once');
		vi.advanceTimersByTime(10_000);
		expect(written).toEqual(['said once']);
		expect(box.pending).toBe(0);
	});

	test('without a message on its way a refusal is not the outbox’s', () => {
		const {box} = outbox();
		expect(box.refused()).toBe(false);
	});

	test('a lost connection: what was on its way goes again after the rejoin, unless the history shows it arrived', () => {
		const first = outbox();
		first.box.push({text: 'in flight', action: false});
		first.box.push({text: 'queued', action: false});
		first.box.lost();
		first.disconnect();
		first.reconnect();
		first.box.joined(() => ['older', 'something else']);
		expect(first.written).toEqual(['in flight', 'in flight']);

		const second = outbox();
		second.box.push({text: 'in flight', action: false});
		second.box.push({text: 'queued', action: false});
		second.box.lost();
		second.box.joined(() => ['older', 'in flight']);
		expect(second.written).toEqual(['in flight', 'queued']);
	});

	test('stopping for good says how many were never sent', () => {
		const {box} = outbox();
		for (const text of ['a', 'b', 'c']) box.push({text, action: false});
		expect(box.stop()).toBe(3);
		expect(box.pending).toBe(0);
	});

	test('a refusal of the text itself (too long, empty) moves on to the next', () => {
		const {box, written} = outbox();
		box.push({text: 'bad', action: false});
		box.push({text: 'good', action: false});
		box.failed();
		expect(written).toEqual(['bad', 'good']);
	});
});
