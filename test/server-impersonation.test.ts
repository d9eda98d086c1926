import {afterEach, describe, expect, it} from 'vitest';
import {runHeadless} from '../source/server/headless.js';
import {LineSocket} from './helpers/line-socket.js';
import {ServerHarness} from './helpers/server-harness.js';

/**
 * Impersonation and disguise, tried over real sockets as an attacker would: look-alike names,
 * mixed scripts, bidi controls and lone surrogates in every string, terminal escapes in the
 * motd, and member lines dressed as server lines in the plain dialect and the headless log.
 */

const h = new ServerHarness();
afterEach(() => h.cleanup());

const TIME = String.raw`\[\d\d:\d\d\]`;
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\p{Surrogate}/u;

/** A JSON client's hello, answered by its welcome or an error. */
async function hello(name: string): Promise<Record<string, any>> {
	const s = await h.connect();
	s.send({type: 'hello', proto: 1, name});
	return s.nextFrame(f => f['type'] === 'welcome' || f['type'] === 'error');
}

/** A person at nc, in. */
async function plainJoin(name: string): Promise<LineSocket> {
	const s = await h.connect();
	s.send(name);
	await s.next(l => l === `* welcome, ${name}!`, 'the welcome');
	await s.next(l => l.endsWith(`*** ${name} joined`), 'its own join');
	return s;
}

describe('names that look like someone else’s', () => {
	it('refuses look-alikes of an online name with name_taken, mixed scripts with name_invalid, each with a sentence', async () => {
		await h.start();
		await h.join('alice');
		const capitalPalochka = 'а\u04C0ісе'; // Cyrillic а, Ӏ, і, с, е: one script, drawn as "alice"
		expect(await hello(capitalPalochka)).toEqual({
			type: 'error',
			code: 'name_taken',
			message: `the name "${capitalPalochka}" looks too much like "alice", who is online`,
		});
		expect(await hello('aIice')).toMatchObject({code: 'name_taken', message: expect.stringContaining('looks too much like "alice"')});
		expect(await hello('ａｌｉｃｅ')).toMatchObject({code: 'name_taken'});
		expect(await hello('ALICE')).toEqual({type: 'error', code: 'name_taken', message: 'the name "ALICE" is taken'});
		expect(await hello('аlice')).toEqual({
			type: 'error',
			code: 'name_invalid',
			message: 'a name is written in one script, but this one mixes Cyrillic ("а") and Latin ("l")',
		});
		expect(h.server.connections().filter(c => c.name !== null).map(c => c.name)).toEqual(['alice']);
	});

	it('a rename into a look-alike is refused; into another case of one’s own name, allowed', async () => {
		await h.start();
		const alice = await h.join('alice');
		const bob = await h.join('aiice');
		bob.socket.send({type: 'nick', name: 'aIice'});
		expect(await bob.socket.nextOfType('error')).toMatchObject({code: 'name_taken', message: expect.stringContaining('"alice"')});
		bob.socket.send({type: 'nick', name: 'AIICE'});
		expect(await alice.socket.nextOfType('nick')).toMatchObject({from: 'aiice', to: 'AIICE'});
		bob.socket.send({type: 'nick', name: 'Тоm'});
		expect(await bob.socket.nextOfType('error')).toMatchObject({code: 'name_invalid', message: expect.stringContaining('mixes Cyrillic ("Т") and Latin ("m")')});
	});

	it('a look-alike is free once the name it resembles has left; names of every script join', async () => {
		await h.start();
		const alice = await h.join('alice');
		alice.socket.send({type: 'bye'});
		await h.activity('disconnect', a => a.name === 'alice');
		for (const name of ['а\u04C0ісе', '山田太郎', 'Tomアリス', '김민준', 'สมชาย', 'नमस्ते', 'ア'.repeat(24)]) {
			expect(await hello(name), name).toMatchObject({type: 'welcome', you: name});
		}
	});

	it('a private message for a name never reaches a look-alike of it', async () => {
		await h.start();
		const impostor = await h.join('aIice');
		const bob = await h.join('bob');
		bob.socket.send({type: 'dm', to: 'alice', text: 'my password is hunter2'});
		expect(await bob.socket.nextOfType('error')).toMatchObject({code: 'no_such_user'});
		bob.socket.send({type: 'dm', to: 'AIICE', text: 'hi'});
		expect(await impostor.socket.nextOfType('dm')).toMatchObject({from: 'bob', to: 'aIice', text: 'hi'});
		expect(impostor.socket.frames().filter(f => f['type'] === 'dm')).toHaveLength(1);
		expect(h.server.kick('alice')).toBe(false);
	});

	it('a person at nc is told why, and asked again', async () => {
		await h.start({plainGreetingDelay: 60_000});
		await h.join('alice');
		const s = await h.connect();
		s.send('aIice');
		expect(await s.next()).toBe('* the name "aIice" looks too much like "alice", who is online — please choose another nickname:');
		s.send('аlice');
		expect(await s.next()).toBe(
			'* a name is written in one script, but this one mixes Cyrillic ("а") and Latin ("l") — please choose another nickname:',
		);
		s.send('carol');
		expect(await s.next()).toBe('* welcome, carol!');
	});
});

describe('every string the server sends is clean', () => {
	it('an OSC 52 clipboard write and a bidi override in --motd arrive removed, in JSON and plain text', async () => {
		await h.start({motd: 'hi \u001b]52;c;ZXZpbA==\u0007 \u202Eevil\u202C\u009b2J', plainGreetingDelay: 60_000});
		const json = await h.connect();
		json.send({type: 'hello', proto: 1, name: 'alice'});
		const raw = await json.next(l => l.startsWith('{"type":"welcome"'));
		expect(JSON.parse(raw).motd).toBe('hi ]52;c;ZXZpbA== evil2J');
		expect(raw).not.toMatch(/\\u001b|\\u0007|\\u009b/i);
		expect(raw).not.toMatch(UNSAFE);
		const plain = await plainJoin('carol');
		expect(plain.lines).toContain('* hi ]52;c;ZXZpbA== evil2J');
		for (const line of plain.lines) expect(line).not.toMatch(UNSAFE);
	});

	it('a lone surrogate is relayed and stored as U+FFFD, as UTF-8, never as an escape', async () => {
		await h.start({plainGreetingDelay: 60_000});
		const alice = await h.join('alice');
		const bob = await h.join('bob');
		const carol = await plainJoin('carol');
		// The escape as a hostile client writes it: valid JSON, not valid UTF-16.
		alice.socket.send(String.raw`{"type":"say","text":"x\ud800"}`);
		const line = await bob.socket.next(l => l.startsWith('{"type":"msg"'));
		expect(JSON.parse(line)).toMatchObject({from: 'alice', text: 'x\uFFFD'});
		expect(line).not.toMatch(/\\ud8/i);
		expect(line).toContain('"x\uFFFD"');
		expect(await carol.next(l => l.includes('<alice>'))).toMatch(new RegExp(`^${TIME} <alice> x\uFFFD$`));
		expect(h.server.history().at(-1)).toMatchObject({type: 'msg', text: 'x\uFFFD'});
		alice.socket.send(String.raw`{"type":"dm","to":"bob","text":"\udc00psst"}`);
		expect(await bob.socket.nextOfType('dm')).toMatchObject({text: '\uFFFDpsst'});
	});

	it('bidi controls go from what members say, private messages, quit and kick reasons and notices', async () => {
		await h.start({plainGreetingDelay: 60_000});
		const alice = await h.join('alice');
		const bob = await h.join('bob');
		const carol = await plainJoin('carol');
		alice.socket.send({type: 'say', text: 'a\u202Eb\u2066c\u2069d\u200F!'});
		expect(await bob.socket.nextOfType('msg')).toMatchObject({text: 'abcd\u200F!'});
		alice.socket.send({type: 'dm', to: 'bob', text: '\u202Dpsst'});
		expect(await bob.socket.nextOfType('dm')).toMatchObject({text: 'psst'});
		h.server.notice('\u202Eupdate\u001b]52;c;eA==\u0007 tonight');
		expect(await bob.socket.nextOfType('notice')).toMatchObject({text: 'update]52;c;eA== tonight'});
		alice.socket.send({type: 'bye', reason: '\u2067gone\u001b[2J'});
		expect(await bob.socket.nextOfType('leave')).toMatchObject({name: 'alice', text: 'gone[2J'});
		const dave = await h.join('dave');
		expect(h.server.kick('dave', '\u202Espam\u2069')).toBe(true);
		expect(await dave.socket.nextOfType('notice')).toMatchObject({text: 'you were kicked: spam'});
		expect(await bob.socket.nextOfType('leave', f => f['name'] === 'dave')).toMatchObject({reason: 'kicked', text: 'spam'});
		await carol.next(l => l.includes('dave was kicked'));
		for (const raw of [...bob.socket.lines, ...carol.lines]) expect(raw).not.toMatch(UNSAFE);
	});

	it('an error naming what a client sent carries none of its controls', async () => {
		await h.start();
		const s = await h.connect();
		s.send({type: '\u202Eolleh\u001b]0;x\u0007'});
		const line = await s.next(l => l.includes('"error"'));
		const {code, message} = JSON.parse(line) as {code: string; message: string};
		expect(code).toBe('bad_frame');
		// Named as JSON would write it: the escape shows as text ("\u001b"), the override is gone.
		expect(message).toBe(String.raw`unknown frame type "olleh\u001b]0;x\u0007"`);
		expect(message).not.toMatch(UNSAFE);
		expect(line).not.toMatch(UNSAFE);
	});
});

describe('plain dialect: a member cannot write a server line', () => {
	it('"/me is now known as admin", "/me joined (…)" and messages of several lines stay the member’s', async () => {
		await h.start({plainGreetingDelay: 60_000, burst: 100});
		const alice = await h.join('alice');
		const carol = await plainJoin('carol');
		const mallory = await plainJoin('mallory');
		mallory.send('/me is now known as admin');
		mallory.send('/me joined (10.9.8.7)');
		alice.socket.send({type: 'say', text: 'hi\n[12:00] *** bob is now known as admin\n* welcome, admin!'});
		alice.socket.send({type: 'say', text: 'waves\n*** root joined', action: true});
		mallory.send('/nick mal');
		await carol.next(l => l.includes('mallory is now known as mal') && l.includes('***'));

		// Every line that starts as the server's lines do is one the server wrote on its own account.
		const serverLike = carol.lines.filter(l => new RegExp(`^(${TIME} \\*\\*\\*|${TIME} \\(private |\\* )`).test(l));
		expect(serverLike.map(l => l.replace(/^\[\d\d:\d\d\] /, ''))).toEqual([
			'* welcome, carol!',
			'*** alice joined',
			'* 2 in #general: alice, carol',
			'* Welcome to tcpchat. Type /help for commands.',
			'*** carol joined',
			'*** mallory joined',
			'*** mallory is now known as mal',
		]);
		const said = carol.lines.filter(l => new RegExp(`^${TIME} (<alice>|\\* mallory|\\* alice) `).test(l));
		expect(said.map(l => l.replace(/^\[\d\d:\d\d\] /, ''))).toEqual([
			'* mallory is now known as admin',
			'* mallory joined (10.9.8.7)',
			'<alice> hi',
			'<alice> (12:00) *** bob is now known as admin',
			'<alice> * welcome, admin!',
			'* alice waves',
			'* alice *** root joined',
		]);
	});

	it('the headless log tells a real join from a /me that mimics one', async () => {
		let text = '';
		const waiters = new Set<() => void>();
		const stdout = {
			write(chunk: string) {
				text += chunk;
				for (const w of [...waiters]) w();
				return true;
			},
		};
		const waitFor = (pattern: RegExp): Promise<RegExpMatchArray> =>
			new Promise(resolve => {
				const check = (): void => {
					const m = text.match(pattern);
					if (m) {
						waiters.delete(check);
						resolve(m);
					}
				};
				waiters.add(check);
				check();
			});
		let stop!: () => void;
		const stopSignal = new Promise<void>(resolve => (stop = resolve));
		const done = runHeadless({host: '127.0.0.1', port: 0, logFile: null, plainGreetingDelay: 60_000}, {stdout, stderr: stdout, stopSignal});
		const [, port] = await waitFor(/listening on 127\.0\.0\.1:(\d+)/);
		const mallory = await LineSocket.connect(Number(port));
		try {
			mallory.send('mallory');
			await mallory.next(l => l.endsWith('*** mallory joined'));
			mallory.send('/me joined (10.9.8.7)');
			mallory.send('/me is now known as admin');
			await waitFor(/known as admin\n/);
			expect(text).toMatch(new RegExp(`\\n${TIME} #general \\*\\*\\* mallory joined \\(127\\.0\\.0\\.1\\)\\n`));
			expect(text).toMatch(new RegExp(`\\n${TIME} #general \\* mallory joined \\(10\\.9\\.8\\.7\\)\\n`));
			expect(text).toMatch(new RegExp(`\\n${TIME} #general \\* mallory is now known as admin\\n`));
			expect(text.match(/\*\*\* /g)).toHaveLength(1);
		} finally {
			mallory.destroy();
			stop();
			await done;
		}
	});
});
