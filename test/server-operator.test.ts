import net from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import type {RoomEvent} from '../source/protocol/frames.js';
import {ChatServer} from '../source/server/chat-server.js';
import {MemoryStore} from '../source/server/memory-store.js';
import {ServerHarness} from './helpers/server-harness.js';

const h = new ServerHarness();
afterEach(() => h.cleanup());

class SpyStore extends MemoryStore {
	closed = false;
	appended: RoomEvent[] = [];
	override write(events: readonly RoomEvent[]): void {
		this.appended.push(...events);
		super.write(events);
	}

	override async close(): Promise<void> {
		this.closed = true;
		await super.close();
	}
}

describe('operator: kick and notice', () => {
	it('kick: the member is told why and closed; the others see leave kicked with the reason', async () => {
		await h.start();
		const alice = await h.join('alice');
		const bob = await h.join('bob');
		expect(h.server.kick('BOB', 'spam\u001b')).toBe(true);
		// The error code first (what clients act on), then the same in words for older clients.
		expect(await bob.socket.nextOfType('error')).toEqual({type: 'error', code: 'kicked', message: 'spam'});
		expect(await bob.socket.nextOfType('notice')).toMatchObject({text: 'you were kicked: spam'});
		await bob.socket.closed;
		expect(await alice.socket.nextOfType('leave')).toMatchObject({name: 'bob', reason: 'kicked', text: 'spam'});
		expect(bob.socket.frames().some(f => f['type'] === 'leave')).toBe(false);
		expect(h.server.kick('nobody')).toBe(false);
	});

	it('kick without a reason: the error still carries a message', async () => {
		await h.start();
		const bob = await h.join('bob');
		h.server.kick('bob');
		expect(await bob.socket.nextOfType('error')).toEqual({type: 'error', code: 'kicked', message: 'no reason given'});
		expect(await bob.socket.nextOfType('notice')).toMatchObject({text: 'you were kicked by the operator'});
	});

	it('notice reaches every member, sanitised', async () => {
		await h.start();
		const alice = await h.join('alice');
		const bob = await h.join('bob');
		h.server.notice('maintenance at\u0007 noon');
		for (const s of [alice.socket, bob.socket]) expect(await s.nextOfType('notice')).toMatchObject({text: 'maintenance at noon'});
		expect((await h.activity('notice')).text).toBe('maintenance at noon');
	});

	it('connections and stats describe the room', async () => {
		await h.start();
		const alice = await h.join('alice');
		const raw = await h.connect();
		raw.send('hello there');
		alice.socket.send({type: 'say', text: 'one'});
		await alice.socket.nextOfType('msg');
		const list = h.server.connections();
		expect(list).toHaveLength(2);
		const a = list.find(c => c.name === 'alice')!;
		expect(a).toMatchObject({address: '127.0.0.1', dialect: 'json'});
		expect(a.messagesIn).toBe(2);
		expect(a.bytesIn).toBeGreaterThan(0);
		expect(a.bytesOut).toBeGreaterThan(0);
		await raw.next(l => l.includes('nickname'));
		expect(h.server.connections().find(c => c.name === null)).toMatchObject({dialect: 'plain'});
		expect(h.server.stats()).toMatchObject({online: 1, connections: 2, messagesTotal: 1});
		expect(h.server.logLocation).toBe('memory');
	});
});

describe('shutdown', () => {
	it('notices every member, records each leave as shutdown, closes the store and every socket', async () => {
		const store = new SpyStore();
		await h.start({}, {store});
		const alice = await h.join('alice');
		const bob = await h.join('bob');
		const idle = await h.connect();
		await h.server.shutdown();
		for (const s of [alice.socket, bob.socket]) {
			expect(await s.nextOfType('notice')).toMatchObject({text: expect.stringContaining('shutting down')});
			await s.closed;
		}
		await idle.closed;
		expect(store.closed).toBe(true);
		const leaves = store.appended.filter(e => e.type === 'leave');
		expect(leaves.map(e => e.type === 'leave' && e.reason)).toEqual(['shutdown', 'shutdown']);
		expect(h.server.history().slice(-2).map(e => e.type)).toEqual(['leave', 'leave']);
		expect(h.activities.at(-1)).toEqual({kind: 'closed'});
		// The port is free again.
		const again = new ChatServer({host: '127.0.0.1', port: h.port, logFile: null});
		await again.listen();
		await again.shutdown();
	});

	it('history and seq survive a restart on the same store', async () => {
		const store = new SpyStore();
		await h.start({}, {store});
		const alice = await h.join('alice');
		alice.socket.send({type: 'say', text: 'remember me'});
		await alice.socket.nextOfType('msg');
		await h.server.shutdown();
		await h.start({}, {store});
		const bob = await h.join('bob');
		const history = bob.welcome['history'] as Array<Record<string, unknown>>;
		expect(history.map(e => e['text'] ?? `${e['type']}:${e['reason'] ?? ''}`)).toEqual(['join:', 'remember me', 'leave:shutdown']);
		const join = await bob.socket.frames().find(f => f['type'] === 'join' && f['name'] === 'bob');
		expect(join!['seq']).toBe(4);
	});

	it('shutdown without listen, twice, or after a failed listen, resolves', async () => {
		const idle = new ChatServer({logFile: null});
		await idle.shutdown();
		await h.start();
		await Promise.all([h.server.shutdown(), h.server.shutdown()]);
	});
});

describe('listen errors', () => {
	it('a port in use is a sentence, and the store is released', async () => {
		await h.start();
		const store = new SpyStore();
		const second = new ChatServer({host: '127.0.0.1', port: h.port}, {store});
		const error = await second.listen().then(
			() => undefined,
			(e: Error) => e,
		);
		expect(error?.message).toBe(`port ${h.port} is already in use — is another tcpchat server running? Try --port 0.`);
		expect(store.closed).toBe(true);
	});

	it('an address not on this machine is a sentence', async () => {
		const server = new ChatServer({host: '192.0.2.1', port: 0, logFile: null});
		await expect(server.listen()).rejects.toThrow(/is not one of this machine's addresses/);
	});

	it('rejected connections while full never reach a session', async () => {
		await h.start({maxClients: 1});
		await h.join('alice');
		const raw = net.connect({host: '127.0.0.1', port: h.port});
		raw.on('error', () => {});
		const data: Buffer[] = [];
		raw.on('data', d => data.push(d));
		await new Promise(resolve => raw.on('close', resolve));
		expect(JSON.parse(Buffer.concat(data).toString())).toMatchObject({type: 'error', code: 'server_full'});
		expect(h.server.connections()).toHaveLength(1);
	});
});
