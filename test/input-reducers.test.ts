import {describe, expect, test} from 'vitest';
import {inputLineCaret} from '../source/components/input-line.js';
import {connectForm, formValues, initialConnectForm, type ConnectFormState} from '../source/ui/connect-form-state.js';
import {dashboardInput, initialDashboardInput, type DashboardInputState, type DashboardKeyContext} from '../source/ui/dashboard-input.js';
import {fitPrompt} from '../source/ui/input-prompt.js';
import {lineAt} from '../source/ui/line-editor.js';
import {outboxAlert} from '../source/ui/outbox-status.js';
import {KeyReader} from '../source/ui/key-reader.js';

/** Keys as the screens get them: parsed, a bracketed paste as one press. */
const parseKeys = (data: string) => new KeyReader().read(data);
import {INITIAL_ROOM_INPUT, roomInput, scrollOf, type RoomInputState, type RoomKeyContext} from '../source/ui/room-input.js';
import stringWidth from 'string-width';

const GENERAL = 'room:#general';
const ROOM: RoomKeyContext = {
	buffer: GENERAL,
	nicks: () => ['alice', '张三'],
	commands: ['/help', '/nick'],
	page: 10,
	clampScroll: offset => Math.min(offset, 50),
};

/** The room's input after these reads, every key through the reducer as the screen does it. */
function room(reads: string | string[], start: RoomInputState = INITIAL_ROOM_INPUT, context: RoomKeyContext = ROOM): RoomInputState {
	return (typeof reads === 'string' ? [reads] : reads)
		.flatMap(parseKeys)
		.reduce((state, {input, key}) => roomInput(state, {type: 'key', input, key, context}), start);
}

function form(reads: string, start: ConnectFormState = initialConnectForm({host: '', port: 0, name: ''})): ConnectFormState {
	return parseKeys(reads).reduce((state, {input, key}) => connectForm(state, {type: 'key', input, key}), start);
}

describe('the room input reducer', () => {
	test('keys faster than renders: each applies to the state the one before left (a paste, then Enter, then more)', () => {
		const state = room('hello\u001B[D\u001B[DXY\rnext line');
		expect(state.submitted.map(s => s.text)).toEqual(['helXYlo']);
		expect(state.line).toEqual(lineAt('next line'));
		expect(state.history.entries).toEqual(['helXYlo']);
	});

	test('Enter queues, the screen hands over, a line that could not be sent comes back', () => {
		let state = room(['one\r', 'two\r']);
		expect(state.submitted.map(s => [s.id, s.text])).toEqual([
			[1, 'one'],
			[2, 'two'],
		]);
		state = roomInput(state, {type: 'handed', upTo: 1});
		expect(state.submitted.map(s => s.text)).toEqual(['two']);
		state = roomInput(state, {type: 'restore', text: 'two'});
		expect(state.line).toEqual(lineAt('two'));
		// Typed since: the line comes back before it.
		const busy = roomInput(room('new'), {type: 'restore', text: 'old'});
		expect(busy.line).toEqual({value: 'old\nnew', cursor: 7});
	});

	test('typed while connecting and the connection never came: back on the form, the lines return to the line', () => {
		const state = roomInput(room(['first\r', 'second\r', 'draft']), {type: 'phase', phase: 'form'});
		expect(state.submitted).toEqual([]);
		expect(state.line.value).toBe('first\nsecond\ndraft');
	});

	test('Tab completes with the @ kept; a paste with a Tab in it is text, never a completion', () => {
		expect(room('hi @al\t').line).toEqual(lineAt('hi @alice '));
		expect(room('\u001B[200~x\ty\u001B[201~').line).toEqual(lineAt('x\ty'));
		expect(room('\u001B[200~a\rb\u001B[201~').submitted).toEqual([]);
	});

	test('scrolling: PgUp by a page, clamped; new messages while up push the offset; Esc and End come back', () => {
		let state = room('\u001B[5~');
		expect(scrollOf(state, GENERAL).offset).toBe(10);
		state = roomInput(state, {type: 'entries', buffer: GENERAL, lastId: 5, added: {rows: 3, messages: 2}});
		expect(scrollOf(state, GENERAL)).toEqual({offset: 13, lastId: 5, newMessages: 2});
		expect(scrollOf(room('\u001B[5~'.repeat(9)), GENERAL).offset).toBe(50);
		expect(scrollOf(room('\u001B', state), GENERAL).offset).toBe(0);
		expect(scrollOf(room('\u001B[F', state), GENERAL)).toMatchObject({offset: 0, newMessages: 0});
	});

	test('each buffer keeps its own scroll position; Enter sends to the buffer shown when it was pressed', () => {
		const dev: RoomKeyContext = {...ROOM, buffer: 'room:#dev'};
		let state = room('\u001B[5~\u001B[5~');
		state = room('\u001B[5~hi in dev\r', state, dev);
		expect(scrollOf(state, GENERAL).offset).toBe(20);
		// Enter brings the buffer it was pressed in back to the newest, and only that one.
		expect(scrollOf(state, 'room:#dev').offset).toBe(0);
		expect(state.submitted).toEqual([{id: 1, text: 'hi in dev', buffer: 'room:#dev'}]);
		state = room('back\r', state);
		expect(state.submitted.map(s => s.buffer)).toEqual(['room:#dev', GENERAL]);
	});

	test('F2 toggles the user list (Ctrl+N no longer does: it is the next buffer); ↑ recalls what was sent', () => {
		expect(room('\u001BOQ').showUsers).toBe(false);
		expect(room('\u001BOQ\u001BOQ').showUsers).toBe(true);
		expect(room('\u000E').showUsers).toBe(true);
		expect(room(['sent\r', 'draft\u001B[A']).line).toEqual(lineAt('sent'));
	});

	test('a buffer-switching key that reaches the reducer types nothing (Alt+2, Alt+←, Ctrl+P)', () => {
		expect(room('ab\u001B2\u001B[1;3D\u0010\u000E').line).toEqual(lineAt('ab'));
		// Ctrl+←/→ and Alt+B/F still move by word.
		expect(room('one two\u001B[1;5Dx').line.value).toBe('one xtwo');
		expect(room('one two\u001Bbx').line.value).toBe('one xtwo');
	});

	test('the list of rooms: opened once per request, it takes the keys; Enter joins as a typed /join, Esc closes', () => {
		const rooms = [
			{name: '#general', topic: '', users: 3},
			{name: '#dev', topic: '构建 builds', users: 2},
			{name: '#开发', topic: '', users: 0},
		];
		const listed: RoomKeyContext = {...ROOM, rooms: () => rooms};
		let state = roomInput(INITIAL_ROOM_INPUT, {type: 'open-list', request: 1, filter: ''});
		expect(state.list).toEqual({filter: lineAt(''), selected: 0});
		// The same request again (a render before the next) does not reopen or reset it.
		state = room('\u001B[B', state, listed);
		expect(roomInput(state, {type: 'open-list', request: 1, filter: ''})).toBe(state);
		expect(state.list?.selected).toBe(1);
		state = room('\u001B[B\u001B[B\u001B[B', state, listed);
		expect(state.list?.selected).toBe(2);
		state = room('\r', state, listed);
		expect(state.list).toBeUndefined();
		expect(state.submitted.at(-1)).toMatchObject({text: '/join #开发', buffer: GENERAL});
		// Typing filters (Chinese too) and puts the choice back on the first match.
		state = room('开', roomInput(state, {type: 'open-list', request: 2, filter: ''}), listed);
		expect(state.list).toEqual({filter: lineAt('开'), selected: 0});
		expect(room('\r', state, listed).submitted.at(-1)?.text).toBe('/join #开发');
		// Nothing matches: Enter makes the room the filter names.
		expect(room('\u007F新房间\r', state, listed).submitted.at(-1)?.text).toBe('/join #新房间');
		// Esc closes and sends nothing; the input line was left as it was.
		const closed = room('\u001B', state, listed);
		expect(closed.list).toBeUndefined();
		expect(closed.submitted).toHaveLength(state.submitted.length);
		// While the answer is on its way, Enter does nothing.
		expect(room('x\r', roomInput(INITIAL_ROOM_INPUT, {type: 'open-list', request: 1, filter: ''}), {...ROOM, rooms: () => undefined}).list).toBeDefined();
	});
});

describe('the connect form reducer', () => {
	test('keys typed as fast as a terminal sends them, one read each or all in one: none lost or reordered', () => {
		const fast = 'abcdefghijklmnopqrst';
		expect(formValues(form(fast)).host).toBe(fast);
		const oneByOne = [...fast].reduce((state, char) => form(char, state), initialConnectForm({host: '', port: 0, name: ''}));
		expect(formValues(oneByOne).host).toBe(fast);
	});

	test('Ctrl+A/E/U/W/K and word moves edit; no Ctrl key types its letter (the bug: 127.0.0.1uwa)', () => {
		expect(formValues(form('127.0.0.1\u0015\u0017\u0001')).host).toBe('');
		expect(formValues(form('0.0.1\u0001127.\u0005!')).host).toBe('127.0.0.1!');
		expect(formValues(form('local host\u0017')).host).toBe('local ');
		expect(formValues(form('abc\u0001\u000B')).host).toBe('');
		expect(formValues(form('one two\u001B[1;5D\u001B[3~')).host).toBe('one wo');
	});

	test('a paste keeps one line; Tab and the arrows move between fields; Enter checks', () => {
		let state = form('\u001B[200~example.org\n\u001B[201~\t7777\u001B[B张三');
		expect(formValues(state)).toEqual({host: 'example.org', port: '7777', name: '张三'});
		expect(state.focus).toBe('name');
		state = form('\r', state);
		expect(state.request).toEqual({id: 1, target: {host: 'example.org', port: 7777, name: '张三'}});
		const wrong = form('\u001B[Zx\r', state);
		expect(wrong.problem).toMatch(/port must be a number/);
		expect(wrong.request?.id).toBe(1);
	});

	test('an edit clears the problem and marks the form edited (an older connection error is no longer shown)', () => {
		const failed = {...initialConnectForm({host: 'h', port: 1, name: 'bad!'}), edited: false};
		const checked = connectForm(failed, {type: 'submit'});
		expect(checked.problem).toMatch(/nickname/);
		const edited = form('\u007F', checked);
		expect(edited.problem).toBeUndefined();
		expect(edited.edited).toBe(true);
		// A move is not an edit.
		expect(form('\u001B[D', checked).edited).toBe(false);
	});
});

describe('the dashboard input reducer', () => {
	const context = (form: boolean): DashboardKeyContext => ({
		form,
		log: [],
		columns: 80,
		logRows: 10,
		maxTableScroll: 3,
		names: () => ['alice', '张三丰'],
		rooms: () => ['#general', '#开发', '#dev'],
	});
	const keys = (reads: string, form = false, start: DashboardInputState = initialDashboardInput('7777')) =>
		parseKeys(reads).reduce((state, {input, key}) => dashboardInput(state, {type: 'key', input, key, context: context(form)}), start);

	test('Tab completes names and commands on a line with text; on an empty line it sorts, Shift+Tab the other way', () => {
		expect(keys('/ki\t').line).toEqual(lineAt('/kick '));
		expect(keys('/kick 张\t').line).toEqual(lineAt('/kick 张三丰 '));
		const start = initialDashboardInput('7777');
		expect(keys('\t').sort).not.toEqual(start.sort);
		expect(keys('\u001B[Z').sort).toEqual({...start.sort, descending: !start.sort.descending});
	});

	test('Enter queues the command; a pasted line break is a space, never an Enter', () => {
		const state = keys('/notice \u001B[200~tea\nis ready\u001B[201~\r');
		expect(state.submitted.map(s => s.text)).toEqual(['/notice tea is ready']);
		const ran = dashboardInput(state, {type: 'ran', upTo: 1, result: {tone: 'info', text: 'notice sent'}});
		expect(ran.submitted).toEqual([]);
		expect(ran.feedback).toEqual({tone: 'info', text: 'notice sent'});
	});

	test('on the port form: the field edits like any other; Enter asks to start; an edit marks the error stale', () => {
		const state = keys('\u0015\u001B[200~0\n\u001B[201~\r', true);
		expect(state.port).toEqual(lineAt('0'));
		expect(state.portRequest).toEqual({id: 1, text: '0'});
		expect(state.portEdited).toBe(false);
		expect(keys('1', true, state).portEdited).toBe(true);
	});
});

describe('the prompt and the caret', () => {
	test('a 24-character Chinese name at 40 columns: the prompt takes a third, the text the rest', () => {
		const name = '张三李四王五赵六钱七孙八周九吴十郑一王二冯三陈四';
		const prompt = fitPrompt(`${name}> `, 40);
		expect(prompt).toBe('张三李四王…> ');
		expect(stringWidth(prompt)).toBeLessThanOrEqual(13);
		expect(fitPrompt('alice> ', 40)).toBe('alice> ');
		expect(fitPrompt(`${'a'.repeat(24)}> `, 80)).toBe(`${'a'.repeat(24)}> `);
	});

	test('the caret column counts wide characters as two cells, after the shortened prompt', () => {
		expect(inputLineCaret({line: lineAt('你好abc'), prompt: '张三> ', width: 80})).toBe(6 + 4 + 3);
		expect(inputLineCaret({line: {value: '你好abc', cursor: 1}, prompt: '张三> ', width: 80})).toBe(8);
		const name = '张三李四王五赵六钱七孙八周九吴十郑一王二冯三陈四';
		expect(inputLineCaret({line: lineAt('打字'), prompt: `${name}> `, width: 40})).toBe(13 + 4);
		// A long line scrolls: the caret stays inside the row.
		expect(inputLineCaret({line: lineAt('中'.repeat(100)), prompt: '> ', width: 40})).toBeLessThan(40);
	});
});

describe('outboxAlert', () => {
	const idle = {done: 0, total: 0, waiting: false};
	test('sending k/n while a long paste goes out, and what happens when the server slows it', () => {
		expect(outboxAlert({done: 2, total: 7, waiting: false}, '', 80)).toBe("sending 3/7 — within the server's rate limit");
		expect(outboxAlert({done: 2, total: 7, waiting: true}, '', 40)).toBe('sending 3/7 — slowed down');
		expect(outboxAlert({done: 0, total: 1, waiting: false}, '', 80)).toBeUndefined();
	});

	test('a draft of several lines or past 2000 characters says what Enter sends', () => {
		expect(outboxAlert(idle, 'one\ntwo', 80)).toBe('2 lines — Enter sends one message');
		expect(outboxAlert(idle, 'x'.repeat(4500), 80)).toBe('1 line — Enter sends 3 messages');
		expect(outboxAlert(idle, 'short', 80)).toBeUndefined();
	});
});
