/**
 * Node cannot call setrlimit, so processes that hold thousands of sockets are started through
 * `sh`, which raises its soft limit on open files (to 65536, or to the hard limit when that is
 * lower) and then execs the real command. The server is never given more than it asked for.
 */
export const WANTED_FD_LIMIT = 65536;

export function withFdLimit(command: string): string {
	return `ulimit -n ${WANTED_FD_LIMIT} 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; ${command}`;
}
