import {afterEach, describe, expect, it} from 'vitest';
import {ServerHarness} from './helpers/server-harness.js';

const h = new ServerHarness();
afterEach(() => h.cleanup());

describe('server: hello, say, leave', () => {
	it('welcomes a client with the users, the history and the motd', async () => {
		await h.start({motd: 'be nice'});
		const {welcome} = await h.join('alice');
		expect(welcome).toMatchObject({type: 'welcome', proto: 1, you: 'alice', motd: 'be nice', history: []});
		expect(welcome['server']).toMatch(/^tcpchat\/\d+\.\d+\.\d+/);
		expect(welcome['users'].map((u: {name: string}) => u.name)).toEqual(['alice']);
		const {welcome: second} = await h.join('bob');
		expect(second['users'].map((u: {name: string}) => u.name).sort()).toEqual(['alice', 'bob']);
		expect(second['history']).toMatchObject([{type: 'join', name: 'alice', seq: 1}]);
	});

	it('relays say to everyone, the sender too, with the server-set identity', async () => {
		await h.start();
		const alice = await h.join('alice');
		const bob = await h.join('bob');
		await alice.socket.nextOfType('join', f => f['name'] === 'bob');
		alice.socket.send({type: 'say', text: 'hi', from: 'mallory', seq: 999});
		const atBob = await bob.socket.nextOfType('msg');
		const atAlice = await alice.socket.nextOfType('msg');
		expect(atBob).toEqual(atAlice);
		expect(atBob).toMatchObject({type: 'msg', from: 'alice', text: 'hi', seq: 3});
		expect(typeof atBob['ts']).toBe('number');
		expect(atBob['action']).toBeUndefined();
	});

	it('a dropped socket is a leave, seen at once by the others, never by the leaver', async () => {
		await h.start();
		const alice = await h.join('alice');
		const bob = await h.join('bob');
		bob.socket.destroy();
		const leave = await alice.socket.nextOfType('leave');
		expect(leave).toMatchObject({name: 'bob', reason: 'closed'});
	});
});
