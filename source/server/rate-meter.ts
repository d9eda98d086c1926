/**
 * Events per second over the last few whole seconds, for the dashboard header. Pure over the
 * clock (`now` in ms, any monotonic origin); a handful of counters, no timers.
 */
export class RateMeter {
	private readonly counts: number[];
	private second = -1;

	constructor(private readonly windowSeconds = 5) {
		this.counts = new Array<number>(windowSeconds + 1).fill(0);
	}

	add(now: number, n = 1): void {
		this.advance(now);
		this.counts[this.second % this.counts.length]! += n;
	}

	/** The mean over the last `windowSeconds` complete seconds. */
	perSecond(now: number): number {
		this.advance(now);
		let total = 0;
		for (let i = 1; i <= this.windowSeconds; i++) total += this.counts[(this.second - i + this.counts.length * 2) % this.counts.length]!;
		return total / this.windowSeconds;
	}

	private advance(now: number): void {
		const second = Math.floor(now / 1000);
		if (this.second === -1) {
			this.second = second;
			return;
		}
		const steps = Math.min(second - this.second, this.counts.length);
		for (let i = 1; i <= steps; i++) this.counts[(this.second + i) % this.counts.length] = 0;
		if (second > this.second) this.second = second;
	}
}
