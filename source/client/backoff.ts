/** Seconds to wait before reconnect attempt `attempt` (1-based): 1, 2, 4, 8, 16, then `max`. */
export function backoffSeconds(attempt: number, max = 30): number {
	if (!Number.isFinite(attempt) || attempt < 1) return 1;
	// Cap the exponent so that a long outage never overflows into Infinity.
	return Math.min(max, 2 ** Math.min(attempt - 1, 30));
}
