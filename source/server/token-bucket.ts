/**
 * A token bucket: `burst` tokens, refilled at `rate` per second. Pure over the clock: every
 * call takes `now` (milliseconds, any monotonic origin), so tests need no timers.
 * Two numbers per connection and no timer, so ten thousand idle clients cost nothing.
 */
export class TokenBucket {
	private tokens: number;
	private last: number;

	constructor(
		private readonly rate: number,
		private readonly burst: number,
		now: number,
	) {
		this.tokens = burst;
		this.last = now;
	}

	/** Takes `cost` tokens if there are that many (a cost over the burst is never met). */
	take(now: number, cost = 1): boolean {
		this.refill(now);
		if (this.tokens < cost) return false;
		this.tokens -= cost;
		return true;
	}

	/** Tokens available at `now` (fractional), for tests and the dashboard. */
	available(now: number): number {
		this.refill(now);
		return this.tokens;
	}

	private refill(now: number): void {
		const elapsed = now - this.last;
		// A clock that goes backwards (or stands still) adds nothing.
		if (elapsed > 0) {
			this.tokens = Math.min(this.burst, this.tokens + (elapsed / 1000) * this.rate);
			this.last = now;
		}
	}
}
