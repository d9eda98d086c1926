import {useCallback, useEffect, useEffectEvent, useRef, useState} from 'react';
import {ChatClient} from '../client/chat-client.js';
import type {ClientActivity} from '../client/chat-client.js';
import {helpLines, parseClientCommand} from '../ui/client-commands.js';
import {useBatchedEvents} from './use-batched-events.js';
import {
	addLocal,
	applyActivities,
	askEarlier,
	jumpTo,
	pagingOn,
	requestSearch,
	clearEntries,
	closeBuffer,
	currentBuffer,
	expectEcho,
	expectJoin,
	ignoredSentence,
	ignoreName,
	INITIAL_ROOM_STATE,
	openConversation,
	requestRoomList,
	switchBuffer,
	unignoreName,
} from './room-state.js';
import type {RoomState, SearchResult} from './room-state.js';
import {findBufferByName, type BufferTarget, type ChatBuffer} from './chat-buffers.js';
import {roomBufferKey} from './chat-buffers.js';

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
	 * A line typed in buffer `buffer` (its key; default: the one shown): a message or a command.
	 * False when nothing could be sent (not connected, not in that room): the screen keeps the
	 * line, so that nothing typed is lost.
	 */
	submit: (line: string, buffer?: string) => boolean;
	/** Shows another buffer (Alt+1…9, Alt+←/→, Ctrl+P/N, Alt+A); nothing when the target names none. */
	switchBuffer: (target: BufferTarget) => void;
	/**
	 * The state as the last change left it, ahead of React's render: what a key handler reads
	 * when several keys come in one read (Alt+2 then Enter: the line goes to buffer 2).
	 */
	latest: () => RoomState;
	/** Leaves politely (bye) and returns to the form. */
	quit: (reason?: string) => Promise<void>;
	/** A local error line (a key the screen could not handle); nothing is sent. */
	reportError: (text: string) => void;
	/**
	 * Scrolling went past the top of buffer `key`: asks the server for the page before its
	 * oldest event (nothing when it cannot page, or a page is on its way).
	 */
	loadEarlier: (key: string) => void;
	/** Shows a search result in its room's buffer, highlighted, loading older pages until it is there. */
	jump: (result: SearchResult, text: string) => void;
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

	/** Asks for the page before buffer `key`'s oldest event, when it can page and none is on its way. */
	const loadEarlier = useCallback(
		(key: string) => {
			const c = client.current;
			if (!c) return;
			setState(s => {
				const {state: next, request} = askEarlier(s, key);
				if (!request || !c.history(request.room, request.before, request.limit)) return s;
				return next;
			});
		},
		[setState],
	);

	const push = useBatchedEvents<Tagged>(batch => {
		const current = batch.filter(item => item.generation === generation.current).map(item => item.activity);
		if (current.length === 0) return;
		setState(s => applyActivities(s, current, scrollback));
		// A jump whose message the last page did not reach yet: the next page.
		for (const key of pagingOn(latest.current)) loadEarlier(key);
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
		(line: string, bufferKey?: string): boolean => {
			const command = parseClientCommand(line);
			const c = client.current;
			const state = latest.current;
			// The buffer the line was typed in (it may have been closed since: then the one shown).
			const buffer: ChatBuffer = state.buffers.find(b => b.key === bufferKey) ?? currentBuffer(state);
			const sent = (ok: boolean | undefined): boolean => {
				if (!ok) local('error', 'not connected — nothing was sent (your line is kept)');
				return ok === true;
			};
			/** Rooms need a tcpchat/2 server; say so rather than send what it cannot read. */
			const roomsOnly = (): boolean => {
				if (state.proto >= 2) return false;
				local('error', 'this server speaks tcpchat/1: it has one room, so there is nothing to join, part, list or set a topic for');
				return true;
			};
			/** Where a message typed here goes, or a sentence why it cannot go (the line is kept). */
			const speak = (text: string, action: boolean): boolean => {
				if (!c) return sent(false);
				if (buffer.kind === 'dm') {
					if (action) {
						local('error', '/me is for rooms: a private message has no action — write it out');
						return true;
					}
					if (!c.dm(buffer.name, text)) return sent(false);
					return true;
				}
				if (!buffer.member) {
					local('error', `you are not in ${buffer.name || 'a room'} — /join ${buffer.name || '#room'} first (your line is kept)`);
					return false;
				}
				return sent(c.say(text, action, buffer.name || undefined));
			};
			switch (command.kind) {
				case 'empty':
					return true;
				case 'say':
					return speak(command.text, false);
				case 'me':
					return speak(command.text, true);
				case 'say-parts': {
					if (!speak(command.parts[0]!, command.action)) return false;
					for (const part of command.parts.slice(1)) speak(part, command.action);
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
					if (!sent(c?.dm(command.to, command.text))) return false;
					// As in irssi: the conversation gets a buffer of its own (opened by the echo) and
					// you stay where you are, seeing the message here too.
					setState(s => expectEcho(s, command.to, buffer.key));
					return true;
				case 'query':
					setState(s => openConversation(s, command.name));
					return true;
				case 'who':
					if (buffer.kind === 'dm') {
						local('info', `a private conversation with ${buffer.name} — /who in a room lists its members`);
						return true;
					}
					return sent(c?.who(buffer.name || undefined));
				case 'join': {
					if (roomsOnly()) return true;
					const existing = state.buffers.find(b => b.key === roomBufferKey(command.room));
					if (existing?.member) {
						// Already in: joining again is harmless, and showing it is all that was asked.
						setState(s => switchBuffer(s, {key: existing.key}));
						return true;
					}
					if (!sent(c?.join(command.room))) return false;
					setState(s => expectJoin(s, command.room, scrollback));
					return true;
				}
				case 'part': {
					const target = command.room === undefined ? buffer : state.buffers.find(b => b.key === roomBufferKey(command.room!));
					if (!target) {
						local('error', `you are not in ${command.room}`);
						return true;
					}
					if (target.kind === 'dm' || !target.member) {
						if (state.buffers.length === 1) {
							local('error', 'this is your only buffer — /join #room first, or /quit to leave');
							return true;
						}
						setState(s => closeBuffer(s, target.key, scrollback));
						return true;
					}
					if (roomsOnly()) return true;
					if (!state.buffers.some(b => b.kind === 'room' && b.member && b.key !== target.key)) {
						local('error', `${target.name} is your last room — /join another first, or /quit to leave the server`);
						return true;
					}
					return sent(c?.part(target.name, command.reason));
				}
				case 'list':
					if (roomsOnly()) return true;
					if (!sent(c?.list())) return false;
					setState(s => requestRoomList(s, command.filter));
					return true;
				case 'topic': {
					if (buffer.kind === 'dm') {
						local('error', 'a private conversation has no topic — /topic is for rooms');
						return true;
					}
					if (command.text === undefined) {
						local('info', buffer.topic ? `topic of ${buffer.name}: ${buffer.topic}` : `${buffer.name} has no topic — /topic TEXT sets one`);
						return true;
					}
					if (roomsOnly()) return true;
					return sent(c?.topic(buffer.name, command.text));
				}
				case 'buffer': {
					const {target} = command;
					const found =
						typeof target === 'number' ? state.buffers[target - 1] : findBufferByName(state.buffers, target);
					if (!found) {
						local(
							'error',
							typeof target === 'number'
								? `there is no buffer ${target}: the room bar has ${state.buffers.length}`
								: `no buffer is called ${target} — /join ${target.startsWith('#') ? target : `#${target}`} or /query ${target.replace(/^[#@]/u, '')}`,
						);
						return true;
					}
					setState(s => switchBuffer(s, {key: found.key}));
					return true;
				}
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
				case 'search': {
					if (state.proto < 2) {
						local('error', 'this server speaks tcpchat/1: it keeps no history to search');
						return true;
					}
					let room: string | undefined;
					if (command.room !== undefined) {
						const target = state.buffers.find(b => b.key === roomBufferKey(command.room!));
						if (!target?.member) {
							local('error', `you are not in ${command.room} — a search looks in the rooms you are in`);
							return true;
						}
						room = target.name;
					}
					if (!sent(c?.search(command.text, room))) return false;
					setState(s => requestSearch(s, command.text, room));
					return true;
				}
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
	const switchTo = useCallback((target: BufferTarget) => setState(s => switchBuffer(s, target)), [setState]);
	const latestState = useCallback(() => latest.current, []);
	const jump = useCallback(
		(result: SearchResult, text: string) => {
			let message: string | undefined;
			setState(s => {
				const outcome = jumpTo(s, {...result, text}, scrollback);
				message = outcome.message;
				return outcome.state;
			});
			if (message !== undefined) local('error', message);
			for (const key of pagingOn(latest.current)) loadEarlier(key);
		},
		[loadEarlier, local, scrollback, setState],
	);

	return {...state, connect, cancel, submit, quit, reportError, switchBuffer: switchTo, latest: latestState, loadEarlier, jump};
}
