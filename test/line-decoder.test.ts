import {describe, expect, test} from 'vitest';
import {LineDecoder} from '../source/protocol/line-decoder.js';
import type {DecodedLine} from '../source/protocol/line-decoder.js';
import {MAX_FRAME_BYTES} from '../source/protocol/limits.js';

const line = (text: string): DecodedLine => ({kind: 'line', line: text});
const tooLong: DecodedLine = {kind: 'too_long'};

function pushAll(decoder: LineDecoder, chunks: Array<string | Uint8Array>): DecodedLine[] {
	return chunks.flatMap(chunk => decoder.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
}

describe('LineDecoder', () => {
	test('one frame split across several reads comes out once, whole', () => {
		const decoder = new LineDecoder();
		expect(decoder.push(Buffer.from('{"type":"sa'))).toEqual([]);
		expect(decoder.buffered).toBe(11);
		expect(decoder.push(Buffer.from('y","text":"h'))).toEqual([]);
		expect(decoder.push(Buffer.from('i"}\n'))).toEqual([line('{"type":"say","text":"hi"}')]);
		expect(decoder.buffered).toBe(0);
	});

	test('several frames in one read come out in order, and a trailing part waits', () => {
		const decoder = new LineDecoder();
		expect(decoder.push(Buffer.from('a\nb\nc\nd'))).toEqual([line('a'), line('b'), line('c')]);
		expect(decoder.buffered).toBe(1);
		expect(decoder.push(Buffer.from('\n'))).toEqual([line('d')]);
	});

	test('a UTF-8 character split between reads at every byte is decoded whole', () => {
		const text = 'héllo 日本語 🎉👩‍💻 ünïcödé';
		const bytes = Buffer.from(text + '\n');
		for (let cut = 0; cut <= bytes.length; cut++) {
			const decoder = new LineDecoder();
			expect(pushAll(decoder, [bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual([line(text)]);
		}
		for (let a = 1; a < bytes.length; a += 3) {
			for (let b = a; b < bytes.length; b += 2) {
				const decoder = new LineDecoder();
				const out = pushAll(decoder, [bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)]);
				expect(out).toEqual([line(text)]);
			}
		}
		const decoder = new LineDecoder();
		expect(pushAll(decoder, [...bytes].map(byte => Uint8Array.of(byte)))).toEqual([line(text)]);
	});

	test('a CRLF ending is accepted, a lone CR inside a line is kept', () => {
		const decoder = new LineDecoder();
		expect(pushAll(decoder, ['one\r\ntwo\r', '\nthr\ree\n'])).toEqual([line('one'), line('two'), line('thr\ree')]);
	});

	test('empty lines come out as empty lines', () => {
		const decoder = new LineDecoder();
		expect(pushAll(decoder, ['\n\r\n', '\n'])).toEqual([line(''), line(''), line('')]);
	});

	test('exactly at the limit: 8191 bytes and a newline pass', () => {
		const content = 'x'.repeat(MAX_FRAME_BYTES - 1);
		expect(new LineDecoder().push(Buffer.from(content + '\n'))).toEqual([line(content)]);
		const split = new LineDecoder();
		expect(split.push(Buffer.from(content))).toEqual([]);
		expect(split.buffered).toBe(MAX_FRAME_BYTES - 1);
		expect(split.push(Buffer.from('\n'))).toEqual([line(content)]);
		// A CR counts: 8190 bytes and CRLF is the most a CRLF line may hold.
		const crlf = 'y'.repeat(MAX_FRAME_BYTES - 2);
		expect(new LineDecoder().push(Buffer.from(crlf + '\r\n'))).toEqual([line(crlf)]);
		expect(new LineDecoder().push(Buffer.from(crlf + 'y\r\n'))).toEqual([tooLong]);
	});

	test('8192 bytes and a newline are too long, in one read or byte by byte', () => {
		const content = 'x'.repeat(MAX_FRAME_BYTES);
		expect(new LineDecoder().push(Buffer.from(content + '\nnext\n'))).toEqual([tooLong, line('next')]);
		const split = new LineDecoder();
		expect(split.push(Buffer.from(content))).toEqual([tooLong]);
		expect(split.buffered).toBe(0);
		expect(split.push(Buffer.from('\nnext\n'))).toEqual([line('next')]);
	});

	test('an over-long line is reported once, as soon as it passes the limit, and the next line goes through', () => {
		const decoder = new LineDecoder();
		const reports: number[] = [];
		const chunk = Buffer.alloc(1000, 0x61);
		for (let i = 1; i <= 50; i++) {
			const out = decoder.push(chunk);
			if (out.length > 0) {
				expect(out).toEqual([tooLong]);
				reports.push(i * 1000);
			}
			expect(decoder.buffered).toBeLessThan(MAX_FRAME_BYTES);
		}
		// The 9th KB passes 8192 bytes: that is where it is reported, and nowhere after.
		expect(reports).toEqual([9000]);
		expect(decoder.push(Buffer.from('tail of the long line\n{"type":"ping"}\n'))).toEqual([line('{"type":"ping"}')]);
		expect(decoder.push(Buffer.from('ok\n'))).toEqual([line('ok')]);
	});

	test('two over-long lines in a row give two reports', () => {
		const long = 'z'.repeat(MAX_FRAME_BYTES + 10);
		const decoder = new LineDecoder();
		expect(pushAll(decoder, [long + '\n' + long, '\n', 'a\n'])).toEqual([tooLong, tooLong, line('a')]);
	});

	test('10 MB without a newline never buffers more than the limit', () => {
		const decoder = new LineDecoder();
		const chunk = Buffer.alloc(64 * 1024 + 7, 0x62);
		let pushed = 0;
		let reports = 0;
		while (pushed < 10 * 1024 * 1024) {
			reports += decoder.push(chunk).length;
			pushed += chunk.length;
			expect(decoder.buffered).toBeLessThanOrEqual(MAX_FRAME_BYTES);
		}
		expect(reports).toBe(1);
		expect(decoder.push(Buffer.from('\nhello\n'))).toEqual([line('hello')]);
	});

	test('small chunks of a huge line keep the buffer under the limit too', () => {
		const decoder = new LineDecoder();
		const chunk = Buffer.alloc(100, 0x63);
		let reports = 0;
		for (let i = 0; i < 1000; i++) {
			reports += decoder.push(chunk).length;
			expect(decoder.buffered).toBeLessThanOrEqual(MAX_FRAME_BYTES);
		}
		expect(reports).toBe(1);
	});

	test('invalid UTF-8 never throws: it becomes replacement characters', () => {
		const decoder = new LineDecoder();
		expect(decoder.push(Uint8Array.of(0xff, 0xfe, 0x41, 0xc3, 0x0a))).toEqual([line('\uFFFD\uFFFDA\uFFFD')]);
	});

	test('a custom limit is honoured', () => {
		const decoder = new LineDecoder(4);
		expect(pushAll(decoder, ['abc\n', 'abcd\n', 'ab', 'cd', 'e\n'])).toEqual([line('abc'), tooLong, tooLong]);
	});
});

describe('LineDecoder memory', () => {
	test('an unfinished line sent a byte at a time costs about its own size, and nothing once done', () => {
		const decoder = new LineDecoder();
		const size = MAX_FRAME_BYTES - 2;
		for (let i = 0; i < size; i++) decoder.push(Uint8Array.of(0x61));
		expect(decoder.buffered).toBe(size);
		// One buffer, grown by doubling: at most the limit (plus the byte that proves a line too long).
		expect(decoder.retained).toBeGreaterThanOrEqual(size);
		expect(decoder.retained).toBeLessThanOrEqual(MAX_FRAME_BYTES + 1);
		expect(decoder.push(Buffer.from('\n'))).toEqual([line('a'.repeat(size))]);
		expect(decoder.retained).toBe(0);
	});

	test('a short unfinished line holds a small buffer, not a copy of the chunk it came in', () => {
		const decoder = new LineDecoder();
		const chunk = Buffer.alloc(64 * 1024, 0x0a);
		chunk.write('partial', chunk.length - 7);
		decoder.push(chunk);
		expect(decoder.buffered).toBe(7);
		expect(decoder.retained).toBeLessThanOrEqual(256);
	});
});
