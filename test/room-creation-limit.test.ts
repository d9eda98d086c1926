import {expect, test} from 'vitest';
import {RoomCreationLimit} from '../source/server/room-creation-limit.js';

test('fifty rooms at once per address, then one a second; each address on its own', () => {
	const limit = new RoomCreationLimit();
	for (let i = 0; i < 50; i++) expect(limit.mayCreate('10.0.0.1', 0)).toBe(true);
	expect(limit.mayCreate('10.0.0.1', 0)).toBe(false);
	expect(limit.mayCreate('10.0.0.2', 0)).toBe(true);
	expect(limit.mayCreate('10.0.0.1', 999)).toBe(false);
	expect(limit.mayCreate('10.0.0.1', 1000)).toBe(true);
});

test('looking does not take', () => {
	const limit = new RoomCreationLimit();
	for (let i = 0; i < 100; i++) expect(limit.mayCreate('10.0.0.1', 0, false)).toBe(true);
	for (let i = 0; i < 50; i++) expect(limit.mayCreate('10.0.0.1', 0)).toBe(true);
	expect(limit.mayCreate('10.0.0.1', 0, false)).toBe(false);
});

test('an address is forgotten once its allowance is whole again, not before', () => {
	const limit = new RoomCreationLimit();
	limit.mayCreate('10.0.0.1', 0);
	limit.sweep(500);
	expect(limit.size).toBe(1);
	limit.sweep(1000);
	expect(limit.size).toBe(0);
	for (let i = 0; i < 50; i++) expect(limit.mayCreate('10.0.0.1', 1000)).toBe(true);
});
