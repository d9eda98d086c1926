/** "14:02", the time of a message in the reader's timezone. */
export function formatTime(ts: number): string {
	const date = new Date(ts);
	return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}
