import {afterEach, describe, expect, it} from 'vitest';
import type {LineSocket} from './helpers/line-socket.js';
import {ServerHarness} from './helpers/server-harness.js';

const h = new ServerHarness();
afterEach(() => h.cleanup());

/** Everything received up to the pong of a ping sent now: nothing the server queued earlier is missed. */
async function settle(socket: LineSocket): Promise<Array<Record<string, any>>> {
	const before = socket.lines.length;
	socket.send({type: 'ping'});
	await socket.nextOfType('pong');
	return socket.lines.slice(before).flatMap(l => (l.startsWith('{') ? [JSON.parse(l) as Record<string, any>] : []));
}

describe('server: hello', () => {
	it('refuses invalid names with name_invalid, and hello may be retried', async () => {
		await h.start();
		const s = await h.connect();
		for (const name of ['', 'a'.repeat(25), 'two words', 'semi;colon']) {
			s.send({type: 'hello', proto: 1, name});
			expect(await s.nextOfType('error')).toMatchObject({code: 'name_invalid'});
		}
		s.send({type: 'hello', proto: 1, name: 'Ünïcödé_9.-'});
		expect(await s.nextOfType('welcome')).toMatchObject({you: 'Ünïcödé_9.-'});
	});

	it('keeps names unique ignoring case', async () => {
		await h.start();
		await h.join('alice');
		const s = await h.connect();
		s.send({type: 'hello', proto: 1, name: 'ALICE'});
		expect(await s.nextOfType('error')).toMatchObject({code: 'name_taken'});
		s.send({type: 'hello', proto: 1, name: 'alice2'});
		expect(await s.nextOfType('welcome')).toMatchObject({you: 'alice2'});
	});

	it('strips control characters from names before checking them', async () => {
		await h.start();
		const s = await h.connect();
		s.send({type: 'hello', proto: 1, name: 'al\u001b\u0007ice\u009b'});
		expect(await s.nextOfType('welcome')).toMatchObject({you: 'alice'});
	});

	it('ignores unknown fields and accepts CRLF line endings', async () => {
		await h.start();
		const s = await h.connect();
		s.write(JSON.stringify({type: 'hello', proto: 1, name: 'alice', colour: 'red', extra: {a: 1}}) + '\r\n');
		expect(await s.nextOfType('welcome')).toMatchObject({you: 'alice'});
		s.write(JSON.stringify({type: 'say', text: 'hi', future: true}) + '\r\n');
		expect(await s.nextOfType('msg')).toMatchObject({from: 'alice', text: 'hi'});
	});

	it('refuses a second hello once joined', async () => {
		await h.start();
		const {socket} = await h.join('alice');
		socket.send({type: 'hello', proto: 1, name: 'bob'});
		expect(await socket.nextOfType('error')).toMatchObject({code: 'bad_frame'});
	});

	it('answers frames other than hello, ping, pong and bye with not_joined before joining', async () => {
		await h.start();
		const s = await h.connect();
		for (const frame of [{type: 'say', text: 'x'}, {type: 'nick', name: 'x'}, {type: 'dm', to: 'x', text: 'x'}, {type: 'who'}]) {
			s.send(frame);
			expect(await s.nextOfType('error')).toMatchObject({code: 'not_joined'});
		}
		s.send({type: 'ping'});
		await s.nextOfType('pong');
		s.send({type: 'pong'});
		s.send({type: 'bye'});
		await s.closed;
	});
});

describe('server: errors', () => {
	it('bad_json, bad_frame, text_empty and text_too_long keep the connection', async () => {
		await h.start();
		const {socket} = await h.join('alice');
		socket.send('{not json');
		expect(await socket.nextOfType('error')).toMatchObject({code: 'bad_json'});
		socket.send('[1,2]');
		expect(await socket.nextOfType('error')).toMatchObject({code: 'bad_frame'});
		socket.send({type: 'shout', text: 'x'});
		expect(await socket.nextOfType('error')).toMatchObject({code: 'bad_frame'});
		socket.send({text: 'no type'});
		expect(await socket.nextOfType('error')).toMatchObject({code: 'bad_frame'});
		socket.send({type: 'say', text: 42});
		expect(await socket.nextOfType('error')).toMatchObject({code: 'bad_frame'});
		socket.send({type: 'say', text: ' \n\u0007 '});
		expect(await socket.nextOfType('error')).toMatchObject({code: 'text_empty'});
		socket.send({type: 'say', text: 'x'.repeat(2001)});
		expect(await socket.nextOfType('error')).toMatchObject({code: 'text_too_long'});
		socket.send({type: 'say', text: 'é'.repeat(2000)});
		expect(await socket.nextOfType('msg')).toMatchObject({text: 'é'.repeat(2000)});
		for (const frame of socket.frames()) if (frame['type'] === 'error') expect(typeof frame['message']).toBe('string');
	});
});

describe('server: room frames', () => {
	it('say with action, sanitised, seq increasing by one', async () => {
		await h.start();
		const alice = await h.join('alice');
		const bob = await h.join('bob');
		alice.socket.send({type: 'say', text: 'waves', action: true});
		alice.socket.send({type: 'say', text: 'line1\nline2\t\u001b[2Jred\u0007\u0085'});
		const first = await bob.socket.nextOfType('msg');
		const second = await bob.socket.nextOfType('msg');
		expect(first).toMatchObject({from: 'alice', text: 'waves', action: true});
		expect(second).toMatchObject({from: 'alice', text: 'line1\nline2\t[2Jred'});
		expect(second['seq']).toBe(first['seq'] + 1);
	});

	it('nick: validated, unique ignoring case, a case change of one’s own name allowed', async () => {
		await h.start();
		const alice = await h.join('alice');
		const bob = await h.join('bob');
		alice.socket.send({type: 'nick', name: 'BOB'});
		expect(await alice.socket.nextOfType('error')).toMatchObject({code: 'name_taken'});
		alice.socket.send({type: 'nick', name: 'no spaces'});
		expect(await alice.socket.nextOfType('error')).toMatchObject({code: 'name_invalid'});
		alice.socket.send({type: 'nick', name: 'Alice'});
		expect(await bob.socket.nextOfType('nick')).toMatchObject({from: 'alice', to: 'Alice'});
		alice.socket.send({type: 'nick', name: 'carol'});
		expect(await bob.socket.nextOfType('nick')).toMatchObject({from: 'Alice', to: 'carol'});
		expect(await alice.socket.nextOfType('nick', f => f['to'] === 'carol')).toBeTruthy();
		// The old name is free again, the new one is taken.
		const s = await h.connect();
		s.send({type: 'hello', proto: 1, name: 'CAROL'});
		expect(await s.nextOfType('error')).toMatchObject({code: 'name_taken'});
		s.send({type: 'hello', proto: 1, name: 'alice'});
		await s.nextOfType('welcome');
		// Messages now carry the new name.
		alice.socket.send({type: 'say', text: 'hi'});
		expect(await bob.socket.nextOfType('msg')).toMatchObject({from: 'carol'});
	});

	it('dm reaches both ends only, never the history; no_such_user otherwise', async () => {
		await h.start();
		const alice = await h.join('alice');
		const bob = await h.join('bob');
		const carol = await h.join('carol');
		alice.socket.send({type: 'dm', to: 'BOB', text: 'psst\u001b'});
		const atBob = await bob.socket.nextOfType('dm');
		expect(atBob).toMatchObject({from: 'alice', to: 'bob', text: 'psst'});
		expect(await alice.socket.nextOfType('dm')).toEqual(atBob);
		expect((await settle(carol.socket)).filter(f => f['type'] === 'dm')).toEqual([]);
		alice.socket.send({type: 'dm', to: 'nobody', text: 'x'});
		expect(await alice.socket.nextOfType('error')).toMatchObject({code: 'no_such_user'});
		alice.socket.send({type: 'dm', to: 'bob', text: ''});
		expect(await alice.socket.nextOfType('error')).toMatchObject({code: 'text_empty'});
		const dave = await h.join('dave');
		expect(dave.welcome['history'].some((e: {type: string}) => e.type === 'dm')).toBe(false);
		expect(h.server.history().some(e => (e.type as string) === 'dm')).toBe(false);
	});

	it('who answers with the users', async () => {
		await h.start();
		const alice = await h.join('alice');
		await h.join('bob');
		alice.socket.send({type: 'who'});
		const users = await alice.socket.nextOfType('users');
		expect(users['users'].map((u: {name: string}) => u.name).sort()).toEqual(['alice', 'bob']);
		for (const u of users['users']) expect(typeof u.since).toBe('number');
	});

	it('bye: the others see leave quit with the reason, the leaver is closed and never sees its own leave', async () => {
		await h.start();
		const alice = await h.join('alice');
		const bob = await h.join('bob');
		bob.socket.send({type: 'bye', reason: 'see\nyou\u001b'});
		expect(await alice.socket.nextOfType('leave')).toMatchObject({name: 'bob', reason: 'quit', text: 'see you'});
		await bob.socket.closed;
		expect(bob.socket.frames().some(f => f['type'] === 'leave')).toBe(false);
		// The name is free again.
		const again = await h.join('BOB');
		expect(again.welcome['users'].map((u: {name: string}) => u.name).sort()).toEqual(['BOB', 'alice']);
	});

	it('the welcome’s user list follows joins, renames and leaves', async () => {
		await h.start();
		const alice = await h.join('alice');
		const bob = await h.join('bob');
		const names = (w: Record<string, any>): string[] => w['users'].map((u: {name: string}) => u.name).sort();
		expect(names((await h.join('carol')).welcome)).toEqual(['alice', 'bob', 'carol']);
		bob.socket.send({type: 'nick', name: 'robert'});
		await alice.socket.nextOfType('nick');
		expect(names((await h.join('dave')).welcome)).toEqual(['alice', 'carol', 'dave', 'robert']);
		alice.socket.send({type: 'bye'});
		await bob.socket.nextOfType('leave');
		const {welcome} = await h.join('erin');
		expect(names(welcome)).toEqual(['carol', 'dave', 'erin', 'robert']);
		expect(Object.keys(welcome)).toEqual(['type', 'proto', 'server', 'you', 'users', 'history', 'motd']);
		expect(welcome['users'].find((u: {name: string}) => u.name === 'erin').since).toBeGreaterThan(0);
	});

	it('history holds the last events, the welcome sends them', async () => {
		await h.start({history: 3});
		const alice = await h.join('alice');
		for (const text of ['one', 'two', 'three']) alice.socket.send({type: 'say', text});
		await alice.socket.nextOfType('msg', f => f['text'] === 'three');
		const bob = await h.join('bob');
		expect(bob.welcome['history'].map((e: {text?: string; type: string}) => e.text ?? e.type)).toEqual(['one', 'two', 'three']);
	});
});
