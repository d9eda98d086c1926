import {afterEach, describe, expect, it} from 'vitest';
import {IrcBot} from './helpers/irc-bot.js';
import type {LineSocket} from './helpers/line-socket.js';
import {ServerHarness} from './helpers/server-harness.js';

/**
 * IRCv3 draft/chathistory over the store's history paging: every subcommand, references by
 * msgid and by timestamp, errors as FAIL; a client with the capability fetches history itself.
 */
const harness = new ServerHarness();
const bots: IrcBot[] = [];
afterEach(async () => {
	for (const bot of bots.splice(0)) bot.destroy();
	await harness.cleanup();
});

async function historian(nick: string): Promise<LineSocket> {
	const s = await harness.connect();
	s.write(`CAP LS 302\r\nCAP REQ :draft/chathistory batch server-time message-tags\r\nNICK ${nick}\r\nUSER u 0 * :U\r\nCAP END\r\n`);
	await s.next(l => l.includes(` 366 ${nick} #general `), 'the end of the names');
	return s;
}

/** The messages of the next chathistory batch (after `from`), as [msgid, time, text]. */
async function batch(s: LineSocket, command: string): Promise<Array<{msgid: string; time: string; text: string}>> {
	s.write(`${command}\r\n`);
	const open = await s.next(l => /^:tcpchat\.server BATCH \+\S+ chathistory /.test(l) || l.startsWith(':tcpchat.server FAIL '), `the answer to ${command}`);
	if (open.includes(' FAIL ')) throw new Error(open);
	const id = /BATCH \+(\S+)/.exec(open)![1]!;
	await s.next(l => l === `:tcpchat.server BATCH -${id}`, 'the end of the batch');
	const start = s.lines.indexOf(open);
	return s.lines
		.slice(start + 1)
		.filter(l => l.startsWith(`@batch=${id};`))
		.map(l => ({
			msgid: /msgid=([^; ]+)/.exec(l)![1]!,
			time: /time=([^; ]+)/.exec(l)![1]!,
			text: l.slice(l.indexOf(' :', l.indexOf('PRIVMSG')) + 2),
		}));
}

describe('draft/chathistory', () => {
	it('is offered and advertised; a client with it is not sent history unasked', async () => {
		await harness.start();
		const {socket: json} = await harness.join2('writer');
		json.send({type: 'say', room: '#general', text: 'before you came'});
		await json.nextOfType('msg', f => f['text'] === 'before you came');
		const s = await historian('ivy');
		expect(s.lines).toContain(':tcpchat.server CAP * ACK :draft/chathistory batch server-time message-tags');
		expect(s.lines.some(l => / 005 .*CHATHISTORY=100/.test(l))).toBe(true);
		expect(s.lines.some(l => / 005 .*MSGREFTYPES=msgid,timestamp/.test(l))).toBe(true);
		expect(s.lines.some(l => l.includes('before you came'))).toBe(false);
		// Live messages carry their msgid, which CHATHISTORY takes back.
		json.send({type: 'say', room: '#general', text: 'live'});
		const live = await s.next(l => l.endsWith('PRIVMSG #general :live'));
		expect(live).toMatch(/^@time=\S+;msgid=\d+#general :writer!writer@tcpchat PRIVMSG #general :live$/);
	});

	it('LATEST, BEFORE, AFTER, AROUND and BETWEEN by msgid and by timestamp', async () => {
		await harness.start({rate: 1000, burst: 1000});
		const {socket: json} = await harness.join2('writer');
		for (let i = 1; i <= 30; i++) json.send({type: 'say', room: '#general', text: `m${i}`});
		await json.nextOfType('msg', f => f['text'] === 'm30');
		// Joins and parts are in the history too, and are not messages.
		const s = await historian('ivy');
		const texts = (rows: Array<{text: string}>): string[] => rows.map(r => r.text);
		const range = (a: number, b: number): string[] => Array.from({length: b - a + 1}, (_, i) => `m${a + i}`);

		const latest = await batch(s, 'CHATHISTORY LATEST #general * 10');
		expect(texts(latest)).toEqual(range(21, 30));
		const m21 = latest[0]!;
		expect(texts(await batch(s, `CHATHISTORY BEFORE #general msgid=${m21.msgid} 5`))).toEqual(range(16, 20));
		expect(texts(await batch(s, `CHATHISTORY BEFORE #General msgid=${m21.msgid} 100`))).toEqual(range(1, 20));
		const m5 = (await batch(s, 'CHATHISTORY BEFORE #general msgid=' + m21.msgid + ' 16'))[0]!;
		expect(m5.text).toBe('m5');
		expect(texts(await batch(s, `CHATHISTORY AFTER #general msgid=${m5.msgid} 3`))).toEqual(range(6, 8));
		expect(texts(await batch(s, `CHATHISTORY LATEST #general msgid=${m21.msgid} 100`))).toEqual(range(22, 30));
		expect(texts(await batch(s, `CHATHISTORY AROUND #general msgid=${m21.msgid} 4`))).toEqual(range(19, 22));
		expect(texts(await batch(s, `CHATHISTORY BETWEEN #general msgid=${m5.msgid} msgid=${m21.msgid} 100`))).toEqual(range(6, 20));
		expect(texts(await batch(s, `CHATHISTORY BETWEEN #general msgid=${m21.msgid} msgid=${m5.msgid} 3`))).toEqual(range(18, 20));

		// By time: the messages' own times (several share a millisecond, so bounds are by time, not by message).
		const all = await batch(s, 'CHATHISTORY LATEST #general * 100');
		expect(texts(all)).toEqual(range(1, 30));
		const t = all[14]!.time;
		const before = texts(await batch(s, `CHATHISTORY BEFORE #general timestamp=${t} 100`));
		const after = texts(await batch(s, `CHATHISTORY AFTER #general timestamp=${t} 100`));
		const same = all.filter(m => m.time === t).map(m => m.text);
		expect([...before, ...same, ...after]).toEqual(range(1, 30));
		expect(before.every(x => all.find(m => m.text === x)!.time < t)).toBe(true);
	});

	it('TARGETS lists the rooms with messages between two times; a nick target is an empty batch; errors are FAIL', async () => {
		await harness.start();
		const {socket: json} = await harness.join2('writer', ['#general', '#dev']);
		json.send({type: 'say', room: '#dev', text: 'in dev'});
		await json.nextOfType('msg', f => f['text'] === 'in dev');
		const s = await historian('ivy');
		s.write('JOIN #dev\r\nJOIN #empty\r\n');
		await s.next(l => l.includes(' 366 ivy #empty '));
		s.write('CHATHISTORY TARGETS timestamp=2000-01-01T00:00:00.000Z timestamp=2100-01-01T00:00:00.000Z 10\r\n');
		const open = await s.next(l => / BATCH \+\S+ draft\/chathistory-targets$/.test(l));
		const id = /BATCH \+(\S+)/.exec(open)![1]!;
		await s.next(l => l === `:tcpchat.server BATCH -${id}`);
		const listed = s.lines.filter(l => l.startsWith(`@batch=${id} `));
		expect(listed).toHaveLength(1);
		expect(listed[0]).toMatch(/^@batch=\S+ :tcpchat\.server CHATHISTORY TARGETS #dev \d{4}-\S+Z$/);
		expect(await batch(s, 'CHATHISTORY LATEST writer * 10')).toEqual([]);
		s.write('CHATHISTORY LATEST #nowhere * 10\r\n');
		await s.next(l => l === ":tcpchat.server FAIL CHATHISTORY INVALID_TARGET LATEST #nowhere :You're not on that channel");
		s.write('CHATHISTORY BEFORE #general * 10\r\n');
		await s.next(l => l === ':tcpchat.server FAIL CHATHISTORY INVALID_PARAMS BEFORE #general :Invalid message reference or limit');
		s.write('CHATHISTORY LATEST #general * lots\r\n');
		await s.next(l => l.startsWith(':tcpchat.server FAIL CHATHISTORY INVALID_PARAMS LATEST'));
		s.write('CHATHISTORY SIDEWAYS #general\r\n');
		await s.next(l => l === ':tcpchat.server FAIL CHATHISTORY UNKNOWN_COMMAND SIDEWAYS :Unknown CHATHISTORY subcommand');
	});

	it('irc-framework asks for it and reads the batch', async () => {
		await harness.start();
		const {socket: json} = await harness.join2('writer');
		json.send({type: 'say', room: '#general', text: 'old news'});
		await json.nextOfType('msg', f => f['text'] === 'old news');
		const bot = await IrcBot.connect(harness.port, 'ivy', {caps: ['draft/chathistory']});
		bots.push(bot);
		expect(bot.client.network.cap.enabled).toContain('draft/chathistory');
		bot.client.raw('CHATHISTORY LATEST #general * 50');
		const start = await bot.event('batch start', e => e.type === 'chathistory');
		await bot.event('batch end', e => e.id === start.id);
		const said = await bot.event('privmsg', e => e.message === 'old news');
		expect(said.batch?.id ?? said.tags?.batch).toBe(start.id);
	});
});
