import type {ClientActivity, ClientStatus} from '../client/chat-client.js';
import type {OutboxProgress} from '../client/outbox.js';
import {roomErrorSentence} from '../client/connect-error.js';
import {hostPort} from '../protocol/host-port.js';
import type {UserInfo, WelcomeFrame} from '../protocol/frames.js';
import {nameKey} from '../protocol/names.js';
import {oneLineReason, sanitiseName, sanitiseText} from '../protocol/sanitise.js';
import type {ChatEntry, ChatEntryData} from '../ui/chat-entry.js';
import {frameEntry, newHistoryEvents, roomEventEntry} from '../ui/chat-entry.js';
import {mentions} from '../ui/mention.js';

export type ChatPhase = 'form' | 'connecting' | 'room';

/**
 * Everything the client screen shows about the room, kept by `useChatClient` and changed only
 * by the pure functions below (so they are tested without React or sockets).
 */
export type RoomState = {
	phase: ChatPhase;
	status: ClientStatus;
	host: string;
	port: number;
	/** Why the last connection attempt failed, for the connect form. */
	formError: string | undefined;
	entries: ChatEntry[];
	nextId: number;
	/** seq → ts of every room event shown, to merge a welcome's history without duplicates. */
	seen: Map<number, number>;
	users: UserInfo[];
	you: string;
	server: string;
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
};

export const INITIAL_ROOM_STATE: RoomState = {
	phase: 'form',
	status: {state: 'idle'},
	host: '',
	port: 0,
	formError: undefined,
	entries: [],
	nextId: 1,
	seen: new Map(),
	users: [],
	you: '',
	server: '',
	recentSpeakers: [],
	alerts: 0,
	ignored: [],
	seconds: false,
	outbox: {done: 0, total: 0, waiting: false},
};

const MAX_RECENT = 50;

/** A state being changed by one batch: entries are appended to `added` and joined once at the end. */
type Draft = Omit<RoomState, 'entries'> & {entries: ChatEntry[]; added: ChatEntry[]};

function add(draft: Draft, data: ChatEntryData): void {
	const entry = {...data, id: draft.nextId} as ChatEntry;
	draft.nextId += 1;
	draft.added.push(entry);
	if ('seq' in entry) draft.seen.set(entry.seq, entry.ts);
}

function finish(draft: Draft, scrollback: number): RoomState {
	const {added, ...rest} = draft;
	let entries = added.length > 0 ? draft.entries.concat(added) : draft.entries;
	const excess = entries.length - Math.max(1, scrollback);
	if (excess > 0) {
		for (let i = 0; i < excess; i++) {
			const old = entries[i]!;
			if ('seq' in old && rest.seen.get(old.seq) === old.ts) rest.seen.delete(old.seq);
		}
		entries = entries.slice(excess);
	}
	return {...rest, entries};
}

function start(state: RoomState): Draft {
	return {...state, seen: new Map(state.seen), added: []};
}

function now(): number {
	return Date.now();
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

function welcome(draft: Draft, frame: WelcomeFrame, reconnected: boolean): void {
	draft.you = sanitiseName(frame.you);
	draft.server = sanitiseName(frame.server);
	// One room on this screen: the first the welcome holds (the default room).
	const room = frame.rooms[0] ?? {room: '', topic: '', users: [], history: []};
	draft.users = room.users.map(cleanUser);
	if (!reconnected) {
		draft.entries = [];
		draft.added = [];
		draft.seen.clear();
	}
	const fresh = newHistoryEvents(room.history, draft.seen).filter(e => !(e.type === 'msg' && isIgnored(draft, e.from)));
	if (!reconnected) {
		if (fresh.length > 0) add(draft, {kind: 'info', ts: now(), text: '── earlier messages ──'});
	} else if (fresh.length > 0) {
		add(draft, {kind: 'info', ts: now(), text: '── while you were away ──'});
	}
	for (const event of fresh) add(draft, roomEventEntry(event, true));
	const where = hostPort(draft.host, draft.port);
	add(draft, {
		kind: 'info',
		ts: now(),
		text: reconnected ? `reconnected to ${where} as ${draft.you}` : `joined ${where} as ${draft.you}`,
	});
	if (frame.motd && !reconnected) add(draft, {kind: 'notice', ts: now(), text: sanitiseText(frame.motd)});
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
			// Say why once, when the connection goes; later attempts only update the countdown.
			if (next.attempt === 1) add(draft, {kind: 'error', ts: now(), text: sanitiseText(`connection lost: ${next.reason}`)});
			break;
		case 'failed': {
			// The message may quote the server (a refusal, a kick's reason): clean it like any remote text.
			const message = sanitiseText(next.message);
			draft.status = {state: 'failed', message};
			if (draft.phase === 'room') {
				// Nobody is known to be here any more: the list would claim what we cannot see.
				draft.users = [];
				// The reason is said once, here; the status row only says what happened and what to do.
				const text = next.kicked ? `${message}: ${oneLineReason(next.kicked.reason)}` : `connection lost: ${message}`;
				add(draft, {kind: 'error', ts: now(), text});
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

function frame(draft: Draft, activity: Extract<ClientActivity, {kind: 'frame'}>): void {
	const f = activity.frame;
	switch (f.type) {
		case 'users': {
			draft.users = f.users.map(cleanUser);
			const names = draft.users.map(u => (u.away ? `${u.name} (away)` : u.name)).sort((a, b) => a.localeCompare(b));
			add(draft, {kind: 'info', ts: now(), text: `online (${names.length}): ${names.join(', ')}`});
			return;
		}
		case 'error':
			add(draft, {kind: 'error', ts: now(), text: sanitiseText(roomErrorSentence(f))});
			return;
		case 'welcome':
		case 'ping':
		case 'pong':
			return;
		default:
			break;
	}
	if ('seq' in f && draft.seen.get(f.seq) === f.ts) return;
	// Your own join follows the welcome, which already said "joined HOST:PORT as NAME".
	if (f.type === 'join' && nameKey(f.name) === nameKey(draft.you)) {
		draft.seen.set(f.seq, f.ts);
		return;
	}
	const data = frameEntry(f);
	if (!data) return;
	if ((data.kind === 'msg' || data.kind === 'dm') && isIgnored(draft, data.from)) {
		if ('seq' in data) draft.seen.set(data.seq, data.ts);
		return;
	}
	const youKey = nameKey(draft.you);
	if (data.kind === 'msg') {
		data.own = nameKey(data.from) === youKey;
		data.mention = !data.own && mentions(data.text, draft.you);
	} else if (data.kind === 'dm') {
		data.outgoing = nameKey(data.from) === youKey;
	} else if (data.kind === 'away') {
		data.own = nameKey(data.name) === youKey;
	}
	add(draft, data);
	const entry = draft.added.at(-1)!;
	switch (entry.kind) {
		case 'msg':
			if (nameKey(entry.from) !== youKey) touchSpeaker(draft, entry.from);
			if (entry.mention) draft.alerts += 1;
			break;
		case 'dm':
			if (!entry.outgoing) {
				draft.alerts += 1;
				touchSpeaker(draft, entry.from);
			}
			break;
		case 'join':
			if (!draft.users.some(u => nameKey(u.name) === nameKey(entry.name)))
				draft.users = [...draft.users, {name: entry.name, since: entry.ts}];
			break;
		case 'leave':
			draft.users = draft.users.filter(u => nameKey(u.name) !== nameKey(entry.name));
			break;
		case 'nick': {
			const fromKey = nameKey(entry.from);
			draft.users = draft.users.map(u => (nameKey(u.name) === fromKey ? {...u, name: entry.to} : u));
			draft.recentSpeakers = draft.recentSpeakers.map(n => (nameKey(n) === fromKey ? entry.to : n));
			// Ignoring follows the person, not the name.
			draft.ignored = draft.ignored.map(n => (nameKey(n) === fromKey ? entry.to : n));
			if (fromKey === youKey) draft.you = entry.to;
			break;
		}
		case 'away': {
			const key = nameKey(entry.name);
			draft.users = draft.users.map(u => {
				if (nameKey(u.name) !== key) return u;
				const {away: _, ...rest} = u;
				return entry.text ? {...rest, away: entry.text} : rest;
			});
			break;
		}
		default:
			break;
	}
}

function outbox(draft: Draft, progress: OutboxProgress, unsent: number | undefined): void {
	draft.outbox = progress;
	if (unsent)
		add(draft, {
			kind: 'error',
			ts: now(),
			text: `${unsent} message${unsent === 1 ? ' was' : 's were'} not sent: the connection is gone (Up brings back what you typed)`,
		});
}

/** Applies a batch of client activity. */
export function applyActivities(state: RoomState, batch: readonly ClientActivity[], scrollback: number): RoomState {
	const draft = start(state);
	for (const activity of batch) {
		if (activity.kind === 'status') status(draft, activity.status);
		else if (activity.kind === 'outbox') outbox(draft, activity.progress, activity.unsent);
		else frame(draft, activity);
	}
	return finish(draft, scrollback);
}

/** Adds local lines (command feedback, help). */
export function addLocal(
	state: RoomState,
	lines: readonly {kind: 'info' | 'error'; text: string; label?: string}[],
	scrollback: number,
): RoomState {
	const draft = start(state);
	for (const line of lines) {
		if (line.kind === 'info' && line.label) add(draft, {kind: 'info', ts: now(), text: line.text, label: line.label});
		else add(draft, {kind: line.kind, ts: now(), text: line.text});
	}
	return finish(draft, scrollback);
}

/** /clear: empties the list but keeps what is needed to merge history later. */
export function clearEntries(state: RoomState): RoomState {
	return {...state, entries: []};
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
