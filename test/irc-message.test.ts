import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {parseIrcLine, serialiseIrc} from '../source/protocol/irc-message.js';

/** The ircdocs parser-tests vectors, shipped as data (see test/fixtures/irc-parser-tests/README.md). */
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/irc-parser-tests');

type Atoms = {tags?: Record<string, string | null>; source?: string; verb: string; params?: string[]};
const load = <T>(file: string): T => parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8')) as T;
const split = load<{tests: Array<{input: string; atoms: Atoms}>}>('msg-split.yaml').tests;
const join = load<{tests: Array<{desc: string; atoms: Atoms; matches: string[]}>}>('msg-join.yaml').tests;

/** The vectors' tags: a missing value (null in YAML) is the empty string, as our parser gives it. */
function tagsOf(atoms: Atoms): Record<string, string> {
	return Object.fromEntries(Object.entries(atoms.tags ?? {}).map(([k, v]) => [k, v ?? '']));
}

describe('parseIrcLine: ircdocs msg-split', () => {
	it('has the vectors', () => {
		expect(split.length).toBeGreaterThan(30);
	});
	it.each(split.map(t => [t.input, t.atoms] as const))('%j', (input, atoms) => {
		const message = parseIrcLine(input);
		expect(message).toBeDefined();
		expect({...message!.tags}).toEqual(tagsOf(atoms));
		expect(message!.source).toBe(atoms.source ?? undefined);
		expect(message!.verb).toBe(atoms.verb);
		expect(message!.params).toEqual(atoms.params ?? []);
	});
});

describe('serialiseIrc: ircdocs msg-join', () => {
	it('has the vectors', () => {
		expect(join.length).toBeGreaterThan(15);
	});
	it.each(join.map(t => [t.desc, t.atoms, t.matches] as const))('%s', (_desc, atoms, matches) => {
		const line = serialiseIrc({tags: tagsOf(atoms), source: atoms.source ?? undefined, verb: atoms.verb, params: atoms.params ?? []});
		expect(matches).toContain(line);
	});
	it('round-trips what it writes', () => {
		for (const t of join) {
			const line = serialiseIrc({tags: tagsOf(t.atoms), source: t.atoms.source ?? undefined, verb: t.atoms.verb, params: t.atoms.params ?? []});
			const back = parseIrcLine(line)!;
			expect(back.params).toEqual(t.atoms.params ?? []);
			expect({...back.tags}).toEqual(tagsOf(t.atoms));
		}
	});
});

describe('parseIrcLine: what a client may send', () => {
	it('gives nothing for a line without a verb', () => {
		expect(parseIrcLine('')).toBeUndefined();
		expect(parseIrcLine('   ')).toBeUndefined();
		expect(parseIrcLine('@a=b ')).toBeUndefined();
		expect(parseIrcLine(':src')).toBeUndefined();
	});
	it('always writes a text as a trailing parameter when asked', () => {
		expect(serialiseIrc({source: 'a!a@h', verb: 'PRIVMSG', params: ['#x', 'hi']}, true)).toBe(':a!a@h PRIVMSG #x :hi');
	});
});
