import type {ChatClient, ClientActivity, ClientStatus} from '../../source/client/chat-client.js';
import type {ServerFrame} from '../../source/protocol/frames.js';

/** Records a ChatClient's activity and lets a test wait for what it expects (never for time). */
export class ClientRecorder {
	readonly activities: ClientActivity[] = [];
	private readonly waiters = new Set<() => void>();

	constructor(client: ChatClient) {
		client.subscribe(activity => {
			this.activities.push(activity);
			for (const waiter of [...this.waiters]) waiter();
		});
	}

	get frames(): ServerFrame[] {
		return this.activities.flatMap(a => (a.kind === 'frame' ? [a.frame] : []));
	}

	get statuses(): ClientStatus[] {
		return this.activities.flatMap(a => (a.kind === 'status' ? [a.status] : []));
	}

	/** The first activity from index `from` on that matches, now or when it arrives. */
	next(predicate: (activity: ClientActivity) => boolean, from = 0): Promise<ClientActivity> {
		return new Promise(resolve => {
			const check = () => {
				for (let i = from; i < this.activities.length; i++) {
					const a = this.activities[i]!;
					if (predicate(a)) {
						this.waiters.delete(check);
						resolve(a);
						return true;
					}
				}
				return false;
			};
			if (!check()) this.waiters.add(check);
		});
	}

	async frame<T extends ServerFrame['type']>(
		type: T,
		predicate: (frame: Extract<ServerFrame, {type: T}>) => boolean = () => true,
		from = 0,
	): Promise<Extract<ServerFrame, {type: T}>> {
		const a = await this.next(
			a => a.kind === 'frame' && a.frame.type === type && predicate(a.frame as Extract<ServerFrame, {type: T}>),
			from,
		);
		return (a as Extract<ClientActivity, {kind: 'frame'}>).frame as Extract<ServerFrame, {type: T}>;
	}

	async status<S extends ClientStatus['state']>(
		state: S,
		predicate: (status: Extract<ClientStatus, {state: S}>) => boolean = () => true,
		from = 0,
	): Promise<Extract<ClientStatus, {state: S}>> {
		const a = await this.next(
			a => a.kind === 'status' && a.status.state === state && predicate(a.status as Extract<ClientStatus, {state: S}>),
			from,
		);
		return (a as Extract<ClientActivity, {kind: 'status'}>).status as Extract<ClientStatus, {state: S}>;
	}
}
