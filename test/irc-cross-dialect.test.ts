import {afterEach, describe, expect, it} from 'vitest';
import {IrcBot} from './helpers/irc-bot.js';
import {ServerHarness} from './helpers/server-harness.js';

/**
 * One room, three dialects: a tcpchat/2 client (JSON), a person at nc (plain text) and an IRC
 * client (irc-framework) see each other's messages, joins, parts, quits, renames, topics and
 * /me, both ways; a name IRC cannot carry is mapped one to one.
 */
const harness = new ServerHarness();
const bots: IrcBot[] = [];
afterEach(async () => {
	for (const bot of bots.splice(0)) bot.destroy();
	await harness.cleanup();
});

async function ircBot(nick: string): Promise<IrcBot> {
	const b = await IrcBot.connect(harness.port, nick);
	bots.push(b);
	await b.line(/ 366 \S+ #general /);
	return b;
}

describe('tcpchat, plain text and IRC in one room', () => {
	it('messages and /me go every way; names with a dot are nicks with a bar', async () => {
		await harness.start();
		const irc = await ircBot('ivy');
		const {socket: json} = await harness.join2('j.doe');
		const plain = await harness.joinPlain('pat');
		expect((await irc.event('join', e => e.nick === 'j|doe')).channel).toBe('#general');

		irc.client.say('#general', 'hello from irc');
		await json.nextOfType('msg', f => f['from'] === 'ivy' && f['text'] === 'hello from irc');
		await plain.next(l => l.endsWith('<ivy> hello from irc'));
		irc.client.action('#general', 'waves');
		await json.nextOfType('msg', f => f['from'] === 'ivy' && f['text'] === 'waves' && f['action'] === true);
		await plain.next(l => l.endsWith('* ivy waves'));

		json.send({type: 'say', room: '#general', text: 'hello from json'});
		expect((await irc.event('privmsg', e => e.message === 'hello from json')).nick).toBe('j|doe');
		json.send({type: 'say', room: '#general', text: 'dances', action: true});
		expect((await irc.event('action', e => e.message === 'dances')).nick).toBe('j|doe');
		plain.send('hello from nc');
		expect((await irc.event('privmsg', e => e.message === 'hello from nc')).nick).toBe('pat');
		plain.send('/me nods');
		expect((await irc.event('action', e => e.message === 'nods')).nick).toBe('pat');

		// Private messages, to the mapped nick and from it.
		irc.client.say('j|doe', 'psst');
		await json.nextOfType('dm', f => f['from'] === 'ivy' && f['to'] === 'j.doe' && f['text'] === 'psst');
		json.send({type: 'dm', to: 'ivy', text: 'hi ivy'});
		expect((await irc.event('privmsg', e => e.target === 'ivy' && e.message === 'hi ivy')).nick).toBe('j|doe');
		// An IRC user who picks a nick with a bar is that name with a dot for everyone else.
		irc.client.changeNick('ivy|away');
		await json.nextOfType('nick', f => f['from'] === 'ivy' && f['to'] === 'ivy.away');
		await plain.next(l => l.endsWith('*** ivy is now known as ivy.away'));
	});

	it('joins, parts, quits, renames (once, however many rooms are shared), topics, kicks', async () => {
		await harness.start();
		const irc = await ircBot('ivy');
		irc.client.join('#dev');
		await irc.event('join', e => e.nick === 'ivy' && e.channel === '#dev');
		const {socket: json} = await harness.join2('jo', ['#general', '#dev']);
		await irc.event('join', e => e.nick === 'jo' && e.channel === '#dev');
		const plain = await harness.joinPlain('pat');

		json.send({type: 'topic', room: '#dev', text: 'builds'});
		expect(await irc.event('topic', e => e.channel === '#dev')).toMatchObject({nick: 'jo', topic: 'builds'});
		irc.client.setTopic('#general', 'welcome all');
		await json.nextOfType('topic', f => f['room'] === '#general' && f['from'] === 'ivy' && f['text'] === 'welcome all');
		await plain.next(l => l.endsWith('*** ivy set the topic: welcome all'));

		let mark = irc.mark();
		json.send({type: 'nick', name: 'joanna'});
		await json.nextOfType('nick', f => f['room'] === '#dev' && f['to'] === 'joanna');
		await irc.event('nick', e => e.nick === 'jo' && e.new_nick === 'joanna', mark.events);
		irc.client.raw('PING renamed');
		await irc.line(/PONG tcpchat\.server :renamed$/, mark.lines);
		expect(irc.lines.slice(mark.lines).filter(l => / NICK /.test(l))).toHaveLength(1);

		irc.client.part('#dev', 'bye dev');
		await json.nextOfType('leave', f => f['room'] === '#dev' && f['name'] === 'ivy' && f['reason'] === 'part' && f['text'] === 'bye dev');
		irc.client.join('#dev');
		await json.nextOfType('join', f => f['room'] === '#dev' && f['name'] === 'ivy');

		mark = irc.mark();
		json.send({type: 'bye', reason: 'done'});
		const quit = await irc.event('quit', e => e.nick === 'joanna', mark.events);
		expect(quit.message).toBe('Quit: done');
		irc.client.raw('PING quit');
		await irc.line(/PONG tcpchat\.server :quit$/, mark.lines);
		expect(irc.lines.slice(mark.lines).filter(l => / QUIT /.test(l))).toHaveLength(1);

		plain.send('/join #dev');
		await irc.event('join', e => e.nick === 'pat' && e.channel === '#dev');
		harness.server.kick('pat', 'spamming');
		const kicks = [await irc.event('kick', e => e.kicked === 'pat' && e.channel === '#general'), await irc.event('kick', e => e.kicked === 'pat' && e.channel === '#dev')];
		expect(kicks.map(k => k.message)).toEqual(['spamming', 'spamming']);
	});

	it('a kicked IRC member gets KICK for each room, the reason, ERROR, and the close', async () => {
		await harness.start();
		const irc = await ircBot('ivy');
		irc.client.join('#dev');
		await irc.event('join', e => e.nick === 'ivy' && e.channel === '#dev');
		const {socket: json} = await harness.join2('jo', ['#general']);
		harness.server.kick('ivy', 'flooding');
		await irc.line(/^:tcpchat\.server KICK #general ivy :flooding$/);
		await irc.line(/^:tcpchat\.server KICK #dev ivy :flooding$/);
		await irc.line(/^:tcpchat\.server NOTICE ivy :you were kicked: flooding$/);
		await irc.line(/^ERROR :Closing Link: tcpchat \(Kicked: flooding\)$/);
		await irc.closedNow();
		await json.nextOfType('leave', f => f['name'] === 'ivy' && f['reason'] === 'kicked' && f['text'] === 'flooding');
	});

	it('an operator notice reaches IRC members as a NOTICE, to everyone or to one channel', async () => {
		await harness.start();
		const irc = await ircBot('ivy');
		harness.server.notice('maintenance at noon');
		expect((await irc.event('notice', e => e.message === 'maintenance at noon')).target).toBe('ivy');
		harness.server.notice('for this room', '#general');
		expect((await irc.event('notice', e => e.message === 'for this room')).target).toBe('#general');
	});
});
