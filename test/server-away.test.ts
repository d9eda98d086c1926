import {afterEach, describe, expect, it} from 'vitest';
import {ServerHarness} from './helpers/server-harness.js';

const h = new ServerHarness();
afterEach(() => h.cleanup());

describe('away', () => {
	it('is told to everyone in the room, the member too; user lists and welcomes carry it', async () => {
		await h.start();
		const alice = await h.join('alice');
		const bob = await h.join('bob');
		bob.socket.send({type: 'away', text: '  at\tlunch \u001b[31m '});
		const expected = {type: 'away', name: 'bob', text: 'at lunch [31m'};
		expect(await alice.socket.nextOfType('away')).toEqual(expected);
		expect(await bob.socket.nextOfType('away')).toEqual(expected);

		alice.socket.send({type: 'who'});
		const users = await alice.socket.nextOfType('users');
		expect(users['users']).toEqual([
			{name: 'alice', since: expect.any(Number)},
			{name: 'bob', since: expect.any(Number), away: 'at lunch [31m'},
		]);
		const carol = await h.join('carol');
		expect(carol.welcome['users']).toContainEqual({name: 'bob', since: expect.any(Number), away: 'at lunch [31m'});
		// Not a room event: nothing of it in history.
		expect(carol.welcome['history'].some((e: {type: string}) => e.type === 'away')).toBe(false);

		// Back: an empty text, or none at all.
		bob.socket.send({type: 'away'});
		expect(await carol.socket.nextOfType('away')).toEqual({type: 'away', name: 'bob', text: ''});
		const carolSees = await h.join('dave');
		expect(carolSees.welcome['users']).toContainEqual({name: 'bob', since: expect.any(Number)});
	});

	it('a private message to an away member is delivered, and its sender gets the away text', async () => {
		await h.start();
		const alice = await h.join('alice');
		const bob = await h.join('bob');
		bob.socket.send({type: 'away', text: 'in a meeting'});
		await alice.socket.nextOfType('away');
		alice.socket.send({type: 'dm', to: 'BOB', text: 'ping?'});
		expect(await bob.socket.nextOfType('dm')).toMatchObject({from: 'alice', to: 'bob', text: 'ping?'});
		expect(await alice.socket.nextOfType('dm')).toMatchObject({text: 'ping?'});
		expect(await alice.socket.nextOfType('away')).toEqual({type: 'away', name: 'bob', text: 'in a meeting'});
		// Back, a message brings no away answer.
		bob.socket.send({type: 'away', text: ''});
		await alice.socket.nextOfType('away', f => f['text'] === '');
		alice.socket.send({type: 'dm', to: 'bob', text: 'there?'});
		alice.socket.send({type: 'who'});
		await alice.socket.nextOfType('users');
		expect(alice.socket.frames().filter(f => f['type'] === 'away')).toHaveLength(3);
	});

	it('the same away again is confirmed to its sender only; bad frames get a sentence', async () => {
		await h.start();
		const alice = await h.join('alice');
		const bob = await h.join('bob');
		bob.socket.send({type: 'away', text: 'gone'});
		await alice.socket.nextOfType('away');
		bob.socket.send({type: 'away', text: 'gone'});
		bob.socket.send({type: 'away', text: 42});
		expect(await bob.socket.nextOfType('error')).toMatchObject({code: 'bad_frame', message: '"text" must be a string'});
		alice.socket.send({type: 'who'});
		await alice.socket.nextOfType('users');
		expect(alice.socket.frames().filter(f => f['type'] === 'away')).toHaveLength(1);
		expect(bob.socket.frames().filter(f => f['type'] === 'away')).toHaveLength(2);
	});

	it('a long away message is kept to one line of 200 characters', async () => {
		await h.start();
		const bob = await h.join('bob');
		bob.socket.send({type: 'away', text: '离开'.repeat(150) + '\nsecond line'});
		const frame = await bob.socket.nextOfType('away');
		expect([...frame['text']]).toHaveLength(200);
		expect(frame['text']).not.toContain('\n');
		// At the edge, nothing is cut.
		bob.socket.send({type: 'away', text: 'x'.repeat(200)});
		expect((await bob.socket.nextOfType('away', f => f['text'].startsWith('x')))['text']).toHaveLength(200);
	});

	it('people at nc: /away and /back, told in words, marked in /who', async () => {
		await h.start({plainGreetingDelay: 20});
		const alice = await h.join('alice');
		const carol = await h.joinPlain('carol');
		carol.send('/away 吃饭去了');
		expect(await alice.socket.nextOfType('away')).toEqual({type: 'away', name: 'carol', text: '吃饭去了'});
		expect(await carol.next(l => l.includes('away'))).toBe('* carol is away: 吃饭去了');
		carol.send('/who');
		expect(await carol.next(l => l.includes(' in #general:'))).toMatch(/^\* 2 in #general: (alice, carol \(away\)|carol \(away\), alice)$/);
		alice.socket.send({type: 'away', text: 'brb'});
		expect(await carol.next(l => l.includes('alice'))).toBe('* alice is away: brb');
		carol.send('/msg alice hi');
		expect(await carol.next(l => l.includes('alice is away'))).toBe('* alice is away: brb');
		carol.send('/back');
		expect(await carol.next(l => l.includes('back'))).toBe('* carol is back');
		expect(await alice.socket.nextOfType('away', f => f['name'] === 'carol')).toEqual({type: 'away', name: 'carol', text: ''});
		// "/away" without a message is back too (already so: confirmed to carol alone).
		carol.send('/away');
		expect(await carol.next(l => l.includes('back'))).toBe('* carol is back');
	});
});
