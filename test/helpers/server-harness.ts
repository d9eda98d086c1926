import {ChatServer, type ChatServerDeps} from '../../source/server/chat-server.js';
import type {ServerOptions} from '../../source/server/server-options.js';
import type {ServerActivity} from '../../source/server/server-types.js';
import {LineSocket} from './line-socket.js';

/** Settings for tests: a free port on loopback, history in memory. */
export const TEST_OPTIONS: Partial<ServerOptions> = {host: '127.0.0.1', port: 0, logFile: null};

/**
 * Starts real servers and real client sockets for a test and closes them all in `cleanup()`
 * (call it in afterEach). Every wait is for an event, never a sleep.
 */
export class ServerHarness {
	server!: ChatServer;
	port = 0;
	/** Every activity the server reported, in order. */
	readonly activities: ServerActivity[] = [];
	private readonly servers: ChatServer[] = [];
	private readonly sockets: LineSocket[] = [];
	private readonly activityWaiters = new Set<() => void>();

	async start(options: Partial<ServerOptions> = {}, deps: ChatServerDeps = {}): Promise<ChatServer> {
		const server = new ChatServer({...TEST_OPTIONS, ...options}, deps);
		server.subscribe(activity => {
			this.activities.push(activity);
			for (const waiter of [...this.activityWaiters]) waiter();
		});
		const info = await server.listen();
		this.servers.push(server);
		this.server = server;
		this.port = info.port;
		return server;
	}

	async connect(port = this.port): Promise<LineSocket> {
		const socket = await LineSocket.connect(port);
		this.sockets.push(socket);
		return socket;
	}

	/** A JSON client that said hello and got its welcome. */
	async join(name: string, port = this.port): Promise<{socket: LineSocket; welcome: Record<string, any>}> {
		const socket = await this.connect(port);
		socket.send({type: 'hello', proto: 1, name});
		const welcome = await socket.nextFrame(f => f['type'] === 'welcome' || f['type'] === 'error', 'the welcome');
		if (welcome['type'] !== 'welcome') throw new Error(`hello as ${name} refused: ${welcome['message']}`);
		// Its own join comes next, live: wait for it so that later waits start from a known point.
		await socket.nextOfType('join', f => f['name'] === welcome['you']);
		return {socket, welcome};
	}

	/** A tcpchat/2 client that said hello (in `rooms`, or the default room) and saw its own joins. */
	async join2(name: string, rooms?: string[], port = this.port): Promise<{socket: LineSocket; welcome: Record<string, any>}> {
		const socket = await this.connect(port);
		socket.send(rooms === undefined ? {type: 'hello', proto: 2, name} : {type: 'hello', proto: 2, name, rooms});
		const welcome = await socket.nextFrame(f => f['type'] === 'welcome' || f['type'] === 'error', 'the welcome');
		if (welcome['type'] !== 'welcome') throw new Error(`hello as ${name} refused: ${welcome['message']}`);
		for (const room of welcome['rooms'] as Array<{room: string}>)
			await socket.nextOfType('join', f => f['name'] === welcome['you'] && f['room'] === room.room);
		return {socket, welcome};
	}

	/** A person at nc: gives a nickname as its first line and waits until it is in. */
	async joinPlain(name: string, port = this.port): Promise<LineSocket> {
		const socket = await this.connect(port);
		socket.send(name);
		await socket.next(l => l === `* welcome, ${name}!`, 'the plain-text welcome');
		await socket.next(l => l.endsWith(`* ${name} joined`), 'its own join');
		return socket;
	}

	/** Waits for the first activity (from now on or already seen, from index `from`) matching `predicate`. */
	activity<K extends ServerActivity['kind']>(
		kind: K,
		predicate: (activity: Extract<ServerActivity, {kind: K}>) => boolean = () => true,
		from = 0,
	): Promise<Extract<ServerActivity, {kind: K}>> {
		return new Promise(resolve => {
			const check = (): boolean => {
				for (let i = from; i < this.activities.length; i++) {
					const a = this.activities[i]!;
					if (a.kind === kind && predicate(a as Extract<ServerActivity, {kind: K}>)) {
						this.activityWaiters.delete(check);
						resolve(a as Extract<ServerActivity, {kind: K}>);
						return true;
					}
				}
				return false;
			};
			if (!check()) this.activityWaiters.add(check);
		});
	}

	async cleanup(): Promise<void> {
		for (const socket of this.sockets.splice(0)) socket.destroy();
		await Promise.all(this.servers.splice(0).map(s => s.shutdown()));
		this.activityWaiters.clear();
		this.activities.length = 0;
	}
}
