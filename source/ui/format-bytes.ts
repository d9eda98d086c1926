const UNITS = ['K', 'M', 'G', 'T'];

/** Bytes in at most five characters: "512", "1.2K", "34K", "1.0M" (binary units). */
export function formatBytes(bytes: number): string {
	if (bytes < 1024) return String(Math.max(0, Math.floor(bytes)));
	let value = bytes;
	let unit = '';
	for (const next of UNITS) {
		value /= 1024;
		unit = next;
		if (value < 1024) break;
	}
	return value < 10 ? `${value.toFixed(1)}${unit}` : `${Math.round(value)}${unit}`;
}

/** Counts in at most six characters: "9999", "12.3k", "4.5M", "1.2G". */
export function formatCount(count: number): string {
	if (count < 10_000) return String(count);
	if (count < 1_000_000) return `${trim(count / 1000)}k`;
	if (count < 1_000_000_000) return `${trim(count / 1_000_000)}M`;
	return `${trim(count / 1_000_000_000)}G`;
}

function trim(value: number): string {
	return value < 100 ? value.toFixed(1) : String(Math.round(value));
}
