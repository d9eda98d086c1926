import {describe, expect, it} from 'vitest';
import {listenErrorMessage} from '../source/server/listen-error.js';

const err = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`listen ${code}`), {code});

describe('listenErrorMessage', () => {
	it('turns each listen failure into a sentence with what to try', () => {
		expect(listenErrorMessage(err('EADDRINUSE'), '0.0.0.0', 7777)).toBe(
			'port 7777 is already in use — is another tcpchat server running? Try --port 0.',
		);
		expect(listenErrorMessage(err('EACCES'), '0.0.0.0', 80)).toMatch(/^no permission to listen on port 80 — ports below 1024 need privileges/);
		expect(listenErrorMessage(err('EACCES'), '0.0.0.0', 8080)).toBe('no permission to listen on 0.0.0.0:8080.');
		expect(listenErrorMessage(err('EADDRNOTAVAIL'), '10.9.9.9', 7777)).toBe(
			"the address 10.9.9.9 is not one of this machine's addresses — try --host 0.0.0.0.",
		);
		expect(listenErrorMessage(err('ENOTFOUND'), 'nowhere.invalid', 7777)).toBe(
			'the host name nowhere.invalid could not be resolved — check --host.',
		);
		expect(listenErrorMessage(err('EWHATEVER'), '::1', 7777)).toBe('could not listen on [::1]:7777: listen EWHATEVER');
	});
});
