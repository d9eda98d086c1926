/**
 * Microseconds of the system's monotonic clock. `process.hrtime` reads CLOCK_MONOTONIC, which
 * every process on the machine shares, so a stamp taken in one worker process can be
 * subtracted from a reading in another (unlike `performance.now()`, whose origin is per process).
 */
export function nowMicros(): number {
	const [seconds, nanos] = process.hrtime();
	return seconds * 1e6 + nanos / 1e3;
}
