import {describe, expect, test} from 'vitest';
import {backoffSeconds} from '../source/client/backoff.js';
import {connectErrorSentence, refusalSentence, roomErrorSentence, timeoutSentence} from '../source/client/connect-error.js';
import {hostPort} from '../source/protocol/host-port.js';

const err = (code: string) => Object.assign(new Error(code), {code});

describe('backoff', () => {
	test('1, 2, 4 … up to 30 s', () => {
		expect([1, 2, 3, 4, 5, 6, 7, 50, 10_000].map(a => backoffSeconds(a))).toEqual([1, 2, 4, 8, 16, 30, 30, 30, 30]);
		expect(backoffSeconds(0)).toBe(1);
		expect(backoffSeconds(Number.NaN)).toBe(1);
	});
});

describe('connect errors as sentences', () => {
	test('each socket error code', () => {
		expect(connectErrorSentence(err('ECONNREFUSED'), '127.0.0.1', 7777)).toBe(
			'connection refused — is a server running on 127.0.0.1:7777?',
		);
		expect(connectErrorSentence(err('ENOTFOUND'), 'nowhere.invalid', 7777)).toBe('unknown host nowhere.invalid');
		expect(connectErrorSentence(err('EHOSTUNREACH'), '10.1.2.3', 7777)).toBe('10.1.2.3 is unreachable');
		expect(connectErrorSentence(err('ENETUNREACH'), '10.1.2.3', 7777)).toBe('10.1.2.3 is unreachable');
		expect(connectErrorSentence(err('ECONNRESET'), 'h', 1)).toBe('the server closed the connection');
		expect(connectErrorSentence(err('EWHATEVER'), 'h', 1)).toBe('could not connect to h:1: EWHATEVER');
		expect(connectErrorSentence('weird', 'h', 1)).toBe('could not connect to h:1: weird');
	});

	test('IPv6 addresses keep their port readable', () => {
		expect(hostPort('::1', 7777)).toBe('[::1]:7777');
		expect(connectErrorSentence(err('ECONNREFUSED'), '::1', 7777)).toBe('connection refused — is a server running on [::1]:7777?');
	});

	test('timeout', () => {
		expect(timeoutSentence('example.org', 7777, 10)).toBe('no answer from example.org:7777 after 10 s');
	});

	test('refusals use the server’s words, or say it plainly', () => {
		expect(refusalSentence({type: 'error', code: 'name_taken', message: 'the name "bob" is taken'}, 'bob')).toBe(
			'the name "bob" is taken',
		);
		expect(refusalSentence({type: 'error', code: 'name_taken', message: ''}, 'bob')).toBe(
			'the name "bob" is taken — choose another',
		);
		expect(refusalSentence({type: 'error', code: 'server_full', message: 'x'}, 'bob')).toBe(
			'the server is full — try again later',
		);
		expect(refusalSentence({type: 'error', code: 'too_many_connections', message: 'x'}, 'bob')).toMatch(
			/too many connections/,
		);
	});

	test('errors in the room read as feedback', () => {
		expect(roomErrorSentence({type: 'error', code: 'rate_limited', message: 'slow'})).toBe(
			'you are sending too fast — slow down',
		);
		expect(roomErrorSentence({type: 'error', code: 'no_such_user', message: 'nobody called "zed" is online'})).toBe(
			'nobody called "zed" is online',
		);
		expect(roomErrorSentence({type: 'error', code: 'text_too_long', message: 'message is longer than 2000 characters'})).toBe(
			'not sent: message is longer than 2000 characters',
		);
	});
});

describe('connection alert', async () => {
	const {connectionAlert} = await import('../source/ui/room-status.js');
	const status = {
		state: 'reconnecting' as const,
		reason: 'connection refused — is a server running on 127.0.0.1:47123?',
		attempt: 2,
		retryAt: 0,
	};
	test('whole when it fits', () => {
		expect(connectionAlert(status, 'h', 1, 4)).toBe(
			'connection lost: connection refused — is a server running on 127.0.0.1:47123? — reconnecting in 4 s (Esc to stop)',
		);
	});
	test('in a narrow row a shorter sentence is chosen, never one cut in the middle; the countdown stays', () => {
		expect(connectionAlert(status, 'h', 1, 4, 100)).toBe('connection lost: connection refused — is a server running on 127.0.0.1:47123? — reconnecting in 4 s');
		expect(connectionAlert(status, 'h', 1, 4, 80)).toBe('connection lost — reconnecting in 4 s (Esc to stop)');
		expect(connectionAlert(status, 'h', 1, 4, 60)).toBe('connection lost — reconnecting in 4 s (Esc to stop)');
		expect(connectionAlert(status, 'h', 1, 4, 40)).toBe('connection lost — reconnecting in 4 s');
		expect(connectionAlert(status, 'h', 1, 4, 30)).toBe('reconnecting in 4 s');
		for (const width of [20, 30, 40, 50, 60, 70, 80, 100]) {
			const text = connectionAlert(status, 'h', 1, 4, width)!;
			expect([...text].length).toBeLessThanOrEqual(width);
			expect(text).not.toContain('…');
		}
		const attempt = {state: 'connecting' as const, host: 'h', port: 1, name: 'a', attempt: 3};
		expect(connectionAlert(attempt, '127.0.0.1', 7777, undefined, 40)).toBe('reconnecting… (attempt 3, Esc to stop)');
		expect(connectionAlert({state: 'failed', message: 'you were kicked by the operator'}, 'h', 1, undefined, 40)).toBe(
			'disconnected — /quit for the form',
		);
	});
	test('reconnect attempts and a final failure', () => {
		expect(connectionAlert({state: 'connecting', host: 'h', port: 1, name: 'a', attempt: 3}, 'h', 1, undefined)).toBe(
			'reconnecting to h:1… (attempt 3, Esc to stop)',
		);
		expect(connectionAlert({state: 'failed', message: 'you were kicked: spam'}, 'h', 1, undefined)).toBe(
			'disconnected: you were kicked: spam — /quit to return to the form',
		);
		expect(connectionAlert({state: 'joined', welcome: {} as never, reconnected: false}, 'h', 1, undefined)).toBeUndefined();
	});
});
