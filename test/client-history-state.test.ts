import {describe, expect, test} from 'vitest';
import type {ClientActivity} from '../source/client/chat-client.js';
import {requestCost} from '../source/client/request-cost.js';
import {roomBufferKey} from '../source/hooks/chat-buffers.js';
import {
	applyActivities,
	askEarlier,
	canLoadEarlier,
	currentBuffer,
	INITIAL_ROOM_STATE,
	jumpTo,
	pagingOn,
	requestSearch,
	type RoomState,
} from '../source/hooks/room-state.js';
import type {RoomEvent, ServerFrame} from '../source/protocol/frames.js';
import {highlightLines, matchRanges} from '../source/ui/highlight.js';
import {KeyReader} from '../source/ui/key-reader.js';
import {offsetToShow, topRow, visibleRows} from '../source/ui/message-rows.js';
import {INITIAL_ROOM_INPUT, roomInput, scrollOf, type RoomInputState, type RoomKeyContext} from '../source/ui/room-input.js';
import {fitTop, INITIAL_SEARCH_VIEW, resultRows, searchTitle, searchViewKey} from '../source/ui/search-view.js';
import {wrapText} from '../source/ui/wrap-text.js';

/**
 * Paging back and searching, without sockets: the client's state (what the frames change, what
 * is asked for), the room's keys (scrolling past the top, the search view) and the rows.
 */

const T0 = Date.UTC(2026, 11, 1, 14, 0, 0);
const GENERAL = roomBufferKey('#general');
const frame = (f: ServerFrame): ClientActivity => ({kind: 'frame', frame: f});
const msg = (room: string, seq: number, text = `line ${seq}`, from = 'bob'): RoomEvent => ({type: 'msg', room, seq, ts: T0 + seq, from, text});
const range = (from: number, to: number) => Array.from({length: to - from + 1}, (_, i) => from + i);

/** alice in #general (welcome history: seq 201–210) and #dev, on a server speaking `proto`. */
function joined(proto = 2, history = range(201, 210).map(seq => msg('#general', seq))): RoomState {
	return applyActivities(
		INITIAL_ROOM_STATE,
		[
			{kind: 'status', status: {state: 'connecting', host: '127.0.0.1', port: 7777, name: 'alice', attempt: 0}},
			{
				kind: 'status',
				status: {
					state: 'joined',
					reconnected: false,
					welcome: {
						type: 'welcome',
						proto,
						server: 'tcpchat/0.2.0',
						you: 'alice',
						motd: '',
						rooms: [
							{room: '#general', topic: '', users: [{name: 'alice', since: T0}], history},
							...(proto >= 2 ? [{room: '#dev', topic: '', users: [{name: 'alice', since: T0}], history: []}] : []),
						],
					},
				},
			},
		],
		1000,
	);
}

const buffer = (s: RoomState, key = GENERAL) => s.buffers.find(b => b.key === key)!;
const seqs = (s: RoomState, key = GENERAL) => buffer(s, key).entries.flatMap(e => ('seq' in e ? [e.seq] : []));
const page = (room: string, from: number, to: number, more: boolean): ClientActivity =>
	frame({type: 'history', room, events: from <= to ? range(from, to).map(seq => msg(room, seq)) : [], more});

describe('paging back: the state', () => {
	test('asks for the page before the oldest event held, shows it loading, puts the page before everything, without a duplicate', () => {
		let s = joined();
		const asked = askEarlier(s, GENERAL);
		expect(asked.request).toEqual({room: '#general', before: 201, limit: 100});
		s = asked.state;
		expect(buffer(s).earlier).toEqual({state: 'loading'});
		// One page at a time: a second ask while it is on its way asks nothing.
		expect(askEarlier(s, GENERAL).request).toBeUndefined();
		const rule = (e: {kind: string; text?: string}) => e.kind === 'info' && e.text === '── earlier messages ──';
		expect(rule(buffer(s).entries[0]!)).toBe(true);
		const before = buffer(s).entries.slice(1);
		// The page overlaps what is held (201): it is not shown twice.
		s = applyActivities(s, [page('#general', 101, 201, true)], 1000);
		expect(seqs(s)).toEqual(range(101, 210));
		expect(buffer(s).earlier).toEqual({state: 'idle'});
		// What was there stays the same entries (the view is anchored at the bottom: nothing moves).
		// (but the welcome's "earlier messages" rule: older messages go above it now).
		expect(buffer(s).entries.slice(-before.length)).toEqual(before);
		expect(buffer(s).entries.some(rule)).toBe(false);
		// Paged history is history: dimmed like the welcome's, not counted as unread.
		expect(buffer(s).entries[0]).toMatchObject({kind: 'msg', seq: 101, earlier: true});
		expect(buffer(s).unread).toBe(0);
		s = askEarlier(s, GENERAL).state;
		s = applyActivities(s, [page('#general', 1, 100, false)], 1000);
		expect(seqs(s)).toEqual(range(1, 210));
		expect(buffer(s).earlier).toEqual({state: 'start'});
		// At the start: nothing more is asked.
		expect(canLoadEarlier(s, buffer(s))).toBe(false);
		expect(askEarlier(s, GENERAL).request).toBeUndefined();
	});

	test('an answer for a buffer that is gone, or that did not ask, is dropped', () => {
		let s = askEarlier(joined(), GENERAL).state;
		// Parted: our own leave closes the buffer.
		s = applyActivities(s, [frame({type: 'leave', room: '#general', seq: 211, ts: T0 + 211, name: 'alice', reason: 'part'})], 1000);
		expect(s.buffers.some(b => b.key === GENERAL)).toBe(false);
		s = applyActivities(s, [page('#general', 101, 200, true)], 1000);
		expect(s.buffers.some(b => b.key === GENERAL)).toBe(false);
		// #dev never asked: a page for it changes nothing.
		const dev = roomBufferKey('#dev');
		const after = applyActivities(s, [page('#dev', 1, 5, false)], 1000);
		expect(seqs(after, dev)).toEqual([]);
		expect(buffer(after, dev).earlier).toEqual({state: 'idle'});
	});

	test('a refusal is said in the buffer\'s top row; scrolling up asks again; a late answer is still taken', () => {
		let s = askEarlier(joined(), GENERAL).state;
		s = applyActivities(s, [{kind: 'refused', request: {type: 'history', room: '#general'}, message: 'the connection went before the answer came'}], 1000);
		expect(buffer(s).earlier).toEqual({state: 'failed', message: 'the connection went before the answer came'});
		expect(canLoadEarlier(s, buffer(s))).toBe(true);
		s = applyActivities(s, [page('#general', 191, 200, true)], 1000);
		expect(seqs(s)).toEqual(range(191, 210));
	});

	test('no paging on a tcpchat/1 server or in a private conversation', () => {
		const v1 = joined(1);
		expect(canLoadEarlier(v1, buffer(v1))).toBe(false);
		expect(askEarlier(v1, GENERAL).request).toBeUndefined();
		let s = applyActivities(joined(), [frame({type: 'dm', ts: T0, from: 'bob', to: 'alice', text: 'hi'})], 1000);
		const dm = s.buffers.find(b => b.kind === 'dm')!;
		expect(canLoadEarlier(s, dm)).toBe(false);
		s = askEarlier(s, dm.key).state;
		expect(s.buffers.find(b => b.kind === 'dm')!.earlier).toEqual({state: 'idle'});
	});

	test('a page that does not fit the scroll-back leaves the buffer full, the newest kept; a trimmed start is no start', () => {
		let s = askEarlier(joined(), GENERAL).state;
		// 15 entries kept: the page's oldest go.
		s = applyActivities(s, [page('#general', 101, 200, true)], 15);
		expect(buffer(s).entries).toHaveLength(15);
		expect(seqs(s).at(-1)).toBe(210);
		expect(buffer(s).earlier).toEqual({state: 'full'});
		expect(canLoadEarlier(s, buffer(s))).toBe(false);
	});

	test('ignored people stay hidden in older pages too', () => {
		let s = {...joined(), ignored: ['mallory']};
		s = askEarlier(s, GENERAL).state;
		s = applyActivities(s, [frame({type: 'history', room: '#general', events: [msg('#general', 199, 'spam', 'mallory'), msg('#general', 200)], more: true})], 1000);
		expect(seqs(s)).toEqual([200, ...range(201, 210)]);
	});
});

describe('search: the state', () => {
	test('results for the search asked are taken (messages only, sanitised); others are dropped', () => {
		let s = requestSearch(joined(), '构建');
		expect(s.search).toMatchObject({request: 1, text: '构建', status: 'searching'});
		// An answer to an earlier search replaced by this one.
		s = applyActivities(s, [frame({type: 'results', text: 'build', events: [msg('#general', 5, 'the build')]})], 1000);
		expect(s.search.status).toBe('searching');
		s = applyActivities(s, [frame({type: 'results', text: '构建', events: [msg('#dev', 7, '构建\u001B[31m好了'), msg('#general', 3, '我们的构建')]})], 1000);
		expect(s.search.status).toBe('done');
		expect(s.search.results.map(r => [r.room, r.seq, r.text])).toEqual([
			['#dev', 7, '构建[31m好了'],
			['#general', 3, '我们的构建'],
		]);
		expect(searchTitle(s.search)).toBe('2 results for "构建", newest first');
	});

	test('a refusal is the view\'s sentence; no results is a sentence too', () => {
		let s = requestSearch(joined(), 'zz');
		s = applyActivities(s, [{kind: 'refused', request: {type: 'search', text: 'zz'}, message: 'the history cannot be read just now — try again later'}], 1000);
		expect(searchTitle(s.search)).toBe('the search for "zz" failed: the history cannot be read just now — try again later');
		s = applyActivities(requestSearch(s, 'nothing', '#dev'), [frame({type: 'results', text: 'nothing', events: []})], 1000);
		expect(searchTitle(s.search)).toBe('no results for "nothing" in #dev');
	});

	test('a jump to a message the buffer holds shows its buffer, the message found', () => {
		let s = joined();
		s = {...s, current: roomBufferKey('#dev')};
		const {state, message} = jumpTo(s, {room: '#general', seq: 205, ts: T0 + 205, text: 'line'}, 1000);
		expect(message).toBeUndefined();
		expect(currentBuffer(state).key).toBe(GENERAL);
		expect(buffer(state).found).toEqual({seq: 205, ts: T0 + 205, text: 'line', request: 1});
		expect(pagingOn(state)).toEqual([]);
	});

	test('a jump further back pages on until the message is held, in bigger pages', () => {
		let s = jumpTo(joined(), {room: '#general', seq: 20, ts: T0 + 20, text: 'line'}, 1000).state;
		expect(pagingOn(s)).toEqual([GENERAL]);
		let asked = askEarlier(s, GENERAL);
		expect(asked.request).toEqual({room: '#general', before: 201, limit: 191});
		s = applyActivities(asked.state, [page('#general', 101, 200, true)], 1000);
		// Not there yet: on to the next page.
		expect(pagingOn(s)).toEqual([GENERAL]);
		asked = askEarlier(s, GENERAL);
		expect(asked.request).toEqual({room: '#general', before: 101, limit: 100});
		s = applyActivities(asked.state, [page('#general', 1, 100, false)], 1000);
		expect(pagingOn(s)).toEqual([]);
		expect(buffer(s).earlier).toEqual({state: 'start'});
		expect(offsetToShow(buffer(s).entries, {seq: 20, ts: T0 + 20}, {you: 'alice', width: 80}, 20)).toBeGreaterThan(0);
	});

	test('a jump that cannot be shown says why', () => {
		const s = joined();
		expect(jumpTo(s, {room: '#nope', seq: 1, ts: T0, text: 'x'}, 1000).message).toBe('you are no longer in #nope — /join #nope to see it');
		expect(jumpTo(s, {room: '#general', seq: 1, ts: T0 + 1, text: 'x'}, 100).message).toBe(
			'that message is further back than the 100 lines a buffer keeps (--scrollback)',
		);
	});
});

const parseKeys = (data: string) => new KeyReader().read(data);
function keys(reads: string, start: RoomInputState, context: RoomKeyContext): RoomInputState {
	return parseKeys(reads).reduce((state, {input, key}) => roomInput(state, {type: 'key', input, key, context}), start);
}

describe('paging back: the keys', () => {
	const context = (earlier?: RoomKeyContext['earlier']): RoomKeyContext => ({
		buffer: GENERAL,
		nicks: () => [],
		commands: [],
		page: 10,
		clampScroll: offset => Math.min(offset, 25),
		...(earlier ? {earlier} : {}),
	});
	// The view reaches the top at offset 25; with the loading row there is one more.
	const atTop = (offset: number) => (offset >= 25 ? 26 : undefined);

	test('PgUp past the top asks (once) and moves up to show the loading row; not before the top', () => {
		let s = keys('\u001B[5~', INITIAL_ROOM_INPUT, context(atTop));
		expect(scrollOf(s, GENERAL).offset).toBe(10);
		expect(s.earlier).toEqual([]);
		s = keys('\u001B[5~\u001B[5~\u001B[5~', s, context(atTop));
		expect(s.earlier).toEqual([GENERAL]);
		expect(scrollOf(s, GENERAL).offset).toBe(26);
		s = roomInput(s, {type: 'earlier-handed'});
		expect(s.earlier).toEqual([]);
		// Home goes to the top: it asks too.
		expect(keys('\u001B[H', INITIAL_ROOM_INPUT, context(atTop)).earlier).toEqual([GENERAL]);
	});

	test('a buffer that cannot page (tcpchat/1, a conversation, the start reached) only scrolls', () => {
		const s = keys('\u001B[5~\u001B[5~\u001B[5~\u001B[5~', INITIAL_ROOM_INPUT, context());
		expect(s.earlier).toEqual([]);
		expect(scrollOf(s, GENERAL).offset).toBe(25);
	});

	test('the found message scrolls into view once per jump', () => {
		let s = roomInput(INITIAL_ROOM_INPUT, {type: 'show-found', buffer: GENERAL, offset: 40, request: 1});
		expect(scrollOf(s, GENERAL).offset).toBe(40);
		s = keys('\u001B[F', s, context());
		expect(scrollOf(s, GENERAL).offset).toBe(0);
		expect(roomInput(s, {type: 'show-found', buffer: GENERAL, offset: 40, request: 1})).toBe(s);
	});
});

describe('the search view: keys', () => {
	const fit = (top: number, choice: number) => fitTop([2, 2, 2, 2, 2], top, choice, 4);

	test('↑/↓ choose within the results, the chosen one stays in view, Enter jumps and closes, Esc closes', () => {
		const key = (data: string) => parseKeys(data)[0]!.key;
		let view = INITIAL_SEARCH_VIEW;
		view = searchViewKey(view, key('\u001B[A'), 5, 3, fit).view!;
		expect(view).toEqual({choice: 0, top: 0});
		view = searchViewKey(view, key('\u001B[B'), 5, 3, fit).view!;
		view = searchViewKey(view, key('\u001B[B'), 5, 3, fit).view!;
		expect(view).toEqual({choice: 2, top: 1});
		view = searchViewKey(view, key('\u001B[F'), 5, 3, fit).view!;
		expect(view).toEqual({choice: 4, top: 3});
		view = searchViewKey(view, key('\u001B[A'), 5, 3, fit).view!;
		expect(view).toEqual({choice: 3, top: 3});
		expect(searchViewKey(view, key('\r'), 5, 3, fit)).toEqual({view: undefined, jump: 3});
		expect(searchViewKey(view, key('\u001B'), 5, 3, fit)).toEqual({view: undefined});
		// No results: Enter has nothing to show.
		expect(searchViewKey(INITIAL_SEARCH_VIEW, key('\r'), 0, 3, fit)).toEqual({view: INITIAL_SEARCH_VIEW});
	});

	test('through the room reducer: the view opens for a new search, takes the keys, queues the jump', () => {
		const context: RoomKeyContext = {buffer: GENERAL, nicks: () => [], commands: [], page: 10, clampScroll: o => o, results: {count: 3, fit: (t, c) => Math.max(t, c - 1)}};
		let s = roomInput(INITIAL_ROOM_INPUT, {type: 'open-search', request: 1});
		expect(s.search).toEqual(INITIAL_SEARCH_VIEW);
		s = keys('ab\u001B[B\u001B[B\r', s, context);
		expect(s.search).toBeUndefined();
		expect(s.jump).toBe(2);
		// Nothing typed went to the line.
		expect(s.line.value).toBe('');
		expect(roomInput(s, {type: 'jumped'}).jump).toBeUndefined();
		// The same search does not open it again.
		expect(roomInput(s, {type: 'open-search', request: 1}).search).toBeUndefined();
	});
});

describe('rows', () => {
	test('matches ignore case; a CJK word cut by the wrap is highlighted on both rows', () => {
		expect(matchRanges('Build the BUILD', 'build')).toEqual([
			[0, 5],
			[10, 15],
		]);
		const text = '我们的构建在周五坏了构建';
		const lines = wrapText(text, 8);
		expect(lines).toEqual(['我们的构', '建在周五', '坏了构建']);
		const rows = highlightLines(text, lines, '构建', {}, {inverse: true});
		expect(rows.map(row => row.filter(s => s.inverse).map(s => s.text))).toEqual([['构'], ['建'], ['构建']]);
	});

	test('a result: room, date and time, author, the text under them; the chosen one marked', () => {
		const result = {room: '#开发', seq: 3, ts: T0, from: '张三', text: '构建好了', action: false};
		process.env.TZ = 'UTC';
		const plain = (rows: ReturnType<typeof resultRows>) => rows.map(r => r.map(s => s.text).join(''));
		expect(plain(resultRows(result, '构建', 80, true))).toEqual(['▸ #开发  Tue 1 Dec 2026 14:00  张三', '    构建好了']);
		expect(plain(resultRows(result, '构建', 50, false))).toEqual(['  #开发  2026-12-01 14:00  张三', '    构建好了']);
	});

	test('the top row is part of the rows: loading, the start of the room', () => {
		const context = {you: 'alice', width: 80};
		const entries = joined().buffers[0]!.entries;
		const loading = topRow({state: 'loading'}, 80);
		const view = visibleRows(entries, context, 100, 0, {top: loading});
		expect(view.rows[0]).toBe(loading[0]);
		expect(view.atTop).toBe(true);
		expect(topRow({state: 'start', room: '#general'}, 80).map(r => r.segments.map(s => s.text).join(''))).toEqual(['      ── start of #general ──']);
		// A refusal is a sentence, wrapped (under the text column), never cut.
		const failed = topRow({state: 'failed', message: 'the connection went before the answer came'}, 50);
		expect(failed.length).toBeGreaterThan(1);
		expect(failed.map(r => r.segments.map(s => s.text).join('').trim()).join(' ')).toBe('earlier messages could not be loaded: the connection went before the answer came — PgUp tries again');
		// Not at the top: not shown.
		expect(visibleRows(entries, context, 3, 0, {top: loading}).rows).not.toContain(loading[0]);
	});

	test('what a page costs is what the server charges', () => {
		expect(requestCost({type: 'history', room: '#a', before: 201, limit: 100}, 10)).toBe(4);
		expect(requestCost({type: 'history', room: '#a', before: 3, limit: 100}, 10)).toBe(1);
		expect(requestCost({type: 'history', room: '#a', limit: 500}, 10)).toBe(10);
		expect(requestCost({type: 'search', text: 'ab'}, 10)).toBe(2);
	});
});
