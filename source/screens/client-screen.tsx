import React, {useEffectEvent, useLayoutEffect, useReducer, useState} from 'react';
import {Box, Text, useApp} from 'ink';
import {hostPort} from '../protocol/host-port.js';
import {ConnectForm, connectFormCaret} from '../components/connect-form.js';
import type {KeyHint} from '../components/footer.js';
import {inputLineCaret} from '../components/input-line.js';
import {RoomView, roomLayout, USER_LIST_MIN_COLUMNS} from '../components/room-view.js';
import {useCaret, type Cell} from '../hooks/use-caret.js';
import {useChatClient} from '../hooks/use-chat-client.js';
import {canLoadEarlier, currentBuffer, type ChatBuffer, type RoomState} from '../hooks/room-state.js';
import {useConnectForm} from '../hooks/use-connect-form.js';
import {useExitSignals} from '../hooks/use-exit-signals.js';
import type {UseChatClientOptions} from '../hooks/use-chat-client.js';
import {useInputGuard, useKeyInput} from '../hooks/use-key-input.js';
import {errorMessage, UiBoundary} from '../components/ui-boundary.js';
import {useSecondsLeft} from '../hooks/use-seconds-left.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {COMMAND_NAMES} from '../ui/client-commands.js';
import {rankNicks} from '../ui/complete-nick.js';
import {MAX_PASTE_CHARS} from '../ui/key-reader.js';
import {offsetToShow, rowsAfter, topRow, visibleRows, type DisplayRow, type RowContext} from '../ui/message-rows.js';
import {fitTop, resultHeights} from '../ui/search-view.js';
import {searchTitleRows} from '../components/search-view.js';
import {bufferKeyTarget} from '../ui/buffer-keys.js';
import {INITIAL_ROOM_INPUT, roomInput, scrollOf, type RoomKeyContext} from '../ui/room-input.js';
import {LIST_FILTER_PROMPT} from '../ui/room-list.js';
import {titleOf} from '../ui/room-title.js';
import {connectionAlert, connectionState, isReconnecting, listHints, roomHints, searchHints} from '../ui/room-status.js';
import {roomKey} from '../protocol/room-names.js';
import {outboxAlert} from '../ui/outbox-status.js';
import {fitWidth} from '../ui/wrap-text.js';

export type ClientScreenProps = {
	host: string;
	port: number;
	name: string;
	/** Connect at once (host, port and name were all given on the command line). */
	autoConnect: boolean;
	/** Ring the terminal bell on a mention or a private message. */
	bell: boolean;
	/** Most entries kept in the message list. */
	scrollback: number;
	/** Timestamps with seconds at first (--seconds). */
	seconds?: boolean;
	/** How to ring the bell; the default writes BEL to the terminal. */
	ring?: () => void;
	/** For tests: the client's timings. */
	clientOptions?: Omit<UseChatClientOptions, 'scrollback'>;
};

/** The row above a buffer's oldest message while paging back through its history, if any. */
export function earlierRow(state: Pick<RoomState, 'proto'>, buffer: ChatBuffer, context: RowContext): DisplayRow[] | undefined {
	if (state.proto < 2 || buffer.kind !== 'room') return undefined;
	const {earlier} = buffer;
	switch (earlier.state) {
		case 'idle':
			return undefined;
		case 'start':
			return topRow({state: 'start', room: buffer.name}, context.width, context.seconds);
		case 'failed':
			return topRow({state: 'failed', message: earlier.message}, context.width, context.seconds);
		default:
			return topRow({state: earlier.state}, context.width, context.seconds);
	}
}

function defaultRing(): void {
	// BEL moves no cursor, so it is safe to write past Ink.
	if (process.stdout.isTTY) process.stdout.write('\u0007');
}

const CONNECTING_HINTS: readonly KeyHint[] = [
	{key: 'Esc', label: 'cancel'},
	{key: 'Ctrl+C', label: 'exit'},
];

/**
 * The client: the connect form, then the room. Reads the terminal's size and keys; the
 * connection lives in `useChatClient`, the form's and the room's keys in pure reducers
 * (connect-form-state.ts, room-input.ts). Always exactly as tall as the terminal.
 */
export function ClientScreen(props: ClientScreenProps) {
	const {columns, rows} = useTerminalSize();
	const {exit} = useApp();
	const chat = useChatClient({
		scrollback: props.scrollback,
		seconds: props.seconds === true,
		...props.clientOptions,
		onAlert() {
			if (props.bell) (props.ring ?? defaultRing)();
		},
	});
	const [form, formDispatch] = useConnectForm(props, props.autoConnect, chat.connect);
	const [input, dispatch] = useReducer(roomInput, INITIAL_ROOM_INPUT);
	const [uiProblem, setUiProblem] = useState<string | undefined>(undefined);
	const [drawFailed, setDrawFailed] = useState(false);
	const [redraws, redrawAgain] = useReducer((n: number) => n + 1, 0);

	const buffer = currentBuffer(chat);
	const layoutOf = (shown: typeof buffer) => roomLayout(columns, rows, input.showUsers && shown.kind === 'room', shown.users);
	const layout = layoutOf(buffer);
	const rowContext = {you: chat.you, width: layout.listWidth, seconds: chat.seconds};
	const scroll = scrollOf(input, buffer.key);

	// Adjusting state to what the last render brought (new entries, another buffer, a new
	// phase, a /list) happens here, during render, not in an effect: a key pressed right after
	// must already find it.
	const lastId = buffer.entries.at(-1)?.id ?? 0;
	if (lastId !== scroll.lastId) {
		const added = scroll.offset > 0 && lastId > scroll.lastId ? rowsAfter(buffer.entries, scroll.lastId, rowContext) : {rows: 0, messages: 0};
		dispatch({type: 'entries', buffer: buffer.key, lastId, added});
	}
	if (chat.roomList.request > input.listSeen) dispatch({type: 'open-list', request: chat.roomList.request, filter: chat.roomList.filter});
	if (chat.search.request > input.searchSeen) dispatch({type: 'open-search', request: chat.search.request});
	// A search result jumped to: once its message is in the buffer, the view goes to it.
	const found = buffer.found;
	if (found && found.request > input.foundShown) {
		const offset = offsetToShow(buffer.entries, found, rowContext, layout.listHeight);
		if (offset !== undefined) dispatch({type: 'show-found', buffer: buffer.key, offset, request: found.request});
	}
	const phase = chat.phase;
	const [seenPhase, setSeenPhase] = useState(phase);
	if (seenPhase !== phase) {
		setSeenPhase(phase);
		dispatch({type: 'phase', phase});
		// Back on the form, offer the name you ended with (after a /nick).
		if (seenPhase === 'room' && phase === 'form' && chat.you) formDispatch({type: 'offer-name', name: chat.you});
	}

	// Lines sent with Enter go to the client once in the room (typed ahead while connecting, they wait).
	const handOver = useEffectEvent(() => {
		if (phase !== 'room' || input.submitted.length === 0) return;
		// A line goes to the buffer shown when its Enter was pressed — as the lines before it
		// left it: after "/join #dev⏎hi⏎" typed in one go, "hi" goes to #dev.
		let moved: {from: string; to: string} | undefined;
		for (const {text, buffer: typedIn} of input.submitted) {
			const target = moved && typedIn === moved.from ? moved.to : typedIn;
			const before = chat.latest().current;
			// Not sent (offline): the line comes back, to send once back.
			if (!chat.submit(text, target)) dispatch({type: 'restore', text});
			const after = chat.latest().current;
			if (after !== before) moved = {from: target, to: after};
		}
		dispatch({type: 'handed', upTo: input.submitted.at(-1)!.id});
	});
	useLayoutEffect(() => handOver(), [input.submitted, phase]);

	// Scrolled past the top: the older history is asked for after the render (reducers never send).
	const askEarlier = useEffectEvent(() => {
		if (input.earlier.length === 0) return;
		for (const key of input.earlier) chat.loadEarlier(key);
		dispatch({type: 'earlier-handed'});
	});
	useLayoutEffect(() => askEarlier(), [input.earlier]);
	const jump = useEffectEvent(() => {
		if (input.jump === undefined) return;
		const result = chat.search.results[input.jump];
		if (result) chat.jump(result, chat.search.text);
		dispatch({type: 'jumped'});
	});
	useLayoutEffect(() => jump(), [input.jump]);

	const retryAt = chat.status.state === 'reconnecting' ? chat.status.retryAt : undefined;
	const secondsLeft = useSecondsLeft(retryAt);
	const reconnecting = isReconnecting(chat.status);
	const usersAvailable = columns >= USER_LIST_MIN_COLUMNS;

	const quitAndExit = () => {
		void chat.quit();
		exit();
	};
	useExitSignals(quitAndExit);

	// Read when the key is handled, from the state as the last change left it: a key right after
	// Alt+2 in the same read acts on buffer 2, rendered or not.
	const roomContext = (): RoomKeyContext => {
		const now = chat.latest();
		const shown = currentBuffer(now);
		const shownLayout = layoutOf(shown);
		const context = {...rowContext, width: shownLayout.listWidth};
		const top = earlierRow(now, shown, context);
		const search = now.search;
		const resultsHeight = Math.max(1, shownLayout.listHeight - searchTitleRows(search, columns, shownLayout.listHeight));
		return {
			buffer: shown.key,
			rooms: () => now.roomList.rooms,
			nicks: () =>
				rankNicks(
					now.recentSpeakers,
					shown.kind === 'dm' ? [shown.name] : shown.users.map(u => u.name),
					now.you,
				),
			commands: COMMAND_NAMES,
			page: Math.max(1, shownLayout.listHeight - (input.list ? 2 : 1)),
			clampScroll: offset => visibleRows(shown.entries, context, shownLayout.listHeight, offset, {top}).offset,
			earlier: canLoadEarlier(now, shown)
				? offset => {
						if (!visibleRows(shown.entries, context, shownLayout.listHeight, offset, {top}).atTop) return undefined;
						const loading = topRow({state: 'loading'}, context.width, context.seconds);
						return visibleRows(shown.entries, context, shownLayout.listHeight, offset + loading.length, {top: loading}).offset;
					}
				: undefined,
			results: {
				count: search.status === 'done' ? search.results.length : 0,
				fit: (first, choice) => fitTop(resultHeights(search, columns), first, choice, resultsHeight),
			},
		};
	};

	// A key handler that fails is a line in the room (or on the form); the connection and the
	// draft stay, and the next key is handled as usual.
	const onUiError = (error: unknown) => {
		const sentence = `that key could not be handled (${errorMessage(error)}); you are still connected and your draft is kept.`;
		if (chat.phase === 'room') chat.reportError(sentence);
		else setUiProblem(sentence);
	};
	useInputGuard(onUiError);

	// One key at a time, in order, even when several arrive in one read (fast typing, key
	// repeat, a paste, tmux send-keys): each goes to a reducer, which applies it to the state
	// the previous key left.
	useKeyInput(
		(text, key, dropped) => {
			if (drawFailed) {
				setDrawFailed(false);
				redrawAgain();
			}
			if (key.ctrl && text === 'c') return quitAndExit();
			if (dropped) {
				const sentence = `the paste was too long: ${dropped} characters after the first ${MAX_PASTE_CHARS} were left out`;
				if (chat.phase === 'room') chat.reportError(sentence);
				else setUiProblem(sentence);
			}
			switch (chat.phase) {
				case 'form':
					setUiProblem(undefined);
					formDispatch({type: 'key', input: text, key});
					return;
				case 'connecting':
					if (key.escape) return chat.cancel();
					// Typed ahead: it goes to the room's line, which shows once in.
					break;
				case 'room': {
					if (key.escape && !input.list && !input.search && (isReconnecting(chat.status) || chat.status.state === 'failed')) return chat.cancel();
					const target = input.list || input.search ? undefined : bufferKeyTarget(text, key);
					if (target) return chat.switchBuffer(target);
					break;
				}
			}
			dispatch({type: 'key', input: text, key, context: roomContext()});
		},
		{onError: onUiError},
	);

	// Rendering that fails stops here: the connection, the draft and the form's fields live
	// above, and the next key, message or resize tries again.
	const redraw = (content: React.ReactNode) => (
		<UiBoundary
			resetKey={`${redraws}:${lastId}:${columns}x${rows}`}
			onError={() => setDrawFailed(true)}
			fallback={error => (
				<Box width={columns} height={rows} flexDirection="column" justifyContent="center" paddingX={1}>
					<Text wrap="wrap">
						{phase === 'room'
							? `The room could not be drawn (${fitWidth(errorMessage(error), 200)}). You are still connected and your draft is kept; press a key to draw it again.`
							: `The form could not be drawn (${fitWidth(errorMessage(error), 200)}). What you typed is kept; press a key to draw it again.`}
					</Text>
				</Box>
			)}
		>
			{content}
		</UiBoundary>
	);

	const connecting = phase === 'connecting';
	const formError = form.problem ?? uiProblem ?? (form.edited ? undefined : chat.formError);
	const busy = connecting ? `connecting to ${hostPort(chat.host, chat.port)}… (Esc to cancel)` : undefined;
	let caret: Cell | undefined;
	if (phase === 'room' && input.list && layout.listHeight >= 2) {
		// In the list's filter, the second row of the list.
		caret = {x: inputLineCaret({line: input.list.filter, prompt: LIST_FILTER_PROMPT, width: columns}), y: 2};
	} else if (phase === 'room') {
		caret = {x: inputLineCaret({line: input.line, prompt: `${chat.you}> `, width: columns}), y: layout.inputRow};
	} else {
		caret = connectFormCaret({width: columns, height: rows, fields: form.fields, focus: form.focus, error: formError, busy});
	}
	useCaret(drawFailed ? undefined : caret, rows);

	if (phase === 'room') {
		const scrolled = scroll.offset > 0;
		const isRoom = buffer.kind === 'room';
		const list = input.list
			? {
					view: input.list,
					rooms: chat.roomList.rooms,
					memberOf: new Set(chat.buffers.filter(b => b.kind === 'room' && b.member).map(b => roomKey(b.name))),
				}
			: undefined;
		const search = input.search ? {state: chat.search, view: input.search} : undefined;
		return redraw(
			<RoomView
				width={columns}
				height={rows}
				entries={buffer.entries}
				users={buffer.users}
				title={titleOf(buffer, chat.you, `${hostPort(chat.host, chat.port)}${chat.server ? ` (${chat.server})` : ''}`)}
				buffers={chat.buffers}
				current={buffer.key}
				you={chat.you}
				connection={connectionState(chat.status)}
				alert={connectionAlert(chat.status, chat.host, chat.port, secondsLeft, columns) ?? outboxAlert(chat.outbox, input.line.value, columns)}
				line={input.line}
				scrollOffset={scroll.offset}
				newMessages={scroll.newMessages}
				showUsers={input.showUsers && isRoom}
				seconds={chat.seconds}
				list={list}
				search={search}
				top={earlierRow(chat, buffer, rowContext)}
				found={buffer.found}
				hints={
					search
						? searchHints()
						: list
						? listHints()
						: roomHints({scrolled, reconnecting, usersAvailable: usersAvailable && isRoom, showUsers: input.showUsers, buffers: chat.buffers.length})
				}
			/>,
		);
	}
	return redraw(
		<ConnectForm
			width={columns}
			height={rows}
			fields={form.fields}
			focus={form.focus}
			error={formError}
			busy={busy}
			{...(connecting ? {hints: CONNECTING_HINTS} : {})}
		/>,
	);
}
