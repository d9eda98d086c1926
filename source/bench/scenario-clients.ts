import {Flooders, type FloodReport, type FloodRequest} from './flood-clients.js';
import {compiledScript, IpcChild} from './ipc-child.js';
import {
	PartialLineClients,
	type PartialFinishResult,
	type PartialJoinRequest,
	type PartialJoinResult,
	type PartialSendRequest,
	type PartialSendResult,
} from './partial-line-clients.js';

/** The scenarios' attacking clients, as the coordinator sees them: in a worker process, or here. */
export type ScenarioClients = {
	readonly pid: number | undefined;
	/** Whether they run in a process of their own (not when running from TypeScript sources). */
	readonly separate: boolean;
	partialJoin(request: PartialJoinRequest): Promise<PartialJoinResult>;
	partialSend(request: PartialSendRequest): Promise<PartialSendResult>;
	partialProgress(): Promise<{bytesSent: number; open: number; closed: number}>;
	partialFinish(timeoutMs: number): Promise<PartialFinishResult>;
	floodStart(request: FloodRequest): Promise<void>;
	floodStop(): Promise<FloodReport>;
	close(): Promise<void>;
};

class WorkerClients implements ScenarioClients {
	readonly separate = true;
	private readonly child: IpcChild;

	constructor(script: string) {
		this.child = new IpcChild(script);
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	partialJoin(request: PartialJoinRequest) {
		return this.child.call('partial-join', {request}) as Promise<PartialJoinResult>;
	}

	partialSend(request: PartialSendRequest) {
		return this.child.call('partial-send', {request}) as Promise<PartialSendResult>;
	}

	partialProgress() {
		return this.child.call('partial-progress') as Promise<{bytesSent: number; open: number; closed: number}>;
	}

	partialFinish(timeoutMs: number) {
		return this.child.call('partial-finish', {timeoutMs}) as Promise<PartialFinishResult>;
	}

	async floodStart(request: FloodRequest) {
		await this.child.call('flood-start', {request});
	}

	floodStop() {
		return this.child.call('flood-stop') as Promise<FloodReport>;
	}

	close() {
		return this.child.close();
	}
}

class LocalClients implements ScenarioClients {
	readonly separate = false;
	readonly pid = process.pid;
	private readonly partial = new PartialLineClients();
	private readonly flooders = new Flooders();

	partialJoin(request: PartialJoinRequest) {
		return this.partial.join(request);
	}

	partialSend(request: PartialSendRequest) {
		return this.partial.send(request);
	}

	async partialProgress() {
		return this.partial.progress();
	}

	partialFinish(timeoutMs: number) {
		return this.partial.finish(timeoutMs);
	}

	floodStart(request: FloodRequest) {
		return this.flooders.start(request);
	}

	floodStop() {
		return this.flooders.stop();
	}

	async close() {
		this.partial.close();
		await this.flooders.stop();
	}
}

/** The attacking clients in a worker process of their own (compiled build), else in this one. */
export function startScenarioClients(): ScenarioClients {
	const script = compiledScript('scenario-worker.js');
	return script ? new WorkerClients(script) : new LocalClients();
}
