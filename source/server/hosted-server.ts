import {ChatServer, type ChatServerDeps, type ListenInfo} from './chat-server.js';
import {DEFAULT_SERVER_OPTIONS, type ServerOptions} from './server-options.js';
import type {ConnectionInfo, RoomStats, ServerActivity, ServerStats} from './server-types.js';

export type HostedStatus = 'idle' | 'starting' | 'listening' | 'failed' | 'stopping' | 'stopped';

/**
 * The dashboard's server, owned outside the screen: the screen watches it and drives it, but
 * whatever happens to the screen (an unmount, a crash in rendering or in a key handler) the
 * server goes on serving until `shutdown`. A failed listen leaves it ready to try another port.
 */
export class HostedServer {
	private instance: ChatServer | undefined;
	private bound: ListenInfo | undefined;
	private currentStatus: HostedStatus = 'idle';
	private lastError: string | null = null;
	private listenedOnce = false;
	private starting: Promise<string | null> | undefined;
	private stopping: Promise<void> | undefined;
	private readonly activityListeners = new Set<(activity: ServerActivity) => void>();
	private readonly statusListeners = new Set<() => void>();

	constructor(
		readonly options: Partial<ServerOptions>,
		private readonly deps: ChatServerDeps = {},
	) {}

	get status(): HostedStatus {
		return this.currentStatus;
	}

	/** Why the last listen failed, a sentence. */
	get error(): string | null {
		return this.lastError;
	}

	/** Whether any start has listened (the process's exit status says so: 1 for a server that never served). */
	get everListened(): boolean {
		return this.listenedOnce;
	}

	/** Where it listens, once it does. */
	get listening(): ListenInfo | undefined {
		return this.bound;
	}

	get logLocation(): string | null {
		return this.bound ? (this.instance?.logLocation ?? null) : null;
	}

	/** What the server does, from every instance it runs (a failed listen, then another port). */
	subscribe(listener: (activity: ServerActivity) => void): () => void {
		this.activityListeners.add(listener);
		return () => this.activityListeners.delete(listener);
	}

	/** Called after every change of `status`. */
	watch(listener: () => void): () => void {
		this.statusListeners.add(listener);
		return () => this.statusListeners.delete(listener);
	}

	/** Starts listening on `port` (default: the options' port). Resolves to the listen error, or null. */
	start(port?: number): Promise<string | null> {
		if (this.starting) return this.starting;
		if (this.instance || this.stopping) return Promise.resolve(null);
		const server = new ChatServer({...this.options, port: port ?? this.options.port ?? DEFAULT_SERVER_OPTIONS.port}, this.deps);
		this.instance = server;
		const unsubscribe = server.subscribe(activity => {
			for (const listener of this.activityListeners) {
				try {
					listener(activity);
				} catch {
					// A broken screen must not take the room down; ChatServer does the same.
				}
			}
		});
		this.lastError = null;
		this.setStatus('starting');
		this.starting = server.listen().then(
			bound => {
				this.starting = undefined;
				this.bound = bound;
				this.listenedOnce = true;
				if (!this.stopping) this.setStatus('listening');
				return null;
			},
			(error: unknown) => {
				this.starting = undefined;
				// A failed listen has already released the log file; this instance is done.
				unsubscribe();
				this.instance = undefined;
				this.lastError = error instanceof Error ? error.message : String(error);
				if (!this.stopping) this.setStatus('failed');
				return this.lastError;
			},
		);
		return this.starting;
	}

	/** Tells everyone, closes every connection, flushes the log. Safe to call more than once. */
	shutdown(): Promise<void> {
		this.stopping ??= (async () => {
			this.setStatus('stopping');
			await this.starting;
			await this.instance?.shutdown().catch(() => {});
			this.setStatus('stopped');
		})();
		return this.stopping;
	}

	kick(name: string, reason?: string): boolean {
		return this.instance?.kick(name, reason) ?? false;
	}

	/** To everyone, or to one room's members; false when there is no such room (or no server). */
	notice(text: string, room?: string): boolean {
		return this.instance?.notice(text, room) ?? false;
	}

	/** Removes a room (see ChatServer.drop); `no_such_room` with no server. */
	drop(room: string, reason?: string): 'dropped' | 'no_such_room' | 'default_room' {
		return this.instance?.drop(room, reason) ?? 'no_such_room';
	}

	connections(): ConnectionInfo[] {
		return this.bound ? (this.instance?.connections() ?? []) : [];
	}

	roomStats(): RoomStats[] {
		return this.bound ? (this.instance?.roomStats() ?? []) : [];
	}

	stats(): ServerStats | null {
		return this.bound ? (this.instance?.stats() ?? null) : null;
	}

	private setStatus(status: HostedStatus): void {
		this.currentStatus = status;
		for (const listener of this.statusListeners) {
			try {
				listener();
			} catch {
				// As above: the watchers are screens.
			}
		}
	}
}
