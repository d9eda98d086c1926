import {spawn, type ChildProcess} from 'node:child_process';
import {createInterface} from 'node:readline';
import {withFdLimit} from './fd-limit.js';
import {readProcStats, type ProcStats} from './proc-stats.js';
import type {ServerBuild} from './server-build.js';

/** The port in the headless server's first line, `[12:00] listening on 0.0.0.0:7777, …`. */
export function listeningPort(line: string): number | undefined {
	const match = /listening on [^,\s]*:(\d+)/.exec(line);
	return match ? Number(match[1]) : undefined;
}

/**
 * Headless log lines of connections the server closed as `flood`: a member's leave, or a
 * connection before joining. Server lines start `***` or `-` after the time, which no line a
 * member writes can (theirs start `<name>` or `* name`).
 */
export function isFloodDrop(line: string): boolean {
	return /^\[\d\d:\d\d\] ((?:#\S+ )?\*\*\* \S+ was disconnected for flooding|- connection #\d+ closed \(flood\))$/.test(line);
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * `tcpchat server --headless --port 0` from a build, as a user starts it: its own flags and
 * defaults, its own process. Its log is read as it comes (a pipe nobody reads would only make
 * it drop lines) and the lines the scenarios need are counted.
 */
export class BinaryServer {
	private readonly exited: Promise<void>;
	floodDrops = 0;
	logLines = 0;

	private constructor(
		private readonly child: ChildProcess,
		readonly port: number,
		/** Resolves once the whole log has been read. */
		private readonly logDone: Promise<void>,
	) {
		this.exited = new Promise(resolve => {
			if (child.exitCode !== null || child.signalCode !== null) resolve();
			else child.once('exit', () => resolve());
		});
	}

	/** Starts the build's binary with `--headless --port 0` and `args`; resolves once it listens. */
	static async start(build: ServerBuild, args: string[] = []): Promise<BinaryServer> {
		const child = spawn('sh', ['-c', withFdLimit('exec "$0" "$@"'), process.execPath, build.cli, 'server', '--headless', '--port', '0', ...args], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const stderr: string[] = [];
		createInterface({input: child.stderr!}).on('line', line => {
			stderr.push(line);
			if (stderr.length > 20) stderr.shift();
		});
		const lines = createInterface({input: child.stdout!});
		let server: BinaryServer | undefined;
		const port = await new Promise<number>((resolve, reject) => {
			const timer = setTimeout(() => {
				child.kill('SIGKILL');
				reject(new Error(`${build.cli} did not say it was listening within ${START_TIMEOUT_MS / 1000} s`));
			}, START_TIMEOUT_MS);
			const onExit = (code: number | null) => {
				clearTimeout(timer);
				reject(new Error(`the server stopped before listening (exit code ${code})${stderr.length ? `: ${stderr.join(' / ')}` : ''}`));
			};
			child.once('exit', onExit);
			child.once('error', error => reject(new Error(`cannot start ${build.cli}: ${error.message}`)));
			lines.on('line', line => {
				if (server) {
					server.logLines++;
					if (isFloodDrop(line)) server.floodDrops++;
					return;
				}
				const found = listeningPort(line);
				if (found === undefined) return;
				clearTimeout(timer);
				child.off('exit', onExit);
				resolve(found);
			});
		});
		const logDone = new Promise<void>(resolve => lines.once('close', () => resolve()));
		server = new BinaryServer(child, port, logDone);
		return server;
	}

	get pid(): number {
		return this.child.pid!;
	}

	stats(): ProcStats | undefined {
		return readProcStats(this.pid);
	}

	/** Resident memory now (VmRSS), in bytes. */
	rss(): number {
		const stats = this.stats();
		if (!stats) throw new Error('the server process is gone (or /proc cannot be read)');
		return stats.rssBytes;
	}

	get running(): boolean {
		return this.child.exitCode === null && this.child.signalCode === null;
	}

	/** SIGTERM, as a user stops it; SIGKILL if it has not exited within 10 s. */
	async stop(): Promise<void> {
		if (this.running) this.child.kill('SIGTERM');
		const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
		await this.exited;
		clearTimeout(timer);
		// Its last lines are still in the pipe when it exits.
		await Promise.race([this.logDone, new Promise(resolve => setTimeout(resolve, 5000).unref())]);
	}
}
