import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync} from 'node:fs';
import {createInterface} from 'node:readline';
import {fileURLToPath} from 'node:url';
import {withFdLimit} from './fd-limit.js';
import {readProcStats, type ProcStats} from './proc-stats.js';

export type ServerMemory = {rss: number; heapUsed: number; external: number; arrayBuffers: number};

export type ServerProcessOptions = {
	/** A script that prints `{"port":N}` when listening (default: the compiled bench-server.js). */
	script?: string;
	/** Extra flags for node, e.g. `--cpu-prof`. */
	nodeArgs?: string[];
	args?: string[];
	/** Added to the environment the server inherits (a variable already set is kept). */
	env?: Record<string, string>;
};

export function benchServerScript(): string | undefined {
	const script = fileURLToPath(new URL('./bench-server.js', import.meta.url));
	return existsSync(script) ? script : undefined;
}

/** A headless server with opened-up limits, in its own process, on 127.0.0.1 and a free port. */
export class ServerProcess {
	private readonly replies: Array<(line: string) => void> = [];
	private readonly exited: Promise<void>;

	private constructor(
		private readonly child: ChildProcess,
		readonly port: number,
		lines: ReturnType<typeof createInterface>,
	) {
		lines.on('line', line => this.replies.shift()?.(line));
		this.exited = new Promise(resolve => {
			if (child.exitCode !== null || child.signalCode !== null) resolve();
			else child.once('exit', () => resolve());
		});
	}

	static async start(options: ServerProcessOptions = {}): Promise<ServerProcess> {
		const script = options.script ?? benchServerScript();
		if (!script) throw new Error('the bench server is not built — run `npm run build` first');
		const child = spawn(
			'sh',
			['-c', withFdLimit('exec "$0" "$@"'), process.execPath, '--expose-gc', ...(options.nodeArgs ?? []), script, ...(options.args ?? [])],
			{stdio: ['pipe', 'pipe', 'inherit'], env: {...options.env, ...process.env}},
		);
		const lines = createInterface({input: child.stdout!});
		const port = await new Promise<number>((resolve, reject) => {
			const onExit = (code: number | null) => reject(new Error(`the bench server stopped before listening (exit code ${code})`));
			child.once('exit', onExit);
			child.once('error', error => reject(new Error(`cannot start the bench server: ${error.message}`)));
			lines.once('line', line => {
				child.off('exit', onExit);
				try {
					resolve((JSON.parse(line) as {port: number}).port);
				} catch {
					reject(new Error(`the bench server said "${line}" instead of its port`));
				}
			});
		});
		return new ServerProcess(child, port, lines);
	}

	get pid(): number {
		return this.child.pid!;
	}

	stats(): ProcStats | undefined {
		return readProcStats(this.pid);
	}

	/** Collects garbage in the server and reads its memory: a fair baseline for per-connection figures. */
	gc(): Promise<ServerMemory> {
		return new Promise(resolve => {
			this.replies.push(line => resolve(JSON.parse(line) as ServerMemory));
			this.child.stdin!.write('gc\n');
		});
	}

	/** Shuts the server down (a profile, if asked for, is written on the way out). */
	async stop(): Promise<void> {
		if (this.child.exitCode === null && this.child.signalCode === null) this.child.stdin!.end('stop\n');
		const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
		await this.exited;
		clearTimeout(timer);
	}
}
