import type {UserInfo} from '../protocol/frames.js';
import {nameKey} from '../protocol/names.js';
import {roomKey} from '../protocol/room-names.js';
import type {ChatEntry, ChatEntryData} from '../ui/chat-entry.js';

/**
 * One buffer of the client: a room, or a private conversation with one person. Each keeps its
 * own entries, users, topic and counts; the screen shows one at a time (`RoomState.current`).
 */
export type ChatBuffer = {
	/** `room:` + the room's key, or `dm:` + the other person's name key (see `roomBufferKey`, `dmBufferKey`). */
	key: string;
	kind: 'room' | 'dm';
	/** The room as the server spells it (`#dev`), or the other person's name. */
	name: string;
	entries: ChatEntry[];
	/** seq → ts of every room event shown, to merge a history without duplicates (rooms only). */
	seen: Map<number, number>;
	/** The room's members (rooms only; empty for a private conversation). */
	users: UserInfo[];
	topic: string;
	/**
	 * Rooms: whether we are a member (or will be again when a lost connection comes back).
	 * False after a rejoin the server refused: the buffer stays, `/join` tries again.
	 */
	member: boolean;
	/** Messages (and notices) that arrived while another buffer was shown; 0 once shown. */
	unread: number;
	/** Of those, mentions of you and private messages to you. */
	mentions: number;
	/** Paging back through the room's stored history (scrolling past the top). */
	earlier: Earlier;
	/** The message a search result jumped to, shown highlighted; `request` counts the jumps. */
	found?: Found | undefined;
};

/**
 * Where paging back through a room's stored history stands. `towards`: a jump to an older
 * message pages on until that seq is held.
 */
export type Earlier =
	/** More may be stored (unknown until asked). */
	| {state: 'idle'; towards?: number}
	/** A page is on its way. */
	| {state: 'loading'; towards?: number}
	/** The store holds nothing older: the buffer begins at the room's first event. */
	| {state: 'start'}
	/** The last page could not be had (`message` says why); scrolling up asks again. */
	| {state: 'failed'; message: string}
	/** The buffer holds as many entries as it keeps (--scrollback): nothing older is loaded. */
	| {state: 'full'};

export type Found = {seq: number; ts: number; text: string; request: number};

export const EARLIER_IDLE: Earlier = {state: 'idle'};

export function roomBufferKey(room: string): string {
	return `room:${roomKey(room)}`;
}

export function dmBufferKey(name: string): string {
	return `dm:${nameKey(name)}`;
}

export function newBuffer(kind: ChatBuffer['kind'], name: string): ChatBuffer {
	return {
		key: kind === 'room' ? roomBufferKey(name) : dmBufferKey(name),
		kind,
		name,
		entries: [],
		seen: new Map(),
		users: [],
		topic: '',
		member: kind === 'room',
		unread: 0,
		mentions: 0,
		earlier: EARLIER_IDLE,
	};
}

/**
 * A buffer being changed by one batch: entries go to `added` (newer) or `prepended` (a page of
 * older history, oldest first), joined once at the end.
 */
export type DraftBuffer = ChatBuffer & {added: ChatEntry[]; prepended: ChatEntry[]};

/** The part of the client's state a batch changes buffer by buffer. */
export type BufferDraft = {
	buffers: Array<ChatBuffer | DraftBuffer>;
	current: string;
	nextId: number;
	/** Buffers copied for this batch (the others are shared with the state before it). */
	drafts: Set<DraftBuffer>;
};

/** The buffer with `key`, copied for this batch (once), or undefined. */
export function edit(draft: BufferDraft, key: string): DraftBuffer | undefined {
	const index = draft.buffers.findIndex(b => b.key === key);
	if (index === -1) return undefined;
	const buffer = draft.buffers[index]!;
	if (draft.drafts.has(buffer as DraftBuffer)) return buffer as DraftBuffer;
	const copy: DraftBuffer = {...buffer, seen: new Map(buffer.seen), added: [], prepended: []};
	draft.buffers[index] = copy;
	draft.drafts.add(copy);
	return copy;
}

/** The buffer `buffer` (a new one) at the end of the list, as a draft. */
export function open(draft: BufferDraft, buffer: ChatBuffer): DraftBuffer {
	const existing = edit(draft, buffer.key);
	if (existing) return existing;
	const copy: DraftBuffer = {...buffer, added: [], prepended: []};
	draft.buffers.push(copy);
	draft.drafts.add(copy);
	return copy;
}

/** Entries that count as unread: what someone said, not what happened or what you said. */
function counts(entry: ChatEntry): {unread: boolean; mention: boolean} {
	switch (entry.kind) {
		case 'msg':
			return {unread: entry.own !== true, mention: entry.mention === true};
		case 'dm':
			return {unread: entry.outgoing !== true, mention: entry.outgoing !== true};
		case 'notice':
			return {unread: true, mention: false};
		default:
			return {unread: false, mention: false};
	}
}

/**
 * Adds an entry to `buffer`; counted as unread (and a mention) unless the buffer is the one
 * shown or `counted` is false (history from before you came).
 */
export function addEntry(draft: BufferDraft, buffer: DraftBuffer, data: ChatEntryData, counted = true): ChatEntry {
	const entry = {...data, id: draft.nextId} as ChatEntry;
	draft.nextId += 1;
	buffer.added.push(entry);
	if ('seq' in entry) buffer.seen.set(entry.seq, entry.ts);
	if (counted && buffer.key !== draft.current) {
		const {unread, mention} = counts(entry);
		if (unread) buffer.unread += 1;
		if (mention) buffer.mentions += 1;
	}
	return entry;
}

/** A page of older history (oldest first) goes before everything the buffer holds. */
export function prependEntry(draft: BufferDraft, buffer: DraftBuffer, data: ChatEntryData): void {
	const entry = {...data, id: draft.nextId} as ChatEntry;
	draft.nextId += 1;
	buffer.prepended.push(entry);
	if ('seq' in entry) buffer.seen.set(entry.seq, entry.ts);
}

/**
 * The buffers as they stand after the batch: entries joined, each list capped at `scrollback`
 * (the oldest go first: a page of history that does not fit leaves the buffer full).
 */
export function finishBuffers(draft: BufferDraft, scrollback: number): ChatBuffer[] {
	return draft.buffers.map(b => {
		if (!draft.drafts.has(b as DraftBuffer)) return b;
		const {added, prepended, ...buffer} = b as DraftBuffer;
		let entries = added.length > 0 ? buffer.entries.concat(added) : buffer.entries;
		if (prepended.length > 0) entries = prepended.concat(entries);
		const excess = entries.length - Math.max(1, scrollback);
		if (excess > 0) {
			// What went is still stored: paging may bring it back, unless it is what paging brought.
			if (prepended.length > 0) buffer.earlier = {state: 'full'};
			else if (buffer.earlier.state === 'start' || buffer.earlier.state === 'full') buffer.earlier = EARLIER_IDLE;
			for (let i = 0; i < excess; i++) {
				const old = entries[i]!;
				if ('seq' in old && buffer.seen.get(old.seq) === old.ts) buffer.seen.delete(old.seq);
			}
			entries = entries.slice(excess);
		}
		return {...buffer, entries};
	});
}

/** Shows `key`: its unread and mention counts are read now. */
export function show(draft: BufferDraft, key: string): void {
	const buffer = edit(draft, key);
	if (!buffer) return;
	draft.current = key;
	buffer.unread = 0;
	buffer.mentions = 0;
}

/**
 * Closes `key`. When it was the one shown, the one before it is shown (the next when it was
 * the first), as irssi and weechat do.
 */
export function close(draft: BufferDraft, key: string): void {
	const index = draft.buffers.findIndex(b => b.key === key);
	if (index === -1) return;
	draft.buffers.splice(index, 1);
	if (draft.current !== key) return;
	const next = draft.buffers[Math.max(0, index - 1)];
	if (next) show(draft, next.key);
	else draft.current = '';
}

/** How a switch names its buffer: a position (0-based), one step left or right, or a key. */
export type BufferTarget = {index: number} | {step: 1 | -1} | {key: string} | {activity: true};

/**
 * The key of the buffer `target` names, from `current`; undefined when there is none (Alt+7
 * with three buffers). Steps wrap around. `activity` is the buffer most worth a look: mentions
 * first, then unread messages, the nearest after the current one first (irssi's Alt+A).
 */
export function targetKey(buffers: readonly ChatBuffer[], current: string, target: BufferTarget): string | undefined {
	if ('key' in target) return buffers.some(b => b.key === target.key) ? target.key : undefined;
	if ('index' in target) return buffers[target.index]?.key;
	if (buffers.length === 0) return undefined;
	const at = Math.max(0, buffers.findIndex(b => b.key === current));
	if ('step' in target) return buffers[(at + target.step + buffers.length) % buffers.length]!.key;
	const order = [...buffers.slice(at + 1), ...buffers.slice(0, at + 1)];
	return (order.find(b => b.mentions > 0) ?? order.find(b => b.unread > 0))?.key;
}

/** The buffer a name typed in `/buffer NAME` means: `#dev` or `dev` for a room, `bob` or `@bob` for a person. */
export function findBufferByName(buffers: readonly ChatBuffer[], name: string): ChatBuffer | undefined {
	const bare = name.replace(/^@/u, '');
	const room = name.startsWith('#') ? name : `#${bare}`;
	return buffers.find(b => b.key === roomBufferKey(room)) ?? buffers.find(b => b.key === dmBufferKey(bare));
}

/**
 * The seq a page of older history is asked `before`: the oldest event the buffer holds, else
 * (after /clear) the oldest it has shown; undefined when it has none (the newest page).
 */
export function oldestSeq(buffer: Pick<ChatBuffer, 'entries' | 'seen'>): number | undefined {
	for (const entry of buffer.entries) if ('seq' in entry) return entry.seq;
	let oldest: number | undefined;
	for (const seq of buffer.seen.keys()) if (oldest === undefined || seq < oldest) oldest = seq;
	return oldest;
}
