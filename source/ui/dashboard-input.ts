import type {Completion} from './complete-nick.js';
import {EMPTY_LINE, editLine, lineAt, type LineState} from './line-editor.js';
import type {Feedback, OperatorResult} from './operator-commands.js';
import {completeOperatorLine} from './operator-completion.js';
import type {Key} from './parse-keys.js';
import type {Submission} from './room-input.js';
import {pageDown, pageUp, scrollHome, type LogAnchor, type LogEntry} from './server-log.js';
import {DEFAULT_SORT, nextSort, reverseSort, type ConnectionSort} from './sort-connections.js';

/** Everything the dashboard's keys change (a pure reducer's state, see `dashboardInput`). */
export type DashboardInputState = {
	/** The port form's field. */
	port: LineState;
	/** The last Enter on the port form, numbered, for the screen to start the server once. */
	portRequest: {id: number; text: string} | undefined;
	/** The port was edited since the last Enter: the last error is no longer about what is typed. */
	portEdited: boolean;
	/** The operator's command line. */
	line: LineState;
	completion: Completion | undefined;
	/** Commands sent with Enter, not yet run by the screen. */
	submitted: readonly Submission[];
	nextId: number;
	/** What the last command did. */
	feedback: Feedback | null;
	helpOpen: boolean;
	sort: ConnectionSort;
	tableScroll: number;
	logAnchor: LogAnchor;
	/** The newest log entry when the log was scrolled up: anything later is "new". */
	logSeenId: number;
	/** The room the log is filtered to (`/filter #room`), as the server spells it; null: every room. */
	logFilter: string | null;
};

export function initialDashboardInput(port: string): DashboardInputState {
	return {
		port: lineAt(port),
		portRequest: undefined,
		portEdited: false,
		line: EMPTY_LINE,
		completion: undefined,
		submitted: [],
		nextId: 1,
		feedback: null,
		helpOpen: false,
		sort: DEFAULT_SORT,
		tableScroll: 0,
		logAnchor: null,
		logSeenId: 0,
		logFilter: null,
	};
}

/** What a dashboard key needs to know, read when the key is handled. */
export type DashboardKeyContext = {
	/** The port form is shown (and takes the keys). */
	form: boolean;
	/** The log as shown (filtered). */
	log: readonly LogEntry[];
	columns: number;
	logRows: number;
	/** Rows the connections table can scroll. */
	maxTableScroll: number;
	/** Names of the connected members, for Tab. */
	names: () => readonly string[];
	/** Names of the rooms, for Tab after /notice and /filter. */
	rooms: () => readonly string[];
};

export type DashboardInputAction =
	| {type: 'key'; input: string; key: Key; context: DashboardKeyContext}
	/** The screen ran the commands up to this id; the last one's result. */
	| {type: 'ran'; upTo: number; result: OperatorResult}
	| {type: 'close-help'};

function setAnchor(state: DashboardInputState, next: LogAnchor, log: readonly LogEntry[]): DashboardInputState {
	// Leaving the bottom: what is on screen now is seen; anything later is "new".
	const logSeenId = state.logAnchor === null && next !== null ? (log.at(-1)?.id ?? 0) : state.logSeenId;
	return {...state, logAnchor: next, logSeenId};
}

function portKey(state: DashboardInputState, input: string, key: Key): DashboardInputState {
	if (key.return) return {...state, portEdited: false, portRequest: {id: (state.portRequest?.id ?? 0) + 1, text: state.port.value}};
	const next = editLine(state.port, input, key, {singleLine: true});
	if (!next || next === state.port) return state;
	return {...state, port: next, portEdited: state.portEdited || next.value !== state.port.value};
}

function operatorKey(state: DashboardInputState, input: string, key: Key, context: DashboardKeyContext): DashboardInputState {
	const {line} = state;
	const {log, columns, logRows} = context;
	if (key.return) {
		return {
			...state,
			line: EMPTY_LINE,
			completion: undefined,
			submitted: [...state.submitted, {id: state.nextId, text: line.value}],
			nextId: state.nextId + 1,
		};
	}
	if (key.escape) return {...state, helpOpen: false};
	// Tab completes what is typed (a name, a command); on an empty line it sorts the table.
	if (key.tab && line.value.trim().length > 0 && !key.shift) {
		const result = completeOperatorLine(line.value, line.cursor, state.completion, context.names(), context.rooms());
		return {...state, completion: result.completion, line: {value: result.value, cursor: result.cursor}};
	}
	if (key.tab) return {...state, sort: key.shift ? reverseSort(state.sort) : nextSort(state.sort), tableScroll: 0};
	if (key.upArrow) return {...state, tableScroll: Math.max(0, Math.min(state.tableScroll, context.maxTableScroll) - 1)};
	if (key.downArrow) return {...state, tableScroll: Math.min(state.tableScroll + 1, context.maxTableScroll)};
	if (key.pageUp) return setAnchor(state, pageUp(log, state.logAnchor, columns, logRows), log);
	if (key.pageDown) return setAnchor(state, pageDown(log, state.logAnchor, columns, logRows), log);
	if (key.home) return setAnchor(state, scrollHome(log, columns, logRows), log);
	if (key.end) return setAnchor(state, null, log);
	// One line per command: a paste's line breaks become spaces.
	const typed = key.name === 'paste' ? input.replace(/\r\n?|\n/g, ' ') : input;
	const next = editLine(line, typed, key, {singleLine: true});
	return next && next !== line ? {...state, line: next, completion: undefined} : state;
}

/**
 * The dashboard's keys, one at a time, each on the state the previous one left: on the port
 * form they edit the port (Enter asks to start); on the dashboard they edit the operator's
 * line (Enter queues the command for the screen to run), sort and scroll.
 */
export function dashboardInput(state: DashboardInputState, action: DashboardInputAction): DashboardInputState {
	switch (action.type) {
		case 'key':
			return action.context.form ? portKey(state, action.input, action.key) : operatorKey(state, action.input, action.key, action.context);
		case 'ran': {
			const {result} = action;
			const submitted = state.submitted.filter(s => s.id > action.upTo);
			if (result !== null && typeof result === 'object' && 'filter' in result) {
				// Another view of the log: it starts live, at the bottom.
				return {...state, submitted, helpOpen: false, feedback: result.feedback, logFilter: result.filter, logAnchor: null};
			}
			return {...state, submitted, helpOpen: result === 'help', feedback: result === 'help' ? null : result};
		}
		case 'close-help':
			return {...state, helpOpen: false};
	}
}
