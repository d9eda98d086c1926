import {describe, expect, it} from 'vitest';
import {formatPlainFrame, plainGreeting} from '../source/protocol/plain-text-format.js';

const clock = (): string => '14:02';
const f = (frame: Parameters<typeof formatPlainFrame>[0], viewer: string | null = 'me'): string[] =>
	formatPlainFrame(frame, {viewer, clock});

describe('formatPlainFrame', () => {
	it('formats room events as readable lines', () => {
		expect(f({type: 'msg', seq: 1, ts: 0, from: 'alice', text: 'hi'})).toEqual(['[14:02] <alice> hi']);
		expect(f({type: 'msg', seq: 1, ts: 0, from: 'alice', text: 'waves', action: true})).toEqual(['[14:02] * alice waves']);
		expect(f({type: 'msg', seq: 1, ts: 0, from: 'alice', text: 'one\ntwo'})).toEqual(['[14:02] <alice> one', '[14:02] <alice> two']);
		expect(f({type: 'join', seq: 1, ts: 0, name: 'bob'})).toEqual(['[14:02] * bob joined']);
		expect(f({type: 'leave', seq: 1, ts: 0, name: 'bob', reason: 'quit'})).toEqual(['[14:02] * bob left']);
		expect(f({type: 'leave', seq: 1, ts: 0, name: 'bob', reason: 'kicked', text: 'spam'})).toEqual(['[14:02] * bob was kicked: spam']);
		expect(f({type: 'leave', seq: 1, ts: 0, name: 'bob', reason: 'timeout'})).toEqual(['[14:02] * bob left (timed out)']);
		expect(f({type: 'nick', seq: 1, ts: 0, from: 'bob', to: 'robert'})).toEqual(['[14:02] * bob is now known as robert']);
	});

	it('marks private messages, from each end', () => {
		const dm = {type: 'dm', ts: 0, from: 'alice', to: 'bob', text: 'psst'} as const;
		expect(f(dm, 'alice')).toEqual(['[14:02] -> (private) bob: psst']);
		expect(f(dm, 'bob')).toEqual(['[14:02] <- (private) alice: psst']);
	});

	it('strips every control character a peer could send', () => {
		const lines = f({type: 'msg', seq: 1, ts: 0, from: 'al\u001bice', text: '\u001b[2J\u001b]0;pwned\u0007red\u009b31m\ttab'});
		expect(lines).toEqual(['[14:02] <alice> [2J]0;pwnedred31m\ttab']);
		for (const line of lines) expect(line).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
	});

	it('errors read as sentences; name errors before joining ask again', () => {
		expect(f({type: 'error', code: 'rate_limited', message: 'x'})).toEqual(['* you are sending too fast — slow down']);
		expect(f({type: 'error', code: 'name_taken', message: 'x'}, null)).toEqual(['* that nickname is taken — please choose another nickname:']);
		expect(f({type: 'error', code: 'name_invalid', message: 'a name has at most 24 characters'}, null)).toEqual([
			'* a name has at most 24 characters — please choose another nickname:',
		]);
	});

	it('welcome, users, notice; nothing for ping', () => {
		const lines = f({
			type: 'welcome',
			proto: 1,
			server: 'tcpchat/0.1.0',
			you: 'me',
			users: [{name: 'me', since: 0}, {name: 'alice', since: 0}],
			history: [{type: 'msg', seq: 1, ts: 0, from: 'alice', text: 'earlier'}],
			motd: 'be nice',
		});
		expect(lines).toEqual(['* welcome, me!', '[14:02] <alice> earlier', '* 2 online: me, alice', '* be nice', '* type /help for commands']);
		expect(f({type: 'welcome', proto: 1, server: '', you: 'me', users: [], history: [], motd: 'Type /help.'}).at(-1)).toBe('* Type /help.');
		expect(f({type: 'users', users: [{name: 'a', since: 0}]})).toEqual(['* 1 online: a']);
		expect(f({type: 'notice', ts: 0, text: 'reboot'})).toEqual(['[14:02] *** notice: reboot']);
		expect(f({type: 'ping'})).toEqual([]);
		expect(plainGreeting('tcpchat/0.1.0').join('\n')).toMatch(/nickname/);
	});
});
