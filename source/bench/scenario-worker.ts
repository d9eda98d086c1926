/**
 * The load side of the partial-lines and control-flood scenarios, in a process of its own
 * (started by `scenario-clients.ts` with an IPC channel): the server is measured apart from
 * what attacks it, as from another machine.
 */
import {Flooders, type FloodRequest} from './flood-clients.js';
import {serveIpc} from './ipc-child.js';
import {PartialLineClients, type PartialJoinRequest, type PartialSendRequest} from './partial-line-clients.js';

const partial = new PartialLineClients();
const flooders = new Flooders();

serveIpc(
	async request => {
		switch (request.op) {
			case 'partial-join':
				return partial.join(request['request'] as PartialJoinRequest);
			case 'partial-send':
				return partial.send(request['request'] as PartialSendRequest);
			case 'partial-progress':
				return partial.progress();
			case 'partial-finish':
				return partial.finish(request['timeoutMs'] as number);
			case 'flood-start':
				return flooders.start(request['request'] as FloodRequest);
			case 'flood-stop':
				return flooders.stop();
			default:
				throw new Error(`unknown request ${request.op}`);
		}
	},
	() => {
		partial.close();
		void flooders.stop();
	},
);
