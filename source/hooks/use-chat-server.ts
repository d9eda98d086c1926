import {useCallback, useEffect, useRef, useState} from 'react';
import type {HostedServer} from '../server/hosted-server.js';
import type {ConnectionInfo, RoomStats, ServerActivity, ServerStats} from '../server/server-types.js';
import type {DropOutcome} from '../ui/operator-commands.js';
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
	/** Every room with its numbers, polled with the connections (unsorted). */
	rooms: RoomStats[];
	stats: ServerStats | null;
	/** The clock at the last refresh, so uptimes and durations render from state, not from the clock. */
	now: number;
	/** Starts listening on `port` (default: the options' port). Resolves to the listen error, or null. */
	start: (port?: number) => Promise<string | null>;
	kick: (name: string, reason?: string) => boolean;
	/** To everyone, or to one room's members; false when there is no such room. */
	notice: (text: string, room?: string) => boolean;
	/** Removes a room, its members told and taken out; never the default room. */
	drop: (room: string, reason?: string) => DropOutcome;
	/** Tells everyone, closes every connection, flushes the log. Safe to call more than once. */
	shutdown: () => Promise<void>;
};

export type UseChatServerOptions = {
	/** Listen as soon as the hook mounts (the port came from the command line). */
	autoStart: boolean;
};

/** `host:port` of the bound address, then the LAN addresses (the service lists them for a wildcard bind). */
function addressesOf(server: HostedServer): string[] {
	const bound = server.listening;
	if (!bound) return [];
	return bound.addresses.length > 0 ? bound.addresses : [hostPort(bound.host, bound.port)];
}

/**
 * Watches the dashboard's `HostedServer` (owned outside React: an unmount or a crash of the
 * screen leaves it serving) and turns its activity into React state: log lines batched at
 * about 30 updates a second, connections and numbers polled once a second (and refreshed when
 * someone comes or goes).
 */
export function useChatServer(server: HostedServer, {autoStart}: UseChatServerOptions): ChatServerView {
	const mountedRef = useRef(true);
	const nextIdRef = useRef(1);

	const [status, setStatus] = useState<ServerStatus>(autoStart && server.status === 'idle' ? 'starting' : server.status);
	const [log, setLog] = useState<LogEntry[]>([]);
	const [connections, setConnections] = useState<ConnectionInfo[]>(() => server.connections());
	const [rooms, setRooms] = useState<RoomStats[]>(() => server.roomStats());
	const [stats, setStats] = useState<ServerStats | null>(() => server.stats());
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
		setNow(Date.now());
		if (!mountedRef.current) return;
		setConnections(server.connections());
		setRooms(server.roomStats());
		setStats(server.stats());
	}, [server]);

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

	useEffect(() => {
		mountedRef.current = true;
		const unsubscribe = server.subscribe(push);
		let seen = server.status;
		const onStatus = () => {
			const next = server.status;
			if (!mountedRef.current || next === seen) return;
			seen = next;
			setStatus(next);
			if (next === 'listening') {
				appendLog([{ts: Date.now(), kind: 'system', text: `listening on ${addressesOf(server).join(', ')}`}]);
				refresh();
			} else if (next === 'starting') {
				// A new server, a new log: a failed start's lines (its error is on the port form) are not this one's.
				setLog([]);
			}
		};
		const unwatch = server.watch(onStatus);
		if (server.status === 'listening') {
			appendLog([{ts: Date.now(), kind: 'system', text: `listening on ${addressesOf(server).join(', ')}`}]);
			refresh();
		}
		if (autoStart && server.status === 'idle') void server.start();
		onStatus();
		return () => {
			mountedRef.current = false;
			clearTimeout(refreshTimerRef.current);
			unsubscribe();
			unwatch();
		};
		// Mount and unmount only: one screen watches one server.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [server]);

	useEffect(() => {
		if (status !== 'listening') return;
		const timer = setInterval(refresh, POLL_MS);
		return () => {
			clearInterval(timer);
		};
	}, [status, refresh]);

	const start = useCallback((port?: number) => server.start(port), [server]);
	const shutdown = useCallback(() => server.shutdown(), [server]);
	const kick = useCallback((name: string, reason?: string) => server.kick(name, reason), [server]);
	const notice = useCallback((text: string, room?: string) => server.notice(text, room), [server]);
	const drop = useCallback((room: string, reason?: string) => server.drop(room, reason), [server]);

	return {
		status,
		error: server.error,
		addresses: addressesOf(server),
		logLocation: server.logLocation,
		log,
		connections,
		rooms,
		stats,
		now,
		start,
		kick,
		notice,
		drop,
		shutdown,
	};
}

/** Whether the connections table (or the rooms panel) is out of date after this activity (messages only move counters, polled). */
function changesTable(activity: ServerActivity): boolean {
	switch (activity.kind) {
		case 'connection':
		case 'disconnect':
		case 'dropped':
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
