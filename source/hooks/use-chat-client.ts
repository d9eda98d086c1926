import {useCallback, useEffect, useRef, useState} from 'react';
import {ChatClient} from '../client/chat-client.js';
import type {ClientActivity} from '../client/chat-client.js';
import {helpLines, parseClientCommand} from '../ui/client-commands.js';
import {useBatchedEvents} from './use-batched-events.js';
import {addLocal, applyActivities, clearEntries, INITIAL_ROOM_STATE} from './room-state.js';
import type {RoomState} from './room-state.js';

export type ConnectTarget = {host: string; port: number; name: string};

export type UseChatClientOptions = {
	/** Most entries kept in the message list. */
	scrollback?: number;
	connectTimeoutMs?: number;
	pingInterval?: number;
	/** For tests: reconnect delays in ms. */
	backoffMs?: (attempt: number) => number;
	/** Milliseconds between React updates while activity pours in. */
	batchMs?: number;
	/** Called (outside rendering) when a mention or a private message from someone else arrives. */
	onAlert?: () => void;
};

export type ChatClientHandle = RoomState & {
	connect: (target: ConnectTarget) => void;
	/** Esc: stops connecting or reconnecting and returns to the form. */
	cancel: () => void;
	/** A line typed in the room: a message or a command. */
	submit: (line: string) => void;
	/** Leaves politely (bye) and returns to the form. */
	quit: (reason?: string) => Promise<void>;
	/** A local error line (a key the screen could not handle); nothing is sent. */
	reportError: (text: string) => void;
};

type Tagged = {generation: number; activity: ClientActivity};

/**
 * Owns one ChatClient at a time and turns its activity into React state, batched: a flood of
 * messages costs about 30 renders a second, whatever its rate. Quits the client on unmount.
 */
export function useChatClient(options: UseChatClientOptions = {}): ChatClientHandle {
	const scrollback = options.scrollback ?? 10_000;
	const settings = useRef(options);
	settings.current = options;
	const [state, setRendered] = useState<RoomState>(INITIAL_ROOM_STATE);
	// The latest state, ahead of React's: every change is computed from it, in order.
	const latest = useRef<RoomState>(INITIAL_ROOM_STATE);
	const setState = useCallback((change: (s: RoomState) => RoomState) => {
		const before = latest.current;
		const after = change(before);
		latest.current = after;
		setRendered(after);
		if (after.alerts > before.alerts) settings.current.onAlert?.();
	}, []);
	const client = useRef<ChatClient | undefined>(undefined);
	const generation = useRef(0);
	const unsubscribe = useRef<(() => void) | undefined>(undefined);

	const push = useBatchedEvents<Tagged>(batch => {
		const current = batch.filter(item => item.generation === generation.current).map(item => item.activity);
		if (current.length > 0) setState(s => applyActivities(s, current, scrollback));
	}, options.batchMs ?? 33);

	const drop = useCallback(() => {
		unsubscribe.current?.();
		unsubscribe.current = undefined;
		const old = client.current;
		client.current = undefined;
		generation.current += 1;
		return old;
	}, []);

	const connect = useCallback(
		(target: ConnectTarget) => {
			drop()?.close();
			const {connectTimeoutMs, pingInterval, backoffMs} = settings.current;
			const next = new ChatClient({
				...target,
				...(connectTimeoutMs === undefined ? {} : {connectTimeoutMs}),
				...(pingInterval === undefined ? {} : {pingInterval}),
				...(backoffMs === undefined ? {} : {backoffMs}),
			});
			const mine = generation.current;
			client.current = next;
			unsubscribe.current = next.subscribe(activity => push({generation: mine, activity}));
			// The failure reaches the state as a `failed` status; the promise has nothing to add.
			next.connect().catch(() => {});
		},
		[drop, push],
	);

	const cancel = useCallback(() => {
		drop()?.close();
		setState(s => ({...s, phase: 'form', status: {state: 'closed'}}));
	}, [drop, setState]);

	const quit = useCallback(
		async (reason?: string) => {
			const old = drop();
			setState(s => ({...s, phase: 'form', status: {state: 'closed'}}));
			await old?.quit(reason);
		},
		[drop, setState],
	);

	const local = useCallback(
		(kind: 'info' | 'error', ...texts: string[]) => {
			setState(s => addLocal(s, texts.map(text => ({kind, text})), scrollback));
		},
		[scrollback, setState],
	);

	const submit = useCallback(
		(line: string) => {
			const command = parseClientCommand(line);
			const c = client.current;
			const notSent = () => local('error', 'not connected — nothing was sent');
			switch (command.kind) {
				case 'empty':
					return;
				case 'say':
					if (!c?.say(command.text)) notSent();
					return;
				case 'me':
					if (!c?.say(command.text, true)) notSent();
					return;
				case 'nick':
					if (!c?.nick(command.name)) notSent();
					return;
				case 'msg':
					if (!c?.dm(command.to, command.text)) notSent();
					return;
				case 'who':
					if (!c?.who()) notSent();
					return;
				case 'clear':
					setState(clearEntries);
					return;
				case 'help':
					local('info', ...helpLines());
					return;
				case 'usage':
					local('error', command.message);
					return;
				case 'quit':
					void quit(command.reason);
					return;
			}
		},
		[local, quit, setState],
	);

	useEffect(
		() => () => {
			const old = drop();
			void old?.quit();
		},
		[drop],
	);

	const reportError = useCallback((text: string) => local('error', text), [local]);

	return {...state, connect, cancel, submit, quit, reportError};
}
