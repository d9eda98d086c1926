import React from 'react';
import {afterAll, beforeAll, describe, expect, test, vi} from 'vitest';
import type {ClientActivity} from '../source/client/chat-client.js';
import {RoomView} from '../source/components/room-view.js';
import {roomBufferKey} from '../source/hooks/chat-buffers.js';
import {applyActivities, askEarlier, currentBuffer, INITIAL_ROOM_STATE, requestSearch, type RoomState} from '../source/hooks/room-state.js';
import type {RoomEvent, ServerFrame} from '../source/protocol/frames.js';
import {earlierRow} from '../source/screens/client-screen.js';
import {lineAt} from '../source/ui/line-editor.js';
import {visibleRows} from '../source/ui/message-rows.js';
import {roomHints, searchHints} from '../source/ui/room-status.js';
import {roomLayout} from '../source/components/room-view.js';
import {titleOf} from '../source/ui/room-title.js';
import {INITIAL_SEARCH_VIEW, type SearchView} from '../source/ui/search-view.js';
import {frameSize, renderTerminal} from './helpers/render-terminal.js';

process.env.TZ = 'UTC';

/**
 * Paging back and the search view as the screen draws them (state from the same pure functions
 * the hook uses, handed to RoomView as the screen hands it): the loading row above the oldest
 * message, the start of the room, and the results with Chinese text, at 80×24 and 160×48.
 */
const T0 = Date.UTC(2026, 11, 1, 14, 0, 0);
const minute = 60_000;
beforeAll(() => {
	vi.useFakeTimers({toFake: ['Date']});
	vi.setSystemTime(T0 + 60 * minute);
});
afterAll(() => {
	vi.useRealTimers();
});

const frame = (f: ServerFrame): ClientActivity => ({kind: 'frame', frame: f});
const SAYINGS = ['我们的构建在周五坏了，请看一下日志', 'the build is green again', '测试通过了，可以发布新版本', '今天天气很好 — lunch?', '构建服务器的磁盘快满了，需要清理一下旧的产物和缓存文件，不然明天早上的夜间构建又会失败，大家注意一下'];
const msg = (seq: number): RoomEvent => ({type: 'msg', room: '#general', seq, ts: T0 + seq * minute, from: seq % 2 ? '李四' : 'bob', text: `${SAYINGS[seq % SAYINGS.length]!} (${seq})`});

/** 张三 in #general with 10 messages of history (seq 41–50) on a tcpchat/2 server. */
function joined(): RoomState {
	return applyActivities(
		INITIAL_ROOM_STATE,
		[
			{kind: 'status', status: {state: 'connecting', host: '127.0.0.1', port: 7777, name: '张三', attempt: 0}},
			{
				kind: 'status',
				status: {
					state: 'joined',
					reconnected: false,
					welcome: {
						type: 'welcome',
						proto: 2,
						server: 'tcpchat/0.2.0',
						you: '张三',
						motd: '',
						rooms: [
							{
								room: '#general',
								topic: '大家好',
								users: ['张三', 'bob', '李四'].map((name, i) => ({name, since: T0 + i})),
								history: Array.from({length: 10}, (_, i) => msg(41 + i)),
							},
						],
					},
				},
			},
		],
		1000,
	);
}

function view(s: RoomState, width: number, height: number, options: {top?: boolean; search?: SearchView} = {}): React.ReactElement {
	const buffer = currentBuffer(s);
	const layout = roomLayout(width, height, !options.search, buffer.users);
	const context = {you: s.you, width: layout.listWidth};
	const top = earlierRow(s, buffer, context);
	// Scrolled to the top, as PgUp past it leaves the view.
	const offset = options.top ? visibleRows(buffer.entries, context, layout.listHeight, Number.MAX_SAFE_INTEGER, {top}).offset : 0;
	return (
		<RoomView
			width={width}
			height={height}
			entries={buffer.entries}
			users={buffer.users}
			title={titleOf(buffer, s.you, `127.0.0.1:7777 (${s.server})`)}
			buffers={s.buffers}
			current={buffer.key}
			you={s.you}
			connection="connected"
			line={lineAt('')}
			scrollOffset={offset}
			newMessages={0}
			showUsers
			top={top}
			search={options.search ? {state: s.search, view: options.search} : undefined}
			hints={options.search ? searchHints() : roomHints({scrolled: offset > 0, reconnecting: false, usersAvailable: width >= 70, showUsers: true, buffers: 1})}
		/>
	);
}

function show(tree: React.ReactElement, columns: number, rows: number): string {
	const text = renderTerminal(tree, columns, rows).lastFrame();
	const size = frameSize(text);
	expect(size.height).toBe(rows);
	expect(size.width).toBeLessThanOrEqual(columns);
	return text;
}

const GENERAL = roomBufferKey('#general');
const rows = (text: string) => text.split('\n');

describe.each([
	[80, 24],
	[160, 48],
] as const)('paging back and searching at %i×%i', (width, height) => {
	test('scrolled past the top: a dim "loading earlier messages…" row above the oldest message', () => {
		const s = askEarlier(joined(), GENERAL).state;
		const text = show(view(s, width, height, {top: true}), width, height);
		// Right above the oldest message held (the welcome's history begins under its rule).
		const at = rows(text).findIndex(row => /^ {6}loading earlier messages…/u.test(row));
		expect(at).toBeGreaterThan(0);
		expect(rows(text)[at + 1]).toMatch(/^ {6}── earlier messages ──/u);
		expect(rows(text)[at + 2]).toContain('(41)');
		expect(text).toMatchSnapshot();
	});

	test('the store holds nothing older: "start of #general" above the room\'s first event', () => {
		let s = askEarlier(joined(), GENERAL).state;
		s = applyActivities(
			s,
			[frame({type: 'history', room: '#general', events: [{type: 'join', room: '#general', seq: 1, ts: T0, name: 'bob'}, ...Array.from({length: 39}, (_, i) => msg(2 + i))], more: false})],
			1000,
		);
		const text = show(view(s, width, height, {top: true}), width, height);
		expect(rows(text)[1]).toMatch(/^ {6}── start of #general ──/u);
		expect(rows(text)[3]).toContain('→ bob joined');
		expect(text).not.toContain('loading earlier');
		expect(text).toMatchSnapshot();
	});

	test('the search view: room, date and time, author, the text wrapped by display width under them', () => {
		let s = requestSearch(joined(), '构建');
		s = applyActivities(s, [frame({type: 'results', text: '构建', events: [msg(50), msg(49), msg(45), msg(44), msg(40), msg(39), msg(35), msg(34)]})], 1000);
		const text = show(view(s, width, height, {search: {choice: 1, top: 0}}), width, height);
		expect(rows(text)[1]).toBe('8 results for "构建", newest first');
		expect(rows(text)[2]).toMatch(/^ {2}#general {2}Tue 1 Dec 2026 14:50 {2}bob/u);
		expect(rows(text)[4]).toMatch(/^▸ #general {2}Tue 1 Dec 2026 14:49 {2}李四/u);
		// A long Chinese text wraps by display width under its header.
		if (width === 80) expect(rows(text)[6]).toMatch(/^ {4}建又会失败/u);
		expect(text).toContain('↑/↓ choose');
		expect(text).toMatchSnapshot();
	});

	test('no results, and a failure, are sentences', () => {
		let s = requestSearch(joined(), '不存在');
		s = applyActivities(s, [frame({type: 'results', text: '不存在', events: []})], 1000);
		expect(rows(show(view(s, width, height, {search: INITIAL_SEARCH_VIEW}), width, height))[1]).toBe('no results for "不存在"');
		s = requestSearch(s, '构建');
		s = applyActivities(s, [{kind: 'refused', request: {type: 'search', text: '构建'}, message: 'the history cannot be read just now — try again later'}], 1000);
		const text = show(view(s, width, height, {search: INITIAL_SEARCH_VIEW}), width, height);
		expect(text).toContain('the search for "构建" failed: the history cannot be read just now');
	});
});
