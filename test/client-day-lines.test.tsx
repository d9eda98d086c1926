import React from 'react';
import {describe, expect, test} from 'vitest';
import {RoomView} from '../source/components/room-view.js';
import type {RoomViewProps} from '../source/components/room-view.js';
import {roomHints} from '../source/ui/room-status.js';
import type {ChatEntry, ChatEntryData} from '../source/ui/chat-entry.js';
import {dayKey, formatDay, formatTime} from '../source/ui/format-time.js';
import {lineAt} from '../source/ui/line-editor.js';
import {dayLine, rowsAfter, startsDay, visibleRows} from '../source/ui/message-rows.js';
import {frameSize, renderTerminal} from './helpers/render-terminal.js';

process.env.TZ = 'UTC';

/** A fixed clock: "today" is Friday 4 December 2026, 09:30:15. */
const TODAY = Date.UTC(2026, 11, 4, 9, 30, 15);
const DAY = 24 * 60 * 60_000;

function entries(...data: ChatEntryData[]): ChatEntry[] {
	return data.map((d, i) => ({...d, id: i + 1}) as ChatEntry);
}

/** A welcome's history from three days ago and yesterday, then today's session. */
const HISTORY = entries(
	{kind: 'info', ts: TODAY, text: '── earlier messages ──'},
	{kind: 'msg', ts: TODAY - 3 * DAY + 5_000, seq: 1, from: '李四', text: '大家好，三天前的消息', action: false, earlier: true},
	{kind: 'msg', ts: TODAY - 3 * DAY + 65_000, seq: 2, from: 'bob', text: 'an old message', action: false, earlier: true},
	{kind: 'msg', ts: TODAY - DAY, seq: 3, from: '李四', text: '昨天的消息', action: false, earlier: true},
	{kind: 'info', ts: TODAY, text: 'joined 127.0.0.1:7777 as 张三'},
	{kind: 'msg', ts: TODAY + 2_000, seq: 4, from: '张三', text: '今天的消息', action: false},
);

function room(width: number, height: number, overrides: Partial<RoomViewProps> = {}): React.ReactElement {
	const props: RoomViewProps = {
		width,
		height,
		entries: HISTORY,
		users: [
			{name: '张三', since: TODAY},
			{name: '李四', since: TODAY},
		],
		you: '张三',
		title: {name: '#general', kind: 'room', topic: '', online: 2, member: true, you: '张三', where: '127.0.0.1:7777 (tcpchat/0.1.0)'},
		buffers: [{key: 'room:#general', kind: 'room', name: '#general', unread: 0, mentions: 0, member: true}],
		current: 'room:#general',
		connection: 'connected',
		line: lineAt(''),
		scrollOffset: 0,
		newMessages: 0,
		showUsers: true,
		hints: roomHints({scrolled: false, reconnecting: false, usersAvailable: width >= 70, showUsers: true}),
		...overrides,
	};
	return <RoomView {...props} />;
}

function show(tree: React.ReactElement, columns: number, rows: number): string {
	const text = renderTerminal(tree, columns, rows).lastFrame();
	const size = frameSize(text);
	expect(size.height).toBe(rows);
	expect(size.width).toBeLessThanOrEqual(columns);
	return text;
}

describe('days and times', () => {
	test('a day in words, the same on every machine', () => {
		expect(formatDay(Date.UTC(2026, 11, 1, 23, 59))).toEqual(['Tuesday 1 December 2026', 'Tue 1 Dec 2026', '2026-12-01']);
		expect(formatDay(Date.UTC(2024, 1, 29))).toEqual(['Thursday 29 February 2024', 'Thu 29 Feb 2024', '2024-02-29']);
	});

	test('day keys follow the local calendar', () => {
		expect(dayKey(Date.UTC(2026, 11, 1, 23, 59, 59))).toBe(20261201);
		expect(dayKey(Date.UTC(2026, 11, 2, 0, 0, 0))).toBe(20261202);
	});

	test('times with and without seconds', () => {
		expect(formatTime(TODAY)).toBe('09:30');
		expect(formatTime(TODAY, true)).toBe('09:30:15');
	});

	test('a day line shortens to fit', () => {
		const text = (width: number) => dayLine(Date.UTC(2026, 11, 1), width).map(s => s.text).join('');
		expect(text(80)).toBe('      ── Tuesday 1 December 2026 ──');
		expect(text(30)).toBe('── Tuesday 1 December 2026 ──');
		expect(text(26)).toBe('      ── Tue 1 Dec 2026 ──');
		expect(text(12)).toBe('2026-12-01');
		expect(text(5)).toBe('2026-');
	});
});

describe('day-change lines', () => {
	test('between entries of different days, and above history that starts the list', () => {
		expect(HISTORY.map((_, i) => startsDay(HISTORY, i))).toEqual([false, true, false, true, true, false]);
		const today = entries({kind: 'info', ts: TODAY, text: 'joined'}, {kind: 'msg', ts: TODAY, seq: 1, from: 'a', text: 'b', action: false});
		expect(today.map((_, i) => startsDay(today, i))).toEqual([false, false]);
		const historyFirst = entries({kind: 'msg', ts: TODAY, seq: 1, from: 'a', text: 'b', action: false, earlier: true});
		expect(startsDay(historyFirst, 0)).toBe(true);
	});

	test('each starts with the whole date, in the rows that scrolling counts too', () => {
		const context = {you: '张三', width: 60};
		const view = visibleRows(HISTORY, context, 100, 0);
		const lines = view.rows.map(r => r.segments.map(s => s.text).join('').trimEnd());
		expect(lines).toEqual([
			'      ── earlier messages ──',
			'      ── Tuesday 1 December 2026 ──',
			'09:30 <李四> 大家好，三天前的消息',
			'09:31 <bob> an old message',
			'      ── Thursday 3 December 2026 ──',
			'09:30 <李四> 昨天的消息',
			'      ── Friday 4 December 2026 ──',
			'      joined 127.0.0.1:7777 as 张三',
			'09:30 <张三> 今天的消息',
		]);
		expect(new Set(view.rows.map(r => r.key)).size).toBe(view.rows.length);
		expect(rowsAfter(HISTORY, 0, context).rows).toBe(lines.length);
		expect(rowsAfter(HISTORY, 4, context)).toEqual({rows: 3, messages: 1});
	});

	test('timestamps with seconds widen the time column', () => {
		const view = visibleRows(HISTORY, {you: '张三', width: 60, seconds: true}, 100, 0);
		const lines = view.rows.map(r => r.segments.map(s => s.text).join('').trimEnd());
		expect(lines[1]).toBe('         ── Tuesday 1 December 2026 ──');
		expect(lines[2]).toBe('09:30:20 <李四> 大家好，三天前的消息');
		expect(lines[7]).toBe('         joined 127.0.0.1:7777 as 张三');
	});
});

describe.each([
	[80, 24],
	[40, 12],
	[200, 50],
] as const)('the room at %i×%i with history from other days', (width, height) => {
	test('shows the day lines', () => {
		const text = show(room(width, height), width, height);
		// At 40×12 the oldest day has scrolled off above the room bar: the next one shows.
		expect(text).toContain(height >= 24 ? '── Tuesday 1 December 2026 ──' : '── Thursday 3 December 2026 ──');
		expect(text).toMatchSnapshot();
	});

	test('with seconds', () => {
		const text = show(room(width, height, {seconds: true}), width, height);
		expect(text).toContain('09:30:17 <张三> 今天的消息');
		expect(text).toMatchSnapshot();
	});
});
