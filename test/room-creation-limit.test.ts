import {expect, test} from 'vitest';
import {RoomCreationLimit} from '../source/server/room-creation-limit.js';

test('five rooms at once per address, then one every five seconds; each address on its own', () => {
	const limit = new RoomCreationLimit();
	for (let i = 0; i < 5; i++) expect(limit.mayCreate('10.0.0.1', 0)).toBe(true);
	expect(limit.mayCreate('10.0.0.1', 0)).toBe(false);
	expect(limit.mayCreate('10.0.0.2', 0)).toBe(true);
	expect(limit.mayCreate('10.0.0.1', 4_999)).toBe(false);
	expect(limit.mayCreate('10.0.0.1', 5_000)).toBe(true);
});

test('an address is forgotten once its allowance is whole again, not before', () => {
	const limit = new RoomCreationLimit();
	limit.mayCreate('10.0.0.1', 0);
	limit.sweep(4_000);
	expect(limit.size).toBe(1);
	limit.sweep(5_000);
	expect(limit.size).toBe(0);
	for (let i = 0; i < 5; i++) expect(limit.mayCreate('10.0.0.1', 5_000)).toBe(true);
});
