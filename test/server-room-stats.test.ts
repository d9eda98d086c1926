import {afterEach, describe, expect, it, vi} from 'vitest';
import {ServerHarness} from './helpers/server-harness.js';

/** What the dashboard polls about rooms: `roomStats()` and each connection's rooms. Real sockets. */
const h = new ServerHarness();
afterEach(() => h.cleanup());

describe('room snapshots for the dashboard', () => {
	it('every room with its members and messages; each connection with its rooms in join order', async () => {
		await h.start({rooms: ['#help']});
		const byName = () => new Map(h.server.roomStats().map(room => [room.name, room]));
		expect([...byName().keys()].sort()).toEqual(['#general', '#help']);
		expect(byName().get('#help')).toEqual({name: '#help', topic: '', members: 0, messages: 0, messagesPerSecond: 0});

		const alice = await h.join2('alice', ['#general', '#开发']);
		const bob = await h.join2('bob', ['#开发']);
		alice.socket.send({type: 'say', room: '#开发', text: 'one'});
		alice.socket.send({type: 'say', room: '#开发', text: 'two'});
		alice.socket.send({type: 'say', room: '#general', text: 'three'});
		alice.socket.send({type: 'topic', room: '#开发', text: '构建'});
		await bob.socket.nextOfType('topic');

		const rooms = byName();
		expect(rooms.get('#开发')).toMatchObject({members: 2, messages: 2, topic: '构建'});
		expect(rooms.get('#general')).toMatchObject({members: 1, messages: 1});
		const connections = new Map(h.server.connections().map(c => [c.name, c.rooms]));
		expect(connections.get('alice')).toEqual(['#general', '#开发']);
		expect(connections.get('bob')).toEqual(['#开发']);

		// The rate is over whole seconds that are over: it shows once the current second ends.
		await vi.waitFor(() => expect(byName().get('#开发')!.messagesPerSecond).toBeGreaterThan(0), {timeout: 10_000, interval: 50});
		expect(byName().get('#开发')!.messagesPerSecond).toBeGreaterThanOrEqual(byName().get('#general')!.messagesPerSecond);
		expect(byName().get('#help')!.messagesPerSecond).toBe(0);

		bob.socket.send({type: 'part', room: '#开发'});
		await bob.socket.nextOfType('leave');
		expect(byName().get('#开发')).toMatchObject({members: 1, messages: 2});
		expect(h.server.connections().find(c => c.name === 'bob')!.rooms).toEqual([]);
	});

	it('a member in one room only, not the default one, can be kicked by name', async () => {
		await h.start();
		const dev = await h.join2('dave', ['#dev']);
		const watcher = await h.join2('wendy', ['#dev']);
		expect(h.server.kick('DAVE', 'enough')).toBe(true);
		expect(await dev.socket.nextOfType('error')).toMatchObject({code: 'kicked', message: 'enough'});
		expect(await watcher.socket.nextOfType('leave')).toMatchObject({room: '#dev', name: 'dave', reason: 'kicked'});
		await dev.socket.closed;
		expect(h.server.roomStats().find(room => room.name === '#dev')!.members).toBe(1);
	});
});
