import {afterEach, describe, expect, it} from 'vitest';
import {IrcBot} from './helpers/irc-bot.js';
import {ServerHarness} from './helpers/server-harness.js';

/**
 * The IRC dialect driven by irc-framework, a real and maintained IRC client library, over real
 * sockets: registration, every command, every capability. Waits are for lines and events.
 */
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

describe('registration', () => {
	it('negotiates CAP LS 302, registers with 001–005, LUSERS and the MOTD, and is in the default room at once', async () => {
		await harness.start({motd: 'Be kind.\nSecond line.'});
		const alice = await bot('alice');
		const ls = await alice.line(/ CAP \* LS /);
		expect(ls.split(' :')[1]!.split(' ').sort()).toEqual(['away-notify', 'batch', 'cap-notify', 'draft/chathistory', 'echo-message', 'message-tags', 'multi-prefix', 'server-time']);
		const numerics = alice.lines.map(l => l.split(' ')[1]);
		for (const code of ['001', '002', '003', '004', '005', '251', '254', '255', '375', '372', '376', '353', '366']) expect(numerics).toContain(code);
		// HexChat autojoins only after the end of the MOTD: the room's JOIN comes after it.
		expect(numerics.indexOf('376')).toBeLessThan(alice.lines.findIndex(l => / JOIN #general$/.test(l)));
		const isupport = alice.lines.filter(l => l.split(' ')[1] === '005').join(' ');
		for (const token of ['CHANTYPES=#', 'CASEMAPPING=', 'UTF8ONLY', 'NICKLEN=24', 'CHANNELLEN=33']) expect(isupport).toContain(token);
		expect(isupport).toContain('CHATHISTORY=100');
		expect(alice.lines.filter(l => l.split(' ')[1] === '372').map(l => l.split(' :')[1])).toEqual(['- Be kind.', '- Second line.']);
		// 353 lists the joiner.
		expect(await alice.line(/ 353 alice = #general :/)).toMatch(/:alice$/);
		expect((await alice.event('join', e => e.channel === '#general')).nick).toBe('alice');
		expect(alice.client.network.cap.enabled).toEqual(expect.arrayContaining(['server-time', 'batch', 'message-tags', 'multi-prefix', 'away-notify', 'cap-notify']));
		// The other dialects see an IRC member like any other.
		expect(harness.server.room.users().map(u => u.name)).toEqual(['alice']);
	});

	it('says 422 when there is no MOTD', async () => {
		await harness.start({motd: ''});
		const alice = await bot('alice');
		expect(alice.lines.some(l => / 422 alice :MOTD File is missing/.test(l))).toBe(true);
		expect(alice.lines.some(l => / 375 /.test(l))).toBe(false);
	});

	it('a taken nick is 433 and irc-framework registers under another; an invalid one is 432', async () => {
		await harness.start();
		await bot('alice');
		const other = IrcBot.start(harness.port, 'alice');
		bots.push(other);
		await other.line(/ 433 \* alice :Nickname is already in use/);
		const invalid = IrcBot.start(harness.port, 'al[i]ce');
		bots.push(invalid);
		await invalid.line(/ 432 \* al\[i\]ce :Erroneous nickname: a name may hold only/);
		invalid.client.changeNick('carol');
		await invalid.event('registered');
		await invalid.line(/JOIN #general$/);
	});
});

describe('commands', () => {
	it('JOIN several (keys ignored), PART with a reason, PRIVMSG and NOTICE to channels and nicks', async () => {
		await harness.start();
		const alice = await bot('alice');
		const bob = await bot('bob');
		alice.client.raw('JOIN #dev,#ops key1,key2');
		await alice.event('join', e => e.channel === '#dev' && e.nick === 'alice');
		await alice.event('join', e => e.channel === '#ops' && e.nick === 'alice');
		bob.client.join('#dev');
		await alice.event('join', e => e.channel === '#dev' && e.nick === 'bob');
		alice.client.say('#dev', 'hello dev');
		expect((await bob.event('privmsg', e => e.target === '#dev')).message).toBe('hello dev');
		alice.client.say('bob', 'psst');
		const dm = await bob.event('privmsg', e => e.target === 'bob');
		expect([dm.nick, dm.message]).toEqual(['alice', 'psst']);
		// A NOTICE stays a NOTICE, to a channel and to a nick: nothing may answer it automatically.
		alice.client.notice('#dev', 'a notice');
		expect((await bob.event('notice', e => e.target === '#dev' && e.message === 'a notice')).nick).toBe('alice');
		alice.client.notice('bob', 'private notice');
		expect((await bob.event('notice', e => e.message === 'private notice')).nick).toBe('alice');
		expect(bob.events.some(e => e.name === 'privmsg' && /notice/.test(e.event.message))).toBe(false);
		alice.client.action('#dev', 'waves');
		expect((await bob.event('action', e => e.target === '#dev')).message).toBe('waves');
		bob.client.part('#dev', 'lunch');
		const part = await alice.event('part', e => e.nick === 'bob');
		expect([part.channel, part.message]).toEqual(['#dev', 'lunch']);
		await bob.event('part', e => e.nick === 'bob' && e.channel === '#dev');
		// Own messages do not come back without echo-message.
		expect(alice.events.some(e => e.name === 'privmsg' && e.event.nick === 'alice')).toBe(false);
	});

	it('NICK, TOPIC (set and query), NAMES, WHO, WHOIS, LIST, USERHOST, ISON', async () => {
		await harness.start();
		const alice = await bot('alice');
		const bob = await bot('bob');
		bob.client.changeNick('robert');
		expect(await alice.event('nick', e => e.nick === 'bob')).toMatchObject({new_nick: 'robert'});
		await bob.event('nick', e => e.nick === 'bob' && e.new_nick === 'robert');
		alice.client.setTopic('#general', 'builds and tests');
		expect((await bob.event('topic', e => e.channel === '#general')).topic).toBe('builds and tests');
		let at = alice.mark().lines;
		alice.client.raw('TOPIC #general');
		await alice.line(/ 332 alice #general :builds and tests$/, at);
		const before = alice.mark().events;
		alice.client.raw('NAMES #general');
		const names = await alice.event('userlist', e => e.channel === '#general', before);
		expect(names.users.map((u: {nick: string}) => u.nick).sort()).toEqual(['alice', 'robert']);
		at = alice.mark().lines;
		alice.client.raw('WHO #general');
		await alice.line(/ 352 alice #general robert tcpchat tcpchat\.server robert H :0 robert$/, at);
		await alice.line(/ 315 alice #general :End of \/WHO list\./, at);
		alice.client.whois('robert');
		const whois = await alice.event('whois', e => e.nick === 'robert');
		expect(whois.channels).toBe('#general');
		alice.client.join('#dev');
		await alice.event('join', e => e.channel === '#dev');
		alice.client.list();
		const list = await alice.event('channel list end');
		void list;
		const rooms = alice.events.filter(e => e.name === 'channel list').flatMap(e => e.event as unknown as Array<{channel: string; num_users: number; topic: string}>);
		expect(rooms.map(r => [r.channel, r.num_users, r.topic]).sort()).toEqual([
			['#dev', 1, ''],
			['#general', 2, 'builds and tests'],
		]);
		at = alice.mark().lines;
		alice.client.raw('USERHOST robert nobody');
		await alice.line(/ 302 alice :robert=\+robert@tcpchat$/, at);
		alice.client.raw('ISON robert nobody alice');
		await alice.line(/ 303 alice :robert alice$/, at);
	});

	it('MODE replies clients ask for after a join, and MODE on yourself', async () => {
		await harness.start();
		const alice = await bot('alice');
		const at = alice.mark().lines;
		alice.client.raw('MODE #general');
		await alice.line(/ 324 alice #general :\+n$/, at);
		await alice.line(/ 329 alice #general :\d+$/, at);
		alice.client.raw('MODE #general b');
		await alice.line(/ 368 alice #general :End of channel ban list$/, at);
		alice.client.raw('MODE #general +o alice');
		await alice.line(/ 482 alice #general :/, at);
		alice.client.raw('MODE alice');
		await alice.line(/ 221 alice :\+i$/, at);
		alice.client.raw('MODE someone');
		await alice.line(/ 502 alice :/, at);
	});

	it('AWAY (306/305), 301 to whoever writes to an away member', async () => {
		await harness.start();
		const alice = await bot('alice');
		const bob = await bot('bob');
		let at = bob.mark().lines;
		bob.client.raw('AWAY :at lunch');
		await bob.line(/ 306 bob :You have been marked as being away$/, at);
		alice.client.say('bob', 'are you there?');
		await alice.line(/ 301 alice bob :at lunch$/);
		at = bob.mark().lines;
		bob.client.raw('AWAY');
		await bob.line(/ 305 bob :You are no longer marked as being away$/, at);
	});

	it('PING is answered with its token; QUIT gets ERROR and a close, and the others see the QUIT', async () => {
		await harness.start();
		const alice = await bot('alice');
		const bob = await bot('bob');
		alice.client.raw('PING token-42');
		await alice.line(/^:tcpchat\.server PONG tcpchat\.server :token-42$/);
		bob.client.quit('good night');
		await bob.line(/^ERROR :Closing Link: tcpchat \(Quit: good night\)$/);
		await bob.closedNow();
		const quit = await alice.event('quit', e => e.nick === 'bob');
		expect(quit.message).toBe('Quit: good night');
	});

	it('unknown commands are 421; errors carry the right numerics', async () => {
		// Many commands at once: a rate limit a client at this pace does not reach.
		await harness.start({rate: 100, burst: 100});
		const alice = await bot('alice');
		await bot('bob');
		const at = alice.mark().lines;
		const expectLine = async (command: string, reply: RegExp): Promise<void> => {
			alice.client.raw(command);
			await alice.line(reply, at);
		};
		await expectLine('FROBNICATE x', / 421 alice FROBNICATE :Unknown command$/);
		await expectLine('PRIVMSG nobody :hi', / 401 alice nobody :No such nick\/channel$/);
		await expectLine('JOIN bad', / 403 alice bad :a room name starts with "#"/);
		await expectLine('PART #nowhere', / 403 alice #nowhere :No such channel$/);
		alice.client.raw('JOIN #dev');
		await alice.event('join', e => e.channel === '#dev');
		alice.client.raw('PART #dev');
		await alice.event('part', e => e.channel === '#dev');
		await expectLine('PRIVMSG #dev :hello?', / 404 alice #dev :Cannot send to channel/);
		await expectLine('PART #dev', / 442 alice #dev :You're not on that channel$/);
		await expectLine('TOPIC #dev :x', / 442 alice #dev :/);
		await expectLine('JOIN', / 461 alice JOIN :Not enough parameters$/);
		await expectLine('PRIVMSG #general', / 412 alice :No text to send$/);
		await expectLine('PRIVMSG #general :\u0002\u0003', / 412 alice :No text to send$/);
		await expectLine('NICK', / 431 alice :No nickname given$/);
		await expectLine('NICK b{b}', / 432 alice b\{b\} :Erroneous nickname/);
		await expectLine('NICK BOB', / 433 alice BOB :Nickname is already in use/);
		await expectLine('USER a 0 * :again', / 462 alice :You may not reregister$/);
		// NOTICE is never answered with an error.
		alice.client.raw('NOTICE nobody :hi');
		alice.client.raw('PING done');
		await alice.line(/PONG tcpchat\.server :done$/, at);
		expect(alice.lines.slice(at).filter(l => / 401 /.test(l))).toHaveLength(1);
	});
});
