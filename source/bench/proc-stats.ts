import {readFileSync} from 'node:fs';

/** What Linux's /proc says about a process: CPU seconds so far, resident memory now and at its peak. */
export type ProcStats = {cpuSeconds: number; rssBytes: number; peakRssBytes: number};

/** Clock ticks per second of /proc/PID/stat: USER_HZ, 100 on every Linux architecture Node runs on. */
const USER_HZ = 100;

/** utime + stime from the text of /proc/PID/stat, in seconds. */
export function parseCpuSeconds(stat: string): number {
	// The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const utime = Number(fields[11]);
	const stime = Number(fields[12]);
	return (utime + stime) / USER_HZ;
}

/** A `Name:   123 kB` field of /proc/PID/status, in bytes (0 when absent). */
export function parseStatusBytes(status: string, field: string): number {
	const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
	return match ? Number(match[1]) * 1024 : 0;
}

/** The process's figures, or undefined when /proc cannot tell (not Linux, process gone). */
export function readProcStats(pid: number): ProcStats | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		return {
			cpuSeconds: parseCpuSeconds(stat),
			rssBytes: parseStatusBytes(status, 'VmRSS'),
			peakRssBytes: parseStatusBytes(status, 'VmHWM'),
		};
	} catch {
		return undefined;
	}
}
