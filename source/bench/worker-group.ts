import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {ClientGroup, type ConnectRequest, type ConnectResult, type GroupProgress, type GroupResult, type StartRequest} from './client-group.js';
import type {GroupHandle, WorkerReply, WorkerRequest} from './group-handle.js';
import {withFdLimit} from './fd-limit.js';

/** The compiled worker script, or undefined when running from TypeScript sources (tests). */
export function workerScript(): string | undefined {
	const script = fileURLToPath(new URL('./client-worker.js', import.meta.url));
	return existsSync(script) ? script : undefined;
}

/** Clients in this process: for tests, and for runs too small to need a worker. */
export class LocalGroup implements GroupHandle {
	private readonly group = new ClientGroup();
	readonly pid = process.pid;

	connect(request: ConnectRequest): Promise<ConnectResult> {
		return this.group.connect(request);
	}

	async start(request: StartRequest): Promise<void> {
		this.group.start(request);
	}

	async progress(): Promise<GroupProgress> {
		return this.group.progress();
	}

	async result(): Promise<GroupResult> {
		return this.group.result();
	}

	async close(): Promise<void> {
		this.group.close();
	}
}

type Pending = {resolve: (value: unknown) => void; reject: (error: Error) => void};
type RequestBody = WorkerRequest extends infer R ? (R extends {id: number} ? Omit<R, 'id'> : never) : never;

/** Clients in a child process, spoken to over IPC; started under a raised file-descriptor limit. */
export class WorkerGroup implements GroupHandle {
	private readonly child: ChildProcess;
	private readonly pending = new Map<number, Pending>();
	private nextId = 1;
	private exited: string | undefined;

	constructor(script: string) {
		this.child = spawn('sh', ['-c', withFdLimit('exec "$0" "$1"'), process.execPath, script], {
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		this.child.on('message', (message: WorkerReply) => {
			const waiting = this.pending.get(message.id);
			if (!waiting) return;
			this.pending.delete(message.id);
			if (message.ok) waiting.resolve(message.value);
			else waiting.reject(new Error(message.message));
		});
		this.child.on('exit', (code, signal) => {
			this.exited = `a load-generator worker stopped (${signal ?? `exit code ${code}`})`;
			for (const waiting of this.pending.values()) waiting.reject(new Error(this.exited));
			this.pending.clear();
		});
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	connect(request: ConnectRequest): Promise<ConnectResult> {
		return this.call({op: 'connect', request}) as Promise<ConnectResult>;
	}

	async start(request: StartRequest): Promise<void> {
		await this.call({op: 'start', request});
	}

	progress(): Promise<GroupProgress> {
		return this.call({op: 'progress'}) as Promise<GroupProgress>;
	}

	result(): Promise<GroupResult> {
		return this.call({op: 'result'}) as Promise<GroupResult>;
	}

	async close(): Promise<void> {
		if (this.exited) return;
		const gone = new Promise<void>(resolve => this.child.once('exit', () => resolve()));
		await this.call({op: 'close'}).catch(() => undefined);
		const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
		await gone;
		clearTimeout(timer);
	}

	private call(body: RequestBody): Promise<unknown> {
		if (this.exited) return Promise.reject(new Error(this.exited));
		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			this.pending.set(id, {resolve, reject});
			this.child.send({...body, id} as WorkerRequest);
		});
	}
}
