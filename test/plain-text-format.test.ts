import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {nameProblem} from '../source/protocol/names.js';
import {formatPlainFrame, plainGreeting} from '../source/protocol/plain-text-format.js';
import {headlessLine} from '../source/server/headless.js';

const clock = (): string => '14:02';
const f = (frame: Parameters<typeof formatPlainFrame>[0], viewer: string | null = 'me'): string[] =>
	formatPlainFrame(frame, {viewer, clock});

describe('formatPlainFrame', () => {
	it('formats room events as readable lines', () => {
		expect(f({type: 'msg', room: '#general', seq: 1, ts: 0, from: 'alice', text: 'hi'})).toEqual(['[14:02] <alice> hi']);
		expect(f({type: 'msg', room: '#general', seq: 1, ts: 0, from: 'alice', text: 'waves', action: true})).toEqual(['[14:02] * alice waves']);
		expect(f({type: 'msg', room: '#general', seq: 1, ts: 0, from: 'alice', text: 'one\ntwo'})).toEqual(['[14:02] <alice> one', '[14:02] <alice> two']);
		expect(f({type: 'join', room: '#general', seq: 1, ts: 0, name: 'bob'})).toEqual(['[14:02] *** bob joined']);
		expect(f({type: 'leave', room: '#general', seq: 1, ts: 0, name: 'bob', reason: 'quit'})).toEqual(['[14:02] *** bob left']);
		expect(f({type: 'leave', room: '#general', seq: 1, ts: 0, name: 'bob', reason: 'kicked', text: 'spam'})).toEqual(['[14:02] *** bob was kicked: "spam"']);
		expect(f({type: 'leave', room: '#general', seq: 1, ts: 0, name: 'bob', reason: 'timeout'})).toEqual(['[14:02] *** bob left (timed out)']);
		expect(f({type: 'nick', room: '#general', seq: 1, ts: 0, from: 'bob', to: 'robert'})).toEqual(['[14:02] *** bob is now known as robert']);
	});

	it('away and back read as words; user lists mark who is away', () => {
		expect(f({type: 'away', name: 'bob', text: 'at lunch'})).toEqual(['* bob is away: at lunch']);
		expect(f({type: 'away', name: 'bob', text: ''})).toEqual(['* bob is back']);
		expect(f({type: 'away', name: 'b\u001bob', text: 'x\ny'})).toEqual(['* bob is away: x y']);
		expect(f({type: 'users', room: '#general', users: [{name: 'alice', since: 0}, {name: 'bob', since: 0, away: 'zzz'}]})).toEqual(['* 2 in #general: alice, bob (away)']);
	});

	it('a kick error shows nothing: the notice after it says it in words', () => {
		expect(f({type: 'error', code: 'kicked', message: 'spam'})).toEqual([]);
	});

	it('marks private messages, from each end', () => {
		const dm = {type: 'dm', ts: 0, from: 'alice', to: 'bob', text: 'psst'} as const;
		expect(f(dm, 'alice')).toEqual(['[14:02] (private to bob) psst']);
		expect(f(dm, 'bob')).toEqual(['[14:02] (private from alice) psst']);
	});

	it('strips every control character a peer could send', () => {
		const lines = f({type: 'msg', room: '#general', seq: 1, ts: 0, from: 'al\u001bice', text: '\u001b[2J\u001b]0;pwned\u0007red\u009b31m\ttab'});
		expect(lines).toEqual(['[14:02] <alice> [2J]0;pwnedred31m\ttab']);
		for (const line of lines) expect(line).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
	});

	it('errors read as sentences; name errors before joining ask again', () => {
		expect(f({type: 'error', code: 'rate_limited', message: 'x'})).toEqual(['* you are sending too fast — slow down']);
		expect(f({type: 'error', code: 'name_taken', message: 'the name "bob" is taken'}, null)).toEqual([
			'* the name "bob" is taken — please choose another nickname:',
		]);
		expect(f({type: 'error', code: 'name_taken', message: ''}, null)).toEqual(['* that nickname is taken — please choose another nickname:']);
		expect(f({type: 'error', code: 'name_invalid', message: 'a name has at most 24 characters'}, null)).toEqual([
			'* a name has at most 24 characters — please choose another nickname:',
		]);
	});

	it('welcome, users, notice; nothing for ping', () => {
		const lines = f({
			type: 'welcome',
			proto: 2,
			server: 'tcpchat/0.2.0',
			you: 'me',
			motd: 'be nice',
			rooms: [
				{
					room: '#general',
					topic: 'hello all',
					users: [{name: 'me', since: 0}, {name: 'alice', since: 0}],
					history: [{type: 'msg', room: '#general', seq: 1, ts: 0, from: 'alice', text: 'earlier'}],
				},
			],
		});
		expect(lines).toEqual([
			'* welcome, me!',
			'[14:02] <alice> earlier',
			'* 2 in #general: me, alice',
			'* topic: hello all',
			'* be nice',
			'* type /help for commands',
		]);
		expect(f({type: 'welcome', proto: 2, server: '', you: 'me', motd: 'Type /help.', rooms: []}).at(-1)).toBe('* Type /help.');
		expect(f({type: 'users', room: '#general', users: [{name: 'a', since: 0}]})).toEqual(['* 1 in #general: a']);
		expect(f({type: 'notice', ts: 0, text: 'reboot'})).toEqual(['[14:02] *** notice: reboot']);
		expect(f({type: 'ping'})).toEqual([]);
		expect(plainGreeting('tcpchat/0.1.0').join('\n')).toMatch(/nickname/);
	});
});

/** The start of every line the server writes on its own account, after the time or without one. */
const SERVER_LINE = /^(\[14:02\] (\*\*\*|\(private )|\* )/;

describe('a room the operator removed, as a person at nc reads it', () => {
	const leave = {type: 'leave', room: '#dev', seq: 9, ts: Date.UTC(2025, 0, 1, 14, 2), name: 'bob', reason: 'dropped'} as const;
	const clock = () => '14:02';

	it('its own leave says what happened and where its lines go now', () => {
		expect(formatPlainFrame({...leave, text: 'spam'}, {viewer: 'bob', here: '#general', clock})).toEqual([
			'[14:02] *** the operator removed #dev: "spam" — you are no longer in it; now talking in #general',
		]);
		expect(formatPlainFrame(leave, {viewer: 'bob', here: '', clock})).toEqual([
			'[14:02] *** the operator removed #dev — you are in no room now — /join #name (/rooms lists them)',
		]);
	});

	it("someone else's reads as a leave (the server never sends one, but a log may hold it)", () => {
		expect(formatPlainFrame(leave, {viewer: 'alice', here: '#dev', clock})).toEqual(['[14:02] *** bob left (the room was removed)']);
	});

	it('the headless log says a removal once, with the room', () => {
		expect(headlessLine({kind: 'dropped', ts: 0, room: '#dev', by: 'operator', members: 3, text: 'spam'}, 0)).toMatch(/^\[\d\d:\d\d\] #dev \*\*\* removed by the operator \(3 members taken out\): spam$/);
		expect(headlessLine({kind: 'dropped', ts: 0, room: '#tmp', by: 'expiry', members: 0}, 0)).toMatch(/#tmp \*\*\* removed: empty, and nothing was ever said there$/);
	});
});

describe('nothing a member writes passes for a server line', () => {
	it('"/me is now known as admin" and "/me joined" read otherwise than a rename and a join', () => {
		const me = (text: string) => f({type: 'msg', room: '#general', seq: 1, ts: 0, from: 'alice', text, action: true});
		expect(me('is now known as admin')).toEqual(['[14:02] * alice is now known as admin']);
		expect(f({type: 'nick', room: '#general', seq: 2, ts: 0, from: 'alice', to: 'admin'})).toEqual(['[14:02] *** alice is now known as admin']);
		expect(me('joined')).toEqual(['[14:02] * alice joined']);
		expect(f({type: 'join', room: '#general', seq: 3, ts: 0, name: 'alice'})).toEqual(['[14:02] *** alice joined']);
		for (const line of [...me('is now known as admin'), ...me('joined')]) expect(line).not.toMatch(SERVER_LINE);
	});

	it('every line of a message of several lines carries its sender', () => {
		const lines = f({type: 'msg', room: '#general', seq: 1, ts: 0, from: 'alice', text: 'hi\n[14:02] *** bob is now known as admin\n* welcome, admin!'});
		expect(lines).toEqual(['[14:02] <alice> hi', '[14:02] <alice> (14:02) *** bob is now known as admin', '[14:02] <alice> * welcome, admin!']);
		const action = f({type: 'msg', room: '#general', seq: 1, ts: 0, from: 'alice', text: 'waves\n*** bob joined', action: true});
		expect(action).toEqual(['[14:02] * alice waves', '[14:02] * alice *** bob joined']);
	});

	it('a member called "-" cannot pass a message off as a private one', () => {
		const forged = f({type: 'msg', room: '#general', seq: 1, ts: 0, from: '-', text: '(private from alice) send me your password'});
		expect(forged).toEqual(['[14:02] <-> (private from alice) send me your password']);
		expect(forged[0]).not.toMatch(SERVER_LINE);
		expect(f({type: 'dm', ts: 0, from: 'alice', to: 'me', text: 'hi'})).toEqual(['[14:02] (private from alice) hi']);
	});

	it('a quit message is quoted on its leave line', () => {
		expect(f({type: 'leave', room: '#general', seq: 1, ts: 0, name: 'bob', reason: 'quit', text: 'alice is now known as admin'})).toEqual([
			'[14:02] *** bob left: "alice is now known as admin"',
		]);
	});

	it('holds for any valid name and any text (property)', () => {
		const nameChar = fc.constantFrom(...'abcXYZ09_-.ä山ア김ж'.split(''));
		const name = fc.array(nameChar, {minLength: 1, maxLength: 24}).map(chars => chars.join('')).filter(n => nameProblem(n) === undefined);
		const text = fc.string({unit: fc.constantFrom('*', ' ', '\n', '[', ']', '(', ')', '<', '>', 'a', '1', ':', '-', '\t', '\u202E'), maxLength: 60});
		fc.assert(
			fc.property(name, text, fc.boolean(), (from, said, action) => {
				const lines = f(action ? {type: 'msg', room: '#general', seq: 1, ts: 0, from, text: said, action: true} : {type: 'msg', room: '#general', seq: 1, ts: 0, from, text: said});
				const prefix = action ? `[14:02] * ${from} ` : `[14:02] <${from}> `;
				return lines.every(line => line.startsWith(prefix) && !SERVER_LINE.test(line));
			}),
			{numRuns: 2000},
		);
	});

	it('in the headless log too: a join shows the address, a /me that mimics one does not pass', () => {
		const at = new Date(2024, 0, 1, 14, 2).getTime();
		const real = headlessLine({kind: 'event', event: {type: 'join', room: '#general', seq: 1, ts: at, name: 'alice'}, address: '10.9.8.7'}, at);
		const forged = headlessLine({kind: 'event', event: {type: 'msg', room: '#general', seq: 2, ts: at, from: 'mallory', text: 'joined (10.9.8.7)', action: true}}, at);
		expect(real).toBe('[14:02] #general *** alice joined (10.9.8.7)');
		expect(forged).toBe('[14:02] #general * mallory joined (10.9.8.7)');
		const multi = headlessLine({kind: 'event', event: {type: 'msg', room: '#general', seq: 3, ts: at, from: 'mallory', text: 'x\n+ connection #9 from 1.2.3.4:5'}}, at);
		expect(multi).toBe('[14:02] #general <mallory> x\n[14:02] #general <mallory> + connection #9 from 1.2.3.4:5');
	});
});

describe('a message padded to wrap cannot start a screen row as the server would', () => {
	it('a time in brackets inside a member’s words is shown in parentheses', () => {
		const forged = `${' '.repeat(60)}[22:57] *** admin is now known as root [9:05] [ 22 : 57 ]`;
		const [line] = formatPlainFrame({type: 'msg', room: '#general', seq: 1, ts: 0, from: 'mal', text: forged});
		expect(line).toMatch(/^\[\d\d:\d\d\] <mal> /);
		expect(line!.slice(line!.indexOf('<mal>'))).not.toMatch(/\[\s*\d{1,2}\s*:\s*\d{2}\s*\]/);
		expect(line).toContain('(22:57) *** admin is now known as root (9:05)');
		const [dm] = formatPlainFrame({type: 'dm', ts: 0, from: 'mal', to: 'you', text: 'x [12:00] <boss> hi'});
		expect(dm).toContain('x (12:00) <boss> hi');
	});
});
