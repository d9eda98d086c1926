import {describe, expect, test} from 'vitest';
import {helpLines, parseClientCommand} from '../source/ui/client-commands.js';
import {completeInput, rankNicks} from '../source/ui/complete-nick.js';
import {EMPTY_HISTORY, historyDown, historyUp, pushHistory} from '../source/ui/input-history.js';
import {editLine, inputWindow, lineAt} from '../source/ui/line-editor.js';
import {parseKeys} from '../source/ui/parse-keys.js';

describe('parseClientCommand', () => {
	test('plain text is said; // escapes a slash', () => {
		expect(parseClientCommand('hello')).toEqual({kind: 'say', text: 'hello'});
		expect(parseClientCommand('//etc/passwd')).toEqual({kind: 'say', text: '/etc/passwd'});
		expect(parseClientCommand('   ')).toEqual({kind: 'empty'});
	});

	test('every command', () => {
		expect(parseClientCommand('/help')).toEqual({kind: 'help'});
		expect(parseClientCommand('/me waves')).toEqual({kind: 'me', text: 'waves'});
		expect(parseClientCommand('/nick bob2')).toEqual({kind: 'nick', name: 'bob2'});
		expect(parseClientCommand('/msg bob psst, hi')).toEqual({kind: 'msg', to: 'bob', text: 'psst, hi'});
		expect(parseClientCommand('/who')).toEqual({kind: 'who'});
		expect(parseClientCommand('/clear')).toEqual({kind: 'clear'});
		expect(parseClientCommand('/quit')).toEqual({kind: 'quit'});
		expect(parseClientCommand('/quit see you')).toEqual({kind: 'quit', reason: 'see you'});
		expect(parseClientCommand('/ME waves')).toEqual({kind: 'me', text: 'waves'});
	});

	test('wrong use says how to use it', () => {
		expect(parseClientCommand('/me')).toEqual({kind: 'usage', message: expect.stringMatching(/^usage: \/me ACTION/)});
		expect(parseClientCommand('/nick')).toEqual({kind: 'usage', message: expect.stringMatching(/^usage: \/nick NAME/)});
		expect(parseClientCommand('/nick two words')).toMatchObject({kind: 'usage'});
		expect(parseClientCommand('/nick bad!name')).toEqual({
			kind: 'usage',
			message: expect.stringMatching(/^cannot use "bad!name": a name may hold only/),
		});
		expect(parseClientCommand('/msg bob')).toEqual({kind: 'usage', message: expect.stringMatching(/^usage: \/msg NAME TEXT/)});
		expect(parseClientCommand('/who cares')).toMatchObject({kind: 'usage'});
		expect(parseClientCommand('/frobnicate')).toEqual({
			kind: 'usage',
			message: 'unknown command /frobnicate — type /help for the list',
		});
		expect(parseClientCommand(`/msg bob ${'x'.repeat(2001)}`)).toEqual({kind: 'usage', message: expect.stringMatching(/longer than 2000/)});
	});

	test('help lists every command', () => {
		const text = helpLines()
			.map(line => `${line.label ?? ''}${line.text}`)
			.join('\n');
		for (const name of ['/help', '/me', '/nick', '/msg', '/who', '/clear', '/quit']) expect(text).toContain(name);
	});
});

describe('completion', () => {
	test('rankNicks: recent speakers first, then the others alphabetically, never yourself, only who is online', () => {
		expect(rankNicks(['zoe', 'alice', 'gone'], ['alice', 'bob', 'zoe', 'me', 'carol'], 'me')).toEqual([
			'zoe',
			'alice',
			'bob',
			'carol',
		]);
	});

	test('a name at the start of the line gets ": "; elsewhere a space', () => {
		expect(completeInput('al', 2, undefined, ['alice', 'bob'], [])).toMatchObject({value: 'alice: ', cursor: 7});
		expect(completeInput('hi b', 4, undefined, ['alice', 'bob'], [])).toMatchObject({value: 'hi bob ', cursor: 7});
		expect(completeInput('/msg b', 6, undefined, ['alice', 'bob'], ['/msg'])).toMatchObject({value: '/msg bob '});
	});

	test('Tab again cycles through the matches; no match changes nothing', () => {
		const first = completeInput('a', 1, undefined, ['anna', 'alice'], []);
		expect(first.value).toBe('anna: ');
		const second = completeInput(first.value, first.cursor, first.completion, ['anna', 'alice'], []);
		expect(second.value).toBe('alice: ');
		const third = completeInput(second.value, second.cursor, second.completion, ['anna', 'alice'], []);
		expect(third.value).toBe('anna: ');
		expect(completeInput('x', 1, undefined, ['anna'], [])).toEqual({value: 'x', cursor: 1, completion: undefined});
		expect(completeInput('', 0, undefined, ['anna'], [])).toMatchObject({value: ''});
	});

	test('command names', () => {
		expect(completeInput('/ni', 3, undefined, ['nina'], ['/help', '/nick'])).toMatchObject({value: '/nick '});
	});

	test('ignores case; an @ before the name stays, at the start of the line too', () => {
		expect(completeInput('hey @AL', 7, undefined, ['alice'], [])).toMatchObject({value: 'hey @alice ', cursor: 11});
		expect(completeInput('hi @al', 6, undefined, ['alice'], [])).toMatchObject({value: 'hi @alice '});
		expect(completeInput('@al', 3, undefined, ['alice'], [])).toMatchObject({value: '@alice '});
		expect(completeInput('@', 1, undefined, ['alice'], [])).toEqual({value: '@', cursor: 1, completion: undefined});
	});

	test('what precedes and follows the word stays; Tab again cycles with the @ kept', () => {
		const first = completeInput('ask @a now', 6, undefined, ['anna', 'alice'], []);
		expect(first).toMatchObject({value: 'ask @anna now', cursor: 10});
		expect(completeInput(first.value, first.cursor, first.completion, ['anna', 'alice'], [])).toMatchObject({value: 'ask @alice now'});
		// Chinese names, after a line break of a pasted draft.
		expect(completeInput('第一行\n@张', 6, undefined, ['张三'], [])).toMatchObject({value: '第一行\n@张三 '});
	});
});

describe('input history', () => {
	test('Up walks back, Down walks forward and returns to the draft', () => {
		let h = pushHistory(pushHistory(EMPTY_HISTORY, 'one'), 'two');
		const up1 = historyUp(h, 'draft')!;
		expect(up1.value).toBe('two');
		const up2 = historyUp(up1.history, up1.value)!;
		expect(up2.value).toBe('one');
		expect(historyUp(up2.history, up2.value)).toBeUndefined();
		const down1 = historyDown(up2.history)!;
		expect(down1.value).toBe('two');
		const down2 = historyDown(down1.history)!;
		expect(down2.value).toBe('draft');
		expect(historyDown(down2.history)).toBeUndefined();
		h = pushHistory(h, 'two');
		expect(h.entries).toEqual(['one', 'two']);
		expect(historyUp(EMPTY_HISTORY, '')).toBeUndefined();
	});
});

describe('line editor', () => {
	test('typing, moving and erasing', () => {
		let s = lineAt('');
		s = editLine(s, 'hello', {})!;
		s = editLine(s, '', {leftArrow: true})!;
		s = editLine(s, 'X', {})!;
		expect(s).toEqual({value: 'hellXo', cursor: 5});
		s = editLine(s, '', {backspace: true})!;
		expect(s).toEqual({value: 'hello', cursor: 4});
		s = editLine(s, 'a', {ctrl: true})!;
		expect(s.cursor).toBe(0);
		s = editLine(s, 'e', {ctrl: true})!;
		expect(s.cursor).toBe(5);
	});

	test('Ctrl+U, Ctrl+K, Ctrl+W', () => {
		expect(editLine({value: 'one two three', cursor: 13}, 'w', {ctrl: true})).toEqual({value: 'one two ', cursor: 8});
		expect(editLine({value: 'one two  ', cursor: 9}, 'w', {ctrl: true})).toEqual({value: 'one ', cursor: 4});
		expect(editLine({value: 'one two', cursor: 4}, 'u', {ctrl: true})).toEqual({value: 'two', cursor: 0});
		expect(editLine({value: 'one two', cursor: 3}, 'k', {ctrl: true})).toEqual({value: 'one', cursor: 3});
	});

	test('never splits a surrogate pair', () => {
		let s = lineAt('a😀');
		s = editLine(s, '', {backspace: true})!;
		expect(s).toEqual({value: 'a', cursor: 1});
		s = editLine(lineAt('😀'), '', {leftArrow: true})!;
		expect(s.cursor).toBe(0);
	});

	test('keys it does not handle are left to the caller; control characters are dropped', () => {
		expect(editLine(lineAt('x'), '', {upArrow: true})).toBeUndefined();
		expect(editLine(lineAt('x'), '', {tab: true})).toBeUndefined();
		expect(editLine(lineAt(''), 'a\u001b[31mb', {})).toEqual({value: 'a[31mb', cursor: 6});
	});

	test('the window keeps the cursor in view', () => {
		expect(inputWindow({value: 'hello', cursor: 5}, 10)).toEqual({before: 'hello', at: ' ', after: '', column: 5});
		const long = 'abcdefghijklmnopqrstuvwxyz';
		const w = inputWindow({value: long, cursor: 26}, 10);
		expect(w.before + w.at).toBe('rstuvwxyz ');
		const mid = inputWindow({value: long, cursor: 0}, 10);
		expect(mid.at).toBe('a');
		expect((mid.before + mid.at + mid.after).length).toBeLessThanOrEqual(10);
	});
});

describe('editLine with parsed keys', () => {
	const typeAll = (data: string) =>
		parseKeys(data).reduce((line, {input, key}) => editLine(line, input, key) ?? line, {value: '', cursor: 0});

	test('a stray ESC in a paste is dropped, the text around it kept', () => {
		expect(typeAll('hi\u001Bthere')).toEqual({value: 'hithere', cursor: 7});
		expect(typeAll('a\u001B\u001Bb')).toEqual({value: 'ab', cursor: 2});
	});

	test('keys without a binding change nothing; Backspace and Ctrl+W in the same read still apply', () => {
		expect(typeAll('ab\u001B[1;5P\u001B[24;8~\u001B[99;5X\u0007c')).toEqual({value: 'abc', cursor: 3});
		expect(typeAll('one two\u0017x\u007F\u007Fy')).toEqual({value: 'oney', cursor: 4});
	});
});

describe('line editing, readline style (item 6)', () => {
	/** Types `data` as a terminal sends it, each parsed key applied in order. */
	const typeAll = (data: string, start = lineAt('')) =>
		parseKeys(data).reduce((line, {input, key}) => editLine(line, input, key) ?? line, start);
	const ESC = '\u001B';

	test('Delete erases forward, Backspace backward; Ctrl+D is Delete', () => {
		const at = {value: 'abcd', cursor: 2};
		expect(typeAll(`${ESC}[3~`, at)).toEqual({value: 'abd', cursor: 2});
		expect(typeAll('\u007F', at)).toEqual({value: 'acd', cursor: 1});
		expect(typeAll('\u0008', at)).toEqual({value: 'acd', cursor: 1});
		expect(typeAll('\u0004', at)).toEqual({value: 'abd', cursor: 2});
		expect(typeAll(`${ESC}[3~`, lineAt('abc'))).toEqual({value: 'abc', cursor: 3});
	});

	test('Ctrl+←/→, Alt+←/→ and Alt+B/F move by word, as xterm, rxvt and macOS terminals send them', () => {
		const line = {value: 'one two, three', cursor: 14};
		for (const left of [`${ESC}[1;5D`, `${ESC}[1;3D`, `${ESC}b`, `${ESC}Od`]) expect(typeAll(left, line).cursor).toBe(9);
		expect(typeAll(`${ESC}b${ESC}b`, line).cursor).toBe(4);
		const start = {value: 'one two, three', cursor: 0};
		for (const right of [`${ESC}[1;5C`, `${ESC}[1;3C`, `${ESC}f`]) expect(typeAll(right, start).cursor).toBe(3);
		expect(typeAll(`${ESC}f${ESC}f`, start).cursor).toBe(7);
		expect(typeAll(`${ESC}f${ESC}f${ESC}f${ESC}f`, start).cursor).toBe(14);
	});

	test('Ctrl+K cuts to the end, Ctrl+U to the start, Alt+D the next word, Alt+Backspace the word before', () => {
		expect(typeAll('\u000B', {value: 'keep cut', cursor: 4})).toEqual({value: 'keep', cursor: 4});
		expect(typeAll('\u0015', {value: 'cut keep', cursor: 4})).toEqual({value: 'keep', cursor: 0});
		expect(typeAll(`${ESC}d`, {value: 'a bc d', cursor: 1})).toEqual({value: 'a d', cursor: 1});
		expect(typeAll(`${ESC}\u007F`, {value: 'a bc d', cursor: 4})).toEqual({value: 'a  d', cursor: 2});
	});

	test('Home, End, Ctrl+A, Ctrl+E, Ctrl+B, Ctrl+F', () => {
		const mid = {value: 'abc', cursor: 1};
		expect(typeAll(`${ESC}[H`, mid).cursor).toBe(0);
		expect(typeAll(`${ESC}[F`, mid).cursor).toBe(3);
		expect(typeAll('\u0001', mid).cursor).toBe(0);
		expect(typeAll('\u0005', mid).cursor).toBe(3);
		expect(typeAll('\u0002', mid).cursor).toBe(0);
		expect(typeAll('\u0006', mid).cursor).toBe(2);
	});

	test('several keys in one read each apply, in order (the bug: two control keys in one read were both ignored)', () => {
		expect(typeAll('hello world\u0017\u0001X\u0005!')).toEqual({value: 'Xhello !', cursor: 8});
		expect(typeAll(`abc${ESC}[D${ESC}[D\u000B${ESC}[3~z`)).toEqual({value: 'az', cursor: 2});
	});

	test('a Ctrl key without a binding types nothing (the bug: Ctrl+U, W, A typed their letters)', () => {
		expect(typeAll('127.0.0.1\u0015\u0017\u0001')).toEqual({value: '', cursor: 0});
		expect(typeAll('ab\u0007\u000F\u0012\u0014c')).toEqual({value: 'abc', cursor: 3});
	});

	test('wide characters and emoji move and erase whole: 张三, 👍🏽, é written as e and an accent', () => {
		expect(typeAll(`${ESC}[D${ESC}[D\u007F`, lineAt('你好张三'))).toEqual({value: '你张三', cursor: 1});
		expect(typeAll('\u007F', lineAt('ok👍🏽'))).toEqual({value: 'ok', cursor: 2});
		expect(typeAll(`${ESC}[D`, lineAt('cafe\u0301')).cursor).toBe(3);
		expect(typeAll(`${ESC}b`, lineAt('你好 世界')).cursor).toBe(3);
	});

	test('a paste is inserted whole, line breaks and tabs kept; a form field keeps one line', () => {
		expect(editLine(lineAt('>'), 'a\tb\r\nc\rd', {name: 'paste'})).toEqual({value: '>a\tb\nc\nd', cursor: 8});
		expect(editLine(lineAt(''), '127.0.0.1\n', {name: 'paste'}, {singleLine: true})).toEqual({value: '127.0.0.1', cursor: 9});
	});

	test('the input window reports the caret column in cells, wide characters counted twice', () => {
		expect(inputWindow({value: '你好abc', cursor: 2}, 20).column).toBe(4);
		expect(inputWindow({value: 'a\nb', cursor: 3}, 20)).toEqual({before: 'a↵b', at: ' ', after: '', column: 3});
		const long = inputWindow({value: '中'.repeat(30), cursor: 30}, 21);
		expect(long.column).toBeLessThanOrEqual(20);
		expect(long.before.length * 2).toBe(long.column);
	});
});
