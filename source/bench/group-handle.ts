import type {ConnectRequest, ConnectResult, GroupProgress, GroupResult, StartRequest} from './client-group.js';

/** A group of bench clients, in this process or in a worker process: the coordinator cannot tell. */
export type GroupHandle = {
	/** The process the clients live in, for the generator's own CPU time. */
	readonly pid: number | undefined;
	connect(request: ConnectRequest): Promise<ConnectResult>;
	start(request: StartRequest): Promise<void>;
	progress(): Promise<GroupProgress>;
	result(): Promise<GroupResult>;
	close(): Promise<void>;
};
