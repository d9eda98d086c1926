import {describe, expect, test} from 'vitest';
import {parseClientFrame} from '../source/protocol/parse-client-frame.js';

const ok = (line: string) => {
	const result = parseClientFrame(line);
	if (!result.ok) throw new Error(`expected ${line} to parse, got ${result.code}: ${result.message}`);
	return result.frame;
};

const code = (line: string) => {
	const result = parseClientFrame(line);
	return result.ok ? 'ok' : result.code;
};

describe('parseClientFrame', () => {
	test('every client frame type parses', () => {
		expect(ok('{"type":"hello","proto":1,"name":"alice"}')).toEqual({type: 'hello', proto: 1, name: 'alice'});
		expect(ok('{"type":"say","text":"hi"}')).toEqual({type: 'say', text: 'hi'});
		expect(ok('{"type":"say","text":"waves","action":true}')).toEqual({type: 'say', text: 'waves', action: true});
		expect(ok('{"type":"say","text":"hi","action":false}')).toEqual({type: 'say', text: 'hi'});
		expect(ok('{"type":"nick","name":"alice2"}')).toEqual({type: 'nick', name: 'alice2'});
		expect(ok('{"type":"dm","to":"bob","text":"psst"}')).toEqual({type: 'dm', to: 'bob', text: 'psst'});
		expect(ok('{"type":"who"}')).toEqual({type: 'who'});
		expect(ok('{"type":"ping"}')).toEqual({type: 'ping'});
		expect(ok('{"type":"pong"}')).toEqual({type: 'pong'});
		expect(ok('{"type":"bye"}')).toEqual({type: 'bye'});
		expect(ok('{"type":"bye","reason":"lunch"}')).toEqual({type: 'bye', reason: 'lunch'});
		expect(ok('{"type":"away","text":"at lunch"}')).toEqual({type: 'away', text: 'at lunch'});
		expect(ok('{"type":"away","text":""}')).toEqual({type: 'away', text: ''});
		expect(ok('{"type":"away"}')).toEqual({type: 'away', text: ''});
	});

	test('history and search', () => {
		expect(ok('{"type":"history","room":"#dev"}')).toEqual({type: 'history', room: '#dev'});
		expect(ok('{"type":"history","room":"#dev","before":120,"limit":500}')).toEqual({type: 'history', room: '#dev', before: 120, limit: 500});
		// The server caps a limit above 500; the frame itself is fine.
		expect(ok('{"type":"history","room":"#dev","limit":5000}')).toEqual({type: 'history', room: '#dev', limit: 5000});
		expect(ok('{"type":"search","text":"构建"}')).toEqual({type: 'search', text: '构建'});
		expect(ok('{"type":"search","text":"build","room":"#dev"}')).toEqual({type: 'search', text: 'build', room: '#dev'});
		expect(ok('{"type":"search","text":"\\ud800x"}')).toEqual({type: 'search', text: '\ufffdx'});
		for (const line of [
			'{"type":"history"}',
			'{"type":"history","room":7}',
			'{"type":"history","room":"#dev","before":0}',
			'{"type":"history","room":"#dev","before":1.5}',
			'{"type":"history","room":"#dev","before":"120"}',
			'{"type":"history","room":"#dev","limit":0}',
			'{"type":"history","room":"#dev","limit":-1}',
			'{"type":"search"}',
			'{"type":"search","text":5}',
			'{"type":"search","text":"x","room":["#dev"]}',
		])
			expect(code(line), line).toBe('bad_frame');
	});

	test('whitespace around the JSON and inside it is fine', () => {
		expect(ok('  { "type" : "ping" }  ')).toEqual({type: 'ping'});
	});

	test('unknown fields are dropped', () => {
		expect(ok('{"type":"say","text":"hi","colour":"red","from":"mallory"}')).toEqual({type: 'say', text: 'hi'});
		expect(ok('{"type":"hello","proto":2,"name":"a","caps":["x"]}')).toEqual({type: 'hello', proto: 2, name: 'a'});
		expect(ok('{"type":"who","extra":{"deep":1}}')).toEqual({type: 'who'});
		expect(ok('{"type":"ping","__proto__":{"admin":true}}')).toEqual({type: 'ping'});
	});

	test.each([
		['{"type":"hello","name":"alice"}'],
		['{"type":"hello","proto":"1","name":"alice"}'],
		['{"type":"hello","proto":1}'],
		['{"type":"hello","proto":1,"name":42}'],
		['{"type":"hello","proto":1,"name":null}'],
		['{"type":"say"}'],
		['{"type":"say","text":5}'],
		['{"type":"say","text":["hi"]}'],
		['{"type":"say","text":"hi","action":"yes"}'],
		['{"type":"away","text":5}'],
		['{"type":"say","text":"hi","action":1}'],
		['{"type":"nick"}'],
		['{"type":"nick","name":{}}'],
		['{"type":"dm","text":"psst"}'],
		['{"type":"dm","to":"bob"}'],
		['{"type":"dm","to":1,"text":"psst"}'],
		['{"type":"dm","to":"bob","text":false}'],
		['{"type":"bye","reason":7}'],
		['{"type":"bye","reason":null}'],
	])('ill-typed or missing field: %s → bad_frame', line => {
		const result = parseClientFrame(line);
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.code).toBe('bad_frame');
			expect(result.message.length).toBeGreaterThan(0);
		}
	});

	test.each([
		['{"text":"no type"}'],
		['{"type":"shout","text":"hi"}'],
		['{"type":5}'],
		['{"type":null}'],
		['{"type":"HELLO","proto":1,"name":"a"}'],
		['[]'],
		['["hello"]'],
		['null'],
		['42'],
		['"hello"'],
		['true'],
	])('not a frame: %s → bad_frame', line => {
		expect(code(line)).toBe('bad_frame');
	});

	test.each([[''], ['hello'], ['{"type":"say",'], ['{type:"say"}'], ["{'type':'say'}"], ['{"type":"say"}}'], ['\u0000']])(
		'not JSON: %j → bad_json',
		line => {
			expect(code(line)).toBe('bad_json');
		},
	);

	test('an unknown type is named in the message, cut short', () => {
		const result = parseClientFrame(JSON.stringify({type: 'x'.repeat(500)}));
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.message.length).toBeLessThan(100);
	});

	test('a lone surrogate in any string becomes U+FFFD on arrival; a pair is one character', () => {
		// Written as JSON escapes, as a hostile client would send them: valid JSON, invalid UTF-16.
		expect(ok(String.raw`{"type":"say","text":"x\ud800"}`)).toEqual({type: 'say', text: 'x\uFFFD'});
		expect(ok(String.raw`{"type":"say","text":"\udc00x","action":true}`)).toEqual({type: 'say', text: '\uFFFDx', action: true});
		expect(ok(String.raw`{"type":"hello","proto":1,"name":"bob\udbff"}`)).toEqual({type: 'hello', proto: 1, name: 'bob\uFFFD'});
		expect(ok(String.raw`{"type":"nick","name":"\ud800\ud800"}`)).toEqual({type: 'nick', name: '\uFFFD\uFFFD'});
		expect(ok(String.raw`{"type":"dm","to":"a\udfff","text":"b\ud801"}`)).toEqual({type: 'dm', to: 'a\uFFFD', text: 'b\uFFFD'});
		expect(ok(String.raw`{"type":"bye","reason":"\ud800"}`)).toEqual({type: 'bye', reason: '\uFFFD'});
		expect(ok(String.raw`{"type":"say","text":"\ud83d\ude00"}`)).toEqual({type: 'say', text: '😀'});
	});

	test('the unknown type named in the message carries no control, bidi override or broken character', () => {
		for (const type of ['\u202Eevil', '\u001b]52;c;eA==\u0007', '😀'.repeat(60), 'x\ud800']) {
			const result = parseClientFrame(JSON.stringify({type}));
			if (result.ok) throw new Error('parsed');
			expect(result.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
			expect(result.message).not.toMatch(/\p{Surrogate}/u);
		}
		const cut = parseClientFrame(JSON.stringify({type: '😀'.repeat(60)}));
		if (!cut.ok) expect(cut.message).toMatch(/😀$/u);
	});
});
