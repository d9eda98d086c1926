import path from 'node:path';
import envPaths from 'env-paths';

/** The default message log: one JSONL file per port, so two servers on one machine keep separate rooms. */
export function defaultLogPath(port: number): string {
	return path.join(envPaths('tcpchat', {suffix: ''}).data, `room-${port}.jsonl`);
}
