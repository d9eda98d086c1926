import type {Completion} from './complete-nick.js';
import {completeInput} from './complete-nick.js';
import {EMPTY_HISTORY, historyDown, historyUp, pushHistory} from './input-history.js';
import type {InputHistory} from './input-history.js';
import {EMPTY_LINE, editLine, lineAt} from './line-editor.js';
import type {LineState} from './line-editor.js';
import type {Key} from './parse-keys.js';

/** Where the message list is scrolled: `offset` rows up from the newest; `lastId` the newest entry seen. */
export type Scroll = {offset: number; lastId: number; newMessages: number};

/** A line sent with Enter, waiting for the screen to hand it to the client. */
export type Submission = {id: number; text: string};

/** Everything the room's keys change: a pure reducer's state (see `roomInput`). */
export type RoomInputState = {
	line: LineState;
	history: InputHistory;
	completion: Completion | undefined;
	showUsers: boolean;
	scroll: Scroll;
	/** Lines sent with Enter, oldest first, not yet handed to the client (it is not in the room yet, or this render has not). */
	submitted: readonly Submission[];
	nextId: number;
};

export const INITIAL_ROOM_INPUT: RoomInputState = {
	line: EMPTY_LINE,
	history: EMPTY_HISTORY,
	completion: undefined,
	showUsers: true,
	scroll: {offset: 0, lastId: 0, newMessages: 0},
	submitted: [],
	nextId: 1,
};

/** What a key needs to know about the screen, read when the key is handled. */
export type RoomKeyContext = {
	/** Candidates for Tab, best first. */
	nicks: () => readonly string[];
	commands: readonly string[];
	/** Rows that PgUp/PgDn move. */
	page: number;
	/** The nearest offset the message list can show. */
	clampScroll: (offset: number) => number;
};

export type RoomInputAction =
	| {type: 'key'; input: string; key: Key; context: RoomKeyContext}
	/** The client has the submissions up to this id. */
	| {type: 'handed'; upTo: number}
	/** A submission the client could not send (offline): back into the line, so nothing typed is lost. */
	| {type: 'restore'; text: string}
	/** New entries arrived: `added` rows and `messages` readable ones after the last seen id, or a reset (`lastId` went back). */
	| {type: 'entries'; lastId: number; added: {rows: number; messages: number}}
	/** The screen went to the room (a fresh view) or back to the form (unsent lines return to the line). */
	| {type: 'phase'; phase: 'form' | 'connecting' | 'room'}
	| {type: 'scroll-to'; offset: number};

const TOGGLE_USERS_CTRL = 'n';

function scrollTo(state: RoomInputState, offset: number): RoomInputState {
	const clamped = Math.max(0, offset);
	if (clamped === state.scroll.offset) return state;
	return {...state, scroll: {...state.scroll, offset: clamped, newMessages: clamped === 0 ? 0 : state.scroll.newMessages}};
}

/** Text back at the start of the line, before anything typed since. */
function restore(state: RoomInputState, text: string): RoomInputState {
	const {line} = state;
	if (line.value.length === 0) return {...state, line: lineAt(text)};
	return {...state, line: {value: `${text}\n${line.value}`, cursor: line.cursor + text.length + 1}};
}

function onKey(state: RoomInputState, input: string, key: Key, context: RoomKeyContext): RoomInputState {
	const {line, history} = state;
	const page = Math.max(1, context.page);
	if (key.escape) return scrollTo(state, 0);
	if (key.pageUp) return scrollTo(state, context.clampScroll(state.scroll.offset + page));
	if (key.pageDown) return scrollTo(state, context.clampScroll(state.scroll.offset - page));
	if (key.home) return scrollTo(state, context.clampScroll(Number.MAX_SAFE_INTEGER));
	if (key.end) return scrollTo(state, 0);
	if ((key.ctrl && input === TOGGLE_USERS_CTRL) || key.name === 'f2') return {...state, showUsers: !state.showUsers};
	if (key.tab) {
		const result = completeInput(line.value, line.cursor, state.completion, context.nicks(), context.commands);
		return {...state, completion: result.completion, line: {value: result.value, cursor: result.cursor}};
	}
	const done = state.completion === undefined ? state : {...state, completion: undefined};
	if (key.return) {
		if (line.value.trim().length === 0) return done;
		return {
			...done,
			history: pushHistory(history, line.value),
			line: EMPTY_LINE,
			scroll: {...state.scroll, offset: 0, newMessages: 0},
			submitted: [...state.submitted, {id: state.nextId, text: line.value}],
			nextId: state.nextId + 1,
		};
	}
	if (key.upArrow || key.downArrow) {
		const step = key.upArrow ? historyUp(history, line.value) : historyDown(history);
		return step ? {...done, history: step.history, line: lineAt(step.value)} : done;
	}
	const next = editLine(line, input, key);
	return next && next !== line ? {...done, line: next} : done;
}

/**
 * The room's input: one key at a time, each applied to the state the previous one left, however
 * fast they come (React's `useReducer` queues them). Enter does not send: it queues the line in
 * `submitted`, and the screen hands it to the client after the render (see `handed`, `restore`).
 */
export function roomInput(state: RoomInputState, action: RoomInputAction): RoomInputState {
	switch (action.type) {
		case 'key':
			return onKey(state, action.input, action.key, action.context);
		case 'handed':
			return {...state, submitted: state.submitted.filter(s => s.id > action.upTo)};
		case 'restore':
			return restore(state, action.text);
		case 'entries': {
			const {scroll} = state;
			if (action.lastId === scroll.lastId) return state;
			// New messages while scrolled up push the offset, so that the view stays where it is.
			if (scroll.offset > 0 && action.lastId > scroll.lastId)
				return {
					...state,
					scroll: {offset: scroll.offset + action.added.rows, lastId: action.lastId, newMessages: scroll.newMessages + action.added.messages},
				};
			return {...state, scroll: {offset: action.lastId < scroll.lastId ? 0 : scroll.offset, lastId: action.lastId, newMessages: 0}};
		}
		case 'phase':
			if (action.phase === 'room') return {...state, completion: undefined, scroll: {...state.scroll, offset: 0, newMessages: 0}};
			if (action.phase === 'form' && state.submitted.length > 0) {
				// Sent while connecting, and the connection never came: the lines go back to the line.
				const back = state.submitted.map(s => s.text).join('\n');
				return restore({...state, submitted: []}, back);
			}
			return state;
		case 'scroll-to':
			return scrollTo(state, action.offset);
	}
}
