import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {LineSocket} from './helpers/line-socket.js';
import {IrcBot} from './helpers/irc-bot.js';
import {ServerHarness} from './helpers/server-harness.js';
import {storedEvents} from './helpers/stored-events.js';

/**
 * A member's notice (IRC's NOTICE, tcpchat's `"notice":true`) stays a notice for every
 * reader, so that no bot answers one: IRC clients (irc-framework) get NOTICE, live, in the
 * history of a join and in CHATHISTORY; tcpchat/2 gets the flag; nc reads `-ivy- text`;
 * tcpchat/1, which cannot be told, gets none. Real sockets, a real database file.
 */
const harness = new ServerHarness();
const bots: IrcBot[] = [];
let dir: string;

beforeEach(async () => {
	dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tcpchat-notices-'));
});

afterEach(async () => {
	for (const bot of bots.splice(0)) bot.destroy();
	await harness.cleanup();
	await fs.rm(dir, {recursive: true, force: true});
});

async function ircBot(nick: string, caps?: string[]): Promise<IrcBot> {
	const b = await IrcBot.connect(harness.port, nick, caps ? {caps} : {});
	bots.push(b);
	await b.line(/ 366 \S+ #general /);
	return b;
}

/** An IRC client by hand, with exactly the capabilities asked (none: no CAP at all). */
async function rawIrc(nick: string, caps: string[] = []): Promise<LineSocket> {
	const s = await harness.connect();
	const cap = caps.length > 0 ? `CAP LS 302\r\nCAP REQ :${caps.join(' ')}\r\n` : '';
	s.write(`${cap}NICK ${nick}\r\nUSER u 0 * :U\r\n${caps.length > 0 ? 'CAP END\r\n' : ''}`);
	await s.next(l => l.includes(` 366 ${nick} #general `), 'the end of the names');
	return s;
}

describe('a notice said in a room', () => {
	it('from IRC: a NOTICE at other IRC clients (never a PRIVMSG), "notice":true in tcpchat/2, -ivy- at nc, nothing for tcpchat/1', async () => {
		await harness.start();
		const ivy = await ircBot('ivy');
		const bo = await ircBot('bo');
		const {socket: json} = await harness.join2('jo');
		const {socket: v1} = await harness.join('old');
		const plain = await harness.joinPlain('pat');

		ivy.client.notice('#general', 'build 42 passed');
		const notice = await bo.event('notice', e => e.message === 'build 42 passed');
		expect([notice.nick, notice.target]).toEqual(['ivy', '#general']);
		expect(await bo.line(/NOTICE #general :build 42 passed$/)).toMatch(/ :ivy!ivy@tcpchat NOTICE #general :build 42 passed$/);
		const msg = await json.nextOfType('msg', f => f['text'] === 'build 42 passed');
		expect(msg).toMatchObject({room: '#general', from: 'ivy', notice: true});
		expect(msg['action']).toBeUndefined();
		expect(await plain.next(l => l.includes('build 42 passed'))).toMatch(/^\[\d\d:\d\d\] -ivy- build 42 passed$/);

		// What follows it reaches everyone; tcpchat/1 gets that, and never the notice.
		ivy.client.say('#general', 'and a message');
		await v1.nextOfType('msg', f => f['text'] === 'and a message');
		expect(v1.lines.some(l => l.includes('build 42 passed'))).toBe(false);
		await bo.event('privmsg', e => e.message === 'and a message');
		expect(bo.events.some(e => e.name === 'privmsg' && e.event.message === 'build 42 passed')).toBe(false);
		// Without echo-message the sender does not get it back.
		expect(ivy.lines.some(l => l.includes('build 42 passed'))).toBe(false);

		// The server's listeners (the dashboard's log) hear of it as the notice it is.
		const activity = await harness.activity('event', a => a.event.type === 'msg' && a.event.text === 'build 42 passed');
		expect(activity.event).toMatchObject({notice: true});
	});

	it('from tcpchat/2 ("notice":true) and with echo-message: a NOTICE; a say both action and notice is refused', async () => {
		await harness.start();
		const ivy = await ircBot('ivy', ['echo-message']);
		const {socket: json} = await harness.join2('jo');
		const plain = await harness.joinPlain('pat');

		json.send({type: 'say', room: '#general', text: 'deploy done', notice: true});
		expect((await ivy.event('notice', e => e.message === 'deploy done')).nick).toBe('jo');
		expect(await json.nextOfType('msg', f => f['text'] === 'deploy done')).toMatchObject({from: 'jo', notice: true});
		await plain.next(l => l.endsWith('-jo- deploy done'));

		ivy.client.notice('#general', 'echoed');
		await ivy.line(/:ivy!ivy@tcpchat NOTICE #general :echoed$/);

		json.send({type: 'say', room: '#general', text: 'both', notice: true, action: true});
		expect(await json.nextOfType('error')).toMatchObject({code: 'bad_frame', message: 'a message is an action or a notice, not both'});
		json.send({type: 'say', room: '#general', text: 'yes?', notice: 'yes'});
		expect(await json.nextOfType('error')).toMatchObject({code: 'bad_frame', message: '"notice" must be true or false'});
		// A notice is a message for the rules: empty is refused like one.
		json.send({type: 'say', room: '#general', text: '\u0007', notice: true});
		expect(await json.nextOfType('error')).toMatchObject({code: 'text_empty'});
	});

	it('a notice costs what a message costs: over the rate limit it is dropped, and an IRC sender is not answered', async () => {
		await harness.start({rate: 1, burst: 2});
		const ivy = await ircBot('ivy');
		const {socket: json} = await harness.join2('jo');
		// The bot's registration spent tokens too; a run of notices passes the burst whatever is left.
		for (let i = 0; i < 6; i++) json.send({type: 'say', room: '#general', text: `n${i}`, notice: true});
		await json.nextOfType('error', f => f['code'] === 'rate_limited');
		const mark = ivy.mark().lines;
		for (let i = 0; i < 6; i++) ivy.client.notice('#general', `i${i}`);
		ivy.client.raw('PING after-notices');
		await ivy.line(/PONG tcpchat\.server :after-notices$/, mark);
		// Nothing answers a NOTICE, not even the rate limit.
		expect(ivy.lines.slice(mark).some(l => / NOTICE ivy :\*\*\* /.test(l))).toBe(false);
	});
});

describe('a notice to one member', () => {
	it('IRC NOTICE nick is a dm with "notice":true, and back a NOTICE; nc reads (private notice from …); tcpchat/1 gets none', async () => {
		await harness.start();
		const ivy = await ircBot('ivy');
		const {socket: json} = await harness.join2('jo');
		const plain = await harness.joinPlain('pat');
		const {socket: v1} = await harness.join('old');

		ivy.client.notice('jo', 'psst');
		expect(await json.nextOfType('dm', f => f['text'] === 'psst')).toMatchObject({from: 'ivy', to: 'jo', notice: true});
		json.send({type: 'dm', to: 'ivy', text: 'ack', notice: true});
		const back = await ivy.event('notice', e => e.message === 'ack');
		expect([back.nick, back.target]).toEqual(['jo', 'ivy']);
		expect(await json.nextOfType('dm', f => f['text'] === 'ack')).toMatchObject({from: 'jo', to: 'ivy', notice: true});

		ivy.client.notice('pat', 'hi pat');
		expect(await plain.next(l => l.includes('hi pat'))).toMatch(/^\[\d\d:\d\d\] \(private notice from ivy\) hi pat$/);
		plain.send('/msg ivy plain reply');
		expect((await ivy.event('privmsg', e => e.message === 'plain reply')).nick).toBe('pat');

		ivy.client.notice('old', 'not for you');
		ivy.client.say('old', 'for you');
		await v1.nextOfType('dm', f => f['text'] === 'for you');
		expect(v1.lines.some(l => l.includes('not for you'))).toBe(false);
	});

	it('tells no one an away message for a notice (IRC sends no 301 for one), as it does for a message', async () => {
		await harness.start();
		const ivy = await ircBot('ivy');
		const {socket: json} = await harness.join2('jo');
		json.send({type: 'away', text: 'at lunch'});
		await json.nextOfType('away', f => f['name'] === 'jo');
		const mark = ivy.mark().lines;
		ivy.client.notice('jo', 'fyi');
		await json.nextOfType('dm', f => f['text'] === 'fyi');
		ivy.client.say('jo', 'are you there?');
		await ivy.line(/ 301 ivy jo :at lunch$/, mark);
		expect(ivy.lines.slice(mark).filter(l => / 301 /.test(l))).toHaveLength(1);

		ivy.client.raw('AWAY :gone');
		// Everyone sharing a room hears of it once; after that, only a message brings it back.
		await json.nextOfType('away', f => f['name'] === 'ivy' && f['text'] === 'gone');
		const seen = json.lines.length;
		json.send({type: 'dm', to: 'ivy', text: 'fyi too', notice: true});
		await json.nextOfType('dm', f => f['text'] === 'fyi too');
		json.send({type: 'dm', to: 'ivy', text: 'hello?'});
		await json.nextOfType('dm', f => f['text'] === 'hello?');
		await json.nextOfType('away', f => f['name'] === 'ivy');
		expect(json.lines.slice(seen).filter(l => l.startsWith('{"type":"away"'))).toHaveLength(1);
	});
});

describe('a notice in history', () => {
	it('a joiner gets it as a NOTICE (batch with times, or the server’s notice lines), in CHATHISTORY, flagged in tcpchat/2, -ivy- at nc; not in tcpchat/1', async () => {
		await harness.start();
		const ivy = await ircBot('ivy');
		const {socket: json} = await harness.join2('jo');
		ivy.client.notice('#general', 'said before');
		await json.nextOfType('msg', f => f['text'] === 'said before');
		ivy.client.say('#general', 'a message after');
		await json.nextOfType('msg', f => f['text'] === 'a message after');

		const late = await ircBot('late');
		const replayed = await late.line(/said before$/);
		expect(replayed).toMatch(/^@batch=\S+;time=\S+ :ivy!ivy@tcpchat NOTICE #general :said before$/);
		expect(await late.line(/a message after$/)).toMatch(/ PRIVMSG #general :a message after$/);

		const bare = await rawIrc('bare');
		expect(bare.lines.find(l => l.includes('said before'))).toMatch(/^:tcpchat\.server NOTICE #general :\[\d\d:\d\d\] -ivy- said before$/);
		expect(bare.lines.find(l => l.includes('a message after'))).toMatch(/:\[\d\d:\d\d\] <ivy> a message after$/);

		const historian = await rawIrc('hist', ['draft/chathistory', 'batch', 'server-time', 'message-tags']);
		expect(historian.lines.some(l => l.includes('said before'))).toBe(false);
		historian.write('CHATHISTORY LATEST #general * 10\r\n');
		const inBatch = await historian.next(l => l.includes('said before'));
		expect(inBatch).toMatch(/^@batch=\S+;time=\S+;msgid=\S+ :ivy!ivy@tcpchat NOTICE #general :said before$/);

		const {welcome} = await harness.join2('jo2');
		const history = welcome['rooms'][0]['history'] as Array<Record<string, unknown>>;
		expect(history.find(e => e['text'] === 'said before')).toMatchObject({type: 'msg', from: 'ivy', notice: true});
		expect(history.find(e => e['text'] === 'a message after')?.['notice']).toBeUndefined();

		const plain = await harness.joinPlain('pat');
		expect(plain.lines.find(l => l.includes('said before'))).toMatch(/^\[\d\d:\d\d\] -ivy- said before$/);

		const {welcome: old} = await harness.join('old');
		const v1History = old['history'] as Array<Record<string, unknown>>;
		expect(v1History.some(e => e['text'] === 'a message after')).toBe(true);
		expect(v1History.some(e => e['text'] === 'said before')).toBe(false);
	});

	it('is kept by the database: after a restart on the same file, in the welcome, a history page and the export', async () => {
		const db = path.join(dir, 'history.db');
		await harness.start({db});
		const ivy = await ircBot('ivy');
		const {socket: json} = await harness.join2('jo');
		ivy.client.notice('#general', 'stored notice');
		ivy.client.say('#general', 'stored message');
		await json.nextOfType('msg', f => f['text'] === 'stored message');
		for (const bot of bots.splice(0)) bot.destroy();
		await harness.cleanup();

		await harness.start({db});
		const {socket, welcome} = await harness.join2('again');
		const history = welcome['rooms'][0]['history'] as Array<Record<string, unknown>>;
		expect(history.find(e => e['text'] === 'stored notice')).toMatchObject({from: 'ivy', notice: true});
		socket.send({type: 'history', room: '#general', limit: 50});
		const page = await socket.nextOfType('history');
		expect((page['events'] as Array<Record<string, unknown>>).find(e => e['text'] === 'stored notice')).toMatchObject({notice: true});
		socket.send({type: 'search', text: 'stored'});
		const results = await socket.nextOfType('results');
		expect((results['events'] as Array<Record<string, unknown>>).map(e => [e['text'], e['notice'] === true])).toEqual([
			['stored message', false],
			['stored notice', true],
		]);
		await harness.cleanup();

		const exported = await storedEvents(db);
		expect(exported.find(e => e.type === 'msg' && e.text === 'stored notice')).toMatchObject({notice: true});
		expect(exported.find(e => e.type === 'msg' && e.text === 'stored message')).not.toHaveProperty('notice');
	});
});
