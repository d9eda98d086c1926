import process from 'node:process';

/** How long a graceful stop may take after SIGTERM/SIGINT before the process exits anyway. */
export const EXIT_DEADLINE_MS = 5000;

/**
 * Makes SIGTERM, SIGINT and SIGHUP end the process within `ms` whatever happens to the graceful
 * stop (a terminal or a pipe that never takes the last output, a peer that never closes): the
 * screens and the headless server stop gracefully on the signal, and this is the backstop. A
 * second signal exits at once.
 */
export function exitWithinDeadlineOnSignals(ms = EXIT_DEADLINE_MS): void {
	let timer: NodeJS.Timeout | undefined;
	const onSignal = (signal: NodeJS.Signals): void => {
		if (timer) {
			process.exit(1);
		}
		timer = setTimeout(() => {
			process.stderr.write(`tcpchat: did not stop within ${ms / 1000} s of ${signal}; exiting now.\n`);
			process.exit(1);
		}, ms);
		timer.unref();
	};
	for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, onSignal);
}
