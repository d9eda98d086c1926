/**
 * The dashboard's time of day, "14:02:09", in the machine's timezone (the operator's clock).
 * Tests pin the zone with TZ=UTC.
 */
export function formatClock(ts: number): string {
	const date = new Date(ts);
	return [date.getHours(), date.getMinutes(), date.getSeconds()]
		.map(part => String(part).padStart(2, '0'))
		.join(':');
}
