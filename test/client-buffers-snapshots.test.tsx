import React from 'react';
import {afterAll, beforeAll, describe, expect, test, vi} from 'vitest';
import type {ClientActivity} from '../source/client/chat-client.js';
import {RoomView, roomLayout} from '../source/components/room-view.js';
import {dmBufferKey, roomBufferKey} from '../source/hooks/chat-buffers.js';
import {
	applyActivities,
	currentBuffer,
	expectJoin,
	INITIAL_ROOM_STATE,
	requestRoomList,
	switchBuffer,
	type RoomState,
} from '../source/hooks/room-state.js';
import type {RoomEvent, ServerFrame} from '../source/protocol/frames.js';
import {roomKey} from '../source/protocol/room-names.js';
import {lineAt} from '../source/ui/line-editor.js';
import {INITIAL_ROOM_LIST} from '../source/ui/room-list.js';
import {listHints, roomHints} from '../source/ui/room-status.js';
import {titleOf} from '../source/ui/room-title.js';
import {frameSize, renderTerminal} from './helpers/render-terminal.js';

process.env.TZ = 'UTC';

/**
 * The client with several buffers, drawn as the screen draws them: the state is built by the
 * same pure functions the hook uses, from the frames a tcpchat/2 server sends, then handed to
 * RoomView as the screen hands it.
 */

const T0 = Date.UTC(2026, 11, 1, 14, 0, 0);
const minute = 60_000;
beforeAll(() => {
	vi.useFakeTimers({toFake: ['Date']});
	vi.setSystemTime(T0);
});
afterAll(() => {
	vi.useRealTimers();
});

const frame = (f: ServerFrame): ClientActivity => ({kind: 'frame', frame: f});
const msg = (room: string, seq: number, from: string, text: string, at: number): RoomEvent => ({type: 'msg', room, seq, ts: at, from, text});
const users = (...names: string[]) => names.map((name, i) => ({name, since: T0 + i}));

/** 张三 in #general and #dev (welcome), then #开发讨论 (joined), with news in every buffer but the one shown. */
function busyClient(): RoomState {
	let s = applyActivities(
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
						motd: 'Welcome to tcpchat. Type /help for commands.',
						rooms: [
							{room: '#general', topic: '大家好 · say hi', users: users('张三', 'bob', 'carol', '李四'), history: [msg('#general', 1, 'carol', 'morning all', T0 - 30 * minute)]},
							{room: '#dev', topic: 'builds and tests', users: users('张三', 'bob'), history: []},
						],
					},
				},
			},
		],
		1000,
	);
	s = expectJoin(s, '#开发讨论', 1000);
	s = applyActivities(
		s,
		[
			frame({type: 'joined', room: '#开发讨论', topic: '构建和测试', users: users('张三', '李四'), history: []}),
			frame({type: 'join', room: '#开发讨论', seq: 1, ts: T0, name: '张三'}),
		],
		1000,
	);
	s = switchBuffer(s, {key: roomBufferKey('#general')});
	return applyActivities(
		s,
		[
			frame({type: 'join', room: '#general', seq: 2, ts: T0 + minute, name: 'dave'}),
			frame(msg('#general', 3, 'bob', 'hi everyone', T0 + minute)),
			frame(msg('#general', 4, '张三', '你好 bob', T0 + 2 * minute)),
			frame(msg('#dev', 1, 'bob', 'the build is green', T0 + 2 * minute)),
			frame(msg('#dev', 2, 'bob', 'deploying now', T0 + 3 * minute)),
			frame(msg('#dev', 3, 'carol', 'thanks', T0 + 3 * minute)),
			frame(msg('#开发讨论', 2, '李四', '请问张三在吗？', T0 + 4 * minute)),
			frame({type: 'dm', ts: T0 + 4 * minute, from: 'bob', to: '张三', text: 'lunch at 12:30?'}),
		],
		1000,
	);
}

function view(s: RoomState, width: number, height: number, options: {list?: boolean} = {}): React.ReactElement {
	const buffer = currentBuffer(s);
	const isRoom = buffer.kind === 'room';
	const list = options.list
		? {view: {...INITIAL_ROOM_LIST, selected: 1}, rooms: s.roomList.rooms, memberOf: new Set(s.buffers.filter(b => b.member).map(b => roomKey(b.name)))}
		: undefined;
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
			scrollOffset={0}
			newMessages={0}
			showUsers={isRoom}
			list={list}
			hints={list ? listHints() : roomHints({scrolled: false, reconnecting: false, usersAvailable: width >= 70 && isRoom, showUsers: true, buffers: s.buffers.length})}
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

/** The row of the room bar: right above the input line. */
const barRow = (text: string, width: number, height: number) => text.split('\n')[roomLayout(width, height, true, []).inputRow - 1]!;

describe.each([
	[80, 24],
	[160, 48],
] as const)('several buffers at %i×%i', (width, height) => {
	test('a room shown: its topic in the header, its members, every buffer in the bar with its counts', () => {
		const text = show(view(busyClient(), width, height), width, height);
		expect(barRow(text, width, height)).toBe(' 1:#general 2:#dev(3) 3:#开发讨论(1!) 4:@bob(1!)');
		expect(text.split('\n')[0]).toContain(' #general · you: 张三 · 5 online');
		expect(text.split('\n')[0]).toContain('大家好 · say hi');
		expect(text).toContain('<bob> hi everyone');
		expect(text).not.toContain('deploying now');
		expect(text).toContain('online (5)');
		expect(text).toMatchSnapshot();
	});

	test('another room shown: its own messages and members; its counts are read', () => {
		const s = switchBuffer(busyClient(), {index: 1});
		const text = show(view(s, width, height), width, height);
		expect(barRow(text, width, height)).toBe(' 1:#general 2:#dev 3:#开发讨论(1!) 4:@bob(1!)');
		expect(text).toContain('<bob> deploying now');
		expect(text).not.toContain('hi everyone');
		expect(text).toContain('online (2)');
		expect(text).toMatchSnapshot();
	});

	test('a private conversation: no user list, the conversation only', () => {
		const s = switchBuffer(busyClient(), {key: dmBufferKey('bob')});
		const text = show(view(s, width, height), width, height);
		expect(text.split('\n')[0]).toContain(' @bob · private · you: 张三');
		expect(text).toContain('[bob → you] lunch at 12:30?');
		expect(text).not.toContain('online (');
		expect(text).toMatchSnapshot();
	});

	test('the list of rooms in place of the messages', () => {
		let s = requestRoomList(busyClient());
		s = applyActivities(
			s,
			[
				frame({
					type: 'rooms',
					rooms: [
						{name: '#general', topic: '大家好 · say hi', users: 5},
						{name: '#dev', topic: 'builds and tests', users: 2},
						{name: '#help', topic: 'ask anything', users: 1},
						{name: '#开发讨论', topic: '构建和测试', users: 2},
					],
				}),
			],
			1000,
		);
		const text = show(view(s, width, height, {list: true}), width, height);
		expect(text.split('\n')[1]).toMatch(/^rooms \(4\)/u);
		expect(text).toMatch(/^• #dev +2 {2}builds and tests/mu);
		expect(text).toMatch(/^ {2}#help +1 {2}ask anything/mu);
		expect(text).toMatchSnapshot();
	});
});

test('narrow (40×12) and tiny: the bar stays one row, the buffer shown always in it', () => {
	const s = switchBuffer(busyClient(), {index: 2});
	for (const [w, h] of [
		[40, 12],
		[24, 8],
		[12, 4],
	] as const) {
		const text = show(view(s, w, h), w, h);
		const bar = barRow(text, w, h);
		expect(bar).toContain('3:#');
		if (w < 80) expect(bar).toMatch(/[«»]/u);
	}
});
