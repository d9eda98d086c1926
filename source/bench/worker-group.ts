import {ClientGroup, type ConnectRequest, type ConnectResult, type GroupProgress, type GroupResult, type StartRequest} from './client-group.js';
import type {GroupHandle} from './group-handle.js';
import {compiledScript, IpcChild} from './ipc-child.js';

/** The compiled worker script, or undefined when running from TypeScript sources (tests). */
export function workerScript(): string | undefined {
	return compiledScript('client-worker.js');
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

/** Clients in a child process (client-worker.ts), spoken to over IPC. */
export class WorkerGroup implements GroupHandle {
	private readonly child: IpcChild;

	constructor(script: string) {
		this.child = new IpcChild(script);
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	connect(request: ConnectRequest): Promise<ConnectResult> {
		return this.child.call('connect', {request}) as Promise<ConnectResult>;
	}

	async start(request: StartRequest): Promise<void> {
		await this.child.call('start', {request});
	}

	progress(): Promise<GroupProgress> {
		return this.child.call('progress') as Promise<GroupProgress>;
	}

	result(): Promise<GroupResult> {
		return this.child.call('result') as Promise<GroupResult>;
	}

	close(): Promise<void> {
		return this.child.close();
	}
}
