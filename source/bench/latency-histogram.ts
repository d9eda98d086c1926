/**
 * A log-linear latency histogram in microseconds: exact below 256 µs, then 128 buckets per
 * power of two (under 0.8 % error). A million deliveries a second cannot be kept as samples;
 * bucket counts can, and they merge across worker processes by adding.
 */
const SUB_BITS = 7;
const SUB = 1 << SUB_BITS;
const LINEAR = SUB * 2;
const MAX_VALUE = 2 ** 31 - 1;
export const HISTOGRAM_BUCKETS = LINEAR + (31 - SUB_BITS - 1) * SUB;

export function bucketOf(micros: number): number {
	const v = micros <= 0 ? 0 : micros >= MAX_VALUE ? MAX_VALUE : Math.floor(micros);
	if (v < LINEAR) return v;
	const shift = 31 - Math.clz32(v) - SUB_BITS;
	return LINEAR + (shift - 1) * SUB + ((v >>> shift) - SUB);
}

/** The middle of a bucket's range, in microseconds. */
export function bucketValue(index: number): number {
	if (index < LINEAR) return index;
	const shift = Math.floor((index - LINEAR) / SUB) + 1;
	const mantissa = ((index - LINEAR) % SUB) + SUB;
	return mantissa * 2 ** shift + (2 ** shift - 1) / 2;
}

export type HistogramSnapshot = {counts: number[]; total: number; max: number; sum: number};

export class LatencyHistogram {
	readonly counts = new Float64Array(HISTOGRAM_BUCKETS);
	total = 0;
	max = 0;
	sum = 0;

	record(micros: number): void {
		this.counts[bucketOf(micros)]! += 1;
		this.total += 1;
		this.sum += micros;
		if (micros > this.max) this.max = micros;
	}

	/** Sparse enough to send between processes: only the buckets in use. */
	snapshot(): HistogramSnapshot {
		const counts: number[] = [];
		for (let i = 0; i < this.counts.length; i++) {
			if (this.counts[i] !== 0) counts.push(i, this.counts[i]!);
		}
		return {counts, total: this.total, max: this.max, sum: this.sum};
	}

	merge(snapshot: HistogramSnapshot): void {
		for (let i = 0; i + 1 < snapshot.counts.length; i += 2) {
			this.counts[snapshot.counts[i]!]! += snapshot.counts[i + 1]!;
		}
		this.total += snapshot.total;
		this.sum += snapshot.sum;
		if (snapshot.max > this.max) this.max = snapshot.max;
	}

	/** The latency below which `fraction` of the samples fall (0 when there are none). */
	percentile(fraction: number): number {
		if (this.total === 0) return 0;
		const rank = Math.max(1, Math.ceil(fraction * this.total));
		let seen = 0;
		for (let i = 0; i < this.counts.length; i++) {
			seen += this.counts[i]!;
			if (seen >= rank) return Math.min(bucketValue(i), this.max);
		}
		return this.max;
	}

	mean(): number {
		return this.total === 0 ? 0 : this.sum / this.total;
	}
}
