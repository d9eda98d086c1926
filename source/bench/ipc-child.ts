import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {withFdLimit} from './fd-limit.js';

/** A request to a child: an operation and what it needs. Replies carry the request's id. */
export type IpcRequest = {id: number; op: string} & Record<string, unknown>;
export type IpcReply = {id: number; ok: true; value: unknown} | {id: number; ok: false; message: string};

type Pending = {resolve: (value: unknown) => void; reject: (error: Error) => void};

/** A compiled script next to this module, or undefined when running from TypeScript sources (tests). */
export function compiledScript(name: string): string | undefined {
	const script = fileURLToPath(new URL(`./${name}`, import.meta.url));
	return existsSync(script) ? script : undefined;
}

/**
 * A load-generator process of the bench, spoken to over IPC: one call, one reply. Started
 * under a raised file-descriptor limit, since it may hold thousands of sockets.
 */
export class IpcChild {
	private readonly child: ChildProcess;
	private readonly pending = new Map<number, Pending>();
	private nextId = 1;
	private exited: string | undefined;
	private readonly gone: Promise<void>;

	constructor(script: string) {
		this.child = spawn('sh', ['-c', withFdLimit('exec "$0" "$1"'), process.execPath, script], {
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		this.child.on('message', (message: IpcReply) => {
			const waiting = this.pending.get(message.id);
			if (!waiting) return;
			this.pending.delete(message.id);
			if (message.ok) waiting.resolve(message.value);
			else waiting.reject(new Error(message.message));
		});
		this.gone = new Promise(resolve => {
			this.child.on('exit', (code, signal) => {
				this.exited = `a load-generator process stopped (${signal ?? `exit code ${code}`})`;
				for (const waiting of this.pending.values()) waiting.reject(new Error(this.exited));
				this.pending.clear();
				resolve();
			});
		});
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	call(op: string, body: Record<string, unknown> = {}): Promise<unknown> {
		if (this.exited) return Promise.reject(new Error(this.exited));
		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			this.pending.set(id, {resolve, reject});
			this.child.send({...body, op, id} satisfies IpcRequest);
		});
	}

	/** Asks the child to close its sockets and exit (op `close`); killed if it has not within 5 s. */
	async close(): Promise<void> {
		if (this.exited) return;
		await this.call('close').catch(() => undefined);
		const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
		await this.gone;
		clearTimeout(timer);
	}
}

/**
 * The child's side: answers each request with what `handle` returns (or its error's message),
 * exits after `close`, and exits when the coordinator is gone.
 */
export function serveIpc(handle: (request: IpcRequest) => Promise<unknown>, closeAll: () => void): void {
	const reply = (message: IpcReply) => process.send?.(message);
	process.on('message', (request: IpcRequest) => {
		if (request.op === 'close') {
			closeAll();
			reply({id: request.id, ok: true, value: null});
			setImmediate(() => process.exit(0));
			return;
		}
		void handle(request).then(
			value => reply({id: request.id, ok: true, value: value ?? null}),
			(error: unknown) => reply({id: request.id, ok: false, message: error instanceof Error ? error.message : String(error)}),
		);
	});
	process.on('disconnect', () => {
		closeAll();
		process.exit(0);
	});
}
