import net from 'node:net';
import {afterEach, describe, expect, test} from 'vitest';
import {ChatClient} from '../source/client/chat-client.js';
import {ChatServer} from '../source/server/chat-server.js';
import type {ServerOptions} from '../source/server/server-options.js';
import {ClientRecorder} from './helpers/client-recorder.js';
import {LineSocket} from './helpers/line-socket.js';

const servers: ChatServer[] = [];
const clients: ChatClient[] = [];
const sockets: LineSocket[] = [];
const rawServers: net.Server[] = [];

afterEach(async () => {
	for (const c of clients.splice(0)) c.close();
	for (const s of sockets.splice(0)) s.destroy();
	await Promise.all(servers.splice(0).map(s => s.shutdown()));
	for (const raw of rawServers.splice(0)) raw.close();
});

async function startServer(options: Partial<ServerOptions> = {}): Promise<{server: ChatServer; port: number}> {
	const server = new ChatServer({host: '127.0.0.1', port: 0, logFile: null, ...options});
	servers.push(server);
	return {server, port: (await server.listen()).port};
}

/** Someone else, on a raw socket, holding a name. */
async function holder(port: number, name: string): Promise<LineSocket> {
	const s = await LineSocket.connect(port);
	sockets.push(s);
	s.autoPong();
	s.send({type: 'hello', proto: 1, name});
	await s.nextOfType('welcome');
	return s;
}

/**
 * A joined client whose server then restarts on the same port with `name` already taken.
 * Retries are quick until the name has been refused once, then `backoffMs` apart.
 */
async function takenOnRejoin(name: string, backoffMs: number) {
	const first = await startServer();
	let refused = false;
	const c = new ChatClient({host: '127.0.0.1', port: first.port, name, backoffMs: () => (refused ? backoffMs : 20)});
	clients.push(c);
	const rec = new ClientRecorder(c);
	c.subscribe(a => {
		if (a.kind === 'status' && a.status.state === 'reconnecting' && a.status.nameTaken !== undefined) refused = true;
	});
	await c.connect();
	await first.server.shutdown();
	await rec.status('reconnecting');
	const second = await startServer({port: first.port});
	await holder(first.port, name);
	return {c, rec, server: second.server, port: first.port};
}

describe('a taken name on reconnect', () => {
	test('the status says which name is taken; retrying goes on', async () => {
		const {rec} = await takenOnRejoin('张三', 20);
		const taken = await rec.status('reconnecting', s => s.nameTaken !== undefined);
		expect(taken.nameTaken).toBe('张三');
		// Still trying (the name may be held by our own connection the server has not seen drop).
		await rec.status('reconnecting', s => s.nameTaken === '张三' && s.attempt > taken.attempt);
	});

	test('rejoinAs while waiting: the next attempt goes at once, under the new name', async () => {
		const {c, rec, port} = await takenOnRejoin('alice', 600_000);
		await rec.status('reconnecting', s => s.nameTaken === 'alice');
		expect(c.rejoinAs('alice2')).toBe(true);
		const joined = await rec.status('joined', s => s.reconnected);
		expect(joined).toMatchObject({reconnected: true, welcome: {you: 'alice2'}});
		expect(c.name).toBe('alice2');
		const other = await holder(port, 'carol');
		other.send({type: 'who'});
		const users = (await other.nextOfType('users'))['users'].map((u: {name: string}) => u.name).sort();
		expect(users).toEqual(['alice', 'alice2', 'carol']);
	});

	test('rejoinAs while an attempt under the old name is on its way: refused, the next goes at once', async () => {
		// A hand-written server, to hold the answer to a hello until the test has changed the name.
		const hellos: string[] = [];
		let answer: ((reply: object) => void) | undefined;
		const helloSeen = new Set<() => void>();
		const raw = net.createServer(socket => {
			socket.on('error', () => {});
			let buffered = '';
			socket.on('data', data => {
				buffered += String(data);
				for (let nl = buffered.indexOf('\n'); nl !== -1; nl = buffered.indexOf('\n')) {
					const frame = JSON.parse(buffered.slice(0, nl)) as {type: string; name?: string};
					buffered = buffered.slice(nl + 1);
					if (frame.type !== 'hello') continue;
					hellos.push(frame.name!);
					const welcome = {type: 'welcome', proto: 1, server: 'x', you: frame.name, users: [], history: [], motd: ''};
					// The first hello is welcomed; the second (the rejoin) waits for the test; later ones are welcomed.
					if (hellos.length === 2) answer = reply => socket.write(JSON.stringify(reply) + '\n');
					else socket.write(JSON.stringify(welcome) + '\n');
					if (hellos.length === 1) setImmediate(() => socket.destroy());
					for (const wake of helloSeen) wake();
				}
			});
		});
		rawServers.push(raw);
		await new Promise<void>(resolve => raw.listen(0, '127.0.0.1', resolve));
		const port = (raw.address() as net.AddressInfo).port;
		const c = new ChatClient({host: '127.0.0.1', port, name: 'bob', backoffMs: attempt => (attempt === 1 ? 20 : 600_000)});
		clients.push(c);
		const rec = new ClientRecorder(c);
		await c.connect();
		await new Promise<void>(resolve => {
			const check = () => {
				if (answer) {
					helloSeen.delete(check);
					resolve();
				}
			};
			helloSeen.add(check);
			check();
		});
		expect(c.rejoinAs('bob2')).toBe(true);
		answer!({type: 'error', code: 'name_taken', message: 'the name "bob" is taken'});
		expect(await rec.status('joined', s => s.reconnected)).toMatchObject({welcome: {you: 'bob2'}});
		expect(hellos).toEqual(['bob', 'bob', 'bob2']);
	});

	test('still away after a reconnect: the client says it again to the new connection', async () => {
		const first = await startServer();
		const c = new ChatClient({host: '127.0.0.1', port: first.port, name: 'erin', backoffMs: () => 20});
		clients.push(c);
		const rec = new ClientRecorder(c);
		await c.connect();
		expect(c.away('开会中')).toBe(true);
		await rec.frame('away');
		await first.server.shutdown();
		await startServer({port: first.port});
		const from = rec.activities.length;
		await rec.status('joined', s => s.reconnected, from);
		expect(await rec.frame('away', f => f.name === 'erin', from)).toEqual({type: 'away', name: 'erin', text: '开会中'});
	});

	test('nothing to rejoin: joined, never joined, or stopped', async () => {
		const {port} = await startServer();
		const c = new ChatClient({host: '127.0.0.1', port, name: 'dave'});
		clients.push(c);
		expect(c.rejoinAs('x')).toBe(false);
		await c.connect();
		expect(c.rejoinAs('x')).toBe(false);
		c.close();
		expect(c.rejoinAs('x')).toBe(false);
	});
});
