import {describe, expect, it} from 'vitest';
import {TokenBucket} from '../source/server/token-bucket.js';
import {RateMeter} from '../source/server/rate-meter.js';

describe('TokenBucket', () => {
	it('allows a burst, then refills at the rate', () => {
		const bucket = new TokenBucket(5, 10, 0);
		for (let i = 0; i < 10; i++) expect(bucket.take(0)).toBe(true);
		expect(bucket.take(0)).toBe(false);
		expect(bucket.take(199)).toBe(false);
		expect(bucket.take(200)).toBe(true); // 5/s: one token per 200 ms
		expect(bucket.take(200)).toBe(false);
	});

	it('never holds more than the burst', () => {
		const bucket = new TokenBucket(5, 3, 0);
		expect(bucket.available(3_600_000)).toBe(3);
	});

	it('ignores a clock going backwards', () => {
		const bucket = new TokenBucket(1, 1, 1000);
		expect(bucket.take(1000)).toBe(true);
		expect(bucket.take(0)).toBe(false);
		expect(bucket.take(1000)).toBe(false);
		expect(bucket.take(2000)).toBe(true);
	});
});

describe('RateMeter', () => {
	it('averages whole seconds over its window', () => {
		const meter = new RateMeter(5);
		for (let i = 0; i < 50; i++) meter.add(10_000 + i * 20); // 50 events in second 10
		expect(meter.perSecond(10_999)).toBe(0); // the current second is not complete
		expect(meter.perSecond(11_000)).toBe(10);
		expect(meter.perSecond(15_999)).toBe(10);
		expect(meter.perSecond(16_000)).toBe(0);
		expect(meter.perSecond(100_000)).toBe(0);
	});
});
