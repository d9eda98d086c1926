import {describe, expect, test} from 'vitest';
import type {ClientActivity} from '../source/client/chat-client.js';
import {addLocal, applyActivities, clearEntries, currentBuffer, INITIAL_ROOM_STATE} from '../source/hooks/room-state.js';
import type {RoomState} from '../source/hooks/room-state.js';
import type {RoomEvent, ServerFrame, WelcomeFrame} from '../source/protocol/frames.js';
import {entryRows, rowsAfter, visibleRows} from '../source/ui/message-rows.js';
import type {ChatEntry} from '../source/ui/chat-entry.js';

process.env.TZ = 'UTC';

const msg = (seq: number, from: string, text: string, ts = 1000 + seq): RoomEvent => ({type: 'msg', room: '#general', seq, ts, from, text});
const welcome = (history: RoomEvent[], you = 'alice'): WelcomeFrame => ({
	type: 'welcome',
	proto: 1,
	server: 'tcpchat/0.1.0',
	you,
	motd: 'hi',
	rooms: [{room: '#general', topic: '', users: [
		{name: 'alice', since: 1},
		{name: 'bob', since: 2},
	], history}],
});
const frame = (f: ServerFrame): ClientActivity => ({kind: 'frame', frame: f});
const connecting: ClientActivity = {kind: 'status', status: {state: 'connecting', host: 'h', port: 1, name: 'alice', attempt: 0}};
const joined = (w: WelcomeFrame, reconnected = false): ClientActivity => ({
	kind: 'status',
	status: {state: 'joined', welcome: w, reconnected},
});

function texts(state: RoomState): string[] {
	return currentBuffer(state).entries.map(e => ('text' in e ? (e.text ?? e.kind) : e.kind));
}

describe('room state', () => {
	test('a welcome shows history as earlier, then live events', () => {
		let s = applyActivities(INITIAL_ROOM_STATE, [connecting], 100);
		expect(s.phase).toBe('connecting');
		s = applyActivities(s, [joined(welcome([msg(1, 'bob', 'old')])), frame(msg(2, 'bob', 'new'))], 100);
		expect(s.phase).toBe('room');
		expect(s.you).toBe('alice');
		expect(texts(s)).toEqual(['── earlier messages ──', 'old', 'joined h:1 as alice', 'hi', 'new']);
		expect(currentBuffer(s).entries.find(e => e.kind === 'msg' && e.text === 'old')).toMatchObject({earlier: true});
		expect(s.recentSpeakers).toEqual(['bob']);
	});

	test('after a reconnect, history merges without duplicates', () => {
		let s = applyActivities(INITIAL_ROOM_STATE, [connecting, joined(welcome([msg(1, 'bob', 'one')])), frame(msg(2, 'bob', 'two'))], 100);
		s = applyActivities(
			s,
			[
				{kind: 'status', status: {state: 'reconnecting', reason: 'the server closed the connection', attempt: 1, retryAt: 5}},
				joined(welcome([msg(1, 'bob', 'one'), msg(2, 'bob', 'two'), msg(3, 'carol', 'missed')]), true),
			],
			100,
		);
		expect(texts(s).filter(t => ['one', 'two', 'missed'].includes(t))).toEqual(['one', 'two', 'missed']);
		expect(texts(s)).toContain('connection lost: the server closed the connection');
		expect(texts(s)).toContain('── while you were away ──');
		// A live event already merged from history is not shown twice either.
		s = applyActivities(s, [frame(msg(3, 'carol', 'missed'))], 100);
		expect(texts(s).filter(t => t === 'missed')).toHaveLength(1);
	});

	test('a restarted in-memory server reusing seq numbers is not mistaken for duplicates', () => {
		let s = applyActivities(INITIAL_ROOM_STATE, [connecting, joined(welcome([])), frame(msg(1, 'bob', 'first life'))], 100);
		s = applyActivities(s, [joined(welcome([msg(1, 'bob', 'second life', 99_999)]), true)], 100);
		expect(texts(s)).toContain('second life');
	});

	test('users follow joins, leaves and renames; your own rename changes you', () => {
		let s = applyActivities(INITIAL_ROOM_STATE, [connecting, joined(welcome([]))], 100);
		s = applyActivities(
			s,
			[
				frame({type: 'join', room: '#general', seq: 1, ts: 1, name: 'carol'}),
				frame({type: 'leave', room: '#general', seq: 2, ts: 2, name: 'bob', reason: 'quit'}),
				frame({type: 'nick', room: '#general', seq: 3, ts: 3, from: 'alice', to: 'alice2'}),
			],
			100,
		);
		expect(currentBuffer(s).users.map(u => u.name)).toEqual(['alice2', 'carol']);
		expect(s.you).toBe('alice2');
	});

	test('mentions and private messages from others raise alerts; your own do not', () => {
		let s = applyActivities(INITIAL_ROOM_STATE, [connecting, joined(welcome([]))], 100);
		s = applyActivities(
			s,
			[
				frame(msg(1, 'bob', 'hey alice')),
				frame(msg(2, 'alice', 'alice here')),
				frame(msg(3, 'bob', 'no mention')),
				frame({type: 'dm', ts: 4, from: 'bob', to: 'alice', text: 'psst'}),
				frame({type: 'dm', ts: 5, from: 'alice', to: 'bob', text: 'psst back'}),
			],
			100,
		);
		expect(s.alerts).toBe(2);
	});

	test('a Chinese name inside Chinese text is a mention and raises an alert', () => {
		let s = applyActivities(INITIAL_ROOM_STATE, [connecting, joined(welcome([], '张三'))], 100);
		s = applyActivities(s, [frame(msg(1, 'bob', '张三你好吗')), frame(msg(2, 'bob', '请问张三在吗')), frame(msg(3, 'bob', '李四在吗'))], 100);
		expect(currentBuffer(s).entries.filter(e => e.kind === 'msg').map(e => e.kind === 'msg' && e.mention)).toEqual([true, true, false]);
		expect(s.alerts).toBe(2);
	});

	test('a kick: the reason once, nobody listed any more', () => {
		let s = applyActivities(INITIAL_ROOM_STATE, [connecting, joined(welcome([]))], 100);
		const before = currentBuffer(s).entries.length;
		s = applyActivities(
			s,
			[{kind: 'status', status: {state: 'failed', message: 'you were kicked by the operator', kicked: {reason: 'spam\u001b[2J'}}}],
			100,
		);
		expect(s.phase).toBe('room');
		expect(texts(s).slice(before)).toEqual(['you were kicked by the operator: spam[2J']);
		expect(currentBuffer(s).users).toEqual([]);
		expect(s.status).toEqual({state: 'failed', message: 'you were kicked by the operator'});
	});

	test('remote text is sanitised before it is kept', () => {
		let s = applyActivities(INITIAL_ROOM_STATE, [connecting, joined(welcome([]))], 100);
		s = applyActivities(s, [frame(msg(1, 'b\u001bob', 'evil \u001b[2J\u0007text'))], 100);
		expect(currentBuffer(s).entries.at(-1)).toMatchObject({from: 'bob', text: 'evil [2Jtext'});
	});

	test('errors and who become readable lines; a failed first connect goes back to the form', () => {
		let s = applyActivities(INITIAL_ROOM_STATE, [connecting, joined(welcome([]))], 100);
		s = applyActivities(
			s,
			[frame({type: 'error', code: 'rate_limited', message: 'x'}), frame({type: 'users', room: '#general', users: [{name: 'zed', since: 0}, {name: 'amy', since: 0}]})],
			100,
		);
		expect(texts(s).slice(-2)).toEqual(['you are sending too fast — slow down', 'online in #general (2): amy, zed']);
		const failed = applyActivities(INITIAL_ROOM_STATE, [connecting, {kind: 'status', status: {state: 'failed', message: 'nope'}}], 100);
		expect(failed).toMatchObject({phase: 'form', formError: 'nope'});
	});

	test('scrollback is capped; /clear empties; local lines are added', () => {
		let s = applyActivities(INITIAL_ROOM_STATE, [connecting, joined(welcome([]))], 5);
		s = applyActivities(s, Array.from({length: 20}, (_, i) => frame(msg(i + 1, 'bob', `m${i + 1}`))), 5);
		expect(texts(s)).toEqual(['m16', 'm17', 'm18', 'm19', 'm20']);
		expect(currentBuffer(s).seen.size).toBeLessThanOrEqual(5);
		s = clearEntries(s);
		expect(currentBuffer(s).entries).toEqual([]);
		s = addLocal(s, [{kind: 'info', text: 'hello'}], 5);
		expect(texts(s)).toEqual(['hello']);
	});
});

describe('message rows', () => {
	const ctx = {you: 'alice', width: 40};
	const entries: ChatEntry[] = Array.from({length: 50}, (_, i) => ({
		id: i + 1,
		kind: 'msg',
		ts: 0,
		seq: i + 1,
		from: 'bob',
		text: i % 10 === 0 ? 'a long message that will need more than one row at forty columns' : `m${i + 1}`,
		action: false,
	}));

	test('rows are memoised per entry and width', () => {
		expect(entryRows(entries[0]!, ctx)).toBe(entryRows(entries[0]!, ctx));
		expect(entryRows(entries[0]!, {...ctx, width: 41})).not.toBe(entryRows(entries[0]!, ctx));
	});

	test('continuation lines are indented under the text', () => {
		const rows = entryRows(entries[0]!, ctx).map(r => r.segments.map(s => s.text).join(''));
		expect(rows[0]).toMatch(/^00:00 <bob> a long/);
		expect(rows[1]).toMatch(/^ {12}\S/);
	});

	test('the visible slice: newest at the bottom, offset clamped at the top', () => {
		const live = visibleRows(entries, ctx, 5, 0);
		expect(live.rows).toHaveLength(5);
		expect(live.offset).toBe(0);
		expect(live.rows.at(-1)!.segments.map(s => s.text).join('')).toContain('m50');
		const top = visibleRows(entries, ctx, 5, Number.MAX_SAFE_INTEGER);
		expect(top.atTop).toBe(true);
		expect(top.rows[0]!.key).toBe('1:0');
		expect(top.offset).toBeGreaterThan(0);
	});

	test('rowsAfter counts what arrived since an id', () => {
		expect(rowsAfter(entries, 48, ctx)).toEqual({rows: 2, messages: 2});
		expect(rowsAfter(entries, 50, ctx)).toEqual({rows: 0, messages: 0});
	});
});
