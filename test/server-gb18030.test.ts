import net from 'node:net';
import iconv from 'iconv-lite';
import {afterEach, describe, expect, it} from 'vitest';
import {decodeText, encodeText} from '../source/protocol/charset.js';
import {LineDecoder} from '../source/protocol/line-decoder.js';
import {ServerHarness} from './helpers/server-harness.js';

const h = new ServerHarness();
const raws: net.Socket[] = [];
afterEach(async () => {
	for (const s of raws.splice(0)) s.destroy();
	await h.cleanup();
});

const gbk = (text: string): Buffer => iconv.encode(text, 'gbk');

/** A Chinese Windows telnet: sends and reads GBK bytes, keeps every byte it is sent. */
class GbkTerminal {
	bytes = Buffer.alloc(0);
	private readonly waiters = new Set<() => void>();
	constructor(readonly socket: net.Socket) {
		socket.on('data', chunk => {
			this.bytes = Buffer.concat([this.bytes, chunk]);
			for (const wake of [...this.waiters]) wake();
		});
		socket.on('error', () => {});
	}

	static async connect(port: number): Promise<GbkTerminal> {
		const socket = net.connect({port, host: '127.0.0.1'});
		raws.push(socket);
		await new Promise<void>(resolve => socket.once('connect', () => resolve()));
		return new GbkTerminal(socket);
	}

	line(text: string): void {
		this.socket.write(Buffer.concat([gbk(text), Buffer.from('\r\n')]));
	}

	/** Everything received so far, read as GB18030. */
	get text(): string {
		return iconv.decode(this.bytes, 'gb18030');
	}

	waitFor(part: string): Promise<void> {
		return new Promise(resolve => {
			const check = () => {
				if (!this.text.includes(part)) return;
				this.waiters.delete(check);
				resolve();
			};
			this.waiters.add(check);
			check();
		});
	}
}

describe('plain text in GB18030 (Chinese Windows telnet)', () => {
	it('a GBK nickname and message are read as Chinese and answered in GBK; others still get UTF-8', async () => {
		await h.start({plainGreetingDelay: 20});
		const alice = await h.join('alice');
		const utf8 = await h.joinPlain('carol');
		const term = await GbkTerminal.connect(h.port);
		term.line('张三');
		await term.waitFor('* welcome, 张三!');
		expect(await alice.socket.nextOfType('join', f => f['name'] === '张三')).toMatchObject({name: '张三'});

		term.line('你好');
		expect(await alice.socket.nextOfType('msg')).toMatchObject({from: '张三', text: '你好'});
		expect(await utf8.next(l => l.includes('你好'))).toMatch(/^\[\d\d:\d\d\] <张三> 你好$/);
		await term.waitFor('<张三> 你好');
		// The very bytes of GBK 你好 came back; no UTF-8 of it did.
		expect(term.bytes.includes(gbk('<张三> 你好'))).toBe(true);
		expect(term.bytes.includes(Buffer.from('你好', 'utf8'))).toBe(false);

		// What others say reaches the GBK terminal in GBK, even what GBK cannot spell (GB18030 can).
		alice.socket.send({type: 'say', text: '大家好 😀 café'});
		await term.waitFor('<alice> 大家好 😀 café');
		utf8.send('我用 UTF-8');
		await term.waitFor('<carol> 我用 UTF-8');
		expect(await utf8.next(l => l.includes('我用'))).toMatch(/<carol> 我用 UTF-8$/);

		term.line('/who');
		await term.waitFor('3 in #general');
		term.line('/msg alice 私信');
		expect(await alice.socket.nextOfType('dm')).toMatchObject({from: '张三', text: '私信'});
	});

	it('a connection switches at its first line that is not UTF-8, and stays switched', async () => {
		await h.start({plainGreetingDelay: 20});
		const alice = await h.join('alice');
		const term = await GbkTerminal.connect(h.port);
		term.line('laowang');
		await term.waitFor('* welcome, laowang!');
		term.line('ascii only');
		expect(await alice.socket.nextOfType('msg')).toMatchObject({text: 'ascii only'});
		term.line('中文');
		expect(await alice.socket.nextOfType('msg')).toMatchObject({text: '中文'});
		await term.waitFor('<laowang> 中文');
		// From now on GB18030 both ways, whatever the line.
		term.socket.write(Buffer.concat([Buffer.from('caf'), iconv.encode('é', 'gb18030'), Buffer.from('\n')]));
		expect(await alice.socket.nextOfType('msg')).toMatchObject({text: 'café'});
	});

	it('JSON connections stay UTF-8: invalid bytes are replacement characters, as before', async () => {
		await h.start();
		const bob = await h.connect();
		bob.write(Buffer.concat([Buffer.from('{"type":"hello","proto":1,"name":"bob"}\n{"type":"say","text":"'), gbk('你好'), Buffer.from('"}\n')]));
		const msg = await bob.nextOfType('msg');
		expect(msg['text']).toMatch(/^\uFFFD+$/);
	});
});

describe('the line decoder’s text decoding hook', () => {
	it('decodes each line with the function it is given, split anywhere', () => {
		const seen: number[] = [];
		const decoder = new LineDecoder(8192, bytes => {
			seen.push(bytes.length);
			return decodeText(bytes, 'gb18030');
		});
		const bytes = Buffer.concat([gbk('你好'), Buffer.from('\r\n'), gbk('世界'), Buffer.from('\n')]);
		const lines = [...bytes].flatMap(b => decoder.push(Uint8Array.of(b)));
		expect(lines).toEqual([
			{kind: 'line', line: '你好'},
			{kind: 'line', line: '世界'},
		]);
		expect(seen).toEqual([4, 4]);
	});

	it('GB18030 round-trips all of Unicode', () => {
		const text = '张三 ñ € 😀 𠀀 ไทย';
		expect(decodeText(encodeText(text, 'gb18030'), 'gb18030')).toBe(text);
		expect(encodeText('你好', 'gb18030')).toEqual(Buffer.from([0xc4, 0xe3, 0xba, 0xc3]));
	});
});
