import {useCallback, useEffect, useEffectEvent, useRef, useState} from 'react';
import {ChatClient} from '../client/chat-client.js';
import type {ClientActivity} from '../client/chat-client.js';
import {helpLines, parseClientCommand} from '../ui/client-commands.js';
import {useBatchedEvents} from './use-batched-events.js';
import {
	addLocal,
	applyActivities,
	clearEntries,
	ignoredSentence,
	ignoreName,
	INITIAL_ROOM_STATE,
	unignoreName,
} from './room-state.js';
import type {RoomState} from './room-state.js';

import type {ConnectTarget} from '../ui/connect-form-state.js';

export type {ConnectTarget};

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
	/** Timestamps with seconds at first (/seconds changes it). */
	seconds?: boolean;
};

export type ChatClientHandle = RoomState & {
	connect: (target: ConnectTarget) => void;
	/** Esc: stops connecting or reconnecting and returns to the form. */
	cancel: () => void;
	/**
	 * A line typed in the room: a message or a command. False when nothing could be sent (not
	 * connected): the screen keeps the line, so that nothing typed is lost.
	 */
	submit: (line: string) => boolean;
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
	const {connectTimeoutMs, pingInterval, backoffMs} = options;
	const [initial] = useState<RoomState>(() => ({...INITIAL_ROOM_STATE, seconds: options.seconds === true}));
	const [state, setRendered] = useState<RoomState>(initial);
	const onAlert = useEffectEvent(() => options.onAlert?.());
	const clientOptions = useEffectEvent(() => ({
		...(connectTimeoutMs === undefined ? {} : {connectTimeoutMs}),
		...(pingInterval === undefined ? {} : {pingInterval}),
		...(backoffMs === undefined ? {} : {backoffMs}),
	}));
	// The latest state, ahead of React's: every change is computed from it, in order (activity
	// from the client and the screen's commands interleave, and the bell rings once per alert).
	const latest = useRef<RoomState>(initial);
	const setState = useCallback((change: (s: RoomState) => RoomState) => {
		const before = latest.current;
		const after = change(before);
		latest.current = after;
		setRendered(after);
		if (after.alerts > before.alerts) onAlert();
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
			const next = new ChatClient({...target, ...clientOptions()});
			const mine = generation.current;
			client.current = next;
			unsubscribe.current = next.subscribe(activity => push({generation: mine, activity}));
			// The form is busy from now on, not from the batch that brings the status: a key typed
			// in between must not edit it.
			setState(s => ({...s, phase: 'connecting', formError: undefined, host: target.host, port: target.port}));
			// The failure reaches the state as a `failed` status; the promise has nothing to add.
			next.connect().catch(() => {});
		},
		[drop, push, setState],
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

	/** A change of state that has something to say about itself. */
	const change = useCallback(
		(make: (s: RoomState) => {state: RoomState; message: string}) => {
			let message = '';
			setState(s => {
				const result = make(s);
				message = result.message;
				return result.state;
			});
			local('info', message);
		},
		[local, setState],
	);

	const submit = useCallback(
		(line: string): boolean => {
			const command = parseClientCommand(line);
			const c = client.current;
			const sent = (ok: boolean | undefined): boolean => {
				if (!ok) local('error', 'not connected — nothing was sent (your line is kept)');
				return ok === true;
			};
			switch (command.kind) {
				case 'empty':
					return true;
				case 'say':
					return sent(c?.say(command.text));
				case 'me':
					return sent(c?.say(command.text, true));
				case 'say-parts': {
					if (!c?.say(command.parts[0]!, command.action)) return sent(false);
					for (const part of command.parts.slice(1)) c.say(part, command.action);
					return true;
				}
				case 'nick':
					if (c?.nick(command.name)) return true;
					// While reconnecting: the name to rejoin with.
					if (c?.rejoinAs(command.name)) {
						local('info', `rejoining as ${command.name}…`);
						return true;
					}
					return sent(false);
				case 'msg':
					return sent(c?.dm(command.to, command.text));
				case 'who':
					return sent(c?.who());
				case 'away':
					return sent(c?.away(command.text));
				case 'ignore': {
					const name = command.name;
					if (name === undefined) local('info', ignoredSentence(latest.current));
					else change(s => ignoreName(s, name));
					return true;
				}
				case 'unignore':
					change(s => unignoreName(s, command.name));
					return true;
				case 'seconds':
					change(s => {
						const on = command.on ?? !s.seconds;
						return {state: {...s, seconds: on}, message: on ? 'timestamps show seconds' : 'timestamps show minutes'};
					});
					return true;
				case 'clear':
					setState(clearEntries);
					return true;
				case 'help':
					setState(s => addLocal(s, helpLines().map(line => ({kind: 'info', ...line})), scrollback));
					return true;
				case 'usage':
					local('error', command.message);
					return true;
				case 'quit':
					void quit(command.reason);
					return true;
			}
		},
		[change, local, quit, scrollback, setState],
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
