process.env.TZ = 'UTC';

import {describe, expect, test} from 'vitest';
import stringWidth from 'string-width';
import type {RoomStats} from '../source/server/server-types.js';
import {dashboardInput, initialDashboardInput, type DashboardKeyContext} from '../source/ui/dashboard-input.js';
import {dashboardLayout} from '../source/ui/dashboard-layout.js';
import {fitRooms} from '../source/ui/fit-rooms.js';
import {lineAt} from '../source/ui/line-editor.js';
import {filterLog, logTitle} from '../source/ui/log-filter.js';
import {OPERATOR_HELP, parseOperatorCommand, runOperatorCommand, type OperatorTarget} from '../source/ui/operator-commands.js';
import {completeOperatorLine} from '../source/ui/operator-completion.js';
import {parseKeys} from '../source/ui/parse-keys.js';
import {findRoom, roomColumns, sortRooms} from '../source/ui/room-columns.js';
import {describeActivity, newSince, pageDown, pageUp, visibleLogRows, type LogEntry} from '../source/ui/server-log.js';

const NOW = Date.UTC(2025, 10, 25, 14, 2, 9);

function room(name: string, members: number, extra: Partial<RoomStats> = {}): RoomStats {
	return {name, topic: '', members, messages: 0, messagesPerSecond: 0, ...extra};
}

describe('the log names the room of each event', () => {
	test('messages, presence, renames, topics and room notices start with the room; the rest do not', () => {
		const text = (activity: Parameters<typeof describeActivity>[0]) => describeActivity(activity, NOW)!.text;
		expect(text({kind: 'event', event: {type: 'msg', room: '#dev', seq: 1, ts: NOW, from: 'alice', text: 'hi'}})).toBe('#dev <alice> hi');
		expect(text({kind: 'event', event: {type: 'join', room: '#dev', seq: 2, ts: NOW, name: 'bob'}, address: '10.0.0.2'})).toBe(
			'#dev → bob joined from 10.0.0.2',
		);
		expect(text({kind: 'event', event: {type: 'leave', room: '#开发', seq: 3, ts: NOW, name: '张三', reason: 'part'}})).toBe('#开发 ← 张三 left (part)');
		expect(text({kind: 'event', event: {type: 'nick', room: '#dev', seq: 4, ts: NOW, from: 'bob', to: 'rob'}})).toBe('#dev bob is now known as rob');
		expect(text({kind: 'event', event: {type: 'topic', room: '#dev', seq: 5, ts: NOW, from: 'rob', text: 'ship it'}})).toBe('#dev rob set the topic: ship it');
		expect(describeActivity({kind: 'notice', ts: NOW, text: 'tea', room: '#dev'}, NOW)).toEqual({ts: NOW, kind: 'notice', text: '#dev -notice- tea', room: '#dev'});
		expect(describeActivity({kind: 'notice', ts: NOW, text: 'tea'}, NOW)).toEqual({ts: NOW, kind: 'notice', text: '-notice- tea'});
		expect(describeActivity({kind: 'warning', text: 'disk full'}, NOW)).not.toHaveProperty('room');
		expect(describeActivity({kind: 'dropped', ts: NOW, room: '#dev', by: 'operator', members: 2, text: 'spam'}, NOW)).toEqual({
			ts: NOW,
			kind: 'system',
			text: '#dev removed by the operator (2 members taken out): spam',
			room: '#dev',
		});
		expect(text({kind: 'dropped', ts: NOW, room: '#tmp', by: 'expiry', members: 0})).toBe('#tmp removed: empty, and nothing was ever said there');
	});

	test('a room name from the network is sanitised like any name', () => {
		const entry = describeActivity({kind: 'event', event: {type: 'msg', room: '#de\u001B[2Jv', seq: 1, ts: NOW, from: 'a', text: 'b'}}, NOW)!;
		expect(entry.text).toBe('#de[2Jv <a> b');
		expect(entry.room).toBe('#de[2Jv');
	});
});

describe('the log filtered to one room', () => {
	const log: LogEntry[] = [
		{id: 1, ts: NOW, kind: 'system', text: 'listening on 0.0.0.0:7777'},
		{id: 2, ts: NOW, kind: 'message', text: '#dev <a> one', room: '#dev'},
		{id: 3, ts: NOW, kind: 'message', text: '#general <b> two', room: '#general'},
		{id: 4, ts: NOW, kind: 'notice', text: '-notice- to everyone'},
		{id: 5, ts: NOW, kind: 'notice', text: '#general -notice- to general', room: '#general'},
		{id: 6, ts: NOW, kind: 'error', text: 'disk full'},
		{id: 7, ts: NOW, kind: 'system', text: 'connection #9 closed before joining (timeout)'},
		{id: 8, ts: NOW, kind: 'message', text: '#dev <a> three', room: '#dev'},
	];

	test("keeps the room's events, notices to everyone and warnings; null keeps everything", () => {
		expect(filterLog(log, '#dev').map(entry => entry.id)).toEqual([2, 4, 6, 8]);
		expect(filterLog(log, '#general').map(entry => entry.id)).toEqual([3, 4, 5, 6]);
		expect(filterLog(log, null)).toBe(log);
		expect(logTitle(null)).toBe('Log');
		expect(logTitle('#dev')).toBe('Log · #dev only');
	});

	test('scrolling and the "new" count work on a log with gaps in its ids', () => {
		const many: LogEntry[] = Array.from({length: 60}, (_, index) => ({
			id: index + 1,
			ts: NOW,
			kind: 'message' as const,
			text: `${index % 2 === 0 ? '#dev' : '#general'} <a> line ${index + 1}`,
			room: index % 2 === 0 ? '#dev' : '#general',
		}));
		const dev = filterLog(many, '#dev');
		expect(dev).toHaveLength(30);
		const up = pageUp(dev, null, 80, 10);
		// The entry at the top (#41 of the ten #dev lines 41 … 59) moves to the bottom.
		expect(up).toBe(41);
		expect(visibleLogRows(dev, up, 80, 10).at(-1)!.text).toContain('line 41');
		expect(visibleLogRows(dev, up, 80, 10)[0]!.text).toContain('line 23');
		expect(pageDown(dev, up, 80, 10)).toBeNull();
		// An anchor on an entry the filter hides: the view ends at the one before it.
		expect(visibleLogRows(dev, 40, 80, 10).at(-1)!.text).toContain('line 39');
		// Seen up to #40: #41 … #59 of #dev are new (10 of them), whatever #general did.
		expect(newSince(dev, 40)).toBe(10);
		expect(newSince(dev, 59)).toBe(0);
	});
});

describe('the rooms panel', () => {
	test('most members first, then by name; found by name ignoring case', () => {
		const rooms = [room('#b', 1), room('#a', 1), room('#big', 5), room('#empty', 0)];
		expect(sortRooms(rooms).map(r => r.name)).toEqual(['#big', '#a', '#b', '#empty']);
		expect(findRoom(rooms, '#BIG')?.name).toBe('#big');
		expect(findRoom(rooms, '#nowhere')).toBeUndefined();
	});

	test('columns: ROOM as wide as the longest name, the numbers, a topic with the rest; never past the width', () => {
		const rooms = [room('#general', 3, {messages: 12_345, messagesPerSecond: 2.5, topic: 'welcome'}), room('#开发', 1)];
		for (const width of [40, 60, 80, 120, 160, 200]) {
			const columns = roomColumns(width, rooms);
			expect(columns.reduce((sum, column) => sum + column.width + 1, -1)).toBeLessThanOrEqual(Math.max(width, 33));
		}
		const at80 = roomColumns(80, rooms);
		expect(at80.map(column => column.title)).toEqual(['ROOM', 'MEMBERS', 'MESSAGES', 'MSG/S', 'TOPIC']);
		expect(at80.map(column => column.cell(rooms[0]!))).toEqual(['#general', '3', '12.3k', '2.5', 'welcome']);
		expect(at80[0]!.width).toBe(10);
		// Too narrow for a topic worth reading: no TOPIC column.
		expect(roomColumns(40, rooms).map(column => column.title)).not.toContain('TOPIC');
		// The widest legal room name, in Chinese, whole at 160 columns; the topic keeps 12 at 80.
		const widest = room(`#${'开'.repeat(32)}`, 0);
		expect(roomColumns(160, [widest])[0]!.width).toBe(stringWidth(widest.name));
		expect(roomColumns(80, [widest]).at(-1)!.width).toBe(12);
	});

	test('a topic is one line, its controls gone', () => {
		const [, , , , topic] = roomColumns(80, []);
		expect(topic!.cell(room('#a', 0, {topic: 'two\nlines\u001B[31m red'}))).toBe('two lines[31m red');
	});
});

describe("a member's rooms in the connections table", () => {
	test('all when they fit, then the first ones and how many more, then the first cut short, then a count', () => {
		expect(fitRooms([], 10)).toBe('');
		expect(fitRooms(['#general', '#dev'], 24)).toBe('#general #dev');
		expect(fitRooms(['#general', '#dev', '#help'], 13)).toBe('#general +2');
		expect(fitRooms(['#a-very-long-room-name', '#dev'], 13)).toBe('#a-very-l… +1');
		expect(stringWidth(fitRooms(['#a-very-long-room-name', '#dev'], 13))).toBeLessThanOrEqual(13);
		expect(fitRooms(['#开发', '#测试'], 8)).toBe('#开发 +1');
		expect(fitRooms(['#开发', '#测试'], 7)).toBe('#开… +1');
		expect(fitRooms(['#general', '#dev', '#help'], 5)).toBe('3');
	});
});

describe('layout with rooms', () => {
	test('the rooms take up to a fifth of the free rows; every row is used, never more', () => {
		expect(dashboardLayout(24, 3, 2)).toMatchObject({roomsRows: 2, roomsHeight: 4, tableRows: 3, logRows: 9});
		expect(dashboardLayout(24, 100, 100)).toMatchObject({roomsRows: 3, tableRows: 4, logRows: 7});
		expect(dashboardLayout(48, 100, 100)).toMatchObject({roomsRows: 8, tableRows: 12, logRows: 18});
		for (const height of [10, 18, 19, 20, 24, 48, 60]) {
			const layout = dashboardLayout(height, 50, 50);
			expect(layout.roomsHeight + layout.tableHeight + layout.logHeight + 2 + 3).toBe(height);
		}
	});

	test('small heights hide the rooms panel before the table and the log lose their rows', () => {
		expect(dashboardLayout(18, 5, 5).roomsHeight).toBe(0);
		expect(dashboardLayout(19, 5, 5).roomsRows).toBe(1);
		expect(dashboardLayout(12, 5, 5)).toMatchObject({roomsHeight: 0, tableRows: 1, logRows: 3});
		expect(dashboardLayout(24, 5, 0).roomsHeight).toBe(0);
	});
});

describe('operator commands for rooms', () => {
	test('/notice #room TEXT, /filter #room and /filter parse; a first word that is no room name is text', () => {
		expect(parseOperatorCommand('/notice #dev deploy at 5')).toEqual({kind: 'notice', text: 'deploy at 5', room: '#dev'});
		expect(parseOperatorCommand('/notice #开发 你好')).toEqual({kind: 'notice', text: '你好', room: '#开发'});
		expect(parseOperatorCommand('/notice # is a hash')).toEqual({kind: 'notice', text: '# is a hash'});
		expect(parseOperatorCommand('/notice #dev')).toEqual({kind: 'usage', message: 'usage: /notice #dev TEXT'});
		expect(parseOperatorCommand('#dev plain text is for everyone')).toEqual({kind: 'notice', text: '#dev plain text is for everyone'});
		expect(parseOperatorCommand('/filter #dev')).toEqual({kind: 'filter', room: '#dev'});
		expect(parseOperatorCommand('/FILTER dev')).toEqual({kind: 'filter', room: '#dev'});
		expect(parseOperatorCommand('/filter')).toEqual({kind: 'filter', room: null});
		expect(parseOperatorCommand('/filter #a #b')).toMatchObject({kind: 'usage'});
		expect(parseOperatorCommand('/filter #!')).toMatchObject({kind: 'usage'});
	});

	/** A server as the commands see it: a plain object with rooms, recording what it was asked. */
	function target(rooms: RoomStats[]) {
		const notices: Array<[string, string | undefined]> = [];
		const drops: Array<[string, string | undefined]> = [];
		const server: OperatorTarget = {
			listening: true,
			kick: name => name === 'bob',
			notice: (text, name) => {
				if (name !== undefined && !findRoom(rooms, name)) return false;
				notices.push([text, name]);
				return true;
			},
			drop: (name, reason) => {
				drops.push([name, reason]);
				return name === '#general' ? 'default_room' : findRoom(rooms, name) ? 'dropped' : 'no_such_room';
			},
			online: () => 4,
			room: name => findRoom(rooms, name),
		};
		return {server, notices, drops};
	}

	test('/drop #room [reason] parses; `dev` means #dev; no room or not a room name is the usage', () => {
		expect(parseOperatorCommand('/drop #dev spam rooms')).toEqual({kind: 'drop', room: '#dev', reason: 'spam rooms'});
		expect(parseOperatorCommand('/DROP 开发')).toEqual({kind: 'drop', room: '#开发', reason: undefined});
		expect(parseOperatorCommand('/drop')).toEqual({kind: 'usage', message: 'usage: /drop #room [reason]'});
		expect(parseOperatorCommand('/drop #!')).toEqual({kind: 'usage', message: 'usage: /drop #room [reason]'});
	});

	test('/drop removes the room as the server spells it and says what went; the default room and a missing room are errors', () => {
		const {server, drops} = target([room('#Dev', 2), room('#empty', 0), room('#general', 4)]);
		expect(runOperatorCommand('/drop #dev flood', server)).toEqual({tone: 'info', text: 'dropped #Dev (2 people told and taken out); its history and topic are gone.'});
		expect(runOperatorCommand('/drop empty', server)).toEqual({tone: 'info', text: 'dropped #empty (nobody was in it); its history and topic are gone.'});
		expect(runOperatorCommand('/drop #GENERAL', server)).toEqual({
			tone: 'error',
			text: '#general is the default room, where everyone starts: it cannot be dropped.',
		});
		expect(runOperatorCommand('/drop #nowhere', server)).toEqual({tone: 'error', text: 'there is no room #nowhere; nothing was dropped.'});
		expect(drops).toEqual([
			['#Dev', 'flood'],
			['#empty', undefined],
			['#general', undefined],
		]);
		expect(runOperatorCommand('/drop #dev', {...server, listening: false})).toMatchObject({tone: 'error'});
	});

	test('/help lists /drop', () => {
		expect(OPERATOR_HELP.some(line => line.startsWith('/drop #room [reason]'))).toBe(true);
	});

	test('a room notice goes to the room as the server spells it and says how many it reached; no such room sends nothing', () => {
		const {server, notices} = target([room('#Dev', 2), room('#general', 4)]);
		expect(runOperatorCommand('/notice #dev deploy', server)).toEqual({tone: 'info', text: 'notice sent to 2 people in #Dev.'});
		expect(runOperatorCommand('/notice everyone', server)).toEqual({tone: 'info', text: 'notice sent to 4 people online.'});
		expect(runOperatorCommand('/notice #nowhere hello', server)).toEqual({tone: 'error', text: 'there is no room #nowhere; nothing was sent.'});
		expect(notices).toEqual([
			['deploy', '#Dev'],
			['everyone', undefined],
		]);
	});

	test('/filter names the room as the server spells it; an unknown room is an error; /filter alone clears', () => {
		const {server} = target([room('#Dev', 2)]);
		expect(runOperatorCommand('/filter dev', server)).toEqual({
			filter: '#Dev',
			feedback: {tone: 'info', text: 'the log shows #Dev only — /filter alone shows every room.'},
		});
		expect(runOperatorCommand('/filter #nope', server)).toEqual({tone: 'error', text: 'there is no room #nope.'});
		expect(runOperatorCommand('/filter', server)).toEqual({filter: null, feedback: {tone: 'info', text: 'the log shows every room.'}});
	});
});

describe('operator line completion', () => {
	const names = ['alice', '张三丰'];
	const rooms = ['#general', '#开发', '#dev', '#Design'];
	const tab = (value: string, previous?: ReturnType<typeof completeOperatorLine>) =>
		completeOperatorLine(previous?.value ?? value, previous?.cursor ?? value.length, previous?.completion, names, rooms);

	test('after /notice and /filter: rooms, # optional, case ignored; Tab again cycles', () => {
		expect(tab('/filter 开').value).toBe('/filter #开发 ');
		expect(tab('/notice #DE').value).toBe('/notice #dev ');
		const first = tab('/notice ');
		expect(first.value).toBe('/notice #general ');
		const second = tab('', first);
		expect(second.value).toBe('/notice #开发 ');
		expect(tab('/filter #nothing').completion).toBeUndefined();
	});

	test('elsewhere: names and commands as before', () => {
		expect(tab('/kick 张').value).toBe('/kick 张三丰 ');
		expect(tab('/fi').value).toBe('/filter ');
		expect(tab('/dr').value).toBe('/drop ');
		expect(tab('/drop 开').value).toBe('/drop #开发 ');
		expect(tab('/notice #dev hi al').value).toBe('/notice #dev hi alice ');
	});

	test('the reducer: Tab completes a room; a /filter result sets the filter and brings the log back to live', () => {
		const context: DashboardKeyContext = {
			form: false,
			log: [],
			columns: 80,
			logRows: 10,
			maxTableScroll: 0,
			names: () => names,
			rooms: () => rooms,
		};
		const typed = parseKeys('/filter 开\t').reduce((state, {input, key}) => dashboardInput(state, {type: 'key', input, key, context}), initialDashboardInput('7777'));
		expect(typed.line).toEqual(lineAt('/filter #开发 '));
		const scrolled = {...typed, logAnchor: 12, helpOpen: true};
		const filtered = dashboardInput(scrolled, {type: 'ran', upTo: 1, result: {filter: '#开发', feedback: {tone: 'info', text: 'ok'}}});
		expect(filtered).toMatchObject({logFilter: '#开发', logAnchor: null, helpOpen: false, feedback: {tone: 'info', text: 'ok'}});
		const cleared = dashboardInput(filtered, {type: 'ran', upTo: 2, result: {filter: null, feedback: {tone: 'info', text: 'all'}}});
		expect(cleared.logFilter).toBeNull();
		// Other results leave the filter alone.
		expect(dashboardInput(filtered, {type: 'ran', upTo: 3, result: {tone: 'info', text: 'kicked'}}).logFilter).toBe('#开发');
	});
});
