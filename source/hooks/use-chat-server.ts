import {useCallback, useEffect, useRef, useState} from 'react';
import {ChatServer} from '../server/chat-server.js';
import {DEFAULT_SERVER_OPTIONS, type ServerOptions} from '../server/server-options.js';
import type {ConnectionInfo, ServerActivity, ServerStats} from '../server/server-types.js';
import type {ServerStatus} from '../ui/server-status.js';
import {hostPort} from '../protocol/host-port.js';
import {describeActivity, type LogEntry} from '../ui/server-log.js';
import {useBatchedEvents} from './use-batched-events.js';

/** Log entries kept for scrolling back; older ones are dropped (the message log file keeps everything). */
export const LOG_LIMIT = 1000;
const POLL_MS = 1000;
/** After someone comes or goes the table refreshes this soon, at most this often (10 000 joins must not mean 10 000 snapshots). */
const CHANGE_REFRESH_MS = 200;

export type ChatServerView = {
	status: ServerStatus;
	/** Why the last listen failed, a sentence. */
	error: string | null;
	/** `host:port` of the bound address, then the LAN addresses people can dial. */
	addresses: string[];
	logLocation: string | null;
	log: LogEntry[];
	connections: ConnectionInfo[];
	stats: ServerStats | null;
	/** The clock at the last refresh, so uptimes and durations render from state, not from the clock. */
	now: number;
	/** Starts listening on `port` (default: the options' port). Resolves to the listen error, or null. */
	start: (port?: number) => Promise<string | null>;
	kick: (name: string, reason?: string) => boolean;
	notice: (text: string) => void;
	/** Tells everyone, closes every connection, flushes the log. Safe to call more than once. */
	shutdown: () => Promise<void>;
};

export type UseChatServerOptions = {
	/** Listen as soon as the hook mounts (the port came from the command line). */
	autoStart: boolean;
};

/**
 * Owns one `ChatServer` and turns its activity into React state: log lines batched at about
 * 30 updates a second, connections and numbers polled once a second (and refreshed when
 * someone comes or goes). The server is shut down when the component unmounts.
 */
export function useChatServer(options: Partial<ServerOptions>, {autoStart}: UseChatServerOptions): ChatServerView {
	const optionsRef = useRef(options);
	optionsRef.current = options;
	const serverRef = useRef<ChatServer | null>(null);
	const unsubscribeRef = useRef<(() => void) | null>(null);
	const shutdownRef = useRef<Promise<void> | null>(null);
	const mountedRef = useRef(true);
	const nextIdRef = useRef(1);

	const [status, setStatus] = useState<ServerStatus>(autoStart ? 'starting' : 'idle');
	const [error, setError] = useState<string | null>(null);
	const [addresses, setAddresses] = useState<string[]>([]);
	const [logLocation, setLogLocation] = useState<string | null>(null);
	const [log, setLog] = useState<LogEntry[]>([]);
	const [connections, setConnections] = useState<ConnectionInfo[]>([]);
	const [stats, setStats] = useState<ServerStats | null>(null);
	const [now, setNow] = useState(() => Date.now());

	const appendLog = useCallback((entries: Array<Omit<LogEntry, 'id'>>) => {
		if (entries.length === 0) return;
		const numbered = entries.map(entry => ({...entry, id: nextIdRef.current++}));
		setLog(previous => {
			const next = previous.concat(numbered);
			return next.length > LOG_LIMIT ? next.slice(next.length - LOG_LIMIT) : next;
		});
	}, []);

	const refresh = useCallback(() => {
		const server = serverRef.current;
		setNow(Date.now());
		if (!server || !mountedRef.current) return;
		setConnections(server.connections());
		setStats(server.stats());
	}, []);

	const refreshTimerRef = useRef<NodeJS.Timeout | undefined>(undefined);
	const refreshSoon = useCallback(() => {
		if (refreshTimerRef.current) return;
		refreshTimerRef.current = setTimeout(() => {
			refreshTimerRef.current = undefined;
			refresh();
		}, CHANGE_REFRESH_MS);
	}, [refresh]);

	const onBatch = useCallback(
		(batch: ServerActivity[]) => {
			const at = Date.now();
			const entries: Array<Omit<LogEntry, 'id'>> = [];
			let changed = false;
			for (const activity of batch) {
				// The hook writes its own "listening" line, with the LAN addresses.
				if (activity.kind === 'listening') continue;
				if (changesTable(activity)) changed = true;
				const entry = describeActivity(activity, at);
				if (entry) entries.push(entry);
			}
			appendLog(entries);
			if (changed) refreshSoon();
		},
		[appendLog, refreshSoon],
	);
	const push = useBatchedEvents<ServerActivity>(onBatch);

	const release = useCallback((server: ChatServer) => {
		unsubscribeRef.current?.();
		unsubscribeRef.current = null;
		if (serverRef.current === server) serverRef.current = null;
	}, []);

	const start = useCallback(
		async (port?: number): Promise<string | null> => {
			if (serverRef.current) return null;
			const merged = {...optionsRef.current, port: port ?? optionsRef.current.port ?? DEFAULT_SERVER_OPTIONS.port};
			const server = new ChatServer(merged);
			serverRef.current = server;
			shutdownRef.current = null;
			unsubscribeRef.current = server.subscribe(push);
			setStatus('starting');
			setError(null);
			try {
				const bound = await server.listen();
				if (!mountedRef.current) {
					await server.shutdown();
					return null;
				}
				// The service lists the LAN addresses (from os.networkInterfaces) for a wildcard bind.
				const where = bound.addresses.length > 0 ? bound.addresses : [hostPort(bound.host, bound.port)];
				setAddresses(where);
				setLogLocation(server.logLocation);
				setStatus('listening');
				appendLog([{ts: Date.now(), kind: 'system', text: `listening on ${where.join(', ')}`}]);
				refresh();
				return null;
			} catch (error_) {
				const message = error_ instanceof Error ? error_.message : String(error_);
				// A failed listen has already released the log file; this instance is done.
				release(server);
				if (mountedRef.current) {
					setStatus('failed');
					setError(message);
					appendLog([{ts: Date.now(), kind: 'error', text: message}]);
				}
				return message;
			}
		},
		[appendLog, push, refresh, release],
	);

	const shutdown = useCallback(async (): Promise<void> => {
		const server = serverRef.current;
		if (!server) return;
		let pending = shutdownRef.current;
		if (!pending) {
			if (mountedRef.current) setStatus('stopping');
			pending = server
				.shutdown()
				.catch(() => {})
				.finally(() => {
					release(server);
					if (mountedRef.current) setStatus('stopped');
				});
			shutdownRef.current = pending;
		}
		return pending;
	}, [release]);

	const kick = useCallback((name: string, reason?: string) => serverRef.current?.kick(name, reason) ?? false, []);
	const notice = useCallback((text: string) => {
		serverRef.current?.notice(text);
	}, []);

	useEffect(() => {
		mountedRef.current = true;
		if (autoStart) void start();
		return () => {
			mountedRef.current = false;
			clearTimeout(refreshTimerRef.current);
			void shutdown();
		};
		// Mount and unmount only: the options are read when `start` runs.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, []);

	useEffect(() => {
		if (status !== 'listening') return;
		const timer = setInterval(refresh, POLL_MS);
		return () => {
			clearInterval(timer);
		};
	}, [status, refresh]);

	return {status, error, addresses, logLocation, log, connections, stats, now, start, kick, notice, shutdown};
}

/** Whether the connections table is out of date after this activity (messages only move counters, polled). */
function changesTable(activity: ServerActivity): boolean {
	switch (activity.kind) {
		case 'connection':
		case 'disconnect':
		case 'closed': {
			return true;
		}
		case 'event': {
			return activity.event.type !== 'msg';
		}
		default: {
			return false;
		}
	}
}
