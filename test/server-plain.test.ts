import {spawn, spawnSync} from 'node:child_process';
import {afterEach, describe, expect, it} from 'vitest';
import {ServerHarness} from './helpers/server-harness.js';

const h = new ServerHarness();
afterEach(() => h.cleanup());

const TIME = String.raw`\[\d\d:\d\d\]`;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** A person at nc: greeted, gives a nickname, and is in. */
async function plainJoin(name: string) {
	const s = await h.connect();
	await s.next(l => l.includes('choose a nickname'));
	s.send(name);
	await s.next(l => l === `* welcome, ${name}!`);
	await s.next(l => new RegExp(`^${TIME} \\*\\*\\* ${name} joined$`).test(l));
	return s;
}

describe('plain-text dialect', () => {
	it('greets a silent connection and asks again, politely, while the nickname is invalid or taken', async () => {
		await h.start({plainGreetingDelay: 20});
		await h.join('alice');
		const s = await h.connect();
		expect(await s.next()).toMatch(/^\* tcpchat\/\d+\.\d+\.\d+ — welcome!/);
		expect(await s.next()).toMatch(/please choose a nickname/);
		s.send('not valid!');
		expect(await s.next()).toBe('* a name may hold only letters, digits, "_", "-" and "." — please choose another nickname:');
		s.send('ALICE');
		expect(await s.next()).toBe('* the name "ALICE" is taken — please choose another nickname:');
		s.send('');
		expect(await s.next()).toBe('* please choose a nickname:');
		s.send('  carol  ');
		expect(await s.next()).toBe('* welcome, carol!');
		expect(await s.next(l => l.startsWith('* 2 in #general'))).toMatch(/^\* 2 in #general: (alice, carol|carol, alice)$/);
		expect(await s.next(l => l.includes('joined'))).toMatch(new RegExp(`^${TIME} \\*\\*\\* carol joined$`));
		expect(h.server.connections().find(c => c.name === 'carol')?.dialect).toBe('plain');
	});

	it('a kicked person at nc is told once, with the reason, and closed', async () => {
		await h.start({plainGreetingDelay: 20});
		const carol = await plainJoin('carol');
		const from = carol.lines.length;
		h.server.kick('carol', 'too loud');
		await carol.closed;
		expect(carol.lines.slice(from)).toEqual([expect.stringMatching(new RegExp(`^${TIME} \\*\\*\\* notice: you were kicked: too loud$`))]);
	});

	it('takes the first line as the nickname without waiting for the greeting', async () => {
		await h.start({plainGreetingDelay: 60_000});
		const s = await h.connect();
		s.write('dave\r\n');
		expect(await s.next()).toBe('* welcome, dave!');
	});

	it('talks both ways with a tcpchat/1 client, with every command', async () => {
		await h.start({plainGreetingDelay: 20, burst: 100});
		const alice = await h.join('alice');
		const carol = await plainJoin('carol');
		await alice.socket.nextOfType('join', f => f['name'] === 'carol');

		carol.send('hello alice');
		expect(await alice.socket.nextOfType('msg')).toMatchObject({from: 'carol', text: 'hello alice'});
		expect(await carol.next(l => l.includes('hello alice'))).toMatch(new RegExp(`^${TIME} <carol> hello alice$`));

		alice.socket.send({type: 'say', text: 'hi carol'});
		expect(await carol.next(l => l.includes('hi carol'))).toMatch(new RegExp(`^${TIME} <alice> hi carol$`));

		carol.send('/me waves');
		expect(await alice.socket.nextOfType('msg', m => m['from'] === 'carol')).toMatchObject({from: 'carol', text: 'waves', action: true});
		expect(await carol.next(l => l.includes('waves'))).toMatch(new RegExp(`^${TIME} \\* carol waves$`));

		carol.send('//slash at the start');
		expect(await alice.socket.nextOfType('msg', m => m['from'] === 'carol')).toMatchObject({text: '/slash at the start'});

		carol.send('/msg ALICE psst');
		expect(await alice.socket.nextOfType('dm')).toMatchObject({from: 'carol', to: 'alice', text: 'psst'});
		expect(await carol.next(l => l.includes('psst'))).toMatch(new RegExp(`^${TIME} \\(private to alice\\) psst$`));
		alice.socket.send({type: 'dm', to: 'carol', text: 'back at you'});
		expect(await carol.next(l => l.includes('back at you'))).toMatch(new RegExp(`^${TIME} \\(private from alice\\) back at you$`));

		carol.send('/msg nobody hey');
		expect(await carol.next()).toBe('* no one by that name is online');

		carol.send('/who');
		expect(await carol.next(l => l.includes(' in #general:'))).toMatch(/^\* 2 in #general: /);

		carol.send('/help');
		expect(await carol.next(l => l.includes('/msg NAME TEXT'))).toBeTruthy();

		carol.send('/dance');
		expect(await carol.next(l => l.includes('unknown command'))).toBe('* unknown command /dance — type /help for the list');

		carol.send('/nick');
		expect(await carol.next(l => l.includes('usage'))).toBe('* usage: /nick NEWNAME');

		carol.send('/nick Alice');
		expect(await carol.next(l => l.includes('taken'))).toBe('* the name "Alice" is taken');

		carol.send('/nick caroline');
		expect(await alice.socket.nextOfType('nick')).toMatchObject({from: 'carol', to: 'caroline'});
		expect(await carol.next(l => l.includes('known as'))).toMatch(new RegExp(`^${TIME} \\*\\*\\* carol is now known as caroline$`));

		carol.send('/quit off to bed');
		expect(await alice.socket.nextOfType('leave')).toMatchObject({name: 'caroline', reason: 'quit', text: 'off to bed'});
		await carol.closed;
	});

	it('strips escapes from everything a plain-text client is sent', async () => {
		await h.start({plainGreetingDelay: 20});
		const alice = await h.join('alice');
		const carol = await plainJoin('carol');
		alice.socket.send({type: 'say', text: '\u001b[2J\u001b]0;owned\u0007\u009b31mred'});
		alice.socket.send({type: 'dm', to: 'carol', text: '\u001b[5mblink'});
		h.server.notice('\u001b[1mbold');
		await carol.next(l => l.includes('bold'));
		await carol.next(l => l.includes('red'));
		await carol.next(l => l.includes('blink'));
		const seen = carol.lines.join('\n');
		expect(seen).toContain('[2J]0;owned31mred');
		expect(seen).toContain('[5mblink');
		for (const line of carol.lines) expect(line).not.toMatch(CONTROL);
	});

	it('a plain line from nc is sanitised before the room sees it', async () => {
		await h.start({plainGreetingDelay: 20});
		const alice = await h.join('alice');
		const carol = await plainJoin('carol');
		carol.write('evil\u001b[2J\u0000 text\r\n');
		const dave = await h.joinPlain('dave');
		expect(dave.lines[0]).toBe('* welcome, dave!');
		expect(await alice.socket.nextOfType('msg')).toMatchObject({from: 'carol', text: 'evil[2J text'});
	});

	it('errors are readable lines', async () => {
		await h.start({plainGreetingDelay: 20, rate: 0.001, burst: 2, floodDrops: 100});
		const carol = await plainJoin('carol');
		carol.send('one');
		carol.send('two');
		carol.send('three');
		expect(await carol.next(l => l.startsWith('* you'))).toBe('* you are sending too fast — slow down');
	});

	it('a text over its limit is told with the limit that applies: a message\'s, a topic\'s', async () => {
		await h.start({plainGreetingDelay: 20});
		const carol = await plainJoin('carol');
		carol.send(`/topic ${'t'.repeat(301)}`);
		expect(await carol.next(l => l.includes('not sent'))).toBe('* a topic has at most 300 characters — not sent');
		carol.send('x'.repeat(2001));
		expect(await carol.next(l => l.includes('not sent'))).toBe('* message is longer than 2000 characters — not sent');
	});

	it('a nickname not given in time closes the connection, with a goodbye', async () => {
		await h.start({plainGreetingDelay: 20, nickTimeout: 0.3, helloTimeout: 60});
		const s = await h.connect();
		await s.next(l => l.includes('nickname'));
		expect(await s.next(l => l.includes('goodbye'))).toBe('* no nickname given in time — goodbye');
		await s.closed;
	});

	it('a plain-text member is never pinged away for being quiet', async () => {
		await h.start({plainGreetingDelay: 20, pingInterval: 0.2});
		const carol = await plainJoin('carol');
		const alice = await h.join('alice');
		alice.socket.autoPong();
		for (let i = 0; i < 3; i++) await alice.socket.nextOfType('ping');
		expect(carol.isClosed).toBe(false);
		expect(carol.lines.some(l => l.includes('ping'))).toBe(false);
	});

	it.skipIf(spawnSync('sh', ['-c', 'command -v nc'], {stdio: 'ignore'}).status !== 0)('works with the real nc', async () => {
		await h.start({plainGreetingDelay: 20});
		const alice = await h.join('alice');
		const nc = spawn('nc', ['127.0.0.1', String(h.port)], {stdio: ['pipe', 'pipe', 'ignore']});
		let out = '';
		const seen = (text: string): Promise<void> =>
			new Promise((resolve, reject) => {
				const check = (): void => {
					if (out.includes(text)) {
						nc.stdout.off('data', onData);
						nc.off('exit', onExit);
						resolve();
					}
				};
				const onData = (d: Buffer): void => {
					out += d.toString();
					check();
				};
				const onExit = (): void => reject(new Error(`nc exited before "${text}"; output:\n${out}`));
				nc.stdout.on('data', onData);
				nc.once('exit', onExit);
				check();
			});
		try {
			await seen('choose a nickname');
			nc.stdin.write('netcat\n');
			await seen('welcome, netcat!');
			nc.stdin.write('hello from nc\n');
			expect(await alice.socket.nextOfType('msg')).toMatchObject({from: 'netcat', text: 'hello from nc'});
			alice.socket.send({type: 'say', text: 'hello nc'});
			await seen('<alice> hello nc');
			nc.stdin.write('/quit\n');
			expect(await alice.socket.nextOfType('leave')).toMatchObject({name: 'netcat', reason: 'quit'});
		} finally {
			nc.kill();
		}
	});
});
