import net from 'node:net';
import {afterEach, describe, expect, test} from 'vitest';
import {ChatClient} from '../source/client/chat-client.js';
import type {ChatClientOptions} from '../source/client/chat-client.js';
import {ChatServer} from '../source/server/chat-server.js';
import type {ServerOptions} from '../source/server/server-options.js';
import {ClientRecorder} from './helpers/client-recorder.js';

const servers: ChatServer[] = [];
const clients: ChatClient[] = [];
const rawServers: net.Server[] = [];

afterEach(async () => {
	for (const client of clients.splice(0)) client.close();
	await Promise.all(servers.splice(0).map(s => s.shutdown()));
	await Promise.all(
		rawServers.splice(0).map(
			s =>
				new Promise<void>(resolve => {
					s.close(() => resolve());
					s.emit('close-all');
				}),
		),
	);
});

async function startServer(options: Partial<ServerOptions> = {}): Promise<{server: ChatServer; port: number}> {
	const server = new ChatServer({host: '127.0.0.1', port: 0, logFile: null, ...options});
	servers.push(server);
	const info = await server.listen();
	return {server, port: info.port};
}

function client(options: Partial<ChatClientOptions> & {port: number; name: string}): {c: ChatClient; rec: ClientRecorder} {
	const c = new ChatClient({host: '127.0.0.1', backoffMs: () => 20, ...options});
	clients.push(c);
	return {c, rec: new ClientRecorder(c)};
}

/** A hand-written server on a real socket, for behaviours a ChatServer never shows (silence, garbage). */
async function rawServer(onSocket: (socket: net.Socket) => void): Promise<number> {
	const sockets = new Set<net.Socket>();
	const server = net.createServer(socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => {});
		onSocket(socket);
	});
	server.on('close-all', () => {
		for (const s of sockets) s.destroy();
	});
	rawServers.push(server);
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return (server.address() as net.AddressInfo).port;
}

async function closedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as net.AddressInfo).port;
	await new Promise<void>(resolve => server.close(() => resolve()));
	return port;
}

describe('ChatClient against a real ChatServer', () => {
	test('connects, joins, says something and hears it back; the other member hears it too', async () => {
		const {port} = await startServer();
		const alice = client({port, name: 'alice'});
		const welcome = await alice.c.connect();
		expect(welcome.you).toBe('alice');
		expect(alice.c.status.state).toBe('joined');
		const bob = client({port, name: 'bob'});
		await bob.c.connect();
		await alice.rec.frame('join', f => f.name === 'bob');
		expect(alice.c.say('hello bob')).toBe(true);
		const echoed = await alice.rec.frame('msg');
		expect(echoed).toMatchObject({from: 'alice', text: 'hello bob'});
		expect(await bob.rec.frame('msg')).toMatchObject({from: 'alice', text: 'hello bob', seq: echoed.seq});
		bob.c.say('waves', true);
		expect(await alice.rec.frame('msg', f => f.from === 'bob')).toMatchObject({action: true, text: 'waves'});
	});

	test('dm, nick and who reach the server and come back', async () => {
		const {port} = await startServer();
		const alice = client({port, name: 'alice'});
		const bob = client({port, name: 'bob'});
		await alice.c.connect();
		await bob.c.connect();
		alice.c.dm('bob', 'psst');
		expect(await bob.rec.frame('dm')).toMatchObject({from: 'alice', to: 'bob', text: 'psst'});
		expect(await alice.rec.frame('dm')).toMatchObject({from: 'alice', to: 'bob'});
		alice.c.dm('nobody', 'hello?');
		expect(await alice.rec.frame('error')).toMatchObject({code: 'no_such_user'});
		alice.c.nick('alice2');
		await alice.rec.frame('nick', f => f.to === 'alice2');
		expect(alice.c.name).toBe('alice2');
		alice.c.who();
		const users = await alice.rec.frame('users');
		expect(users.users.map(u => u.name).sort()).toEqual(['alice2', 'bob']);
	});

	test('a closed port is a sentence about the refused connection', async () => {
		const port = await closedPort();
		const c = client({port, name: 'alice'});
		await expect(c.c.connect()).rejects.toThrow(`connection refused — is a server running on 127.0.0.1:${port}?`);
		expect(c.c.status).toEqual({state: 'failed', message: `connection refused — is a server running on 127.0.0.1:${port}?`});
	});

	test('a name already taken is refused with the server’s words', async () => {
		const {port} = await startServer();
		await client({port, name: 'alice'}).c.connect();
		const second = client({port, name: 'ALICE'});
		await expect(second.c.connect()).rejects.toThrow(/taken/);
	});

	test('a full server is a sentence too', async () => {
		const {port} = await startServer({maxClients: 1});
		await client({port, name: 'alice'}).c.connect();
		await expect(client({port, name: 'bob'}).c.connect()).rejects.toThrow('the server is full — try again later');
	});

	test('reconnects after a server restart on the same port, with the same name', async () => {
		const first = await startServer();
		const alice = client({port: first.port, name: 'alice'});
		await alice.c.connect();
		alice.c.say('before the restart');
		await alice.rec.frame('msg');
		const mark = alice.rec.activities.length;
		await first.server.shutdown();
		const lost = await alice.rec.status('reconnecting', () => true, mark);
		expect(lost.attempt).toBe(1);
		expect(lost.retryAt).toBeGreaterThan(0);
		await startServer({port: first.port});
		const back = await alice.rec.status('joined', () => true, mark);
		expect(back.reconnected).toBe(true);
		expect(back.welcome.you).toBe('alice');
		alice.c.say('after the restart');
		expect(await alice.rec.frame('msg', f => f.text === 'after the restart', mark)).toMatchObject({from: 'alice'});
	});

	test('keeps retrying with backoff while the server is away, and stops on close()', async () => {
		const first = await startServer();
		const alice = client({port: first.port, name: 'alice'});
		await alice.c.connect();
		await first.server.shutdown();
		const second = await alice.rec.status('reconnecting', s => s.attempt === 2);
		expect(second.reason).toMatch(/connection refused/);
		alice.c.close();
		expect(alice.c.status.state).toBe('closed');
	});

	test('a kick is final: no reconnect, and the reason is kept', async () => {
		const {server, port} = await startServer();
		const alice = client({port, name: 'alice'});
		await alice.c.connect();
		server.kick('alice', 'spamming');
		const failed = await alice.rec.status('failed');
		expect(failed).toEqual({state: 'failed', message: 'you were kicked by the operator', kicked: {reason: 'spamming'}});
		expect(alice.rec.statuses.some(s => s.state === 'reconnecting')).toBe(false);
		// The notice the server adds for older clients is not passed on: the status says it once.
		expect(alice.rec.frames.some(f => f.type === 'notice' || f.type === 'error')).toBe(false);
	});

	test('quit says bye: the others see a leave with reason quit', async () => {
		const {port} = await startServer();
		const alice = client({port, name: 'alice'});
		const bob = client({port, name: 'bob'});
		await alice.c.connect();
		await bob.c.connect();
		await alice.c.quit();
		expect(alice.c.status.state).toBe('closed');
		expect(await bob.rec.frame('leave')).toMatchObject({name: 'alice', reason: 'quit'});
	});
});

describe('ChatClient against hand-written servers', () => {
	test('ignores lines that are not tcpchat/1 and answers pings', async () => {
		let pong: (() => void) | undefined;
		const gotPong = new Promise<void>(resolve => (pong = resolve));
		const port = await rawServer(socket => {
			socket.write('Welcome! Your nickname?\n{not json\n');
			socket.on('data', data => {
				const text = String(data);
				if (text.includes('"hello"')) {
					socket.write('{"type":"ping"}\n');
					socket.write(
						JSON.stringify({type: 'welcome', proto: 1, server: 'x', you: 'alice', users: [], history: [], motd: ''}) +
							'\n',
					);
				}
				if (text.includes('"pong"')) pong?.();
			});
		});
		const alice = client({port, name: 'alice'});
		expect((await alice.c.connect()).you).toBe('alice');
		await gotPong;
	});

	test('a kick is known by its error code, not by the wording of a notice', async () => {
		const welcome = JSON.stringify({type: 'welcome', proto: 1, server: 'x', you: 'alice', users: [], history: [], motd: ''});
		let connections = 0;
		const port = await rawServer(socket => {
			connections++;
			const first = connections === 1;
			socket.once('data', () => {
				socket.write(welcome + '\n');
				// The first time, a notice that merely looks like a kick; the second time, a real kick in other words.
				if (first) socket.end(JSON.stringify({type: 'notice', ts: 1, text: 'you were kicked, ha ha'}) + '\n');
				else socket.end(JSON.stringify({type: 'error', code: 'kicked', message: 'Ruhe bitte'}) + '\n');
			});
		});
		const alice = client({port, name: 'alice'});
		await alice.c.connect();
		expect(await alice.rec.frame('notice')).toMatchObject({text: 'you were kicked, ha ha'});
		await alice.rec.status('reconnecting');
		const failed = await alice.rec.status('failed');
		expect(failed.kicked).toEqual({reason: 'Ruhe bitte'});
		expect(connections).toBe(2);
	});

	test('no welcome in time is a timeout sentence', async () => {
		const port = await rawServer(() => {});
		const c = client({port, name: 'alice', connectTimeoutMs: 100});
		await expect(c.c.connect()).rejects.toThrow(`no answer from 127.0.0.1:${port} after 0.1 s`);
	});

	test('a server that closes before the welcome "closed the connection"', async () => {
		const port = await rawServer(socket => socket.end());
		await expect(client({port, name: 'alice'}).c.connect()).rejects.toThrow('the server closed the connection');
	});

	test('a silent server is pinged, then given up on, then retried', async () => {
		let pings = 0;
		const port = await rawServer(socket => {
			socket.on('data', data => {
				const text = String(data);
				if (text.includes('"hello"'))
					socket.write(
						JSON.stringify({type: 'welcome', proto: 1, server: 'x', you: 'alice', users: [], history: [], motd: ''}) +
							'\n',
					);
				if (text.includes('"ping"')) pings++;
			});
		});
		const alice = client({port, name: 'alice', pingInterval: 0.05, backoffMs: () => 60_000});
		await alice.c.connect();
		const lost = await alice.rec.status('reconnecting');
		expect(lost.reason).toMatch(/stopped answering/);
		expect(pings).toBeGreaterThanOrEqual(1);
	});
});
