import {describe, expect, it} from 'vitest';
import {splitMessageArgs, splitSlashLine} from '../source/protocol/slash-command.js';

describe('splitSlashLine', () => {
	it('a blank line is empty; a line without a slash, or with two, is text to say', () => {
		expect(splitSlashLine('')).toEqual({kind: 'empty'});
		expect(splitSlashLine(' \t ')).toEqual({kind: 'empty'});
		expect(splitSlashLine('hello /me')).toEqual({kind: 'text', text: 'hello /me'});
		expect(splitSlashLine('//etc/passwd')).toEqual({kind: 'text', text: '/etc/passwd'});
		expect(splitSlashLine('  /me')).toEqual({kind: 'text', text: '  /me'});
	});

	it('a command has its name in lower case and the rest as typed', () => {
		expect(splitSlashLine('/ME  waves twice ')).toEqual({kind: 'command', name: 'me', rest: 'waves twice '});
		expect(splitSlashLine('/who')).toEqual({kind: 'command', name: 'who', rest: ''});
		expect(splitSlashLine('/')).toEqual({kind: 'command', name: '', rest: ''});
		expect(splitSlashLine('/msg bob a\nb')).toEqual({kind: 'command', name: 'msg', rest: 'bob a\nb'});
	});
});

describe('splitMessageArgs', () => {
	it('takes the first word as the name and the rest as the text', () => {
		expect(splitMessageArgs('bob psst, over here')).toEqual({to: 'bob', text: 'psst, over here'});
		expect(splitMessageArgs('Zoë  😀')).toEqual({to: 'Zoë', text: '😀'});
	});

	it('needs both a name and some text', () => {
		expect(splitMessageArgs('')).toBeUndefined();
		expect(splitMessageArgs('bob')).toBeUndefined();
		expect(splitMessageArgs('bob   ')).toBeUndefined();
	});
});
