import {type ChildProcess, spawn} from 'node:child_process';
import {createInterface} from 'node:readline';
import {CLI} from './pty-terminal.js';

export type CliServer = {
	child: ChildProcess;
	port: number;
	/** Every line it wrote to stdout and stderr so far. */
	stdout: string[];
	stderr: string[];
	/** Resolves with the exit code (or the signal) once it is gone. */
	exited: Promise<number | string>;
	/** Resolves with the first stderr line matching, from now or already written. */
	stderrLine(predicate: (line: string) => boolean): Promise<string>;
};

/**
 * The built binary as a headless server on 127.0.0.1 and a free port; resolves once it
 * listens, rejects with its stderr if it exits first.
 */
export function startCliServer(args: string[], env: Record<string, string> = {}): Promise<CliServer> {
	const child = spawn(process.execPath, [CLI, 'server', '--headless', '--host', '127.0.0.1', '--port', '0', ...args], {
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {...process.env, ...env},
	});
	const stdout: string[] = [];
	const stderr: string[] = [];
	const waiters = new Set<() => void>();
	const exited = new Promise<number | string>(resolve => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
	createInterface({input: child.stderr!}).on('line', line => {
		stderr.push(line);
		for (const waiter of [...waiters]) waiter();
	});
	return new Promise((resolve, reject) => {
		void exited.then(code => reject(new Error(`the server exited (${code}): ${stderr.join('\n')}`)));
		createInterface({input: child.stdout!}).on('line', line => {
			stdout.push(line);
			const listening = /listening on [^,]*:(\d+)/.exec(line);
			if (!listening) return;
			resolve({
				child,
				port: Number(listening[1]),
				stdout,
				stderr,
				exited,
				stderrLine: predicate =>
					new Promise(found => {
						const check = (): boolean => {
							const line = stderr.find(predicate);
							if (line === undefined) return false;
							waiters.delete(check);
							found(line);
							return true;
						};
						if (!check()) waiters.add(check);
					}),
			});
		});
	});
}
