import {afterEach, describe, expect, it} from 'vitest';
import {IrcBot} from './helpers/irc-bot.js';
import type {LineSocket} from './helpers/line-socket.js';
import {ServerHarness} from './helpers/server-harness.js';

/** IRC's limits at their edges, the server's rules for every dialect, and text sanitised both ways. */
const harness = new ServerHarness();
const bots: IrcBot[] = [];
afterEach(async () => {
	for (const bot of bots.splice(0)) bot.destroy();
	await harness.cleanup();
});

async function ircUser(nick: string, caps: string[] = []): Promise<LineSocket> {
	const s = await harness.connect();
	if (caps.length > 0) s.write(`CAP LS 302\r\nCAP REQ :${caps.join(' ')}\r\n`);
	s.write(`NICK ${nick}\r\nUSER u 0 * :U\r\n${caps.length > 0 ? 'CAP END\r\n' : ''}`);
	await s.next(l => l.includes(` 366 ${nick} #general `), 'the end of the names');
	return s;
}

async function sync(socket: LineSocket, token: string): Promise<void> {
	socket.write(`PING ${token}\r\n`);
	await socket.next(l => l.endsWith(`PONG tcpchat.server :${token}`), `the PONG for ${token}`);
}

describe('line limits', () => {
	it('takes a line of 512 bytes with its CR LF, refuses 513 with 417 and keeps the connection', async () => {
		await harness.start();
		const {socket: json} = await harness.join2('reader');
		const s = await ircUser('ivy');
		const head = 'PRIVMSG #general :';
		const fits = 'é'.repeat(200) + 'x'.repeat(512 - 2 - head.length - 400);
		s.write(`${head}${fits}\r\n`);
		await json.nextOfType('msg', f => f['text'] === fits);
		s.write(`${head}${fits}y\r\n`);
		await s.next(l => l === ':tcpchat.server 417 ivy :Input line was too long (512 bytes at most)');
		s.write(`${head}still here\r\n`);
		await json.nextOfType('msg', f => f['text'] === 'still here');
	});

	it('takes 8191 bytes of tags before the 512, refuses more; a line past both limits is one 417', async () => {
		await harness.start();
		const {socket: json} = await harness.join2('reader');
		const s = await ircUser('ivy', ['message-tags']);
		const tags = (n: number): string => `@+x=${'a'.repeat(n - 5)} `;
		expect(Buffer.byteLength(tags(8191))).toBe(8191);
		s.write(`${tags(8191)}PRIVMSG #general :tagged\r\n`);
		await json.nextOfType('msg', f => f['text'] === 'tagged');
		s.write(`${tags(8192)}PRIVMSG #general :too many tags\r\n`);
		await s.next(l => l.startsWith(':tcpchat.server 417 ivy :Input line was too long (tags past 8191 bytes)'));
		s.write(`PRIVMSG #general :${'z'.repeat(20_000)}\r\n`);
		await s.next(l => l === ':tcpchat.server 417 ivy :Input line was too long');
		s.write('PRIVMSG #general :after\r\n');
		await json.nextOfType('msg', f => f['text'] === 'after');
		await sync(s, 'end');
		expect(s.lines.filter(l => / 417 /.test(l))).toHaveLength(2);
	});

	it('a long tcpchat message reaches IRC whole, in lines of at most 512 bytes', async () => {
		await harness.start();
		const s = await ircUser('ivy');
		const {socket: json} = await harness.join2('writer');
		const words = Array.from({length: 250}, (_, i) => `w${i}`).join(' ') + ' 中文字符'.repeat(100);
		expect([...words].length).toBeLessThan(1990);
		json.send({type: 'say', room: '#general', text: `${words}\nsecond line`});
		await s.next(l => l.endsWith(':second line'));
		const parts = s.lines.filter(l => l.startsWith(':writer!writer@tcpchat PRIVMSG #general :'));
		for (const line of parts) expect(Buffer.byteLength(`${line}\r\n`)).toBeLessThanOrEqual(512);
		const said = parts.map(l => l.slice(':writer!writer@tcpchat PRIVMSG #general :'.length));
		expect(said.at(-1)).toBe('second line');
		expect(said.slice(0, -1).join('')).toBe(words);
	});
});

describe('the same rules as every dialect', () => {
	it('the rate limit: a burst of 10 passes, what is past it is told and dropped, a flood closes', async () => {
		await harness.start({floodDrops: 20});
		const {socket: json} = await harness.join2('reader');
		const s = await ircUser('ivy');
		s.write(Array.from({length: 10}, (_, i) => `PRIVMSG #general :m${i}\r\n`).join(''));
		await json.nextOfType('msg', f => f['text'] === 'm9');
		s.write('PRIVMSG #general :one too many\r\n');
		await s.next(l => l === ':tcpchat.server NOTICE ivy :*** you are sending too fast — slow down: that line was dropped');
		s.write(Array.from({length: 40}, () => 'PRIVMSG #general :flood\r\n').join(''));
		await s.next(l => l === 'ERROR :Closing Link: tcpchat (Excess flood)');
		await s.closed;
		await json.nextOfType('leave', f => f['name'] === 'ivy' && f['reason'] === 'flood');
	});

	it('one line is admitted whole: an autojoin of 60 channels joins up to the limit, 405 for the rest, and stays', async () => {
		const rooms = Array.from({length: 60}, (_, i) => `#r${String(i).padStart(2, '0')}`);
		await harness.start({rooms});
		const s = await ircUser('ivy');
		// #general counts: 49 more make the 50 rooms a member may be in.
		s.write(`JOIN ${rooms.join(',')}\r\n`);
		await sync(s, 'joined');
		expect(s.lines.filter(l => / JOIN #r\d\d$/.test(l))).toHaveLength(49);
		expect(s.lines.filter(l => / 405 ivy #r\d\d /.test(l))).toHaveLength(11);
		expect(s.lines.some(l => l.includes('too fast') || l.startsWith('ERROR'))).toBe(false);
		// It cost a full burst: the next message line waits for a token, as any would after ten.
		s.write('PRIVMSG #general :right after\r\n');
		await s.next(l => l.includes('sending too fast'));
	});

	it('a line that asks for nothing still costs: JOIN of a channel one is in, again and again, ends as Excess flood', async () => {
		await harness.start({floodDrops: 20});
		const s = await ircUser('ivy');
		s.write('JOIN #general\r\n'.repeat(200));
		await s.next(l => l === 'ERROR :Closing Link: tcpchat (Excess flood)');
	});

	it('PRIVMSG to more recipients than MAXTARGETS: the first four get it, the rest are named in 407', async () => {
		await harness.start();
		const readers = await Promise.all(['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map(name => harness.join2(name)));
		const s = await ircUser('ivy');
		s.write('PRIVMSG a1,a2,a3,a4,a5,a6 :hello all\r\n');
		await s.next(l => l.startsWith(':tcpchat.server 407 ivy a6 '));
		expect(s.lines.filter(l => / 407 ivy a[56] :Too many recipients: 4 at most$/.test(l))).toHaveLength(2);
		for (const {socket} of readers.slice(0, 4)) await socket.nextOfType('dm', f => f['text'] === 'hello all');
		await sync(s, 'done');
		for (const {socket} of readers.slice(4)) expect(socket.frames().some(f => f['type'] === 'dm')).toBe(false);
	});

	it('CHATHISTORY costs what a history page of its limit costs, read only once admitted', async () => {
		await harness.start();
		const {socket: json} = await harness.join2('writer');
		for (let i = 0; i < 10; i++) json.send({type: 'say', room: '#general', text: `m${i}`});
		await json.nextOfType('msg', f => f['text'] === 'm9');
		const s = await ircUser('ivy', ['draft/chathistory', 'batch', 'server-time', 'message-tags']);
		// Asked for 500, given CHATHISTORY=100, priced as a `history` page of 100: four tokens. Of
		// ten in a row, the burst of ten pays for two, as it would for the same `history` frames.
		s.write('CHATHISTORY LATEST #general * 500\r\n'.repeat(10));
		const batchEnd = (l: string): boolean => l.startsWith(':tcpchat.server BATCH -');
		await s.next(batchEnd, 'the first answer');
		await s.next(batchEnd, 'the second answer');
		await sync(s, 'asked');
		expect(s.lines.filter(l => / BATCH \+\S+ chathistory /.test(l))).toHaveLength(2);
		expect(s.lines.filter(l => l.includes('sending too fast'))).toHaveLength(8);
	});

	it('keepalive both ways: the server PINGs, an answer keeps the member, silence is a Ping timeout', async () => {
		await harness.start({pingInterval: 0.3});
		const answering = await IrcBot.connect(harness.port, 'alive', {ping_interval: 0});
		bots.push(answering);
		const silent = await ircUser('silent');
		await silent.next(l => l === 'PING :tcpchat.server');
		const {socket: json} = await harness.join2('watcher');
		json.autoPong();
		await json.nextOfType('leave', f => f['name'] === 'silent' && f['reason'] === 'timeout');
		expect(answering.lines).toContain('PING :tcpchat.server');
		await answering.line(/^PING :tcpchat\.server$/);
		expect(harness.server.connections().some(c => c.name === 'alive' && c.dialect === 'irc')).toBe(true);
	});

	it('per-address limits count IRC connections like any other', async () => {
		await harness.start({maxPerIp: 2});
		await ircUser('one');
		await ircUser('two');
		const third = await harness.connect();
		await third.closed;
		expect(third.lines.join('\n')).toContain('too_many_connections');
	});
});

describe('sanitising', () => {
	it('IRC formatting is removed with its numbers, so nothing hides; other CTCP is not relayed', async () => {
		await harness.start();
		const {socket: json} = await harness.join2('reader');
		const plain = await harness.joinPlain('pat');
		const s = await ircUser('ivy');
		s.write('PRIVMSG #general :\u0002bold\u0002 \u000304,04hidden\u0003 \u000412ab34plain \u001Fu\u001F\u000F end\r\n');
		await json.nextOfType('msg', f => f['from'] === 'ivy' && f['text'] === 'bold hidden plain u end');
		await plain.next(l => l.endsWith('<ivy> bold hidden plain u end'));
		s.write('PRIVMSG #general :\u0001VERSION\u0001\r\nPRIVMSG reader :\u0001PING 123\u0001\r\nPRIVMSG #general :after ctcp\r\n');
		await json.nextOfType('msg', f => f['text'] === 'after ctcp');
		expect(json.frames().some(f => f['type'] === 'dm' || String(f['text']).includes('VERSION'))).toBe(false);
		s.write('TOPIC #general :\u000302colour\u0003 topic\r\nAWAY :\u0002away\u0002\r\n');
		await json.nextOfType('topic', f => f['text'] === 'colour topic');
		await json.nextOfType('away', f => f['name'] === 'ivy' && f['text'] === 'away');
	});

	it('nothing another dialect sends can put a control character, or a line of its own, in front of an IRC reader', async () => {
		await harness.start();
		const s = await ircUser('ivy');
		const {socket: json} = await harness.join2('mallory');
		json.send({type: 'say', room: '#general', text: 'hi\r\nQUIT :x\u0007\u001b[2J\u0003'});
		await s.next(l => l.endsWith(':QUIT :x[2J'));
		const said = s.lines.filter(l => l.startsWith(':mallory!') && l.includes(' PRIVMSG '));
		expect(said).toEqual([':mallory!mallory@tcpchat PRIVMSG #general :hi', ':mallory!mallory@tcpchat PRIVMSG #general :QUIT :x[2J']);
	});
});

describe('echoes of what a client sent', () => {
	it('an unknown command or a bad target comes back without its control characters', async () => {
		await harness.start();
		const s = await ircUser('ivy');
		s.write('FOO\u001b[2J\r\nPRIVMSG no\u0007body\u001b :hi\r\n');
		await s.next(l => l === ':tcpchat.server 421 ivy FOO[2J :Unknown command');
		await s.next(l => l === ':tcpchat.server 401 ivy nobody :No such nick/channel');
	});
});
