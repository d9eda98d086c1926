import React, {useCallback, useRef, useState} from 'react';
import {useApp} from 'ink';
import {Dashboard} from '../components/dashboard.js';
import type {Feedback} from '../components/operator-line.js';
import {PortForm} from '../components/port-form.js';
import {useExitSignals} from '../hooks/use-exit-signals.js';
import {useChatServer, type ChatServerView} from '../hooks/use-chat-server.js';
import {useInputGuard, useKeyInput, type UiErrorHandler} from '../hooks/use-key-input.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import type {HostedServer} from '../server/hosted-server.js';
import {DEFAULT_SERVER_OPTIONS} from '../server/server-options.js';
import {dashboardLayout} from '../ui/dashboard-layout.js';
import {fieldInput} from '../ui/form-input.js';
import {EMPTY_LINE, editLine, type LineState} from '../ui/line-editor.js';
import type {Key} from '../ui/parse-keys.js';
import {parseOperatorCommand} from '../ui/operator-commands.js';
import {formListenError, parsePortInput} from '../ui/port-input.js';
import {pageDown, pageUp, scrollHome, type LogAnchor} from '../ui/server-log.js';
import {DEFAULT_SORT, nextSort, reverseSort, type ConnectionSort} from '../ui/sort-connections.js';

export type ServerScreenProps = {
	/** The server this dashboard shows and drives; it is owned outside, and outlives the screen. */
	server: HostedServer;
	/** The port came from the command line: listen at once. Otherwise ask for it first. */
	portGiven: boolean;
	/**
	 * Called when a key handler throws (the runner then falls back to headless output and the
	 * server keeps serving). Without it the error is thrown on.
	 */
	onUiError?: UiErrorHandler;
};

/**
 * A line being edited, mirrored in a ref: key handlers read the ref, so keys that arrive
 * faster than React re-renders (a paste followed by Enter) never act on a stale line.
 */
function useLine(initial: LineState): [LineState, React.MutableRefObject<LineState>, (next: LineState) => void] {
	const [line, setLineState] = useState(initial);
	const ref = useRef(initial);
	const setLine = useCallback((next: LineState) => {
		ref.current = next;
		setLineState(next);
	}, []);
	return [line, ref, setLine];
}

/** What the operator's command did, as the feedback line says it. */
function runCommand(text: string, server: ChatServerView): Feedback | 'help' | null {
	const command = parseOperatorCommand(text);
	switch (command.kind) {
		case 'empty': {
			return null;
		}
		case 'help': {
			return 'help';
		}
		case 'usage': {
			return {tone: 'error', text: command.message};
		}
		default: {
			break;
		}
	}
	if (server.status !== 'listening') {
		return {tone: 'error', text: 'the server is not listening, so there is no one to reach.'};
	}
	if (command.kind === 'kick') {
		return server.kick(command.name, command.reason)
			? {tone: 'info', text: `kicked ${command.name}${command.reason ? ` (${command.reason})` : ''}.`}
			: {tone: 'error', text: `no one called ${command.name} is online.`};
	}
	server.notice(command.text);
	const online = server.stats?.online ?? 0;
	return {tone: 'info', text: `notice sent to ${online} ${online === 1 ? 'person' : 'people'} online.`};
}

/** The server's full-screen dashboard: the port form when no port was given, then the live room. */
export function ServerScreen({server: hosted, portGiven, onUiError}: ServerScreenProps) {
	const {exit} = useApp();
	const {columns, rows} = useTerminalSize();
	useInputGuard(onUiError);
	const {options} = hosted;
	const server = useChatServer(hosted, {autoStart: portGiven});

	const [portText, setPortText] = useState(String(options.port ?? DEFAULT_SERVER_OPTIONS.port));
	const [formError, setFormError] = useState<string | null>(null);
	const [line, lineRef, setLine] = useLine(EMPTY_LINE);
	const [feedback, setFeedback] = useState<Feedback | null>(null);
	const [helpOpen, setHelpOpen] = useState(false);
	const [sort, setSort] = useState<ConnectionSort>(DEFAULT_SORT);
	const [tableScroll, setTableScroll] = useState(0);
	const [logAnchor, setLogAnchorState] = useState<LogAnchor>(null);
	const [logSeenId, setLogSeenId] = useState(0);
	const quittingRef = useRef(false);
	const [quitting, setQuitting] = useState(false);

	const showForm = !portGiven && (server.status === 'idle' || server.status === 'starting' || server.status === 'failed');
	// Ink unsubscribes the port field's key handler in an effect, a moment after the form is
	// gone: a key typed in that moment must not start the server again.
	const formShown = useRef(showForm);
	formShown.current = showForm;
	const layout = dashboardLayout(rows, server.connections.length);

	const setLogAnchor = (next: LogAnchor) => {
		// Leaving the bottom: what is on screen now is seen; anything later is "new".
		if (logAnchor === null && next !== null) setLogSeenId(server.log.at(-1)?.id ?? 0);
		setLogAnchorState(next);
	};

	const quit = () => {
		if (quittingRef.current) return;
		quittingRef.current = true;
		setQuitting(true);
		void server.shutdown().finally(() => {
			exit();
		});
	};

	useExitSignals(quit);

	const submitPort = (text: string) => {
		if (!formShown.current || server.status === 'starting') return;
		const parsed = parsePortInput(text);
		if ('error' in parsed) {
			setFormError(parsed.error);
			return;
		}
		setFormError(null);
		void server.start(parsed.port).then(error => {
			if (error) setFormError(formListenError(error));
		});
	};

	// ink-text-input's change to the port field; a line break in it submits.
	const editPort = (typed: string) => {
		if (!formShown.current) return;
		const {value, submitted} = fieldInput(typed);
		setPortText(value);
		if (submitted) submitPort(value);
	};

	const submitCommand = () => {
		const text = lineRef.current.value;
		setLine(EMPTY_LINE);
		const result = runCommand(text, server);
		setHelpOpen(result === 'help');
		setFeedback(result === 'help' ? null : result);
	};

	// Ink can call a key handler from an earlier render; this one always runs the latest.
	const onKey = (input: string, key: Key) => {
		if (key.ctrl && input === 'c') {
			quit();
			return;
		}
		// The port form's ink-text-input takes every other key.
		if (quittingRef.current || showForm) return;
		const logRows = layout.logRows;
		const maxScroll = Math.max(0, server.connections.length - layout.tableRows);
		if (key.return) {
			submitCommand();
		} else if (key.escape) {
			setHelpOpen(false);
		} else if (key.tab) {
			setSort(current => (key.shift ? reverseSort(current) : nextSort(current)));
			setTableScroll(0);
		} else if (key.upArrow) {
			setTableScroll(current => Math.max(0, Math.min(current, maxScroll) - 1));
		} else if (key.downArrow) {
			setTableScroll(current => Math.min(current + 1, maxScroll));
		} else if (key.pageUp) {
			setLogAnchor(pageUp(server.log, logAnchor, columns, logRows));
		} else if (key.pageDown) {
			setLogAnchor(pageDown(server.log, logAnchor, columns, logRows));
		} else if (key.home) {
			setLogAnchor(scrollHome(server.log, columns, logRows));
		} else if (key.end) {
			setLogAnchor(null);
		} else {
			const next = editLine(lineRef.current, input, key);
			if (next) setLine(next);
		}
	};
	const onKeyRef = useRef(onKey);
	onKeyRef.current = onKey;
	useKeyInput(useCallback((input: string, key: Key) => onKeyRef.current(input, key), []), {onError: onUiError});

	if (showForm) {
		return (
			<PortForm
				width={columns}
				height={rows}
				host={options.host ?? DEFAULT_SERVER_OPTIONS.host}
				value={portText}
				onChange={editPort}
				onSubmit={submitPort}
				error={formError}
				busy={server.status === 'starting'}
			/>
		);
	}

	return (
		<Dashboard
			width={columns}
			height={rows}
			now={server.now}
			header={{
				status: quitting && server.status === 'listening' ? 'stopping' : server.status,
				error: server.error,
				addresses: server.addresses,
				stats: server.stats,
				logLocation: server.logLocation,
			}}
			connections={server.connections}
			sort={sort}
			tableScroll={tableScroll}
			log={server.log}
			logAnchor={logAnchor}
			logSeenId={logSeenId}
			line={line}
			feedback={feedback}
			helpOpen={helpOpen}
			active={!quitting}
		/>
	);
}
