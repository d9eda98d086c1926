import React, {useEffectEvent, useLayoutEffect, useMemo, useReducer, useState} from 'react';
import {useApp} from 'ink';
import {Dashboard, dashboardCaret} from '../components/dashboard.js';
import {PortForm, portFormCaret} from '../components/port-form.js';
import {useCaret} from '../hooks/use-caret.js';
import {useExitSignals} from '../hooks/use-exit-signals.js';
import {useChatServer} from '../hooks/use-chat-server.js';
import {useInputGuard, useKeyInput, type UiErrorHandler} from '../hooks/use-key-input.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import type {HostedServer} from '../server/hosted-server.js';
import {DEFAULT_SERVER_OPTIONS} from '../server/server-options.js';
import {dashboardInput, initialDashboardInput, type DashboardKeyContext} from '../ui/dashboard-input.js';
import {dashboardLayout} from '../ui/dashboard-layout.js';
import {filterLog} from '../ui/log-filter.js';
import {runOperatorCommand} from '../ui/operator-commands.js';
import {findRoom, sortRooms} from '../ui/room-columns.js';
import {formListenError, parsePortInput} from '../ui/port-input.js';

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
 * The server's full-screen dashboard: the port form when no port was given or the port could
 * not be had (with the reason), then the live room. Keys go to a pure reducer
 * (dashboard-input.ts); the commands it queues run here, after the render.
 */
export function ServerScreen({server: hosted, portGiven, onUiError}: ServerScreenProps) {
	const {exit} = useApp();
	const {columns, rows} = useTerminalSize();
	useInputGuard(onUiError);
	const {options} = hosted;
	const server = useChatServer(hosted, {autoStart: portGiven});
	const [input, dispatch] = useReducer(dashboardInput, String(options.port ?? DEFAULT_SERVER_OPTIONS.port), initialDashboardInput);
	// A port that is not a number, said on the form until the next Enter or edit.
	const [portProblem, setPortProblem] = useState<string | null>(null);
	const [quitting, setQuitting] = useState(false);

	// The form shows before the first start (no --port), while a start from it is under way, and
	// after any failed start, --port or not: the port can be fixed there.
	const showForm =
		server.status === 'failed' ||
		(server.status === 'idle' && !portGiven) ||
		(server.status === 'starting' && input.portRequest !== undefined);
	const layout = dashboardLayout(rows, server.connections.length, server.rooms.length);
	const log = useMemo(() => filterLog(server.log, input.logFilter), [server.log, input.logFilter]);

	const quit = () => {
		if (quitting) return;
		setQuitting(true);
		void server.shutdown().finally(() => {
			exit();
		});
	};
	useExitSignals(quit);

	// Enter on the port form: start (once per Enter).
	const startFromForm = useEffectEvent((text: string) => {
		if (!showForm || server.status === 'starting' || quitting) return;
		const parsed = parsePortInput(text);
		if ('error' in parsed) {
			setPortProblem(parsed.error);
			return;
		}
		setPortProblem(null);
		void server.start(parsed.port);
	});
	const portRequest = input.portRequest;
	useLayoutEffect(() => {
		if (portRequest) startFromForm(portRequest.text);
	}, [portRequest]);

	// Commands sent with Enter run here, in order, after the render that queued them.
	const runCommands = useEffectEvent(() => {
		if (input.submitted.length === 0) return;
		// Each result in turn: a /filter then a /notice in one read keep both effects.
		for (const {id, text} of input.submitted) {
			const result = runOperatorCommand(text, {
				listening: server.status === 'listening',
				kick: server.kick,
				notice: server.notice,
				drop: server.drop,
				online: () => hosted.stats()?.online ?? 0,
				// Asked now, not from the last poll: a room made a moment ago is there.
				room: name => findRoom(hosted.roomStats(), name),
			});
			dispatch({type: 'ran', upTo: id, result});
		}
	});
	useLayoutEffect(() => runCommands(), [input.submitted]);

	useKeyInput(
		(text, key) => {
			if (key.ctrl && text === 'c') return quit();
			if (quitting) return;
			const context: DashboardKeyContext = {
				form: showForm,
				log,
				columns,
				logRows: layout.logRows,
				maxTableScroll: Math.max(0, server.connections.length - layout.tableRows),
				names: () => server.connections.flatMap(c => (c.name === null ? [] : [c.name])),
				rooms: () => sortRooms(server.rooms).map(room => room.name),
			};
			dispatch({type: 'key', input: text, key, context});
		},
		{onError: onUiError},
	);

	const busy = server.status === 'starting';
	// A listen error or a port that is not a number, said until the port is edited.
	const portError = input.portEdited ? null : (portProblem ?? (server.status === 'failed' && server.error ? formListenError(server.error) : null));
	const form = {width: columns, height: rows, host: options.host ?? DEFAULT_SERVER_OPTIONS.host, line: input.port, error: portError, busy};
	useCaret(showForm ? portFormCaret(form) : quitting ? undefined : dashboardCaret(columns, rows, input.line), rows);

	if (showForm) return <PortForm {...form} />;

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
			rooms={server.rooms}
			sort={input.sort}
			tableScroll={input.tableScroll}
			log={log}
			logFilter={input.logFilter}
			logAnchor={input.logAnchor}
			logSeenId={input.logSeenId}
			line={input.line}
			feedback={input.feedback}
			helpOpen={input.helpOpen}
		/>
	);
}
