import {afterEach, describe, expect, test} from 'vitest';
import {usePtyProcesses} from './helpers/pty-terminal.js';
import {LineSocket} from './helpers/line-socket.js';

/**
 * The dashboard with rooms, end to end: the built binary in a real pseudo-terminal at 80×24,
 * members on real sockets speaking tcpchat/2, the operator typing as a person does.
 */
const procs = usePtyProcesses();
const sockets: LineSocket[] = [];
afterEach(() => {
	for (const socket of sockets.splice(0)) socket.destroy();
});

/** A tcpchat/2 member in `rooms`, once it has seen its own joins. */
async function member(port: number, name: string, rooms: string[]): Promise<LineSocket> {
	const socket = (await LineSocket.connect(port)).autoPong();
	sockets.push(socket);
	socket.send({type: 'hello', proto: 2, name, rooms});
	await socket.nextOfType('welcome');
	for (const room of rooms) await socket.nextOfType('join', f => f['name'] === name && f['room'] === room);
	return socket;
}

describe('the dashboard with rooms', () => {
	test('the rooms panel counts each room; /filter shows one room; /notice #room reaches only it; /kick finds a member in any room', async () => {
		const {server, port} = await procs.server(0, ['--rooms', '#dev,#开发'], 80, 24);
		await server.waitFor(/#开发\s+0\s+0\s+0\.0/);

		const alice = await member(port, 'alice', ['#general', '#dev']);
		const bob = await member(port, 'bob', ['#开发']);
		const carol = await member(port, 'carol', ['#general']);
		alice.send({type: 'say', room: '#dev', text: 'build is green'});
		alice.send({type: 'say', room: '#dev', text: 'shipping'});
		bob.send({type: 'say', room: '#开发', text: '你好'});
		await bob.nextOfType('msg');
		await alice.nextOfType('msg', f => f['text'] === 'shipping');

		// ROOM, MEMBERS, MESSAGES: biggest rooms first, then by name.
		// The counts are polled and the log is batched: two updates, waited for together.
		const counted = await server.waitFor(
			s => /#dev\s+1\s+2\s/.test(s) && /#开发\s+1\s+1\s/.test(s) && /#general\s+2\s+0\s/.test(s) && s.includes('#dev <alice> shipping') && s.includes('#开发 <bob> 你好'),
		);
		expect(counted.indexOf('#general ')).toBeLessThan(counted.indexOf('#dev '));
		expect(counted).toContain('#dev <alice> shipping');
		expect(counted).toContain('#开发 <bob> 你好');
		expect(counted).toMatch(/rooms 3\b/);
		expect(counted.split('\n')).toHaveLength(24);

		await server.type('/filter #dev');
		const filtered = await server.waitFor('── Log · #dev only');
		expect(filtered).toContain('#dev <alice> build is green');
		expect(filtered).not.toContain('#开发 <bob>');
		expect(filtered).not.toContain('#general → carol joined');

		// Tab completes a room after /filter, Chinese names too; the caret ends after the space.
		server.write('/filter 开');
		await server.waitFor('> /filter 开');
		server.write('\t');
		await server.waitForCursor({x: 16, y: 22}, s => s.includes('> /filter #开发'));
		server.write('\r');
		const other = await server.waitFor('── Log · #开发 only');
		expect(other).toContain('#开发 <bob> 你好');
		expect(other).not.toContain('#dev <alice>');

		await server.type('/notice #dev deploy at five');
		await server.waitFor('notice sent to 1 person in #dev.');
		expect(await alice.nextOfType('notice')).toMatchObject({text: 'deploy at five', room: '#dev'});
		await server.type('/notice all done');
		await server.waitFor('notice sent to 3 people online.');
		// Delivery is in order: the first notice carol and bob get is the one to everyone.
		expect(await carol.nextOfType('notice')).toMatchObject({text: 'all done'});
		expect(await bob.nextOfType('notice')).toMatchObject({text: 'all done'});
		expect(await alice.nextOfType('notice')).toMatchObject({text: 'all done'});

		await server.type('/notice #nowhere hello');
		await server.waitFor('there is no room #nowhere; nothing was sent.');

		// bob is in #开发 only, not in the default room.
		await server.type('/kick bob off topic');
		await server.waitFor('kicked bob (off topic).');
		expect(await bob.nextOfType('error')).toMatchObject({code: 'kicked', message: 'off topic'});
		await bob.closed;
		await server.waitFor(s => s.includes('#开发 ← bob left (kicked: off topic)') && /#开发\s+0\s+1\s/.test(s));

		await server.type('/filter');
		const all = await server.waitFor(s => /── Log ─{10}/.test(s) && s.includes('the log shows every room.'));
		expect(all).toContain('#开发 ← bob left (kicked: off topic)');
	});

	test('narrow and short: the rooms panel gives way; wide: it grows and the table shows rooms', async () => {
		const {server, port} = await procs.server(0, ['--rooms', '#dev'], 80, 24);
		await member(port, 'alice', ['#general', '#dev']);
		await server.waitFor(s => s.includes('── Rooms 2') && /#dev\s+1\s+0\s/.test(s));

		server.resize(60, 16);
		const short = await server.waitFor(s => s.split('\n').length === 16 && !s.includes('── Rooms') && s.includes('── Connections 1'));
		expect(short).toMatch(/rooms 2\b/);

		server.resize(160, 48);
		const wide = await server.waitFor(s => s.includes('── Rooms 2') && /alice\s+#general #dev\s+127\.0\.0\.1/.test(s));
		expect(wide.split('\n')).toHaveLength(48);
	});
});
