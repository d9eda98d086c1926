import {afterEach, describe, expect, it} from 'vitest';
import {withoutBom} from '../source/protocol/charset.js';
import {ServerHarness} from './helpers/server-harness.js';

/**
 * A UTF-8 byte order mark (EF BB BF) before a connection's first line, as Windows tools
 * (Notepad, PowerShell's Out-File, .NET's UTF8Encoding) write one: the dialect is told by what
 * follows it, and the mark is no part of the line. Real sockets.
 */
const h = new ServerHarness();
afterEach(() => h.cleanup());

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('a byte order mark before the first line', () => {
	it('JSON: the hello is a hello, answered in JSON, the name without the mark', async () => {
		await h.start({plainGreetingDelay: 60_000});
		const s = await h.connect();
		s.write(Buffer.concat([BOM, Buffer.from('{"type":"hello","proto":2,"name":"win"}\n')]));
		const welcome = await s.nextOfType('welcome');
		expect(welcome['you']).toBe('win');
		s.send({type: 'say', room: '#general', text: 'from notepad'});
		expect(await s.nextOfType('msg')).toMatchObject({from: 'win', text: 'from notepad'});
		expect(s.lines.every(l => l.startsWith('{'))).toBe(true);
	});

	it('JSON whose line is still coming: no plain-text greeting, the hello deadline', async () => {
		await h.start({helloTimeout: 1.5, plainGreetingDelay: 50, nickTimeout: 60});
		const s = await h.connect();
		s.write(Buffer.concat([BOM, Buffer.from('{"type":"hel')]));
		await s.closed;
		expect(s.lines).toEqual([]);
	});

	it('IRC: a NICK after the mark registers', async () => {
		await h.start({plainGreetingDelay: 60_000});
		const s = await h.connect();
		s.write(Buffer.concat([BOM, Buffer.from('NICK winirc\r\nUSER u 0 * :U\r\n')]));
		await s.next(l => / 001 winirc /.test(l), 'the 001');
		await s.next(l => l.includes(' 366 winirc #general '), 'the end of the names');
	});

	it('plain text: the nickname without the mark; only the first line loses one', async () => {
		await h.start({plainGreetingDelay: 60_000});
		const {socket: json} = await h.join2('jo');
		const s = await h.connect();
		s.write(Buffer.concat([BOM, Buffer.from('pat\r\n')]));
		await s.next(l => l === '* welcome, pat!', 'the welcome');
		await json.nextOfType('join', f => f['name'] === 'pat');
		// A mark inside the stream later is text like any other (and sanitising keeps U+FEFF).
		s.write(Buffer.concat([BOM, Buffer.from('hi\r\n')]));
		expect((await json.nextOfType('msg'))['text']).toBe('\uFEFFhi');
	});
});

describe('withoutBom', () => {
	it('drops a leading mark only, and gives a view, not a copy', () => {
		const hello = Buffer.from('{"type":"hello"}');
		const marked = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), hello]);
		expect(withoutBom(marked).toString()).toBe('{"type":"hello"}');
		expect(withoutBom(marked).buffer).toBe(marked.buffer);
		expect(withoutBom(hello)).toBe(hello);
		expect(withoutBom(Buffer.from([0xef, 0xbb]))).toEqual(Buffer.from([0xef, 0xbb]));
		expect(withoutBom(Buffer.from([0xef, 0xbb, 0xbf])).length).toBe(0);
		const inside = Buffer.concat([Buffer.from('a'), Buffer.from([0xef, 0xbb, 0xbf])]);
		expect(withoutBom(inside)).toBe(inside);
	});
});
