import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import {LineDecoder} from '../source/protocol/line-decoder.js';
import type {DecodedLine} from '../source/protocol/line-decoder.js';
import {MAX_FRAME_BYTES} from '../source/protocol/limits.js';

/** Bytes that make decoding interesting: newlines, CRs, multi-byte UTF-8, invalid UTF-8, plain ASCII. */
const piece = fc.oneof(
	fc.constantFrom(
		Uint8Array.of(0x0a),
		Uint8Array.of(0x0d, 0x0a),
		Uint8Array.of(0x0d),
		new Uint8Array(Buffer.from('é')),
		new Uint8Array(Buffer.from('日')),
		new Uint8Array(Buffer.from('🎉')),
		Uint8Array.of(0xff),
		Uint8Array.of(0xc3),
		Uint8Array.of(0x00),
	),
	fc.uint8Array({minLength: 0, maxLength: 12}),
	fc.string({unit: 'grapheme', maxLength: 10}).map(s => new Uint8Array(Buffer.from(s))),
);
const bytesArb = fc.array(piece, {maxLength: 40}).map(parts => new Uint8Array(Buffer.concat(parts)));

/** Cut points, sorted and inside the sequence. */
function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
	const points = [...new Set(cuts.map(c => c % (bytes.length + 1)))].sort((a, b) => a - b);
	const chunks: Uint8Array[] = [];
	let start = 0;
	for (const point of points) {
		chunks.push(bytes.subarray(start, point));
		start = point;
	}
	chunks.push(bytes.subarray(start));
	return chunks;
}

function decodeChunks(maxBytes: number, chunks: Uint8Array[]): {out: DecodedLine[]; maxBuffered: number} {
	const decoder = new LineDecoder(maxBytes);
	const out: DecodedLine[] = [];
	let maxBuffered = 0;
	for (const chunk of chunks) {
		out.push(...decoder.push(chunk));
		maxBuffered = Math.max(maxBuffered, decoder.buffered);
	}
	return {out, maxBuffered};
}

describe('LineDecoder properties', () => {
	test('any split of any byte sequence gives the same output as one read', () => {
		fc.assert(
			fc.property(
				bytesArb,
				fc.array(fc.nat(), {maxLength: 20}),
				fc.integer({min: 2, max: 40}),
				(bytes, cuts, maxBytes) => {
					const whole = decodeChunks(maxBytes, [bytes]).out;
					const split = decodeChunks(maxBytes, splitAt(bytes, cuts)).out;
					expect(split).toEqual(whole);
				},
			),
			{numRuns: 500},
		);
	});

	test('many cuts around the real limit give the same output as one read', () => {
		fc.assert(
			fc.property(bytesArb, fc.integer({min: 0, max: MAX_FRAME_BYTES + 20}), (bytes, padding) => {
				const input = new Uint8Array(Buffer.concat([Buffer.alloc(padding, 0x61), bytes, Buffer.from('\n')]));
				const whole = decodeChunks(MAX_FRAME_BYTES, [input]).out;
				const cuts = Array.from({length: 64}, (_, i) => i * 131 + padding);
				expect(decodeChunks(MAX_FRAME_BYTES, splitAt(input, cuts)).out).toEqual(whole);
			}),
			{numRuns: 100},
		);
	});

	test('random bytes never throw, and the buffer never passes the limit', () => {
		fc.assert(
			fc.property(
				fc.array(fc.uint8Array({maxLength: 200}), {maxLength: 30}),
				fc.integer({min: 1, max: 64}),
				(chunks, maxBytes) => {
					const {maxBuffered} = decodeChunks(maxBytes, chunks);
					expect(maxBuffered).toBeLessThanOrEqual(maxBytes);
				},
			),
			{numRuns: 500},
		);
	});

	test('decoded lines are exactly the input lines when all are short', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.string({unit: 'grapheme', maxLength: 30}).map(s => s.replaceAll('\n', '').replace(/\r$/, '')),
					{maxLength: 20},
				),
				fc.array(fc.nat(), {maxLength: 10}),
				(texts, cuts) => {
					const bytes = new Uint8Array(Buffer.from(texts.map(t => t + '\n').join('')));
					const {out} = decodeChunks(MAX_FRAME_BYTES, splitAt(bytes, cuts));
					expect(out).toEqual(texts.map(t => ({kind: 'line', line: t})));
				},
			),
			{numRuns: 300},
		);
	});
});
