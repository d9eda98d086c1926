/**
 * Times and days of messages in the reader's timezone. Written out by hand, not with Intl: the
 * same words on every machine whatever its locale (tests pin the zone with TZ=UTC).
 */

const pad = (n: number): string => String(n).padStart(2, '0');

/** "14:02", or "14:02:09" with seconds. */
export function formatTime(ts: number, seconds = false): string {
	const date = new Date(ts);
	const hm = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
	return seconds ? `${hm}:${pad(date.getSeconds())}` : hm;
}

/** The local calendar day of a timestamp as one number (20261201), for comparing days. */
export function dayKey(ts: number): number {
	const date = new Date(ts);
	return date.getFullYear() * 10_000 + (date.getMonth() + 1) * 100 + date.getDate();
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December',
];

/** A day as words, longest first: "Tuesday 1 December 2026", "Tue 1 Dec 2026", "2026-12-01". */
export function formatDay(ts: number): [string, string, string] {
	const date = new Date(ts);
	const weekday = WEEKDAYS[date.getDay()]!;
	const month = MONTHS[date.getMonth()]!;
	const year = date.getFullYear();
	return [
		`${weekday} ${date.getDate()} ${month} ${year}`,
		`${weekday.slice(0, 3)} ${date.getDate()} ${month.slice(0, 3)} ${year}`,
		`${year}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`,
	];
}
