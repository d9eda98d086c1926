import type {Completion} from './complete-nick.js';
import {completeInput} from './complete-nick.js';
import {EMPTY_HISTORY, historyDown, historyUp, pushHistory} from './input-history.js';
import type {InputHistory} from './input-history.js';
import {EMPTY_LINE, editLine, lineAt} from './line-editor.js';
import type {LineState} from './line-editor.js';
import type {Key} from './parse-keys.js';
import type {RoomInfo} from '../protocol/frames.js';
import {bufferKeyTarget} from './buffer-keys.js';
import {INITIAL_ROOM_LIST, roomListKey, type RoomListView} from './room-list.js';
import {INITIAL_SEARCH_VIEW, searchViewKey, type SearchView} from './search-view.js';

/** Where the message list is scrolled: `offset` rows up from the newest; `lastId` the newest entry seen. */
export type Scroll = {offset: number; lastId: number; newMessages: number};

/** A line sent with Enter, waiting for the screen to hand it to the client. */
export type Submission = {id: number; text: string};

/** A line sent in the room: in buffer `buffer` (its key), where it goes whatever is shown by the time it is handed over. */
export type RoomSubmission = Submission & {buffer: string};

const LIVE: Scroll = {offset: 0, lastId: 0, newMessages: 0};

/** Everything the room's keys change: a pure reducer's state (see `roomInput`). */
export type RoomInputState = {
	line: LineState;
	history: InputHistory;
	completion: Completion | undefined;
	showUsers: boolean;
	/** Each buffer's scroll position, by buffer key (a buffer not here is live, at the newest). */
	scrolls: Readonly<Record<string, Scroll>>;
	/** The list of rooms (/list) while it is open: it takes the keys. */
	list: RoomListView | undefined;
	/** The last /list request the list was opened for (so that closing it does not open it again). */
	listSeen: number;
	/** Lines sent with Enter, oldest first, not yet handed to the client (it is not in the room yet, or this render has not). */
	submitted: readonly RoomSubmission[];
	nextId: number;
	/** Buffers (keys) scrolled past their top: older history to ask for, once the screen hands it over. */
	earlier: readonly string[];
	/** The search view (/search) while it is open: it takes the keys. */
	search: SearchView | undefined;
	/** The last /search the view was opened for. */
	searchSeen: number;
	/** Enter on a search result: its index in the results, for the screen to show (then `jumped`). */
	jump: number | undefined;
	/** The last jump the view was scrolled to (its `found.request`), so that it is scrolled to once. */
	foundShown: number;
};

export const INITIAL_ROOM_INPUT: RoomInputState = {
	line: EMPTY_LINE,
	history: EMPTY_HISTORY,
	completion: undefined,
	showUsers: true,
	scrolls: {},
	list: undefined,
	listSeen: 0,
	submitted: [],
	nextId: 1,
	earlier: [],
	search: undefined,
	searchSeen: 0,
	jump: undefined,
	foundShown: 0,
};

/** What a key needs to know about the screen, read when the key is handled. */
export type RoomKeyContext = {
	/** The key of the buffer shown when the key came (Enter sends there, PgUp scrolls it). */
	buffer: string;
	/** The rooms the open list shows (undefined while they are on their way). */
	rooms?: () => readonly RoomInfo[] | undefined;
	/** Candidates for Tab, best first. */
	nicks: () => readonly string[];
	commands: readonly string[];
	/** Rows that PgUp/PgDn move. */
	page: number;
	/** The nearest offset the message list can show. */
	clampScroll: (offset: number) => number;
	/**
	 * Whether the buffer shown can ask for older history (a room on a tcpchat/2 server, nothing
	 * on its way, its start not reached), and the offset that shows the "loading" row above
	 * its top when the view is at `offset` (undefined: the view does not reach the top).
	 */
	earlier?: (offset: number) => number | undefined;
	/** The open search view's results: how many, and the first to show so that `choice` is in view. */
	results?: {count: number; fit: (top: number, choice: number) => number};
};

export type RoomInputAction =
	| {type: 'key'; input: string; key: Key; context: RoomKeyContext}
	/** The client has the submissions up to this id. */
	| {type: 'handed'; upTo: number}
	/** A submission the client could not send (offline): back into the line, so nothing typed is lost. */
	| {type: 'restore'; text: string}
	/**
	 * Buffer `buffer` is shown with entries up to `lastId`: `added` rows and `messages` readable
	 * ones after the last id it saw, or a reset (`lastId` went back).
	 */
	| {type: 'entries'; buffer: string; lastId: number; added: {rows: number; messages: number}}
	/** The list of rooms was asked for (request number `request`), its filter prefilled with `filter`. */
	| {type: 'open-list'; request: number; filter: string}
	/** The screen went to the room (a fresh view) or back to the form (unsent lines return to the line). */
	| {type: 'phase'; phase: 'form' | 'connecting' | 'room'}
	/** The screen asked for the older history of the buffers in `earlier`. */
	| {type: 'earlier-handed'}
	/** A /search was sent (request number `request`): the view opens. */
	| {type: 'open-search'; request: number}
	/** The screen showed the result `jump` named. */
	| {type: 'jumped'}
	/** The buffer `buffer` shows the found message of jump `request`, at `offset`. */
	| {type: 'show-found'; buffer: string; offset: number; request: number};

/** Where buffer `key` is scrolled. */
export function scrollOf(state: Pick<RoomInputState, 'scrolls'>, key: string): Scroll {
	return state.scrolls[key] ?? LIVE;
}

function withScroll(state: RoomInputState, key: string, scroll: Scroll): RoomInputState {
	return {...state, scrolls: {...state.scrolls, [key]: scroll}};
}

function scrollTo(state: RoomInputState, key: string, offset: number): RoomInputState {
	const clamped = Math.max(0, offset);
	const scroll = scrollOf(state, key);
	if (clamped === scroll.offset) return state;
	return withScroll(state, key, {...scroll, offset: clamped, newMessages: clamped === 0 ? 0 : scroll.newMessages});
}

/** Text back at the start of the line, before anything typed since. */
function restore(state: RoomInputState, text: string): RoomInputState {
	const {line} = state;
	if (line.value.length === 0) return {...state, line: lineAt(text)};
	return {...state, line: {value: `${text}\n${line.value}`, cursor: line.cursor + text.length + 1}};
}

/**
 * PgUp or Home: past the top of a buffer that can page, the older history is asked for, and
 * the view moves up to show its "loading" row.
 */
function scrollUp(state: RoomInputState, key: string, offset: number, context: RoomKeyContext): RoomInputState {
	const loading = context.earlier?.(offset);
	if (loading === undefined) return scrollTo(state, key, offset);
	const asked = state.earlier.includes(key) ? state : {...state, earlier: [...state.earlier, key]};
	return scrollTo(asked, key, loading);
}

function onSearchKey(state: RoomInputState, view: SearchView, key: Key, context: RoomKeyContext): RoomInputState {
	const results = context.results ?? {count: 0, fit: (top: number) => top};
	const result = searchViewKey(view, key, results.count, context.page, results.fit);
	if (result.jump !== undefined) return {...state, search: undefined, jump: result.jump};
	return result.view === view ? state : {...state, search: result.view};
}

function onKey(state: RoomInputState, input: string, key: Key, context: RoomKeyContext): RoomInputState {
	if (state.list) return onListKey(state, state.list, input, key, context);
	if (state.search) return onSearchKey(state, state.search, key, context);
	const {line, history} = state;
	const page = Math.max(1, context.page);
	const here = context.buffer;
	const {offset} = scrollOf(state, here);
	if (key.escape) return scrollTo(state, here, 0);
	if (key.pageUp) return scrollUp(state, here, context.clampScroll(offset + page), context);
	if (key.pageDown) return scrollTo(state, here, context.clampScroll(offset - page));
	if (key.home) return scrollUp(state, here, context.clampScroll(Number.MAX_SAFE_INTEGER), context);
	if (key.end) return scrollTo(state, here, 0);
	if (key.name === 'f2') return {...state, showUsers: !state.showUsers};
	// The screen switches buffers with these before they reach here; one that slips through
	// (the list closing in the same read) must not type its digit.
	if (bufferKeyTarget(input, key)) return state;
	if (key.tab) {
		const result = completeInput(line.value, line.cursor, state.completion, context.nicks(), context.commands);
		return {...state, completion: result.completion, line: {value: result.value, cursor: result.cursor}};
	}
	const done = state.completion === undefined ? state : {...state, completion: undefined};
	if (key.return) {
		if (line.value.trim().length === 0) return done;
		return {
			...withScroll(done, here, {...scrollOf(state, here), offset: 0, newMessages: 0}),
			history: pushHistory(history, line.value),
			line: EMPTY_LINE,
			submitted: [...state.submitted, {id: state.nextId, text: line.value, buffer: here}],
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

/** A key while the list of rooms is open: it browses, filters, joins (as a typed /join) or closes. */
function onListKey(state: RoomInputState, list: RoomListView, input: string, key: Key, context: RoomKeyContext): RoomInputState {
	const result = roomListKey(list, input, key, context.rooms?.(), context.page);
	if (result.join !== undefined)
		return {
			...state,
			list: undefined,
			submitted: [...state.submitted, {id: state.nextId, text: `/join ${result.join}`, buffer: context.buffer}],
			nextId: state.nextId + 1,
		};
	return result.list === list ? state : {...state, list: result.list};
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
			const scroll = scrollOf(state, action.buffer);
			if (action.lastId === scroll.lastId) return state;
			// New messages while scrolled up push the offset, so that the view stays where it is.
			if (scroll.offset > 0 && action.lastId > scroll.lastId)
				return withScroll(state, action.buffer, {
					offset: scroll.offset + action.added.rows,
					lastId: action.lastId,
					newMessages: scroll.newMessages + action.added.messages,
				});
			return withScroll(state, action.buffer, {offset: action.lastId < scroll.lastId ? 0 : scroll.offset, lastId: action.lastId, newMessages: 0});
		}
		case 'open-list':
			if (action.request <= state.listSeen) return state;
			return {...state, listSeen: action.request, list: {...INITIAL_ROOM_LIST, filter: lineAt(action.filter)}};
		case 'earlier-handed':
			return state.earlier.length === 0 ? state : {...state, earlier: []};
		case 'open-search':
			if (action.request <= state.searchSeen) return state;
			return {...state, searchSeen: action.request, search: INITIAL_SEARCH_VIEW, list: undefined};
		case 'jumped':
			return {...state, jump: undefined};
		case 'show-found': {
			if (action.request <= state.foundShown) return state;
			const scroll = scrollOf(state, action.buffer);
			return {...withScroll(state, action.buffer, {...scroll, offset: action.offset, newMessages: action.offset === 0 ? 0 : scroll.newMessages}), foundShown: action.request};
		}
		case 'phase':
			if (action.phase === 'room') return {...state, completion: undefined, scrolls: {}, list: undefined, search: undefined, earlier: [], jump: undefined};
			if (action.phase === 'form' && state.submitted.length > 0) {
				// Sent while connecting, and the connection never came: the lines go back to the line.
				const back = state.submitted.map(s => s.text).join('\n');
				return restore({...state, submitted: []}, back);
			}
			return state;
	}
}
