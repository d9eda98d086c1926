import {describe, expect, test} from 'vitest';
import type {ClientActivity} from '../source/client/chat-client.js';
import {allEntries, applyActivities, currentBuffer, ignoredSentence, ignoreName, INITIAL_ROOM_STATE, unignoreName} from '../source/hooks/room-state.js';
import type {RoomState} from '../source/hooks/room-state.js';
import type {RoomEvent, ServerFrame, WelcomeFrame} from '../source/protocol/frames.js';
import {parseClientCommand} from '../source/ui/client-commands.js';
import {entryRows} from '../source/ui/message-rows.js';
import {nameTakenAlert} from '../source/ui/name-taken-alert.js';
import {userLabel, userListContent, userListWidth} from '../source/ui/user-list-rows.js';

process.env.TZ = 'UTC';

const msg = (seq: number, from: string, text: string): RoomEvent => ({type: 'msg', room: '#general', seq, ts: 1000 + seq, from, text});
const welcome = (history: RoomEvent[] = []): WelcomeFrame => ({
	type: 'welcome',
	proto: 1,
	server: 'tcpchat/0.1.0',
	you: '张三',
	motd: '',
	rooms: [{room: '#general', topic: '', users: [
		{name: '张三', since: 1},
		{name: 'bob', since: 2, away: 'at lunch'},
		{name: 'carol', since: 3},
	], history}],
});
const frame = (f: ServerFrame): ClientActivity => ({kind: 'frame', frame: f});
const start = (history: RoomEvent[] = [], ignored: string[] = []): RoomState =>
	applyActivities(
		{...INITIAL_ROOM_STATE, ignored},
		[
			{kind: 'status', status: {state: 'connecting', host: 'h', port: 1, name: '张三', attempt: 0}},
			{kind: 'status', status: {state: 'joined', welcome: welcome(history), reconnected: false}},
		],
		100,
	);
const lastLine = (s: RoomState) => entryRows(currentBuffer(s).entries.at(-1)!, {you: s.you, width: 80}).map(r => r.segments.map(x => x.text).join(''))[0];

describe('commands', () => {
	test('/away, /back, /ignore, /unignore, /seconds', () => {
		expect(parseClientCommand('/away  在开会 ')).toEqual({kind: 'away', text: '在开会'});
		expect(parseClientCommand('/away')).toEqual({kind: 'away', text: ''});
		expect(parseClientCommand('/back')).toEqual({kind: 'away', text: ''});
		expect(parseClientCommand('/away ' + 'x'.repeat(200))).toEqual({kind: 'away', text: 'x'.repeat(200)});
		expect(parseClientCommand('/away ' + 'x'.repeat(201))).toEqual({kind: 'usage', message: 'not sent: an away message has at most 200 characters'});
		expect(parseClientCommand('/ignore')).toEqual({kind: 'ignore'});
		expect(parseClientCommand('/ignore 李四')).toEqual({kind: 'ignore', name: '李四'});
		expect(parseClientCommand('/ignore two names')).toMatchObject({kind: 'usage'});
		expect(parseClientCommand('/unignore bob')).toEqual({kind: 'unignore', name: 'bob'});
		expect(parseClientCommand('/unignore')).toMatchObject({kind: 'usage', message: expect.stringContaining('/unignore NAME')});
		expect(parseClientCommand('/seconds')).toEqual({kind: 'seconds'});
		expect(parseClientCommand('/seconds ON')).toEqual({kind: 'seconds', on: true});
		expect(parseClientCommand('/seconds off')).toEqual({kind: 'seconds', on: false});
		expect(parseClientCommand('/seconds maybe')).toMatchObject({kind: 'usage', message: expect.stringContaining('/seconds [on|off]')});
	});
});

describe('away in the room state', () => {
	test('welcome users carry away; away frames change the list and read as lines', () => {
		let s = start();
		expect(currentBuffer(s).users.find(u => u.name === 'bob')).toEqual({name: 'bob', since: 2, away: 'at lunch'});
		s = applyActivities(s, [frame({type: 'away', name: 'bob', text: ''})], 100);
		expect(currentBuffer(s).users.find(u => u.name === 'bob')).toEqual({name: 'bob', since: 2});
		expect(lastLine(s)).toMatch(/^\d\d:\d\d · bob is back$/);
		s = applyActivities(s, [frame({type: 'away', name: 'CAROL', text: 'brb\u001b[2J\nsoon'})], 100);
		expect(currentBuffer(s).users.find(u => u.name === 'carol')).toEqual({name: 'carol', since: 3, away: 'brb[2J soon'});
		expect(lastLine(s)).toMatch(/· CAROL is away: brb\[2J soon$/);
		s = applyActivities(s, [frame({type: 'away', name: '张三', text: '吃饭'})], 100);
		expect(lastLine(s)).toMatch(/· you are away: 吃饭$/);
		s = applyActivities(s, [frame({type: 'users', room: '#general', users: [{name: 'bob', since: 0, away: 'zzz'}, {name: 'amy', since: 0}]})], 100);
		expect(lastLine(s)).toMatch(/online in #general \(2\): amy, bob \(away\)$/);
	});
});

describe('ignore', () => {
	test('hides messages and private messages, live and from history; no alert rings for them', () => {
		let s = start([msg(1, 'bob', 'old from bob'), msg(2, 'carol', 'old from carol')], ['BOB']);
		const texts = () => allEntries(s).flatMap(e => ('text' in e && e.text !== undefined ? [e.text] : []));
		expect(texts()).toContain('old from carol');
		expect(texts()).not.toContain('old from bob');
		s = applyActivities(
			s,
			[
				frame(msg(3, 'bob', '张三 look')),
				frame({type: 'dm', ts: 4, from: 'bob', to: '张三', text: 'psst'}),
				frame(msg(5, 'carol', '张三 here')),
				frame({type: 'join', room: '#general', seq: 6, ts: 6, name: 'dave'}),
			],
			100,
		);
		expect(texts()).not.toContain('张三 look');
		expect(texts()).not.toContain('psst');
		expect(texts()).toContain('张三 here');
		expect(s.alerts).toBe(1);
	});

	test('follows a rename; /unignore shows them again; the list and its sentences', () => {
		let s = start();
		const ignored = ignoreName(s, 'bob');
		expect(ignored.message).toBe("ignoring bob: their messages and private messages are hidden on this screen — /unignore bob to undo");
		s = ignored.state;
		expect(ignoreName(s, 'BOB').message).toBe('already ignoring BOB');
		expect(ignoreName(s, '张三').message).toBe('you cannot ignore yourself');
		s = applyActivities(s, [frame({type: 'nick', room: '#general', seq: 1, ts: 1, from: 'bob', to: 'robert'}), frame(msg(2, 'robert', 'still me'))], 100);
		expect(s.ignored).toEqual(['robert']);
		expect(allEntries(s).some(e => e.kind === 'msg' && e.text === 'still me')).toBe(false);
		expect(ignoredSentence(ignoreName(s, 'carol').state)).toBe('ignoring (2): carol, robert');
		expect(unignoreName(s, 'nobody').message).toBe('you were not ignoring nobody');
		const back = unignoreName(s, 'ROBERT');
		expect(back.message).toBe('no longer ignoring ROBERT');
		s = applyActivities(back.state, [frame(msg(3, 'robert', 'seen again'))], 100);
		expect(currentBuffer(s).entries.at(-1)).toMatchObject({kind: 'msg', text: 'seen again'});
		expect(ignoredSentence(s)).toBe('you are ignoring nobody — /ignore NAME hides someone');
	});
});

describe('user list rows', () => {
	test('marks go first, then the name is cut with an ellipsis', () => {
		expect(userLabel('alice', true, true, 30)).toEqual({name: 'alice', mark: ' (you) (away)'});
		expect(userLabel('alice', true, true, 15)).toEqual({name: 'alice', mark: ' (away)'});
		expect(userLabel('alice', true, true, 8)).toEqual({name: 'alice', mark: ''});
		expect(userLabel('dave_the_developer_x', false, false, 12)).toEqual({name: 'dave_the_de…', mark: ''});
		// Wide characters: never half of one, never past the width.
		expect(userLabel('张三李四王五赵六钱七孙八', false, false, 11)).toEqual({name: '张三李四王…', mark: ''});
	});

	test('content: title, sorted rows, "+N more"; offline says so', () => {
		const users = [
			{name: 'carol', since: 0},
			{name: 'bob', since: 0, away: 'x'},
			{name: 'alice', since: 0},
		];
		const c = userListContent(users, 'alice', 20, 3);
		expect(c.title).toBe('online (3)');
		expect(c.rows.map(r => [r.name, r.mark, r.mine, r.away])).toEqual([['alice', ' (you)', true, false]]);
		expect(c.more).toBe('+2 more');
		expect(userListContent(users, 'alice', 20, 10, true).title).toBe('offline');
	});

	test('the list is as wide as its widest name in columns, within bounds', () => {
		expect(userListWidth([{name: 'al', since: 0}])).toBe(15);
		expect(userListWidth([{name: '张三李四王五', since: 0}])).toBe(15);
		expect(userListWidth([{name: '张三李四王五赵六', since: 0}])).toBe(19);
		expect(userListWidth([{name: '张三李四王五赵六钱七孙八张三李四', since: 0}])).toBe(28);
	});
});

describe('name taken alert', () => {
	test('what to do, shortened to fit, the command last to go', () => {
		expect(nameTakenAlert('alice', 4)).toBe('the name alice is taken — /nick NAME to rejoin with another — retrying in 4 s (Esc to stop)');
		expect(nameTakenAlert('alice', 4, 80)).toBe('the name alice is taken — /nick NAME to rejoin with another — retrying in 4 s');
		expect(nameTakenAlert('张三', 4, 60)).toBe('the name 张三 is taken — /nick NAME to rejoin with another');
		expect(nameTakenAlert('张三', 4, 40)).toBe('张三 is taken — /nick NAME');
		expect(nameTakenAlert('张三李四王五赵六钱七孙八', 4, 30)).toBe('name taken — /nick NAME');
		expect(nameTakenAlert('alice', 4, 10)).toBe('name taken');
	});
});
