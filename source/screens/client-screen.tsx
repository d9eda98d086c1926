import React, {useEffect, useReducer, useRef, useState} from 'react';
import {Box, Text, useApp} from 'ink';
import {hostPort} from '../protocol/host-port.js';
import {ConnectForm} from '../components/connect-form.js';
import type {FormField} from '../ui/form-input.js';
import type {KeyHint} from '../components/footer.js';
import type {ConnectionState} from '../components/room-header.js';
import {RoomView, roomLayout, USER_LIST_MIN_COLUMNS} from '../components/room-view.js';
import type {RoomState} from '../hooks/room-state.js';
import {useChatClient} from '../hooks/use-chat-client.js';
import {useConnectForm} from '../hooks/use-connect-form.js';
import {useExitSignals} from '../hooks/use-exit-signals.js';
import type {UseChatClientOptions} from '../hooks/use-chat-client.js';
import {useInputGuard, useKeyInput} from '../hooks/use-key-input.js';
import {errorMessage, UiBoundary} from '../components/ui-boundary.js';
import {useSecondsLeft} from '../hooks/use-seconds-left.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {COMMAND_NAMES} from '../ui/client-commands.js';
import type {Completion} from '../ui/complete-nick.js';
import {completeInput, rankNicks} from '../ui/complete-nick.js';
import {EMPTY_HISTORY, historyDown, historyUp, pushHistory} from '../ui/input-history.js';
import type {InputHistory} from '../ui/input-history.js';
import {EMPTY_LINE, editLine, lineAt} from '../ui/line-editor.js';
import type {LineState} from '../ui/line-editor.js';
import {rowsAfter, visibleRows} from '../ui/message-rows.js';
import type {Key} from '../ui/parse-keys.js';
import {fitWidth} from '../ui/wrap-text.js';
import {nameTakenAlert} from '../ui/name-taken-alert.js';
import stringWidth from 'string-width';

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

const TOGGLE_USERS_CTRL = 'n';

function defaultRing(): void {
	// BEL moves no cursor, so it is safe to write past Ink.
	if (process.stdout.isTTY) process.stdout.write('\u0007');
}


export function connectionState(status: RoomState['status']): ConnectionState {
	switch (status.state) {
		case 'joined':
			return 'connected';
		case 'connecting':
			return status.attempt > 0 ? 'reconnecting' : 'connecting';
		case 'reconnecting':
			return 'reconnecting';
		default:
			return 'offline';
	}
}

/**
 * The status row's words for a connection in trouble, or undefined when all is well. Given a
 * width, the reason is shortened first, so the countdown always shows.
 */
export function connectionAlert(
	status: RoomState['status'],
	host: string,
	port: number,
	secondsLeft: number | undefined,
	width?: number,
): string | undefined {
	switch (status.state) {
		case 'reconnecting':
			if (status.nameTaken !== undefined) return nameTakenAlert(status.nameTaken, secondsLeft ?? 0, width);
			return fitAlert(
				`connection lost: ${status.reason}`,
				` — reconnecting in ${secondsLeft ?? 0} s`,
				' (Esc to stop)',
				width,
			);
		case 'connecting':
			return status.attempt > 0
				? fitAlert(`reconnecting to ${hostPort(host, port)}… (attempt ${status.attempt}`, ')', ', Esc to stop', width, true)
				: undefined;
		case 'failed':
			return fitAlert(`disconnected: ${status.message}`, '', ' — /quit to return to the form', width);
		default:
			return undefined;
	}
}

function fitAlert(head: string, tail: string, hint: string, width: number | undefined, hintBeforeTail = false): string {
	const join = (h: string, withHint: boolean) =>
		hintBeforeTail ? h + (withHint ? hint : '') + tail : h + tail + (withHint ? hint : '');
	const full = join(head, true);
	if (width === undefined || stringWidth(full) <= width) return full;
	const bare = join(head, false);
	if (stringWidth(bare) <= width) return bare;
	const room = width - stringWidth(tail) - 1;
	return room > 8 ? fitWidth(head, room) + '…' + tail : fitWidth(bare, width);
}

export function roomHints(options: {scrolled: boolean; reconnecting: boolean; usersAvailable: boolean; showUsers: boolean}): KeyHint[] {
	const hints: KeyHint[] = [];
	if (options.reconnecting) hints.push({key: 'Esc', label: 'stop reconnecting'});
	if (options.scrolled) hints.push({key: 'End', label: 'newest'}, {key: 'PgUp/PgDn', label: 'scroll'});
	else hints.push({key: 'PgUp', label: 'scroll'});
	hints.push({key: 'Tab', label: 'complete'}, {key: '↑/↓', label: 'history'});
	if (options.usersAvailable) hints.push({key: 'F2', label: options.showUsers ? 'hide users' : 'users'});
	hints.push({key: '/help', label: 'commands'}, {key: 'Ctrl+C', label: 'exit'});
	return hints;
}

const CONNECTING_HINTS: readonly KeyHint[] = [
	{key: 'Esc', label: 'cancel'},
	{key: 'Ctrl+C', label: 'exit'},
];

type Scroll = {offset: number; lastId: number; newMessages: number};

type UiState = {
	line: LineState;
	history: InputHistory;
	completion: Completion | undefined;
	showUsers: boolean;
	scroll: Scroll;
};

/**
 * The client: the connect form, then the room. Reads the terminal's size and keys; the
 * connection lives in `useChatClient`. Always exactly as tall as the terminal.
 */
export function ClientScreen(props: ClientScreenProps) {
	const {columns, rows} = useTerminalSize();
	const {exit} = useApp();
	const bell = useRef({on: props.bell, ring: props.ring});
	bell.current = {on: props.bell, ring: props.ring};
	const chat = useChatClient({
		scrollback: props.scrollback,
		seconds: props.seconds === true,
		...props.clientOptions,
		onAlert: () => {
			if (bell.current.on) (bell.current.ring ?? defaultRing)();
		},
	});

	const chatRef = useRef(chat);
	chatRef.current = chat;
	const form = useConnectForm(props, target => chatRef.current.connect(target));

	// Keys can arrive faster than React re-renders (typing fast, pasting, key repeat): the room's
	// handlers read and write this ref, which is always current, and then ask for a render.
	const ui = useRef<UiState | undefined>(undefined);
	ui.current ??= {
		line: EMPTY_LINE,
		history: EMPTY_HISTORY,
		completion: undefined,
		showUsers: true,
		scroll: {offset: 0, lastId: 0, newMessages: 0},
	};
	const state = ui.current;
	const keyCount = useRef(0);
	const drawFailed = useRef(false);
	const [uiProblem, setUiProblem] = useState<string | undefined>(undefined);
	const [, render] = useReducer((n: number) => n + 1, 0);
	const update = (patch: Partial<UiState>) => {
		Object.assign(state, patch);
		render();
	};

	const layout = roomLayout(columns, rows, state.showUsers, chat.users);
	const rowContext = {you: chat.you, width: layout.listWidth, seconds: chat.seconds};
	const layoutRef = useRef({layout, rowContext});
	layoutRef.current = {layout, rowContext};

	// New messages while scrolled up push the offset, so that the view stays where it is.
	const lastId = chat.entries.at(-1)?.id ?? 0;
	const scroll = state.scroll;
	if (lastId !== scroll.lastId) {
		if (scroll.offset > 0 && lastId > scroll.lastId) {
			const added = rowsAfter(chat.entries, scroll.lastId, rowContext);
			state.scroll = {offset: scroll.offset + added.rows, lastId, newMessages: scroll.newMessages + added.messages};
		} else {
			state.scroll = {offset: lastId < scroll.lastId ? 0 : scroll.offset, lastId, newMessages: 0};
		}
	}

	// Connect at once when everything was given on the command line.
	const started = useRef(false);
	useEffect(() => {
		if (started.current || !props.autoConnect) return;
		started.current = true;
		form.submit();
	}, []);

	// Phase changes are handled here, during render, not in an effect: a key pressed right after
	// the change must already find the new state.
	const phase = chat.phase;
	const previousPhase = useRef(phase);
	if (previousPhase.current !== phase) {
		// Back on the form, offer the name you ended with (after a /nick).
		if (previousPhase.current === 'room' && phase === 'form' && chat.you) form.offerName(chat.you);
		if (phase === 'room') {
			state.scroll = {...state.scroll, offset: 0, newMessages: 0};
			state.completion = undefined;
		}
		previousPhase.current = phase;
	}

	const retryAt = chat.status.state === 'reconnecting' ? chat.status.retryAt : undefined;
	const secondsLeft = useSecondsLeft(retryAt);
	const isReconnecting = (status: RoomState['status']) =>
		status.state === 'reconnecting' || (status.state === 'connecting' && status.attempt > 0);
	const reconnecting = isReconnecting(chat.status);
	const usersAvailable = columns >= USER_LIST_MIN_COLUMNS;

	const toggleUsers = () => update({showUsers: !state.showUsers});

	const scrollTo = (offset: number) => {
		const {layout: l, rowContext: context} = layoutRef.current;
		const clamped = visibleRows(chatRef.current.entries, context, l.listHeight, Math.max(0, offset)).offset;
		update({scroll: {offset: clamped, lastId: state.scroll.lastId, newMessages: clamped === 0 ? 0 : state.scroll.newMessages}});
	};

	const quitAndExit = () => {
		void chatRef.current.quit();
		exit();
	};
	useExitSignals(quitAndExit);

	// Ink unsubscribes a field's key handler in an effect, a moment after the form is busy or
	// gone: a key typed in that moment must not edit the form or connect again.
	const onFieldChange = (field: FormField, typed: string) => {
		setUiProblem(undefined);
		if (chatRef.current.phase === 'form') form.edit(field, typed);
	};
	const onFieldSubmit = () => {
		if (chatRef.current.phase === 'form') form.submit();
	};

	// The focused field's ink-text-input types, erases and submits; the screen moves the focus.
	const onFormKey = (key: Key) => {
		if ((key.tab && key.shift) || key.upArrow) form.move(-1);
		else if (key.tab || key.downArrow) form.move(1);
	};

	const onRoomKey = (input: string, key: Key) => {
		const c = chatRef.current;
		const {layout: l} = layoutRef.current;
		const {line, history} = state;
		if (key.escape) {
			if (isReconnecting(c.status) || c.status.state === 'failed') c.cancel();
			else if (state.scroll.offset > 0) scrollTo(0);
			return;
		}
		const page = Math.max(1, l.listHeight - 1);
		if (key.pageUp) return scrollTo(state.scroll.offset + page);
		if (key.pageDown) return scrollTo(state.scroll.offset - page);
		if (key.home) return scrollTo(Number.MAX_SAFE_INTEGER);
		if (key.end) return scrollTo(0);
		if ((key.ctrl && input === TOGGLE_USERS_CTRL) || key.name === 'f2') return toggleUsers();
		if (key.tab) {
			const nicks = rankNicks(
				c.recentSpeakers,
				c.users.map(u => u.name),
				c.you,
			);
			const result = completeInput(line.value, line.cursor, state.completion, nicks, COMMAND_NAMES);
			update({completion: result.completion, line: {value: result.value, cursor: result.cursor}});
			return;
		}
		state.completion = undefined;
		if (key.return) {
			const value = line.value;
			if (value.trim().length === 0) return;
			if (state.scroll.offset > 0) scrollTo(0);
			// Not sent (offline): the line stays, to send once back.
			const taken = c.submit(value);
			update({history: pushHistory(history, value), line: taken ? EMPTY_LINE : line});
			return;
		}
		if (key.upArrow || key.downArrow) {
			const step = key.upArrow ? historyUp(history, line.value) : historyDown(history);
			if (step) update({history: step.history, line: lineAt(step.value)});
			return;
		}
		const next = editLine(line, input, key);
		if (next && next !== line) update({line: next});
	};

	// A key handler that fails is a line in the room (or on the form); the connection and the
	// draft stay, and the next key is handled as usual.
	const onUiError = (error: unknown) => {
		const sentence = `that key could not be handled (${errorMessage(error)}); you are still connected and your draft is kept.`;
		if (chatRef.current.phase === 'room') chatRef.current.reportError(sentence);
		else setUiProblem(sentence);
	};
	useInputGuard(onUiError);

	// One key at a time, in order, even when several arrive in one read (fast typing, key
	// repeat, a paste, tmux send-keys).
	useKeyInput(
		(input, key) => {
			keyCount.current++;
			if (drawFailed.current) {
				drawFailed.current = false;
				render();
			}
			if (key.ctrl && input === 'c') return quitAndExit();
			const current = chatRef.current.phase;
			if (current === 'form') return onFormKey(key);
			if (current === 'connecting') {
				if (key.escape) chatRef.current.cancel();
				return;
			}
			onRoomKey(input, key);
		},
		{onError: onUiError},
	);

	// Rendering that fails stops here: the connection, the draft and the form's fields live
	// above, and the next key, message or resize tries again.
	const redraw = (content: React.ReactNode) => (
		<UiBoundary
			resetKey={`${keyCount.current}:${lastId}:${columns}x${rows}`}
			onError={() => {
				drawFailed.current = true;
			}}
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

	if (phase === 'room') {
		const scrolled = state.scroll.offset > 0;
		return redraw(
			<RoomView
				width={columns}
				height={rows}
				entries={chat.entries}
				users={chat.users}
				you={chat.you}
				host={chat.host}
				port={chat.port}
				server={chat.server}
				connection={connectionState(chat.status)}
				alert={connectionAlert(chat.status, chat.host, chat.port, secondsLeft, columns)}
				line={state.line}
				scrollOffset={state.scroll.offset}
				newMessages={state.scroll.newMessages}
				showUsers={state.showUsers}
				seconds={chat.seconds}
				hints={roomHints({scrolled, reconnecting, usersAvailable, showUsers: state.showUsers})}
			/>,
		);
	}
	const connecting = phase === 'connecting';
	return redraw(
		<Box width={columns} height={rows}>
			<ConnectForm
				width={columns}
				height={rows}
				fields={form.fields}
				focus={form.focus}
				onChange={onFieldChange}
				onSubmit={onFieldSubmit}
				error={form.problem ?? uiProblem ?? chat.formError}
				busy={
					connecting
						? `connecting to ${hostPort(form.fields.host.trim(), Number(form.fields.port.trim()))}… (Esc to cancel)`
						: undefined
				}
				{...(connecting ? {hints: CONNECTING_HINTS} : {})}
			/>
		</Box>,
	);
}
