import stringWidth from 'string-width';
import {describe, expect, test} from 'vitest';
import {parseClientCommand} from '../source/ui/client-commands.js';
import {bufferKeyTarget} from '../source/ui/buffer-keys.js';
import {parseKeys} from '../source/ui/parse-keys.js';
import {countsText, roomBar, type BarBuffer} from '../source/ui/room-bar.js';
import {filterRooms, roomListContent} from '../source/ui/room-list.js';
import {lineAt} from '../source/ui/line-editor.js';
import {roomTitle} from '../source/ui/room-title.js';

const room = (name: string, unread = 0, mentions = 0, member = true): BarBuffer => ({key: `room:${name}`, kind: 'room', name, unread, mentions, member});
const dm = (name: string, unread = 0, mentions = 0): BarBuffer => ({key: `dm:${name}`, kind: 'dm', name, unread, mentions, member: false});
const text = (segments: ReturnType<typeof roomBar>) => segments.map(s => s.text).join('');

describe('the room bar', () => {
	const buffers = [room('#general'), room('#dev', 3), dm('bob', 1, 1), room('#ops', 5, 2)];

	test('every buffer with its number and counts when they fit; the one shown is marked as such', () => {
		const segments = roomBar(buffers, 'room:#general', 80);
		expect(text(segments)).toBe(' 1:#general 2:#dev(3) 3:@bob(1!) 4:#ops(5,2!)');
		expect(segments.filter(s => s.tone !== 'space').map(s => s.tone)).toEqual(['current', 'unread', 'mention', 'mention']);
		expect(countsText(0, 0)).toBe('');
		expect(countsText(4, 4)).toBe('(4!)');
	});

	test('too many for the width: a window around the one shown, « and » for the rest, loud when they mention you', () => {
		const many = Array.from({length: 12}, (_, i) => room(`#room-${i + 1}`, i === 0 ? 2 : 0, i === 0 ? 1 : 0));
		for (const width of [40, 30, 20, 12]) {
			const segments = roomBar(many, 'room:#room-7', width);
			const shown = text(segments);
			expect(stringWidth(shown)).toBeLessThanOrEqual(width);
			// The one shown is always there; cut with "…" only when it alone does not fit.
			expect(shown).toContain(width > 12 ? '7:#room-7' : '7:#roo…');
			expect(shown.startsWith(' «')).toBe(true);
			expect(segments.find(s => s.text === '«')?.tone).toBe('mention');
			expect(shown.endsWith('»')).toBe(true);
		}
		expect(text(roomBar(many, 'room:#room-1', 40))).toBe(' 1:#room-1(2,1!) 2:#room-2 3:#room-3 »');
		expect(text(roomBar(many, 'room:#room-12', 40))).toMatch(/^ « .*12:#room-12$/u);
	});

	test('a name wider than the row is cut with an ellipsis, never wrapped; wide characters never split', () => {
		const long = [room('#一个很长很长的中文房间名字用来测试宽度'), room('#dev')];
		for (const width of [40, 21, 10, 3, 1]) {
			const shown = text(roomBar(long, long[0]!.key, width));
			expect(stringWidth(shown)).toBeLessThanOrEqual(width);
			expect(shown).not.toContain('\n');
		}
		expect(text(roomBar(long, long[0]!.key, 21))).toBe(' 1:#一个很长很长的… »');
		expect(roomBar([], '', 80)).toEqual([]);
		// Not the one shown, a long name gives way, so that the buffers after it still show.
		const middle = [room('#general'), long[0]!, room('#测试', 2, 1), dm('bob', 1, 1)];
		expect(text(roomBar(middle, 'room:#general', 40))).toBe(' 1:#general 2:#一个很长… 3:#测试(2,1!) »');
		expect(text(roomBar(middle, 'room:#general', 80))).toBe(' 1:#general 2:#一个很长很长的中文房间名字用来测试宽度 3:#测试(2,1!) 4:@bob(1!)');
	});
});

describe('the header title', () => {
	const parts = {name: '#dev', kind: 'room' as const, topic: '构建和测试 builds and tests', online: 3, member: true, you: '张三', where: '127.0.0.1:7777 (tcpchat/0.2.0)'};

	test('gives up the server first, then cuts the topic, then drops it, then the count; the name stays', () => {
		expect(roomTitle(parts, 120)).toBe(' #dev · you: 张三 · 3 online · 127.0.0.1:7777 (tcpchat/0.2.0) — 构建和测试 builds and tests');
		expect(roomTitle(parts, 66)).toBe(' #dev · you: 张三 · 3 online — 构建和测试 builds and tests');
		expect(roomTitle(parts, 45)).toBe(' #dev · you: 张三 · 3 online — 构建和测试 bu…');
		expect(roomTitle(parts, 30)).toBe(' #dev · you: 张三 · 3 online');
		expect(roomTitle(parts, 18)).toBe(' #dev · you: 张三');
		expect(roomTitle(parts, 4)).toBe(' #d…');
		for (const width of [120, 66, 45, 30, 18, 4]) expect(stringWidth(roomTitle(parts, width))).toBeLessThanOrEqual(width);
	});

	test('a private conversation, a room not joined, offline', () => {
		expect(roomTitle({...parts, kind: 'dm', name: 'bob', topic: ''}, 60)).toBe(' @bob · private · you: 张三 · 127.0.0.1:7777 (tcpchat/0.2.0)');
		expect(roomTitle({...parts, member: false, topic: ''}, 40)).toBe(' #dev · you: 张三 (not joined)');
		expect(roomTitle({...parts, online: undefined, topic: ''}, 40)).toBe(' #dev · you: 张三');
	});
});

describe('the list of rooms', () => {
	const rooms = [
		{name: '#general', topic: 'everything', users: 12},
		{name: '#dev', topic: '构建和测试 builds', users: 3},
		{name: '#开发', topic: '', users: 0},
	];

	test('the filter matches names and topics, ignoring case and a leading #', () => {
		expect(filterRooms(rooms, '').map(r => r.name)).toEqual(['#general', '#dev', '#开发']);
		expect(filterRooms(rooms, 'DEV').map(r => r.name)).toEqual(['#dev']);
		expect(filterRooms(rooms, '#开').map(r => r.name)).toEqual(['#开发']);
		expect(filterRooms(rooms, '构建').map(r => r.name)).toEqual(['#dev']);
	});

	test('rows fit the width: rooms you are in marked, the chosen one kept in view; empty states say what Enter does', () => {
		const view = {filter: lineAt(''), selected: 2};
		const content = roomListContent(view, rooms, new Set(['#dev']), 40, 4);
		expect(content.title).toBe('rooms (3) — Enter join · Esc close');
		const [first, second] = content.rows.map(r => r.text.trimEnd());
		expect(first).toMatch(/^• #dev +3 {2}构建和测试 builds$/u);
		expect(second).toMatch(/^ {2}#开发 +0$/u);
		// The counts line up by columns, wide names or not.
		expect(stringWidth(first!.slice(0, first!.indexOf('3')))).toBe(stringWidth(second!.slice(0, second!.indexOf('0'))));
		expect(content.rows.map(r => r.selected)).toEqual([false, true]);
		for (const row of content.rows) expect(stringWidth(row.text)).toBe(40);
		expect(roomListContent(view, undefined, new Set(), 40, 4).empty).toBe('asking the server for its rooms…');
		expect(roomListContent({filter: lineAt('新'), selected: 0}, rooms, new Set(), 40, 4).empty).toBe('no room matches — Enter makes #新');
		expect(roomListContent({filter: lineAt('a b'), selected: 0}, rooms, new Set(), 40, 4).empty).toBe('no room matches');
	});
});

describe('switching keys', () => {
	const target = (data: string) => {
		const [first] = parseKeys(data);
		return bufferKeyTarget(first!.input, first!.key);
	};

	test('Alt+1…9 and Alt+0, Alt+←/→ (xterm and ESC-prefixed), Ctrl+P/N, Alt+A', () => {
		expect(target('\u001B1')).toEqual({index: 0});
		expect(target('\u001B9')).toEqual({index: 8});
		expect(target('\u001B0')).toEqual({index: 9});
		expect(target('\u001B[1;3D')).toEqual({step: -1});
		expect(target('\u001B[1;3C')).toEqual({step: 1});
		expect(target('\u001B\u001B[D')).toEqual({step: -1});
		expect(target('\u0010')).toEqual({step: -1});
		expect(target('\u000E')).toEqual({step: 1});
		expect(target('\u001Ba')).toEqual({activity: true});
	});

	test('other keys are the input line’s: Ctrl+←, plain digits, Alt+B, Shift+Alt+←', () => {
		for (const data of ['\u001B[1;5D', '1', '\u001Bb', '\u001B[1;4D', '\u001B[D', '\u0001']) expect(target(data)).toBeUndefined();
	});
});

describe('room commands', () => {
	test('/join adds the # IRC users leave out and checks the name; /j too', () => {
		expect(parseClientCommand('/join #开发')).toEqual({kind: 'join', room: '#开发'});
		expect(parseClientCommand('/j dev')).toEqual({kind: 'join', room: '#dev'});
		expect(parseClientCommand('/join')).toMatchObject({kind: 'usage', message: expect.stringContaining('/join #ROOM')});
		expect(parseClientCommand('/join two words')).toMatchObject({kind: 'usage'});
		expect(parseClientCommand('/join #a!b')).toEqual({kind: 'usage', message: 'cannot join #a!b: a room name may hold only letters, digits, "_", "-" and "." after "#"'});
		expect(parseClientCommand(`/join #${'x'.repeat(32)}`)).toEqual({kind: 'join', room: `#${'x'.repeat(32)}`});
		expect(parseClientCommand(`/join #${'x'.repeat(33)}`)).toMatchObject({kind: 'usage', message: expect.stringContaining('at most 32')});
	});

	test('/part [#ROOM] [REASON] (and /leave, /close); /list [FILTER]; /topic [TEXT] with - to clear; /buffer N|NAME', () => {
		expect(parseClientCommand('/part')).toEqual({kind: 'part'});
		expect(parseClientCommand('/part 下班了')).toEqual({kind: 'part', reason: '下班了'});
		expect(parseClientCommand('/leave #dev bye all')).toEqual({kind: 'part', room: '#dev', reason: 'bye all'});
		expect(parseClientCommand('/close')).toEqual({kind: 'part'});
		expect(parseClientCommand(`/part ${'x'.repeat(200)}`)).toMatchObject({kind: 'part'});
		expect(parseClientCommand(`/part ${'x'.repeat(201)}`)).toMatchObject({kind: 'usage'});
		expect(parseClientCommand('/list')).toEqual({kind: 'list'});
		expect(parseClientCommand('/rooms 开')).toEqual({kind: 'list', filter: '开'});
		expect(parseClientCommand('/topic')).toEqual({kind: 'topic'});
		expect(parseClientCommand('/topic  构建 builds ')).toEqual({kind: 'topic', text: '构建 builds'});
		expect(parseClientCommand('/topic -')).toEqual({kind: 'topic', text: ''});
		expect(parseClientCommand(`/topic ${'x'.repeat(300)}`)).toMatchObject({kind: 'topic'});
		expect(parseClientCommand(`/topic ${'x'.repeat(301)}`)).toMatchObject({kind: 'usage', message: expect.stringContaining('at most 300')});
		expect(parseClientCommand('/b 2')).toEqual({kind: 'buffer', target: 2});
		expect(parseClientCommand('/buffer #dev')).toEqual({kind: 'buffer', target: '#dev'});
		expect(parseClientCommand('/buffer')).toMatchObject({kind: 'usage'});
		expect(parseClientCommand('/query bob')).toEqual({kind: 'query', name: 'bob'});
		expect(parseClientCommand('/query bob hi there')).toEqual({kind: 'msg', to: 'bob', text: 'hi there'});
	});
});
