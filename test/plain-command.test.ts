import {describe, expect, it} from 'vitest';
import {parsePlainCommand} from '../source/protocol/plain-command.js';

describe('parsePlainCommand', () => {
	it('says plain lines, and //x says /x', () => {
		expect(parsePlainCommand('hello all')).toEqual({kind: 'say', text: 'hello all'});
		expect(parsePlainCommand('//etc/passwd is a file')).toEqual({kind: 'say', text: '/etc/passwd is a file'});
		expect(parsePlainCommand('   ')).toEqual({kind: 'empty'});
	});

	it('parses each command, case-insensitively', () => {
		expect(parsePlainCommand('/me waves')).toEqual({kind: 'me', text: 'waves'});
		expect(parsePlainCommand('/ME  waves twice')).toEqual({kind: 'me', text: 'waves twice'});
		expect(parsePlainCommand('/nick bob2')).toEqual({kind: 'nick', name: 'bob2'});
		expect(parsePlainCommand('/msg bob psst, over here')).toEqual({kind: 'msg', to: 'bob', text: 'psst, over here'});
		expect(parsePlainCommand('/who')).toEqual({kind: 'who'});
		expect(parsePlainCommand('/quit')).toEqual({kind: 'quit'});
		expect(parsePlainCommand('/quit off to bed')).toEqual({kind: 'quit', reason: 'off to bed'});
		expect(parsePlainCommand('/help')).toEqual({kind: 'help'});
		expect(parsePlainCommand('/away  at lunch ')).toEqual({kind: 'away', text: 'at lunch'});
		expect(parsePlainCommand('/away')).toEqual({kind: 'away', text: ''});
		expect(parsePlainCommand('/back')).toEqual({kind: 'away', text: ''});
	});

	it('answers missing arguments with the usage and unknown commands by name', () => {
		expect(parsePlainCommand('/me')).toEqual({kind: 'usage', usage: '/me ACTION'});
		expect(parsePlainCommand('/nick')).toEqual({kind: 'usage', usage: '/nick NEWNAME'});
		expect(parsePlainCommand('/nick two words')).toEqual({kind: 'usage', usage: '/nick NEWNAME'});
		expect(parsePlainCommand('/msg bob')).toEqual({kind: 'usage', usage: '/msg NAME TEXT'});
		expect(parsePlainCommand('/msg bob   ')).toEqual({kind: 'usage', usage: '/msg NAME TEXT'});
		expect(parsePlainCommand('/frobnicate now')).toEqual({kind: 'unknown', command: '/frobnicate'});
		expect(parsePlainCommand('/')).toEqual({kind: 'unknown', command: '/'});
	});
});
