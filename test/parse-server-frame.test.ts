import {describe, expect, test} from 'vitest';
import type {RoomEvent, ServerFrame} from '../source/protocol/frames.js';
import {isRoomEvent} from '../source/protocol/frames.js';
import {encodeFrame} from '../source/protocol/encode.js';
import {parseServerFrame} from '../source/protocol/parse-server-frame.js';

const events: RoomEvent[] = [
	{type: 'msg', room: '#general', seq: 42, ts: 1_764_075_600_000, from: 'alice', text: 'hi'},
	{type: 'msg', room: '#general', seq: 43, ts: 1, from: 'alice', text: 'waves', action: true},
	{type: 'join', room: '#general', seq: 44, ts: 2, name: 'bob'},
	{type: 'leave', room: '#general', seq: 45, ts: 3, name: 'bob', reason: 'quit'},
	{type: 'leave', room: '#general', seq: 46, ts: 4, name: 'carol', reason: 'kicked', text: 'spam'},
	{type: 'nick', room: '#general', seq: 47, ts: 5, from: 'bob', to: 'robert'},
];

const frames: ServerFrame[] = [
	{
		type: 'welcome',
		proto: 2,
		server: 'tcpchat/0.2.0',
		you: 'alice',
		motd: 'hello',
		rooms: [{room: '#general', topic: 'welcome all', users: [{name: 'alice', since: 10}, {name: 'bob', since: 11}], history: events}],
	},
	{type: 'joined', room: '#dev', topic: '', users: [{name: 'alice', since: 10}], history: []},
	{type: 'topic', room: '#dev', seq: 2, ts: 9, from: 'alice', text: 'builds'},
	{type: 'nick', ts: 9, from: 'alice', to: 'alicia'},
	{type: 'rooms', rooms: [{name: '#general', topic: 'welcome all', users: 2}, {name: '#dev', topic: '', users: 1}]},
	{type: 'error', code: 'not_in_room', message: 'you are not in #dev', room: '#dev'},
	{type: 'notice', ts: 7, text: 'only here', room: '#dev'},
	...events,
	{type: 'dm', ts: 6, from: 'alice', to: 'bob', text: 'psst'},
	{type: 'users', room: '#general', users: [{name: 'alice', since: 1}]},
	{type: 'users', room: '#general', users: []},
	{type: 'users', room: '#general', users: [{name: 'bob', since: 1, away: 'at lunch'}]},
	{type: 'away', name: 'bob', text: 'at lunch'},
	{type: 'away', name: 'bob', text: ''},
	{type: 'history', room: '#general', events, more: true},
	{type: 'history', room: '#dev', events: [], more: false},
	{type: 'results', text: '构建', events: [events[1]!, events[0]!]},
	{type: 'results', text: 'build', events: [], partial: true},
	{type: 'error', code: 'kicked', message: 'spam'},
	{type: 'notice', ts: 7, text: 'server restarting'},
	{type: 'error', code: 'name_taken', message: 'that name is taken'},
	{type: 'ping'},
	{type: 'pong'},
];

describe('parseServerFrame', () => {
	test.each(frames.map(frame => [frame.type, frame] as const))('%s round-trips through encodeFrame', (_, frame) => {
		const line = encodeFrame(frame);
		expect(line.endsWith('\n')).toBe(true);
		expect(line.indexOf('\n')).toBe(line.length - 1);
		expect(parseServerFrame(line.slice(0, -1))).toEqual(frame);
	});

	test('room events are recognised as such', () => {
		for (const event of events) expect(isRoomEvent(parseServerFrame(JSON.stringify(event))!)).toBe(true);
		expect(isRoomEvent({type: 'ping'})).toBe(false);
		expect(isRoomEvent({type: 'dm', ts: 1, from: 'a', to: 'b', text: 'c'})).toBe(false);
	});

	test('history and results: events of the wrong shape are dropped, a result without its room too', () => {
		expect(parseServerFrame('{"type":"history","room":"#dev","events":[{"type":"msg","seq":1,"ts":1,"from":"a","text":"x"},{"type":"msg"}]}')).toEqual({
			type: 'history',
			room: '#dev',
			events: [{type: 'msg', room: '#dev', seq: 1, ts: 1, from: 'a', text: 'x'}],
			more: false,
		});
		expect(parseServerFrame('{"type":"history","events":[]}')).toBeUndefined();
		expect(parseServerFrame('{"type":"results","text":"x","events":[{"type":"msg","seq":1,"ts":1,"from":"a","text":"x"}]}')).toEqual({type: 'results', text: 'x', events: []});
		expect(parseServerFrame('{"type":"results","text":"x"}')).toBeUndefined();
	});

	test('unknown fields are dropped', () => {
		expect(parseServerFrame('{"type":"join","room":"#dev","seq":1,"ts":2,"name":"bob","colour":"red"}')).toEqual({
			type: 'join',
			room: '#dev',
			seq: 1,
			ts: 2,
			name: 'bob',
		});
	});

	test('a tcpchat/1 server: its welcome and events come out in one room, #general', () => {
		expect(parseServerFrame('{"type":"welcome","you":"a","users":[{"name":"a"}]}')).toEqual({
			type: 'welcome',
			proto: 1,
			server: 'unknown',
			you: 'a',
			motd: '',
			rooms: [{room: '#general', topic: '', users: [{name: 'a', since: 0}], history: []}],
		});
		expect(parseServerFrame('{"type":"msg","seq":3,"ts":1,"from":"a","text":"hi"}')).toMatchObject({room: '#general', seq: 3});
	});

	test('defaults fill what a lenient server left out', () => {
		expect(parseServerFrame('{"type":"welcome","you":"a","rooms":[{"room":"#x","users":[{"name":"a"}]},{"users":[]}]}')).toEqual({
			type: 'welcome',
			proto: 1,
			server: 'unknown',
			you: 'a',
			motd: '',
			rooms: [{room: '#x', topic: '', users: [{name: 'a', since: 0}], history: []}],
		});
		expect(parseServerFrame('{"type":"leave","seq":1,"ts":1,"name":"a","reason":"abducted"}')).toEqual({
			type: 'leave',
			room: '#general',
			seq: 1,
			ts: 1,
			name: 'a',
			reason: 'closed',
		});
		expect(parseServerFrame('{"type":"error","code":"new_code","message":"m"}')).toEqual({
			type: 'error',
			code: 'bad_frame',
			message: 'm',
		});
		const notice = parseServerFrame('{"type":"notice","text":"hi"}');
		expect(notice).toMatchObject({type: 'notice', text: 'hi'});
	});

	test('bad history entries are left out of a welcome', () => {
		const frame = parseServerFrame(
			JSON.stringify({type: 'welcome', you: 'a', users: [], history: [events[0], {type: 'msg'}, 'x', null, events[2]]}),
		);
		expect(frame).toMatchObject({type: 'welcome', rooms: [{history: [events[0], events[2]]}]});
	});

	test.each([
		[''],
		['Welcome to tcpchat! What is your nickname?'],
		['[14:02] <alice> hi'],
		['{not json'],
		['{"type":"msg"'],
		['{}'],
		['{"type":"telepathy"}'],
		['{"type":5}'],
		['["ping"]'],
		['null'],
		['{"type":"msg","seq":"1","ts":1,"from":"a","text":"b"}'],
		['{"type":"msg","seq":1,"ts":1,"from":"a"}'],
		['{"type":"msg","seq":1,"from":"a","text":"b"}'],
		['{"type":"join","seq":1,"ts":1}'],
		['{"type":"leave","seq":1,"ts":1}'],
		['{"type":"nick","seq":1,"ts":1,"from":"a"}'],
		['{"type":"dm","ts":1,"from":"a","to":"b"}'],
		['{"type":"users","users":"alice"}'],
		['{"type":"users","users":[{"since":1}]}'],
		['{"type":"notice"}'],
		['{"type":"error","message":"no code"}'],
		['{"type":"welcome","users":[]}'],
		['{"type":"welcome","you":"a"}'],
	])('not a tcpchat/1 frame: %j → undefined', line => {
		expect(parseServerFrame(line)).toBeUndefined();
	});
});
