import {describe, expect, test} from 'vitest';
import {KeyReader, MAX_PASTE_CHARS} from '../source/ui/key-reader.js';

const START = '\u001B[200~';
const END = '\u001B[201~';

/** What a reader makes of these reads: key names, with the text of chars and pastes. */
function read(...reads: string[]): string[] {
	const reader = new KeyReader();
	return reads.flatMap(data => reader.read(data).map(({input, key}) => (key.name === 'char' || key.name === 'paste' ? `${key.name}:${input}` : key.name)));
}

describe('KeyReader: bracketed paste', () => {
	test('a paste is one press; Enter, Tab, Esc and escape sequences in it are text', () => {
		expect(read(`${START}one\r\ntwo\tthree\u001B[Afour\u001Bfive${END}`)).toEqual(['paste:one\r\ntwo\tthree\u001B[Afour\u001Bfive']);
	});

	test('keys before and after a paste stay keys, in order', () => {
		expect(read(`a${START}b\rc${END}\r`)).toEqual(['char:a', 'paste:b\rc', 'return']);
	});

	test('a paste over several reads (Ink splits a read at every escape sequence) comes out once, at its end', () => {
		expect(read(START, 'first ', '\u001B[B', 'second\r', END, 'x')).toEqual(['paste:first \u001B[Bsecond\r', 'char:x']);
	});

	test('an end marker cut anywhere between two reads still ends the paste (Ink hands on "ESC [ 2 0" alone at the next tick)', () => {
		const whole = `${START}第一行\r第二行 \u001B[A end${END}x`;
		const from = whole.indexOf(END) - 2;
		for (let cut = from; cut <= whole.length - 1; cut++) {
			expect(read(whole.slice(0, cut), whole.slice(cut)), `cut at ${cut}`).toEqual(['paste:第一行\r第二行 \u001B[A end', 'char:x']);
		}
		// Text that only looks like the start of the marker is text.
		expect(read(START, 'a\u001B[2', '0b', END)).toEqual(['paste:a\u001B[20b']);
	});

	test('a stray end marker is nothing; a second start inside a paste does not restart it', () => {
		expect(read(`${END}a${START}b${START}c${END}`)).toEqual(['char:a', 'paste:bc']);
	});

	test('an empty paste is an empty paste', () => {
		expect(read(`${START}${END}`)).toEqual(['paste:']);
	});

	test('past the limit the rest is counted, not kept, and never a half surrogate pair', () => {
		const reader = new KeyReader();
		const [pasted] = reader.read(`${START}${'a'.repeat(MAX_PASTE_CHARS - 1)}😀😀${END}`);
		expect(pasted!.input).toHaveLength(MAX_PASTE_CHARS - 1);
		expect(pasted!.dropped).toBe(4);
		const [next] = reader.read(`${START}ok${END}`);
		expect(next).toMatchObject({input: 'ok'});
		expect(next!.dropped).toBeUndefined();
	});
});
