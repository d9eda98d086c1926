import {describe, expect, test} from 'vitest';
import {NameRegistry} from '../source/server/name-registry.js';

type Member = {name: string};
const member = (name: string): Member => ({name});

describe('NameRegistry', () => {
	test('a name clashes with its holder in any case and with its look-alikes', () => {
		const names = new NameRegistry<Member>();
		const alice = member('alice');
		names.claim(alice);
		expect(names.holder('ALICE')).toBe(alice);
		expect(names.holder('aIice')).toBe(alice);
		expect(names.holder('а\u04C0ісе')).toBe(alice);
		expect(names.holder('a1ice')).toBe(alice);
		expect(names.holder('aiice')).toBeUndefined();
		expect(names.holder('bob')).toBeUndefined();
	});

	test('find is by name, in any case: never a look-alike', () => {
		const names = new NameRegistry<Member>();
		const impostor = member('aIice');
		names.claim(impostor);
		expect(names.find('AiIcE')).toBe(impostor);
		expect(names.find('ａｉｉｃｅ')).toBe(impostor);
		expect(names.find('alice')).toBeUndefined();
		expect(names.find('a1ice')).toBeUndefined();
	});

	test('a member may take another case of its own name, never a look-alike of someone else', () => {
		const names = new NameRegistry<Member>();
		const alice = member('alice');
		const carol = member('aiice');
		names.claim(alice);
		names.claim(carol);
		// "aIice" is "aiice" in another case (carol's own) but looks like "alice".
		expect(names.holder('aIice', carol)).toBe(alice);
		expect(names.holder('AIICE', carol)).toBeUndefined();
		names.rename(carol, 'AIICE');
		expect(names.holder('aiice')).toBe(carol);
		expect(names.holds(carol)).toBe(true);
	});

	test('a rename frees the old name and its look-alikes; a release frees only the holder', () => {
		const names = new NameRegistry<Member>();
		const bob = member('bob');
		names.claim(bob);
		names.rename(bob, 'robert');
		expect(names.holder('B0B')).toBeUndefined();
		expect(names.holder('R0BERT')).toBe(bob);
		expect(names.release(member('robert'))).toBe(false);
		expect(names.holder('robert')).toBe(bob);
		expect(names.release(bob)).toBe(true);
		expect(names.holder('robert')).toBeUndefined();
		expect(names.size).toBe(0);
	});

	test('iterates in the order names were claimed, a rename last', () => {
		const names = new NameRegistry<Member>();
		const [a, b, c] = [member('a'), member('b'), member('c')];
		for (const m of [a, b, c]) names.claim(m);
		names.rename(a, 'z');
		expect([...names.values()].map(m => m.name)).toEqual(['b', 'c', 'z']);
	});
});
