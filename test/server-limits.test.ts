import net from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {LineSocket} from './helpers/line-socket.js';
import {ServerHarness} from './helpers/server-harness.js';

const h = new ServerHarness();
afterEach(() => h.cleanup());


function lastConnectionId(): number {
	for (let i = h.activities.length - 1; i >= 0; i--) {
		const a = h.activities[i]!;
		if (a.kind === 'connection') return a.info.id;
	}
	throw new Error('no connection yet');
}

describe('frame limit', () => {
	it('answers an over-long line with one frame_too_long and keeps the connection', async () => {
		await h.start();
		const {socket} = await h.join('alice');
		socket.send({type: 'say', text: 'x'.repeat(9000)});
		expect(await socket.nextOfType('error')).toMatchObject({code: 'frame_too_long'});
		socket.send({type: 'say', text: 'after'});
		expect(await socket.nextOfType('msg')).toMatchObject({text: 'after'});
		expect(socket.frames().filter(f => f['code'] === 'frame_too_long')).toHaveLength(1);
	});

	it('a line of exactly 8192 bytes (newline included) passes, one more byte does not', async () => {
		await h.start();
		const {socket} = await h.join('alice');
		// Padded with an unknown field: the text itself stays short.
		const frame = (n: number): string => {
			const base = JSON.stringify({type: 'say', text: 'ok', pad: ''});
			return JSON.stringify({type: 'say', text: 'ok', pad: 'y'.repeat(n - base.length - 1)});
		};
		expect(Buffer.byteLength(frame(8192)) + 1).toBe(8192);
		socket.send(frame(8192));
		socket.send(frame(8193));
		socket.send({type: 'say', text: 'end'});
		await socket.nextOfType('msg', f => f['text'] === 'end');
		const kinds = socket.frames().slice(-3).map(f => f['code'] ?? f['type']);
		expect(kinds).toEqual(['msg', 'frame_too_long', 'msg']);
	});

	it('100 MB without a newline: one frame_too_long, never more than 8192 bytes held, then works again', async () => {
		// A token per 8 KB dropped: 12 800 of them, within this bucket.
		await h.start({rate: 1e6, burst: 1e6});
		const {socket} = await h.join('alice');
		const id = lastConnectionId();
		const chunk = Buffer.alloc(1 << 20, 0x61);
		const before = process.memoryUsage();
		let maxHeld = 0;
		for (let sent = 0; sent < 100; sent++) {
			if (!socket.write(chunk)) await new Promise(resolve => socket.socket.once('drain', resolve));
			maxHeld = Math.max(maxHeld, h.server.bufferedInput(id) ?? 0);
		}
		socket.write('\n');
		socket.send({type: 'say', text: 'still here'});
		expect(await socket.nextOfType('msg', f => f['text'] === 'still here')).toBeTruthy();
		expect(maxHeld).toBeLessThanOrEqual(8192);
		expect(socket.frames().filter(f => f['code'] === 'frame_too_long')).toHaveLength(1);
		// Loose: the test's own client and the garbage collector share this process.
		const after = process.memoryUsage();
		expect(after.heapUsed - before.heapUsed).toBeLessThan(64 * 1024 * 1024);
		expect(h.server.bufferedInput(id)).toBe(0);
	});
});

describe('rate limit and flood', () => {
	it('a line that never ends costs a token per 8 KB dropped and ends as flood, silently', async () => {
		await h.start();
		const {socket} = await h.join('endless');
		const bob = await h.join('bob');
		const chunk = Buffer.alloc(64 * 1024, 0x61);
		let gone = false;
		const leave = bob.socket.nextOfType('leave', f => f['name'] === 'endless');
		void leave.then(() => (gone = true));
		for (let i = 0; i < 2000 && !gone && !socket.isClosed; i++) {
			if (!socket.write(chunk)) await Promise.race([new Promise(resolve => socket.socket.once('drain', resolve)), leave, socket.closed]);
		}
		expect(await leave).toMatchObject({reason: 'flood'});
		expect(socket.frames().filter(f => f['code'] === 'frame_too_long')).toHaveLength(1);
		expect(socket.frames().filter(f => f['code'] === 'rate_limited')).toHaveLength(0);
	});

	it('drops messages over the bucket with rate_limited, and closes as flood after floodDrops in a row', async () => {
		await h.start({rate: 0.001, burst: 3, floodDrops: 5});
		const alice = await h.join('alice'); // hello is a control line: the burst is whole
		const bob = await h.join('bob');
		for (let i = 0; i < 9; i++) alice.socket.send({type: 'say', text: `m${i}`});
		const leave = await bob.socket.nextOfType('leave');
		expect(leave).toMatchObject({name: 'alice', reason: 'flood'});
		await alice.socket.closed;
		const got = alice.socket.frames().filter(f => f['type'] === 'msg' || f['type'] === 'error').map(f => f['text'] ?? f['code']);
		expect(got).toEqual(['m0', 'm1', 'm2', 'rate_limited', 'rate_limited', 'rate_limited', 'rate_limited']);
		expect(bob.socket.frames().filter(f => f['type'] === 'msg').map(f => f['text'])).toEqual(['m0', 'm1', 'm2']);
	});

	it('the first burst is whole: hello costs no message token', async () => {
		await h.start({rate: 0.001, burst: 10});
		const alice = await h.join('alice');
		for (let i = 0; i < 10; i++) alice.socket.send({type: 'say', text: `m${i}`});
		await alice.socket.nextOfType('msg', f => f['text'] === 'm9');
		expect(alice.socket.frames().filter(f => f['code'] === 'rate_limited')).toHaveLength(0);
	});

	it('pings and pongs have a bucket of their own: a client keeping alive is never limited, a flood of them ends as flood', async () => {
		await h.start({rate: 0.001, burst: 1});
		const {socket} = await h.join('alice');
		// Twenty keepalives at once: far more than any client sends, all answered, no message token spent.
		for (let i = 0; i < 19; i++) socket.send({type: 'ping'});
		socket.send({type: 'say', text: 'still allowed'});
		await socket.nextOfType('msg', f => f['text'] === 'still allowed');
		expect(socket.frames().filter(f => f['type'] === 'pong')).toHaveLength(19);
		const bob = await h.join('bob');
		for (let i = 0; i < 2000; i++) socket.send({type: 'pong'});
		expect(await bob.socket.nextOfType('leave')).toMatchObject({name: 'alice', reason: 'flood'});
		await socket.closed;
		// Refused keepalives are dropped silently: answering a flood would feed it.
		expect(socket.frames().filter(f => f['code'] === 'rate_limited')).toHaveLength(0);
	});

	it('a flooder that floods on past its drop is no longer read: the window closes, then the connection', async () => {
		await h.start({rate: 0.001, burst: 1, floodDrops: 5});
		const bob = await h.join('bob');
		const socket = net.connect({host: '127.0.0.1', port: h.port, allowHalfOpen: true});
		socket.on('error', () => undefined);
		let text = '';
		socket.on('data', chunk => (text += chunk.toString()));
		await new Promise(resolve => socket.once('connect', resolve));
		socket.write(`${JSON.stringify({type: 'hello', proto: 2, name: 'mallory'})}\n`);
		const chunk = Buffer.from(`${JSON.stringify({type: 'pong'})}\n`.repeat(4096));
		let afterFin = -1;
		socket.once('end', () => (afterFin = socket.bytesWritten));
		const pump = (): void => {
			while (!socket.destroyed && socket.write(chunk));
		};
		socket.on('drain', pump);
		pump();
		expect(await bob.socket.nextOfType('leave')).toMatchObject({name: 'mallory', reason: 'flood'});
		await new Promise(resolve => socket.once('close', resolve));
		expect(text).toContain('"type":"welcome"');
		// Read on, the server took in over a gigabyte in the 5 s it lingered (1.48 GB here); paused,
		// no more than the kernel's buffers hold (a few MB on loopback).
		expect(afterFin).toBeGreaterThan(0);
		expect(socket.bytesWritten - afterFin).toBeLessThan(64 * 1024 * 1024);
	});

	it('a flood of over-long lines costs tokens too and ends as flood', async () => {
		await h.start({rate: 0.001, burst: 2, floodDrops: 10});
		const {socket} = await h.join('alice');
		const bob = await h.join('bob');
		const long = 'x'.repeat(9000) + '\n';
		for (let i = 0; i < 20; i++) socket.write(long);
		expect(await bob.socket.nextOfType('leave')).toMatchObject({name: 'alice', reason: 'flood'});
		expect(socket.frames().filter(f => f['code'] === 'frame_too_long')).toHaveLength(2);
	});

	it('who costs by the size of its answer, at most a full burst, so it cannot amplify', async () => {
		await h.start({rate: 0.001, burst: 10, maxPerIp: 0});
		// 130 members with 24-character names: a user list of about 6 KB, so each who costs 2 tokens.
		await Promise.all(Array.from({length: 130}, (_, i) => h.join(`member-${String(i).padStart(17, '0')}`)));
		const asker = await h.join('asker');
		for (let i = 0; i < 6; i++) asker.socket.send({type: 'who'});
		await asker.socket.nextOfType('error', f => f['code'] === 'rate_limited');
		const answers = asker.socket.frames().filter(f => f['type'] === 'users');
		expect(answers.length).toBeGreaterThan(0);
		expect(answers.length).toBeLessThan(6);
		// The answer is big: each cost more than one token.
		expect(JSON.stringify(answers[0]).length).toBeGreaterThan(4096);
	});
});

describe('slow readers', () => {
	it('closes a reader whose unsent output passes max-sendq as slow, while another keeps receiving', async () => {
		// The limit is well above what one tick writes to a reader that keeps up (100 messages, 200 KB).
		await h.start({maxSendq: 1024 * 1024, rate: 1e9, burst: 1e9});
		const talker = await h.join('talker');
		const fast = await h.join('fast');
		const slow = await h.join('slow');
		slow.socket.socket.pause();
		const text = 'z'.repeat(1900);
		let sent = 0;
		let slowGone = false;
		fast.socket.nextOfType('leave', f => f['name'] === 'slow').then(
			() => (slowGone = true),
			() => {},
		);
		// Up to 200 MB: far more than any loopback socket buffers before the limit trips.
		while (!slowGone && sent < 100_000) {
			for (let i = 0; i < 100; i++) talker.socket.send({type: 'say', text: `${sent++} ${text}`});
			const last = sent - 1;
			await fast.socket.nextOfType('msg', f => (f['text'] as string).startsWith(`${last} `));
		}
		expect(slowGone).toBe(true);
		const leave = fast.socket.frames().find(f => f['type'] === 'leave');
		expect(leave).toMatchObject({name: 'slow', reason: 'slow'});
		// The fast reader got every message, in order, no gap.
		const seqs = fast.socket.frames().filter(f => f['type'] === 'msg').map(f => f['seq'] as number);
		expect(seqs.length).toBe(sent);
		for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]!);
		talker.socket.send({type: 'say', text: 'after'});
		expect(await fast.socket.nextOfType('msg', f => f['text'] === 'after')).toBeTruthy();
		slow.socket.socket.resume();
		await slow.socket.closed;
	});
});

describe('connection limits', () => {
	it('max-clients: server_full is written, then the socket closed; a freed slot is reusable', async () => {
		await h.start({maxClients: 2, maxPerIp: 0});
		const a = await h.join('a');
		await h.connect();
		const third = await h.connect();
		expect(await third.nextOfType('error')).toMatchObject({code: 'server_full'});
		await third.closed;
		expect((await h.activity('rejected')).code).toBe('server_full');
		a.socket.destroy();
		await h.activity('disconnect', d => d.name === 'a');
		const fourth = await h.join('d');
		expect(fourth.welcome['you']).toBe('d');
	});

	it('max-clients: the error reaches a client that already sent its hello', async () => {
		await h.start({maxClients: 1});
		await h.connect();
		const s = await LineSocket.connect(h.port);
		s.send({type: 'hello', proto: 1, name: 'eager'});
		expect(await s.nextOfType('error')).toMatchObject({code: 'server_full'});
		await s.closed;
	});

	it('max-per-ip: too_many_connections', async () => {
		await h.start({maxClients: 0, maxPerIp: 2});
		await h.connect();
		await h.connect();
		const third = await h.connect();
		expect(await third.nextOfType('error')).toMatchObject({code: 'too_many_connections'});
		await third.closed;
	});

	it('0 means no limit', async () => {
		await h.start({maxClients: 0, maxPerIp: 0});
		const sockets = await Promise.all(Array.from({length: 12}, (_, i) => h.join(`u${i}`)));
		expect(sockets).toHaveLength(12);
		expect(h.server.stats()).toMatchObject({online: 12, connections: 12});
	});
});

describe('deadlines', () => {
	it('closes a connection that does not say hello in time', async () => {
		await h.start({helloTimeout: 0.2, plainGreetingDelay: 60_000});
		const s = await h.connect();
		s.send({type: 'ping'});
		await s.nextOfType('pong');
		await s.closed;
		expect(await h.activity('disconnect')).toMatchObject({name: null, reason: 'timeout'});
	});

	it('a connection that never speaks is closed at --hello-timeout when that comes before the plain-text greeting', async () => {
		await h.start({helloTimeout: 0.3});
		const s = await h.connect();
		await s.closed;
		expect(s.lines).toEqual([]);
		expect(await h.activity('disconnect')).toMatchObject({name: null, reason: 'timeout'});
	});

	it('half a JSON line is a program, not a person: no greeting, closed at --hello-timeout', async () => {
		await h.start({helloTimeout: 1.5, plainGreetingDelay: 50, nickTimeout: 60});
		const s = await h.connect();
		s.write('{"type":"hel');
		await s.closed;
		expect(s.lines).toEqual([]);
	});

	it('once greeted as a person at nc, a silent connection has --nick-timeout, not --hello-timeout', async () => {
		await h.start({helloTimeout: 0.2, plainGreetingDelay: 0, nickTimeout: 0.5});
		const s = await h.connect();
		// With no greeting (delay 0 = off) the hello deadline rules...
		await s.closed;
		await h.start({helloTimeout: 5, plainGreetingDelay: 50, nickTimeout: 0.4});
		const t = await h.connect();
		await t.next(l => l.includes('nickname'));
		// ...and once greeted, the nickname deadline, shorter here than the hello one.
		expect(await t.next(l => l.includes('goodbye'))).toBe('* no nickname given in time — goodbye');
		await t.closed;
	});

	it('pings a silent member, and closes it as timeout one interval later', async () => {
		await h.start({pingInterval: 0.2});
		const mute = await h.join('mute');
		await mute.socket.nextOfType('ping');
		await mute.socket.closed;
		const leave = await h.activity('event', a => a.event.type === 'leave');
		expect(leave.event).toMatchObject({name: 'mute', reason: 'timeout'});
	});

	it('a member that answers pings stays', async () => {
		await h.start({pingInterval: 1});
		const alive = await h.join('alive');
		alive.socket.autoPong();
		await alive.socket.nextOfType('ping');
		await alive.socket.nextOfType('ping');
		alive.socket.send({type: 'who'});
		expect(await alive.socket.nextOfType('users')).toBeTruthy();
		expect(alive.socket.isClosed).toBe(false);
	});
});
