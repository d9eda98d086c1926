/**
 * A worker process of the load generator, started by `worker-group.ts` with an IPC channel.
 * Clients live here rather than in the coordinator so that their work can spread over
 * cores and their file descriptors count against this process's limit.
 */
import {ClientGroup} from './client-group.js';
import type {WorkerReply, WorkerRequest} from './group-handle.js';

const group = new ClientGroup();

function reply(message: WorkerReply): void {
	process.send?.(message);
}

process.on('message', (message: WorkerRequest) => {
	void handle(message).then(
		value => reply({id: message.id, ok: true, value: value ?? null}),
		(error: unknown) => reply({id: message.id, ok: false, message: error instanceof Error ? error.message : String(error)}),
	);
});

// The coordinator gone (killed, crashed) leaves nothing for the clients to do.
process.on('disconnect', () => {
	group.close();
	process.exit(0);
});

async function handle(message: WorkerRequest): Promise<unknown> {
	switch (message.op) {
		case 'connect':
			return group.connect(message.request);
		case 'start':
			group.start(message.request);
			return undefined;
		case 'progress':
			return group.progress();
		case 'result':
			return group.result();
		case 'close':
			group.close();
			setImmediate(() => process.exit(0));
			return undefined;
	}
}
