import {UsageError} from './usage-error.js';

/** Reads a whole-number flag given as text, within [min, max], or throws a UsageError naming it. */
export function parseNumberFlag(flag: string, value: string | undefined, fallback: number, min: number, max: number): number {
	if (value === undefined) return fallback;
	const trimmed = value.trim();
	if (!/^\d+(\.\d+)?$/.test(trimmed)) throw new UsageError(`--${flag} must be a number, not "${value}"`);
	const number = Number(trimmed);
	if (number < min || number > max) throw new UsageError(`--${flag} must be between ${min} and ${max}, not ${value}`);
	return number;
}

export function parsePortFlag(value: string | undefined, fallback: number): number {
	const port = parseNumberFlag('port', value, fallback, 0, 65535);
	if (!Number.isInteger(port)) throw new UsageError(`--port must be a whole number, not ${value}`);
	return port;
}
