import path from 'node:path';
import envPaths from 'env-paths';

function dataDirectory(): string {
	return envPaths('tcpchat', {suffix: ''}).data;
}

/** The default history database: one per port, so two servers on one machine keep separate rooms. */
export function defaultDbPath(port: number): string {
	return path.join(dataDirectory(), `tcpchat-${port}.db`);
}

/** Where tcpchat 0.1 and the first rooms release kept their JSONL message log (imported once). */
export function defaultLogPath(port: number): string {
	return path.join(dataDirectory(), `room-${port}.jsonl`);
}
