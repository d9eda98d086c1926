import {afterEach, describe, expect, it} from 'vitest';
import {IrcBot} from './helpers/irc-bot.js';
import type {LineSocket} from './helpers/line-socket.js';
import {ServerHarness} from './helpers/server-harness.js';

/** IRCv3 capabilities and the ways of registering, with irc-framework and with raw lines. */
const harness = new ServerHarness();
const bots: IrcBot[] = [];
afterEach(async () => {
	for (const bot of bots.splice(0)) bot.destroy();
	await harness.cleanup();
});

async function bot(nick: string, options: Parameters<typeof IrcBot.connect>[2] = {}): Promise<IrcBot> {
	const b = await IrcBot.connect(harness.port, nick, options);
	bots.push(b);
	await b.line(/ 366 \S+ #general /);
	return b;
}

/** A raw IRC client: lines in, lines out. */
async function raw(...lines: string[]): Promise<LineSocket> {
	const socket = await harness.connect();
	for (const line of lines) socket.write(`${line}\r\n`);
	return socket;
}

/** Everything the server has answered up to now: a PING's PONG comes after the answers to what was sent before it. */
async function sync(socket: LineSocket, token: string): Promise<void> {
	socket.write(`PING ${token}\r\n`);
	await socket.next(l => l.endsWith(`PONG tcpchat.server :${token}`), `the PONG for ${token}`);
}

describe('registration in any order', () => {
	it('waits for CAP END; answers every REQ with ACK or NAK, all or nothing', async () => {
		await harness.start();
		const s = await raw('CAP LS 302', 'NICK alice', 'USER a 0 * :A');
		await s.next(l => l === ':tcpchat.server CAP * LS :away-notify batch cap-notify draft/chathistory echo-message message-tags multi-prefix server-time');
		await sync(s, 'one');
		expect(s.lines.some(l => / 001 /.test(l))).toBe(false);
		s.write('CAP REQ :sasl\r\n');
		await s.next(l => l === ':tcpchat.server CAP * NAK :sasl');
		s.write('CAP REQ :server-time draft/event-playback\r\n');
		await s.next(l => l === ':tcpchat.server CAP * NAK :server-time draft/event-playback');
		s.write('CAP REQ :server-time echo-message multi-prefix\r\n');
		await s.next(l => l === ':tcpchat.server CAP * ACK :server-time echo-message multi-prefix');
		s.write('CAP REQ :-echo-message\r\n');
		await s.next(l => l === ':tcpchat.server CAP * ACK :-echo-message');
		s.write('CAP LIST\r\n');
		await s.next(l => l === ':tcpchat.server CAP * LIST :cap-notify server-time multi-prefix');
		await sync(s, 'two');
		expect(s.lines.some(l => / 001 /.test(l))).toBe(false);
		s.write('CAP END\r\n');
		await s.next(l => l === ':tcpchat.server 001 alice :Welcome to the tcpchat IRC gateway, alice');
		await s.next(l => l === ':alice!alice@tcpchat JOIN #general');
	});

	it('USER before NICK, PASS anywhere, no CAP at all; commands before registration are 451', async () => {
		await harness.start();
		const s = await raw('PASS secret', 'USER b 0 * :B');
		s.write('JOIN #dev\r\n');
		await s.next(l => l === ':tcpchat.server 451 * :You have not registered');
		s.write('NICK bob\r\n');
		await s.next(l => / 001 bob /.test(l));
		await s.next(l => / 366 bob #general /.test(l));
		const t = await raw('NICK carol', 'PASS x', 'USER c 0 * :C');
		await t.next(l => / 376 carol /.test(l));
	});

	it('a silent registration ends with ERROR once the hello deadline passes', async () => {
		await harness.start({helloTimeout: 0.3});
		const s = await raw('CAP LS 302', 'NICK slow', 'USER s 0 * :S');
		await s.next(l => l === 'ERROR :Closing Link: tcpchat (Registration timed out)');
		await s.closed;
	});
});

describe('capabilities', () => {
	it('server-time tags what was said with its time; without it, no tags', async () => {
		await harness.start();
		const alice = await bot('alice');
		const s = await raw('NICK plain', 'USER p 0 * :P');
		await s.next(l => / 366 plain #general /.test(l));
		alice.client.say('#general', 'tick');
		const line = await s.next(l => l.includes('PRIVMSG #general :tick'));
		expect(line).toBe(':alice!alice@tcpchat PRIVMSG #general :tick');
		const own = await bot('bob');
		alice.client.say('#general', 'tock');
		const tock = await own.line(/PRIVMSG #general :tock$/);
		// irc-framework also takes message-tags, so each message carries its msgid.
		expect(tock).toMatch(/^@time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z;msgid=\d+#general :alice!alice@tcpchat PRIVMSG #general :tock$/);
		expect(Math.abs((await own.event('privmsg', e => e.message === 'tock')).time - Date.now())).toBeLessThan(60_000);
	});

	it('echo-message: own messages (to channels and to nicks) come back only with it', async () => {
		await harness.start();
		const echo = await bot('echo', {enable_echomessage: true});
		const quiet = await bot('quiet');
		expect(echo.client.network.cap.enabled).toContain('echo-message');
		echo.client.say('#general', 'mine');
		await echo.event('privmsg', e => e.nick === 'echo' && e.message === 'mine');
		echo.client.say('quiet', 'to you');
		await echo.event('privmsg', e => e.nick === 'echo' && e.target === 'quiet' && e.message === 'to you');
		quiet.client.say('#general', 'also mine');
		await echo.event('privmsg', e => e.message === 'also mine');
		quiet.client.raw('PING sync');
		await quiet.line(/PONG tcpchat\.server :sync$/);
		expect(quiet.events.some(e => e.name === 'privmsg' && e.event.nick === 'quiet')).toBe(false);
	});

	it('batch: a joiner gets the room history as a chathistory batch with times; without batch, times alone; with neither, NOTICEs', async () => {
		await harness.start();
		const alice = await bot('alice');
		alice.client.join('#dev');
		await alice.event('join', e => e.channel === '#dev');
		alice.client.say('#dev', 'first');
		alice.client.action('#dev', 'waves');
		alice.client.raw('PING said');
		await alice.line(/PONG tcpchat\.server :said$/);
		const bob = await bot('bob');
		bob.client.join('#dev');
		const start = await bob.event('batch start', e => e.type === 'chathistory');
		expect(start.params).toEqual(['#dev']);
		await bob.event('batch end', e => e.type === 'chathistory');
		const batched = bob.lines.filter(l => l.includes(`batch=${start.id}`));
		expect(batched).toHaveLength(2);
		expect(batched[0]).toMatch(/^@batch=\S+;time=\S+Z;msgid=\d+#dev :alice!alice@tcpchat PRIVMSG #dev :first$/);
		expect(batched[1]).toMatch(/PRIVMSG #dev :\u0001ACTION waves\u0001$/);
		// The history comes after the names, before anything said live.
		const names = bob.lines.findIndex(l => / 366 bob #dev /.test(l));
		expect(bob.lines.findIndex(l => l.startsWith('@batch='))).toBeGreaterThan(names);

		const timesOnly = await raw('CAP LS 302', 'CAP REQ :server-time', 'NICK carol', 'USER c 0 * :C', 'CAP END', 'JOIN #dev');
		await timesOnly.next(l => /^@time=\S+ :alice!alice@tcpchat PRIVMSG #dev :first$/.test(l));
		const neither = await raw('NICK dave', 'USER d 0 * :D', 'JOIN #dev');
		await neither.next(l => /^:tcpchat\.server NOTICE #dev :\[\d\d:\d\d\] <alice> first$/.test(l));
		await neither.next(l => /^:tcpchat\.server NOTICE #dev :\[\d\d:\d\d\] \* alice waves$/.test(l));
	});

	it('away-notify: AWAY lines for others only with it', async () => {
		await harness.start();
		const notified = await bot('notified');
		const s = await raw('NICK plain', 'USER p 0 * :P');
		await s.next(l => / 366 plain #general /.test(l));
		const bob = await bot('bob');
		bob.client.raw('AWAY :lunch');
		expect((await notified.event('away', e => e.nick === 'bob')).message).toBe('lunch');
		bob.client.raw('AWAY');
		await notified.event('back', e => e.nick === 'bob');
		await sync(s, 'after');
		expect(s.lines.some(l => /^:bob!\S+ AWAY/.test(l))).toBe(false);
	});

	it('message-tags: tags on what a client sends are read and dropped, TAGMSG goes nowhere; multi-prefix and cap-notify are acknowledged', async () => {
		await harness.start();
		const alice = await bot('alice');
		const bob = await bot('bob');
		expect(alice.client.network.cap.enabled).toEqual(expect.arrayContaining(['message-tags', 'multi-prefix', 'cap-notify']));
		alice.client.raw('@+draft/reply=abc;+typing=active TAGMSG #general');
		alice.client.raw('@+draft/reply=abc PRIVMSG #general :tagged');
		const line = await bob.line(/PRIVMSG #general :tagged$/);
		expect(line).not.toContain('draft/reply');
		expect(bob.lines.some(l => l.includes('TAGMSG'))).toBe(false);
		// No prefixes: names are bare, with multi-prefix or without.
		expect(await alice.line(/ 353 alice = #general :/)).toMatch(/:alice$/);
	});
});
