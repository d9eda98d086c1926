/**
 * A worker process of the load generator, started by `worker-group.ts` with an IPC channel.
 * Clients live here rather than in the coordinator so that their work can spread over
 * cores and their file descriptors count against this process's limit.
 */
import {ClientGroup, type ConnectRequest, type StartRequest} from './client-group.js';
import {serveIpc} from './ipc-child.js';

const group = new ClientGroup();

serveIpc(
	async request => {
		switch (request.op) {
			case 'connect':
				return group.connect(request['request'] as ConnectRequest);
			case 'start':
				group.start(request['request'] as StartRequest);
				return undefined;
			case 'progress':
				return group.progress();
			case 'result':
				return group.result();
			default:
				throw new Error(`unknown request ${request.op}`);
		}
	},
	() => group.close(),
);
