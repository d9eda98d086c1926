import type {ClientActivity, ClientStatus} from '../client/chat-client.js';
import type {OutboxProgress} from '../client/outbox.js';
import {roomErrorSentence} from '../client/connect-error.js';
import {hostPort} from '../protocol/host-port.js';
import type {
	AwayFrame,
	DmFrame,
	ErrorFrame,
	HistoryFrame,
	JoinedFrame,
	ResultsFrame,
	RoomEvent,
	RoomInfo,
	UserInfo,
	WelcomeFrame,
} from '../protocol/frames.js';
import {DEFAULT_HISTORY_PAGE, MAX_HISTORY_PAGE} from '../protocol/limits.js';
import {MAX_TOPIC_CHARS, PROTOCOL_VERSION} from '../protocol/limits.js';
import {nameKey} from '../protocol/names.js';
import {oneLineReason, sanitiseName, sanitiseText} from '../protocol/sanitise.js';
import type {ChatEntry, ChatEntryData} from '../ui/chat-entry.js';
import {frameEntry, newHistoryEvents, roomEventEntry} from '../ui/chat-entry.js';
import {mentions} from '../ui/mention.js';
import type {SearchResult, SearchState} from '../ui/search-view.js';
import {
	addEntry,
	type BufferDraft,
	type BufferTarget,
	type ChatBuffer,
	close,
	dmBufferKey,
	type DraftBuffer,
	edit,
	finishBuffers,
	EARLIER_IDLE,
	newBuffer,
	oldestSeq,
	open,
	prependEntry,
	roomBufferKey,
	show,
	targetKey,
} from './chat-buffers.js';

export type {ChatBuffer} from './chat-buffers.js';
export type {SearchResult, SearchState} from '../ui/search-view.js';

export type ChatPhase = 'form' | 'connecting' | 'room';

/**
 * Everything the client screen shows, kept by `useChatClient` and changed only by the pure
 * functions below (so they are tested without React or sockets): a buffer per room and per
 * private conversation, the one shown (`current`), and what is the connection's.
 */
export type RoomState = {
	phase: ChatPhase;
	status: ClientStatus;
	host: string;
	port: number;
	/** Why the last connection attempt failed, for the connect form. */
	formError: string | undefined;
	/** In the order they were opened; the room bar numbers them from 1. */
	buffers: ChatBuffer[];
	/** The key of the buffer shown ('' when there is none). */
	current: string;
	/** The id of the next entry, in whichever buffer: ids only grow. */
	nextId: number;
	you: string;
	server: string;
	/** The version the last welcome chose: 1 is a server with one room (no join, part, topic, list). */
	proto: number;
	/** Most recent first, for Tab completion. */
	recentSpeakers: string[];
	/** One more per mention or private message from someone else: the screen rings the bell. */
	alerts: number;
	/** Names whose messages and private messages are not shown (/ignore), as typed or renamed to. */
	ignored: string[];
	/** Timestamps with seconds (/seconds, --seconds). */
	seconds: boolean;
	/** The messages on their way to the server ("sending 3/7"). */
	outbox: OutboxProgress;
	/** Buffer keys of the rooms /join asked for, whose answer has not come yet. */
	joining: readonly string[];
	/**
	 * Private messages sent with /msg from another buffer, oldest first (`to`: the name key,
	 * `buffer`: where it was typed): when the server's echo comes, it shows there as well as in
	 * the conversation's own buffer, so that the sender sees it went.
	 */
	echoes: Array<{to: string; buffer: string}>;
	/**
	 * The answer to the last /list (`rooms` undefined while it is on its way); `request` counts
	 * the /list asked, `filter` is what the list's filter starts with (`/list dev`).
	 */
	roomList: {request: number; rooms: RoomInfo[] | undefined; filter: string};
	/** The last /search and its answer (the search view shows it). */
	search: SearchState;
	/** Jumps to a search result so far (each buffer's `found` carries the number of its own). */
	jumps: number;
};

export const NO_SEARCH: SearchState = {request: 0, text: '', room: undefined, status: 'idle', results: [], partial: false, message: ''};

/** A page of history to ask for: the client sends it, the state already shows it loading. */
export type EarlierRequest = {room: string; before: number | undefined; limit: number};

export const INITIAL_ROOM_STATE: RoomState = {
	phase: 'form',
	status: {state: 'idle'},
	host: '',
	port: 0,
	formError: undefined,
	buffers: [],
	current: '',
	nextId: 1,
	you: '',
	server: '',
	proto: PROTOCOL_VERSION,
	recentSpeakers: [],
	alerts: 0,
	ignored: [],
	seconds: false,
	outbox: {done: 0, total: 0, waiting: false},
	joining: [],
	echoes: [],
	roomList: {request: 0, rooms: undefined, filter: ''},
	search: NO_SEARCH,
	jumps: 0,
};

/** What the screen shows when there is no buffer at all (never in a room yet). */
const NO_BUFFER: ChatBuffer = {...newBuffer('room', ''), key: '', member: false};

/** The buffer shown. */
export function currentBuffer(state: Pick<RoomState, 'buffers' | 'current'>): ChatBuffer {
	return state.buffers.find(b => b.key === state.current) ?? state.buffers[0] ?? NO_BUFFER;
}

const MAX_RECENT = 50;

/** Above the history a welcome or a join brings: what follows is from before you came. */
const EARLIER_RULE = '── earlier messages ──';

type Draft = Omit<RoomState, 'buffers' | 'current' | 'nextId'> & BufferDraft;

function start(state: RoomState): Draft {
	return {...state, buffers: [...state.buffers], drafts: new Set()};
}

function finish(draft: Draft, scrollback: number): RoomState {
	const {drafts: _, ...rest} = draft;
	return {...rest, buffers: finishBuffers(draft, scrollback)};
}

function now(): number {
	return Date.now();
}

function isMe(draft: Pick<RoomState, 'you'>, name: string): boolean {
	return nameKey(name) === nameKey(draft.you);
}

function isIgnored(state: Pick<RoomState, 'ignored'>, name: string): boolean {
	const key = nameKey(name);
	return state.ignored.some(n => nameKey(n) === key);
}

function cleanUser(u: UserInfo): UserInfo {
	const user: UserInfo = {name: sanitiseName(u.name), since: u.since};
	const away = u.away === undefined ? '' : oneLineReason(u.away);
	if (away) user.away = away;
	return user;
}

/** The buffer shown, as a draft: where answers, local lines and news without a room go. */
function here(draft: Draft): DraftBuffer | undefined {
	return edit(draft, draft.current) ?? (draft.buffers[0] ? edit(draft, draft.buffers[0].key) : undefined);
}

function line(draft: Draft, buffer: DraftBuffer | undefined, kind: 'info' | 'error', text: string): void {
	if (buffer) addEntry(draft, buffer, {kind, ts: now(), text});
}

/** A history event as an entry; `own` and `mention` decided now, as for live ones. */
function historyEntry(draft: Draft, event: RoomEvent): ChatEntryData {
	const data = roomEventEntry(event, true);
	if (data.kind === 'msg') {
		data.own = isMe(draft, data.from);
		data.mention = !data.own && mentions(data.text, draft.you);
	}
	return data;
}

/**
 * Shows the events of a room's history not already in `buffer`, under a rule. History of a
 * room just joined is from before you came, so it is not unread; history merged after a
 * reconnect is what you missed, and counts.
 */
function mergeHistory(draft: Draft, buffer: DraftBuffer, history: readonly RoomEvent[], missed: boolean): void {
	const fresh = newHistoryEvents(history, buffer.seen).filter(e => !(e.type === 'msg' && isIgnored(draft, e.from)));
	if (fresh.length === 0) return;
	line(draft, buffer, 'info', missed ? '── while you were away ──' : EARLIER_RULE);
	for (const event of fresh) addEntry(draft, buffer, historyEntry(draft, event), missed);
}

/** A room's members and topic as a welcome or a joined frame has them. */
function refreshRoom(buffer: DraftBuffer, room: Omit<JoinedFrame, 'type'>): void {
	buffer.name = sanitiseName(room.room);
	buffer.users = room.users.map(cleanUser);
	buffer.topic = oneLineReason(room.topic, MAX_TOPIC_CHARS);
	buffer.member = true;
}

function welcome(draft: Draft, frame: WelcomeFrame, reconnected: boolean): void {
	draft.you = sanitiseName(frame.you);
	draft.server = sanitiseName(frame.server);
	draft.proto = frame.proto;
	const where = hostPort(draft.host, draft.port);
	if (!reconnected) {
		draft.buffers = [];
		draft.drafts.clear();
		draft.current = '';
		draft.joining = [];
		frame.rooms.forEach((room, index) => {
			const buffer = open(draft, newBuffer('room', sanitiseName(room.room)));
			if (index === 0) draft.current = buffer.key;
			refreshRoom(buffer, room);
			mergeHistory(draft, buffer, room.history, false);
			line(draft, buffer, 'info', index === 0 ? `joined ${where} as ${draft.you}` : `joined ${buffer.name}`);
			if (buffer.topic) line(draft, buffer, 'info', `topic: ${buffer.topic}`);
			if (index === 0 && frame.motd) addEntry(draft, buffer, {kind: 'notice', ts: now(), text: sanitiseText(frame.motd)});
		});
		if (frame.rooms.length === 0) {
			const buffer = open(draft, {...newBuffer('room', '#general'), member: false});
			draft.current = buffer.key;
			line(draft, buffer, 'error', `joined ${where} as ${draft.you}, but in no room — /join #room`);
		}
		return;
	}
	// Back after a loss: every buffer stays; each room gets what it missed. A /join on its way
	// when the connection went was lost with it (the room shows as not joined, below).
	draft.joining = [];
	const back = new Set<string>();
	for (const room of frame.rooms) {
		const key = roomBufferKey(room.room);
		back.add(key);
		const buffer = edit(draft, key) ?? open(draft, newBuffer('room', sanitiseName(room.room)));
		refreshRoom(buffer, room);
		mergeHistory(draft, buffer, room.history, true);
		line(draft, buffer, 'info', `reconnected to ${where} as ${draft.you}`);
	}
	for (const {key, kind} of [...draft.buffers]) {
		if (back.has(key)) continue;
		const buffer = edit(draft, key)!;
		if (kind === 'dm') {
			line(draft, buffer, 'info', `reconnected to ${where} as ${draft.you}`);
		} else if (buffer.member) {
			buffer.member = false;
			buffer.users = [];
			line(draft, buffer, 'error', `reconnected, but not back in ${buffer.name} — /join ${buffer.name} to try again`);
		}
	}
}

function status(draft: Draft, next: ClientStatus): void {
	draft.status =
		next.state === 'reconnecting'
			? {
					...next,
					reason: sanitiseText(next.reason),
					...(next.nameTaken === undefined ? {} : {nameTaken: sanitiseName(next.nameTaken)}),
				}
			: next;
	switch (next.state) {
		case 'connecting':
			if (next.attempt === 0) {
				draft.phase = 'connecting';
				draft.formError = undefined;
				draft.host = next.host;
				draft.port = next.port;
			}
			break;
		case 'joined':
			draft.phase = 'room';
			welcome(draft, next.welcome, next.reconnected);
			break;
		case 'reconnecting':
			// Said once, when the connection goes, in every buffer: each has a gap from here on
			// (later attempts only update the countdown).
			if (next.attempt === 1) {
				const text = sanitiseText(`connection lost: ${next.reason}`);
				for (const {key} of [...draft.buffers]) line(draft, edit(draft, key), 'error', text);
			}
			break;
		case 'failed': {
			// The message may quote the server (a refusal, a kick's reason): clean it like any remote text.
			const message = sanitiseText(next.message);
			draft.status = {state: 'failed', message};
			if (draft.phase === 'room') {
				// Nobody is known to be anywhere any more: the lists would claim what we cannot see.
				for (const {key, kind} of [...draft.buffers]) if (kind === 'room') edit(draft, key)!.users = [];
				// The reason is said once, here; the status row only says what happened and what to do.
				const text = next.kicked ? `${message}: ${oneLineReason(next.kicked.reason)}` : `connection lost: ${message}`;
				line(draft, here(draft), 'error', text);
			} else {
				draft.phase = 'form';
				draft.formError = message;
			}
			break;
		}
		case 'closed':
			draft.phase = 'form';
			break;
		case 'idle':
			break;
	}
}

function touchSpeaker(draft: Draft, name: string): void {
	const key = nameKey(name);
	draft.recentSpeakers = [name, ...draft.recentSpeakers.filter(n => nameKey(n) !== key)].slice(0, MAX_RECENT);
}

/** A rename, wherever it was seen first: every list that holds the old name follows it. */
function renamed(draft: Draft, from: string, to: string): void {
	const fromKey = nameKey(from);
	draft.recentSpeakers = draft.recentSpeakers.map(n => (nameKey(n) === fromKey ? to : n));
	// Ignoring follows the person, not the name.
	draft.ignored = draft.ignored.map(n => (nameKey(n) === fromKey ? to : n));
	if (fromKey === nameKey(draft.you)) {
		draft.you = to;
		return;
	}
	// The private conversation follows its person too (once: the other rooms' nick events find it renamed).
	const conversation = edit(draft, dmBufferKey(from));
	if (!conversation || fromKey === nameKey(to) || draft.buffers.some(b => b.key === dmBufferKey(to))) {
		if (conversation) conversation.name = to;
		return;
	}
	const wasShown = draft.current === conversation.key;
	conversation.key = dmBufferKey(to);
	conversation.name = to;
	if (wasShown) draft.current = conversation.key;
	line(draft, conversation, 'info', `${from} is now ${to}`);
}

function joinedRoom(draft: Draft, frame: JoinedFrame): void {
	const key = roomBufferKey(frame.room);
	const existing = edit(draft, key);
	// A buffer opened by /join a moment ago is not one we were in.
	const asked = draft.joining.includes(key);
	const wasMember = existing?.member === true && !asked;
	const buffer = existing ?? open(draft, newBuffer('room', sanitiseName(frame.room)));
	refreshRoom(buffer, frame);
	mergeHistory(draft, buffer, frame.history, existing !== undefined && !asked);
	if (!wasMember) {
		const count = buffer.users.length;
		line(draft, buffer, 'info', `you joined ${buffer.name} · ${count} ${count === 1 ? 'member' : 'members'}`);
		if (buffer.topic) line(draft, buffer, 'info', `topic: ${buffer.topic}`);
	}
	if (asked) draft.joining = draft.joining.filter(k => k !== key);
}

function roomEvent(draft: Draft, event: RoomEvent): void {
	const buffer = edit(draft, roomBufferKey(event.room));
	// Events of a room we have no buffer for (it was just left): nothing to show them in.
	if (!buffer || buffer.seen.get(event.seq) === event.ts) return;
	if (event.type === 'join' && isMe(draft, event.name)) {
		// Our own join follows the joined frame (or the welcome), which already said so.
		buffer.seen.set(event.seq, event.ts);
		return;
	}
	if (event.type === 'leave' && event.reason === 'part' && isMe(draft, event.name)) {
		const name = buffer.name;
		close(draft, buffer.key);
		line(draft, here(draft), 'info', event.text ? `you left ${name}: ${oneLineReason(event.text)}` : `you left ${name}`);
		return;
	}
	if (event.type === 'leave' && event.reason === 'dropped' && isMe(draft, event.name)) {
		// The buffer stays, to read what was said, but no longer as a member: the room is gone.
		buffer.seen.set(event.seq, event.ts);
		buffer.member = false;
		buffer.users = [];
		const why = event.text ? `: ${oneLineReason(event.text)}` : '';
		line(draft, buffer, 'error', `the operator removed ${buffer.name}${why} — you are no longer in it (/join ${buffer.name} makes it anew)`);
		return;
	}
	const data = roomEventEntry(event);
	if (data.kind === 'msg') {
		if (isIgnored(draft, data.from)) {
			buffer.seen.set(data.seq, data.ts);
			return;
		}
		data.own = isMe(draft, data.from);
		data.mention = !data.own && mentions(data.text, draft.you);
	}
	const entry = addEntry(draft, buffer, data);
	switch (entry.kind) {
		case 'msg':
			if (!entry.own) touchSpeaker(draft, entry.from);
			if (entry.mention) draft.alerts += 1;
			break;
		case 'join':
			if (!buffer.users.some(u => nameKey(u.name) === nameKey(entry.name)))
				buffer.users = [...buffer.users, {name: entry.name, since: entry.ts}];
			break;
		case 'leave':
			buffer.users = buffer.users.filter(u => nameKey(u.name) !== nameKey(entry.name));
			break;
		case 'nick': {
			const fromKey = nameKey(entry.from);
			buffer.users = buffer.users.map(u => (nameKey(u.name) === fromKey ? {...u, name: entry.to} : u));
			renamed(draft, entry.from, entry.to);
			break;
		}
		case 'topic':
			buffer.topic = entry.text;
			break;
		default:
			break;
	}
}

function privateMessage(draft: Draft, frame: DmFrame): void {
	const data = frameEntry(frame);
	if (data?.kind !== 'dm') return;
	const outgoing = isMe(draft, data.from);
	if (!outgoing && isIgnored(draft, data.from)) return;
	data.outgoing = outgoing;
	const other = outgoing ? data.to : data.from;
	const buffer = edit(draft, dmBufferKey(other)) ?? open(draft, newBuffer('dm', other));
	addEntry(draft, buffer, data);
	const echo = outgoing ? draft.echoes.findIndex(e => e.to === nameKey(other)) : -1;
	if (echo !== -1) {
		const typedIn = edit(draft, draft.echoes[echo]!.buffer);
		draft.echoes = draft.echoes.filter((_, i) => i !== echo);
		if (typedIn && typedIn !== buffer) addEntry(draft, typedIn, data);
	}
	if (!outgoing) {
		draft.alerts += 1;
		touchSpeaker(draft, data.from);
	}
}

function away(draft: Draft, frame: AwayFrame): void {
	const data = frameEntry(frame);
	if (data?.kind !== 'away') return;
	const key = nameKey(data.name);
	data.own = key === nameKey(draft.you);
	const inRoom = (b: ChatBuffer) => b.kind === 'room' && b.users.some(u => nameKey(u.name) === key);
	for (const {key: bufferKey} of draft.buffers.filter(inRoom)) {
		const buffer = edit(draft, bufferKey)!;
		buffer.users = buffer.users.map(u => {
			if (nameKey(u.name) !== key) return u;
			const {away: _, ...rest} = u;
			return data.text ? {...rest, away: data.text} : rest;
		});
	}
	// Said once: where you are if they are there too (or it is your conversation with them: the
	// answer to a /msg typed here), else in your conversation with them, else where you see them.
	const shown = here(draft);
	const seen = draft.buffers.find(inRoom);
	const target =
		data.own || (shown && (inRoom(shown) || shown.key === dmBufferKey(data.name)))
			? shown
			: (edit(draft, dmBufferKey(data.name)) ?? (seen ? edit(draft, seen.key) : shown));
	if (target) addEntry(draft, target, data);
}

/** Most /msg echoes waited for: a refusal names no addressee, so the oldest go first. */
const MAX_ECHOES = 20;

function error(draft: Draft, frame: ErrorFrame): void {
	const text = sanitiseText(roomErrorSentence(frame));
	// The private message refused was the oldest on its way.
	if (frame.code === 'no_such_user') draft.echoes = draft.echoes.slice(1);
	if (frame.room === undefined) return line(draft, here(draft), 'error', text);
	const key = roomBufferKey(frame.room);
	const buffer = edit(draft, key);
	if (draft.joining.includes(key)) {
		// The join was refused: the buffer stays, not joined, saying why.
		draft.joining = draft.joining.filter(k => k !== key);
		if (buffer) buffer.member = false;
	}
	line(draft, buffer ?? here(draft), 'error', text);
}

function frame(draft: Draft, activity: Extract<ClientActivity, {kind: 'frame'}>): void {
	const f = activity.frame;
	switch (f.type) {
		case 'welcome':
		case 'ping':
		case 'pong':
			return;
		case 'history':
			return earlierPage(draft, f);
		case 'results':
			return searchResults(draft, f);
		case 'joined':
			return joinedRoom(draft, f);
		case 'users': {
			const users = f.users.map(cleanUser);
			const buffer = edit(draft, roomBufferKey(f.room));
			if (buffer) buffer.users = users;
			const names = users.map(u => (u.away ? `${u.name} (away)` : u.name)).sort((a, b) => a.localeCompare(b));
			const where = buffer ? ` in ${buffer.name}` : '';
			return line(draft, buffer ?? here(draft), 'info', `online${where} (${names.length}): ${names.join(', ')}`);
		}
		case 'rooms':
			draft.roomList = {
				...draft.roomList,
				rooms: f.rooms.map(r => ({name: sanitiseName(r.name), topic: oneLineReason(r.topic, MAX_TOPIC_CHARS), users: r.users})),
			};
			return;
		case 'error':
			return error(draft, f);
		case 'notice': {
			const buffer = (f.room === undefined ? undefined : edit(draft, roomBufferKey(f.room))) ?? here(draft);
			if (buffer) addEntry(draft, buffer, {kind: 'notice', ts: f.ts, text: sanitiseText(f.text)});
			return;
		}
		case 'dm':
			return privateMessage(draft, f);
		case 'away':
			return away(draft, f);
		case 'nick':
			if (!('seq' in f)) {
				// Our own rename while in no room: nobody else was told.
				const to = sanitiseName(f.to);
				renamed(draft, sanitiseName(f.from), to);
				return line(draft, here(draft), 'info', `you are now ${to}`);
			}
			return roomEvent(draft, f);
		default:
			return roomEvent(draft, f);
	}
}

function outbox(draft: Draft, activity: Extract<ClientActivity, {kind: 'outbox'}>): void {
	draft.outbox = activity.progress;
	const {unsent, left} = activity;
	if (!unsent) return;
	const what = `${unsent} message${unsent === 1 ? ' was' : 's were'} not sent`;
	if (left !== undefined) return line(draft, here(draft), 'error', `${what}: you left ${sanitiseName(left)} first`);
	line(draft, here(draft), 'error', `${what}: the connection is gone (Up brings back what you typed)`);
}

/**
 * A page of a room's older history: before everything the buffer holds, without what it has
 * already. Taken only while the buffer waits for one (or its last one was thought refused):
 * an answer for a buffer closed (or opened again) since is dropped.
 */
function earlierPage(draft: Draft, page: HistoryFrame): void {
	const buffer = edit(draft, roomBufferKey(page.room));
	if (!buffer || (buffer.earlier.state !== 'loading' && buffer.earlier.state !== 'failed')) return;
	const towards = buffer.earlier.state === 'loading' ? buffer.earlier.towards : undefined;
	const fresh = newHistoryEvents(page.events, buffer.seen).filter(e => !(e.type === 'msg' && isIgnored(draft, e.from)));
	// The welcome's "earlier messages" rule no longer begins anything: older ones go above it.
	const first = buffer.entries[0];
	if (fresh.length > 0 && first?.kind === 'info' && first.text === EARLIER_RULE) buffer.entries = buffer.entries.slice(1);
	for (const event of fresh) prependEntry(draft, buffer, historyEntry(draft, event));
	// Ignored messages count as held: a jump to one stops, like a page that reached it.
	for (const event of page.events) buffer.seen.set(event.seq, event.ts);
	if (!page.more) buffer.earlier = {state: 'start'};
	else if (towards !== undefined && !page.events.some(e => e.seq <= towards)) buffer.earlier = {state: 'idle', towards};
	else buffer.earlier = EARLIER_IDLE;
}

function searchResults(draft: Draft, frame: ResultsFrame): void {
	if (draft.search.status !== 'searching' || frame.text !== draft.search.text) return;
	const results: SearchResult[] = [];
	for (const event of frame.events) {
		if (event.type !== 'msg') continue;
		const entry = roomEventEntry(event);
		if (entry.kind !== 'msg') continue;
		const result: SearchResult = {room: sanitiseName(event.room), seq: entry.seq, ts: entry.ts, from: entry.from, text: entry.text, action: entry.action};
		if (entry.notice) result.notice = true;
		results.push(result);
	}
	draft.search = {...draft.search, status: 'done', results, partial: frame.partial === true};
}

function refused(draft: Draft, activity: Extract<ClientActivity, {kind: 'refused'}>): void {
	const message = sanitiseText(activity.message);
	const {request} = activity;
	if (request.type === 'search') {
		if (draft.search.status === 'searching' && request.text === draft.search.text) draft.search = {...draft.search, status: 'failed', message};
		return;
	}
	const buffer = edit(draft, roomBufferKey(request.room));
	if (buffer?.earlier.state === 'loading') buffer.earlier = {state: 'failed', message};
}

/** Applies a batch of client activity. */
export function applyActivities(state: RoomState, batch: readonly ClientActivity[], scrollback: number): RoomState {
	const draft = start(state);
	for (const activity of batch) {
		if (activity.kind === 'status') status(draft, activity.status);
		else if (activity.kind === 'outbox') outbox(draft, activity);
		else if (activity.kind === 'refused') refused(draft, activity);
		else frame(draft, activity);
	}
	return finish(draft, scrollback);
}

/** A change made on this screen (not by the server), applied like a batch. */
function change(state: RoomState, scrollback: number, apply: (draft: Draft) => void): RoomState {
	const draft = start(state);
	apply(draft);
	return finish(draft, scrollback);
}

/** Adds local lines (command feedback, help) to the buffer shown. */
export function addLocal(
	state: RoomState,
	lines: readonly {kind: 'info' | 'error'; text: string; label?: string}[],
	scrollback: number,
): RoomState {
	return change(state, scrollback, draft => {
		const buffer = here(draft);
		if (!buffer) return;
		for (const l of lines) {
			if (l.kind === 'info' && l.label) addEntry(draft, buffer, {kind: 'info', ts: now(), text: l.text, label: l.label});
			else addEntry(draft, buffer, {kind: l.kind, ts: now(), text: l.text});
		}
	});
}

/** /clear: empties the buffer shown, but keeps what is needed to merge history later. */
export function clearEntries(state: RoomState): RoomState {
	const shown = currentBuffer(state);
	return {...state, buffers: state.buffers.map(b => (b === shown ? {...b, entries: []} : b))};
}

/** Shows the buffer `target` names (its counts are read); unchanged when it names none. */
export function switchBuffer(state: RoomState, target: BufferTarget): RoomState {
	const key = targetKey(state.buffers, currentBuffer(state).key, target);
	if (key === undefined || (key === state.current && currentBuffer(state).unread === 0)) return state;
	return change(state, Number.MAX_SAFE_INTEGER, draft => show(draft, key));
}

/** /msg NAME from buffer `typedIn`: the echo of the message shows there too. */
export function expectEcho(state: RoomState, name: string, typedIn: string): RoomState {
	if (typedIn === dmBufferKey(name)) return state;
	return {...state, echoes: [...state.echoes, {to: nameKey(name), buffer: typedIn}].slice(-MAX_ECHOES)};
}

/** /query: the conversation with `name`, opened if new, and shown. */
export function openConversation(state: RoomState, name: string): RoomState {
	return change(state, Number.MAX_SAFE_INTEGER, draft => {
		const buffer = edit(draft, dmBufferKey(name)) ?? open(draft, newBuffer('dm', name));
		show(draft, buffer.key);
	});
}

/**
 * /join ROOM was sent: its buffer opens and shows at once, so that a line typed right after
 * goes there (the server reads the join first: frames keep their order). The joined frame
 * fills it in; a refusal leaves it, not joined, with the reason.
 */
export function expectJoin(state: RoomState, room: string, scrollback: number): RoomState {
	return change(state, scrollback, draft => {
		const key = roomBufferKey(room);
		const buffer = edit(draft, key) ?? open(draft, newBuffer('room', room));
		buffer.member = true;
		if (!draft.joining.includes(key)) draft.joining = [...draft.joining, key];
		show(draft, key);
		line(draft, buffer, 'info', `joining ${buffer.name}…`);
	});
}

/** Closes a buffer on this screen only (a private conversation, a room we are no longer in). */
export function closeBuffer(state: RoomState, key: string, scrollback: number): RoomState {
	return change(state, scrollback, draft => {
		const name = draft.buffers.find(b => b.key === key)?.name;
		if (name === undefined) return;
		close(draft, key);
		line(draft, here(draft), 'info', `closed ${key.startsWith('dm:') ? `the conversation with ${name}` : name}`);
	});
}

/** /list was sent: the answer fills `roomList`, and the screen opens the list for this request. */
export function requestRoomList(state: RoomState, filter = ''): RoomState {
	return {...state, roomList: {request: state.roomList.request + 1, rooms: undefined, filter}};
}

/** /ignore NAME: hides NAME's messages and private messages from now on. The sentence says what was done. */
export function ignoreName(state: RoomState, name: string): {state: RoomState; message: string} {
	if (nameKey(name) === nameKey(state.you)) return {state, message: 'you cannot ignore yourself'};
	if (isIgnored(state, name)) return {state, message: `already ignoring ${name}`};
	return {
		state: {...state, ignored: [...state.ignored, name]},
		message: `ignoring ${name}: their messages and private messages are hidden on this screen — /unignore ${name} to undo`,
	};
}

export function unignoreName(state: RoomState, name: string): {state: RoomState; message: string} {
	if (!isIgnored(state, name)) return {state, message: `you were not ignoring ${name}`};
	const key = nameKey(name);
	return {state: {...state, ignored: state.ignored.filter(n => nameKey(n) !== key)}, message: `no longer ignoring ${name}`};
}

/** What /ignore alone says. */
export function ignoredSentence(state: RoomState): string {
	if (state.ignored.length === 0) return 'you are ignoring nobody — /ignore NAME hides someone';
	return `ignoring (${state.ignored.length}): ${[...state.ignored].sort((a, b) => a.localeCompare(b)).join(', ')}`;
}

/** Entries of every buffer (tests, the bench). */
export function allEntries(state: RoomState): ChatEntry[] {
	return state.buffers.flatMap(b => b.entries);
}

/** Whether scrolling past the top of `buffer` can ask for older history. */
export function canLoadEarlier(state: Pick<RoomState, 'proto' | 'phase'>, buffer: ChatBuffer): boolean {
	if (state.proto < 2 || state.phase !== 'room' || buffer.kind !== 'room' || !buffer.member || buffer.key === '') return false;
	const {earlier} = buffer;
	return earlier.state === 'idle' || earlier.state === 'failed';
}

/**
 * Scrolling went past the top of buffer `key`: the page before its oldest event, to ask for
 * (the buffer shows it loading from now on). No request when it cannot page (a private
 * conversation, a tcpchat/1 server, a page already on its way, the start of the room reached).
 */
export function askEarlier(state: RoomState, key: string): {state: RoomState; request?: EarlierRequest} {
	const buffer = state.buffers.find(b => b.key === key);
	if (!buffer || !canLoadEarlier(state, buffer)) return {state};
	const towards = buffer.earlier.state === 'idle' ? buffer.earlier.towards : undefined;
	const before = oldestSeq(buffer);
	// A jump far back takes bigger pages (each costs more of the rate limit, and fewer are asked).
	const limit =
		towards !== undefined && before !== undefined ? Math.min(MAX_HISTORY_PAGE, Math.max(DEFAULT_HISTORY_PAGE, before - towards + 10)) : DEFAULT_HISTORY_PAGE;
	const earlier = towards === undefined ? {state: 'loading' as const} : {state: 'loading' as const, towards};
	return {
		state: {...state, buffers: state.buffers.map(b => (b === buffer ? {...b, earlier} : b))},
		request: {room: buffer.name, before, limit},
	};
}

/** Buffers whose jump pages on (a page came that did not reach the message yet). */
export function pagingOn(state: RoomState): string[] {
	return state.buffers.filter(b => b.earlier.state === 'idle' && b.earlier.towards !== undefined).map(b => b.key);
}

/** /search TEXT [in ROOM] was sent: the view opens for it, searching. */
export function requestSearch(state: RoomState, text: string, room?: string): RoomState {
	return {...state, search: {...NO_SEARCH, request: state.search.request + 1, text, room, status: 'searching'}};
}

/**
 * Enter on a search result: its room's buffer is shown with the message highlighted; when the
 * buffer does not hold it yet, older pages are loaded until it does (`towards`). A sentence
 * when it cannot be shown.
 */
export function jumpTo(
	state: RoomState,
	target: Pick<SearchResult, 'room' | 'seq' | 'ts'> & {text: string},
	scrollback: number,
): {state: RoomState; message?: string} {
	const key = roomBufferKey(target.room);
	const buffer = state.buffers.find(b => b.key === key);
	if (!buffer) return {state, message: `you are no longer in ${target.room} — /join ${target.room} to see it`};
	const request = state.jumps + 1;
	const found = {seq: target.seq, ts: target.ts, text: target.text, request};
	const held = buffer.entries.some(e => 'seq' in e && e.seq === target.seq && e.ts === target.ts);
	let earlier = buffer.earlier;
	let message: string | undefined;
	if (!held) {
		const oldest = oldestSeq(buffer);
		if (oldest !== undefined && target.seq > oldest) message = 'that message is not in the buffer any more (it was cleared or is hidden)';
		else if (oldest !== undefined && buffer.entries.length + (oldest - target.seq) > scrollback)
			message = `that message is further back than the ${scrollback} lines a buffer keeps (--scrollback)`;
		else if (earlier.state === 'loading') earlier = {state: 'loading', towards: target.seq};
		else if (earlier.state === 'idle' || earlier.state === 'failed') earlier = {state: 'idle', towards: target.seq};
	}
	const next = switchBuffer({...state, jumps: request, buffers: state.buffers.map(b => (b === buffer ? {...b, found, earlier} : b))}, {key});
	return message === undefined ? {state: next} : {state: next, message};
}
