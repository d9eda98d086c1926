import {describe, expect, test} from 'vitest';
import type {ClientActivity} from '../source/client/chat-client.js';
import {dmBufferKey, findBufferByName, roomBufferKey, targetKey} from '../source/hooks/chat-buffers.js';
import {
	addLocal,
	applyActivities,
	closeBuffer,
	currentBuffer,
	expectEcho,
	expectJoin,
	INITIAL_ROOM_STATE,
	openConversation,
	requestRoomList,
	switchBuffer,
	type RoomState,
} from '../source/hooks/room-state.js';
import type {RoomEvent, RoomSnapshot, ServerFrame, WelcomeFrame} from '../source/protocol/frames.js';

process.env.TZ = 'UTC';

/**
 * The client's buffers, a pure state: a room each and a private conversation each, each with
 * its own entries, members, topic and counts. Every change goes through the functions the hook
 * calls, fed with the frames a tcpchat/2 server sends (see test/server-rooms.test.ts).
 */

const GENERAL = roomBufferKey('#general');
const DEV = roomBufferKey('#dev');
const BOB = dmBufferKey('bob');

let ts = 1_000;
const msg = (room: string, seq: number, from: string, text: string, at = ++ts): RoomEvent => ({type: 'msg', room, seq, ts: at, from, text});
const snapshot = (room: string, history: RoomEvent[] = [], topic = '', users = ['张三', 'bob']): RoomSnapshot => ({
	room,
	topic,
	users: users.map((name, i) => ({name, since: i})),
	history,
});
const welcome = (rooms: RoomSnapshot[]): WelcomeFrame => ({type: 'welcome', proto: 2, server: 'tcpchat/0.2.0', you: '张三', motd: '', rooms});
const frame = (f: ServerFrame): ClientActivity => ({kind: 'frame', frame: f});
const joinedStatus = (w: WelcomeFrame, reconnected = false): ClientActivity => ({kind: 'status', status: {state: 'joined', welcome: w, reconnected}});
const apply = (s: RoomState, ...activities: ClientActivity[]) => applyActivities(s, activities, 1000);

function connected(rooms: RoomSnapshot[] = [snapshot('#general')]): RoomState {
	return apply(
		INITIAL_ROOM_STATE,
		{kind: 'status', status: {state: 'connecting', host: '127.0.0.1', port: 7777, name: '张三', attempt: 0}},
		joinedStatus(welcome(rooms)),
	);
}

const texts = (s: RoomState, key = s.current) =>
	(s.buffers.find(b => b.key === key)?.entries ?? []).map(e => ('text' in e && e.text !== undefined ? e.text : e.kind));
const bar = (s: RoomState) => s.buffers.map(b => [b.name, b.unread, b.mentions]);

/** 张三 in #general, then /join #dev answered by the server. */
function inTwoRooms(devHistory: RoomEvent[] = []): RoomState {
	let s = expectJoin(connected(), '#dev', 1000);
	s = apply(s, frame({type: 'joined', ...snapshot('#dev', devHistory, '构建 builds')}), frame({type: 'join', room: '#dev', seq: devHistory.length + 1, ts: ++ts, name: '张三'}));
	return s;
}

describe('buffers: joining and parting', () => {
	test('the welcome opens a buffer per room, the first shown; /join opens one at once and fills it from joined', () => {
		let s = connected();
		expect(s.buffers.map(b => b.key)).toEqual([GENERAL]);
		expect(s.current).toBe(GENERAL);
		s = expectJoin(s, '#dev', 1000);
		// Shown before the server answers, so that a line typed next goes there.
		expect(s.current).toBe(DEV);
		expect(texts(s)).toEqual(['joining #dev…']);
		s = apply(
			s,
			frame({type: 'joined', ...snapshot('#dev', [msg('#dev', 1, 'bob', 'earlier in dev')], '构建 builds')}),
			frame({type: 'join', room: '#dev', seq: 2, ts: ++ts, name: '张三'}),
		);
		const dev = currentBuffer(s);
		expect(dev).toMatchObject({name: '#dev', topic: '构建 builds', member: true, unread: 0, mentions: 0});
		expect(dev.users.map(u => u.name)).toEqual(['张三', 'bob']);
		expect(texts(s)).toEqual(['joining #dev…', '── earlier messages ──', 'earlier in dev', 'you joined #dev · 2 members', 'topic: 构建 builds']);
		expect(s.joining).toEqual([]);
	});

	test('each room keeps its own users, topic and entries; events go to their room only', () => {
		let s = inTwoRooms();
		s = apply(
			s,
			frame({type: 'join', room: '#general', seq: 2, ts: ++ts, name: 'carol'}),
			frame(msg('#general', 3, 'carol', 'in general')),
			frame({type: 'topic', room: '#dev', seq: 3, ts: ++ts, from: 'bob', text: '新主题'}),
			frame({type: 'leave', room: '#dev', seq: 4, ts: ++ts, name: 'bob', reason: 'part', text: 'lunch'}),
		);
		const general = s.buffers.find(b => b.key === GENERAL)!;
		const dev = s.buffers.find(b => b.key === DEV)!;
		expect(general.users.map(u => u.name)).toEqual(['张三', 'bob', 'carol']);
		expect(dev.users.map(u => u.name)).toEqual(['张三']);
		expect(dev.topic).toBe('新主题');
		expect(texts(s, GENERAL)).toContain('in general');
		expect(texts(s, DEV)).not.toContain('in general');
	});

	test('our own part closes the buffer and shows the one before it, with a line saying so', () => {
		let s = inTwoRooms();
		s = apply(s, frame({type: 'leave', room: '#dev', seq: 2, ts: ++ts, name: '张三', reason: 'part', text: '再见'}));
		expect(s.buffers.map(b => b.key)).toEqual([GENERAL]);
		expect(s.current).toBe(GENERAL);
		expect(texts(s).at(-1)).toBe('you left #dev: 再见');
		// A straggler event for the room left has nowhere to go, and is dropped.
		expect(apply(s, frame(msg('#dev', 3, 'bob', 'late'))).buffers).toHaveLength(1);
	});

	test('a room the operator removed: the buffer stays to read, no longer joined, nobody listed, with a line saying so', () => {
		let s = inTwoRooms([msg('#dev', 1, 'bob', 'kept to read')]);
		s = apply(s, frame({type: 'leave', room: '#dev', seq: 3, ts: ++ts, name: '张三', reason: 'dropped', text: 'spam\u001b[2J'}));
		expect(s.buffers.map(b => b.key)).toEqual([GENERAL, DEV]);
		expect(s.buffers.find(b => b.key === DEV)).toMatchObject({member: false, users: []});
		expect(texts(s, DEV)).toContain('kept to read');
		expect(texts(s, DEV).at(-1)).toBe('the operator removed #dev: spam[2J — you are no longer in it (/join #dev makes it anew)');
	});

	test('a refused join leaves the buffer, not joined, with the reason; an error about a room goes to it', () => {
		let s = expectJoin(connected(), '#third', 1000);
		s = apply(s, frame({type: 'error', code: 'too_many_rooms', message: 'the server has 2 rooms, its most', room: '#third'}));
		expect(currentBuffer(s)).toMatchObject({name: '#third', member: false});
		expect(texts(s).at(-1)).toBe('the server has 2 rooms, its most');
		s = switchBuffer(s, {key: GENERAL});
		s = apply(s, frame({type: 'error', code: 'not_in_room', message: 'you are not in #third', room: '#third'}));
		expect(texts(s, roomBufferKey('#third')).at(-1)).toBe('you are not in #third');
		expect(texts(s, GENERAL)).not.toContain('you are not in #third');
		// An error without a room: the buffer shown.
		s = apply(s, frame({type: 'error', code: 'rate_limited', message: 'x'}));
		expect(texts(s).at(-1)).toBe('you are sending too fast — slow down');
	});

	test('a rejoin of a room one is in shows it again without a second "you joined"', () => {
		let s = inTwoRooms([msg('#dev', 1, 'bob', 'old')]);
		const before = texts(s, DEV);
		s = apply(s, frame({type: 'joined', ...snapshot('#dev', [msg('#dev', 1, 'bob', 'old', s.buffers[1]!.entries.find(e => e.kind === 'msg')!.ts)], '构建 builds')}));
		expect(texts(s, DEV)).toEqual(before);
	});
});

describe('buffers: private conversations', () => {
	test('an incoming private message opens a buffer of its own, unread and a mention, and rings', () => {
		let s = connected();
		s = apply(s, frame({type: 'dm', ts: ++ts, from: 'bob', to: '张三', text: '私聊'}));
		expect(s.current).toBe(GENERAL);
		expect(bar(s)).toEqual([
			['#general', 0, 0],
			['bob', 1, 1],
		]);
		expect(s.alerts).toBe(1);
		expect(texts(s, BOB)).toEqual(['私聊']);
		expect(texts(s, GENERAL)).not.toContain('私聊');
	});

	test('/msg from a room: the conversation opens with the echo, which shows where it was typed too; you stay', () => {
		let s = expectEcho(connected(), 'BOB', GENERAL);
		s = apply(s, frame({type: 'dm', ts: ++ts, from: '张三', to: 'bob', text: 'psst'}));
		expect(s.current).toBe(GENERAL);
		expect(texts(s, BOB)).toEqual(['psst']);
		expect(texts(s, GENERAL).at(-1)).toBe('psst');
		// Your own message is not unread anywhere.
		expect(bar(s)).toEqual([
			['#general', 0, 0],
			['bob', 0, 0],
		]);
		// A second private message typed in the conversation itself shows there once.
		s = switchBuffer(s, {key: BOB});
		s = apply(expectEcho(s, 'bob', BOB), frame({type: 'dm', ts: ++ts, from: '张三', to: 'bob', text: 'again'}));
		expect(texts(s, BOB)).toEqual(['psst', 'again']);
		expect(texts(s, GENERAL)).not.toContain('again');
		// A refused one (nobody called that) leaves no echo waiting.
		s = apply(expectEcho(s, 'zed', GENERAL), frame({type: 'error', code: 'no_such_user', message: 'nobody called "zed" is online'}));
		expect(s.echoes).toEqual([]);
	});

	test('/query opens and shows; the conversation follows a rename of its person', () => {
		let s = openConversation(connected(), 'bob');
		expect(s.current).toBe(BOB);
		s = apply(s, frame({type: 'nick', room: '#general', seq: 2, ts: ++ts, from: 'bob', to: 'robert'}));
		expect(currentBuffer(s)).toMatchObject({key: dmBufferKey('robert'), name: 'robert'});
		expect(s.current).toBe(dmBufferKey('robert'));
		expect(texts(s).at(-1)).toBe('bob is now robert');
		s = apply(s, frame({type: 'dm', ts: ++ts, from: 'robert', to: '张三', text: 'same person'}));
		expect(s.buffers).toHaveLength(2);
		expect(texts(s).at(-1)).toBe('same person');
	});

	test('closing a conversation shows the buffer before it', () => {
		let s = openConversation(inTwoRooms(), 'bob');
		s = closeBuffer(s, BOB, 1000);
		expect(s.buffers.map(b => b.key)).toEqual([GENERAL, DEV]);
		expect(s.current).toBe(DEV);
		expect(texts(s).at(-1)).toBe('closed the conversation with bob');
	});
});

describe('buffers: unread and mention counts, switching', () => {
	test('what arrives in a buffer not shown counts: messages and notices, mentions apart; joins and your own do not', () => {
		let s = inTwoRooms();
		s = apply(
			s,
			frame(msg('#general', 2, 'bob', 'hello')),
			frame(msg('#general', 3, 'bob', '请问张三在吗')),
			frame({type: 'join', room: '#general', seq: 4, ts: ++ts, name: 'carol'}),
			frame(msg('#general', 5, '张三', 'mine')),
			frame({type: 'notice', ts: ++ts, text: 'to #general', room: '#general'}),
			frame(msg('#dev', 2, 'bob', 'seen as it comes')),
		);
		expect(bar(s)).toEqual([
			['#general', 3, 1],
			['#dev', 0, 0],
		]);
		expect(s.alerts).toBe(1);
		s = switchBuffer(s, {index: 0});
		expect(bar(s)).toEqual([
			['#general', 0, 0],
			['#dev', 0, 0],
		]);
	});

	test('history of a room just joined is not unread; a welcome history of several rooms neither', () => {
		const s = connected([snapshot('#general', [msg('#general', 1, 'bob', 'a')]), snapshot('#dev', [msg('#dev', 1, 'bob', '张三 old mention')])]);
		expect(bar(s)).toEqual([
			['#general', 0, 0],
			['#dev', 0, 0],
		]);
		expect(texts(s, DEV)).toEqual(['── earlier messages ──', '张三 old mention', 'joined #dev']);
	});

	test('Alt+1…9 by position, steps wrap, Alt+A goes to mentions first, then unread; a target that is none changes nothing', () => {
		let s = openConversation(inTwoRooms(), 'bob');
		s = switchBuffer(s, {index: 0});
		s = apply(s, frame(msg('#dev', 2, 'bob', 'plain')), frame({type: 'dm', ts: ++ts, from: 'bob', to: '张三', text: 'hey'}));
		expect(targetKey(s.buffers, s.current, {step: 1})).toBe(DEV);
		expect(targetKey(s.buffers, s.current, {step: -1})).toBe(BOB);
		expect(targetKey(s.buffers, BOB, {step: 1})).toBe(GENERAL);
		expect(targetKey(s.buffers, s.current, {activity: true})).toBe(BOB);
		s = switchBuffer(s, {activity: true});
		expect(s.current).toBe(BOB);
		expect(targetKey(s.buffers, s.current, {activity: true})).toBe(DEV);
		expect(switchBuffer(s, {index: 6})).toBe(s);
		expect(switchBuffer(s, {key: 'room:#nowhere'})).toBe(s);
	});

	test('/buffer NAME: a room with or without #, a person with or without @', () => {
		const s = openConversation(inTwoRooms(), 'bob');
		expect(findBufferByName(s.buffers, 'dev')?.key).toBe(DEV);
		expect(findBufferByName(s.buffers, '#DEV')?.key).toBe(DEV);
		expect(findBufferByName(s.buffers, '@bob')?.key).toBe(BOB);
		expect(findBufferByName(s.buffers, 'Bob')?.key).toBe(BOB);
		expect(findBufferByName(s.buffers, 'carol')).toBeUndefined();
	});

	test('local lines, help and command output go to the buffer shown', () => {
		let s = inTwoRooms();
		s = addLocal(s, [{kind: 'info', text: 'here'}], 1000);
		expect(texts(s, DEV).at(-1)).toBe('here');
		expect(texts(s, GENERAL)).not.toContain('here');
	});

	test('/list: each request opens the list anew; its answer fills it, cleaned', () => {
		let s = requestRoomList(connected(), 'dev');
		expect(s.roomList).toEqual({request: 1, rooms: undefined, filter: 'dev'});
		s = apply(s, frame({type: 'rooms', rooms: [{name: '#dev', topic: 'a\u001b[2Jb', users: 2}]}));
		expect(s.roomList).toEqual({request: 1, rooms: [{name: '#dev', topic: 'a[2Jb', users: 2}], filter: 'dev'});
	});
});

describe('buffers after a reconnect', () => {
	test('every buffer stays; each room merges what it missed without duplicates, counted where not shown', () => {
		let s = inTwoRooms([msg('#dev', 1, 'bob', 'one', 10)]);
		s = openConversation(s, 'bob');
		s = switchBuffer(s, {key: GENERAL});
		s = apply(s, frame(msg('#general', 2, 'bob', 'before the loss', 20)));
		s = apply(s, {kind: 'status', status: {state: 'reconnecting', reason: 'the server closed the connection', attempt: 1, retryAt: 0}});
		// Said in every buffer: each has a gap from here.
		for (const b of s.buffers) expect(texts(s, b.key).at(-1)).toBe('connection lost: the server closed the connection');
		s = apply(
			s,
			joinedStatus(
				welcome([
					snapshot('#general', [msg('#general', 2, 'bob', 'before the loss', 20), msg('#general', 3, 'carol', 'missed here', 30)]),
					snapshot('#dev', [msg('#dev', 1, 'bob', 'one', 10), msg('#dev', 3, 'bob', 'missed 张三', 40)]),
				]),
				true,
			),
		);
		expect(s.buffers.map(b => b.key)).toEqual([GENERAL, DEV, BOB]);
		expect(s.current).toBe(GENERAL);
		expect(texts(s, GENERAL).filter(t => t === 'before the loss')).toHaveLength(1);
		expect(texts(s, GENERAL).slice(-3)).toEqual(['── while you were away ──', 'missed here', 'reconnected to 127.0.0.1:7777 as 张三']);
		expect(texts(s, DEV).filter(t => t === 'one')).toHaveLength(1);
		expect(texts(s, DEV)).toContain('missed 张三');
		expect(bar(s)).toEqual([
			['#general', 0, 0],
			['#dev', 1, 1],
			['bob', 0, 0],
		]);
		expect(texts(s, BOB).at(-1)).toBe('reconnected to 127.0.0.1:7777 as 张三');
		// The live event that follows, already merged, is not shown twice.
		s = apply(s, frame(msg('#dev', 3, 'bob', 'missed 张三', 40)));
		expect(texts(s, DEV).filter(t => t === 'missed 张三')).toHaveLength(1);
	});

	test('a room the server did not take us back into stays, not joined, saying what to do', () => {
		let s = inTwoRooms();
		s = apply(s, joinedStatus(welcome([snapshot('#general')]), true));
		expect(s.buffers.find(b => b.key === DEV)).toMatchObject({member: false, users: []});
		expect(texts(s, DEV).at(-1)).toBe('reconnected, but not back in #dev — /join #dev to try again');
	});

	test('a new welcome after the form (not a reconnect) starts afresh', () => {
		const s = apply(openConversation(inTwoRooms(), 'bob'), joinedStatus(welcome([snapshot('#general')])));
		expect(s.buffers.map(b => b.key)).toEqual([GENERAL]);
	});
});
