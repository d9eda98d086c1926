import {expect, test} from 'vitest';
import {RoomCreationLimit, roomsPerAddress} from '../source/server/room-creation-limit.js';

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

test('an address may have made a tenth of --max-rooms, at least five, no cap without a room limit', () => {
	expect(roomsPerAddress(1000)).toBe(100);
	expect(roomsPerAddress(50)).toBe(5);
	expect(roomsPerAddress(12)).toBe(5);
	expect(roomsPerAddress(0)).toBe(0);
});

test('the rooms an address made and that still exist count against it; a room gone frees its place', () => {
	const limit = new RoomCreationLimit(2);
	limit.made('10.0.0.1', '#a');
	expect(limit.holdsMost('10.0.0.1')).toBe(false);
	limit.made('10.0.0.1', '#b');
	expect(limit.holdsMost('10.0.0.1')).toBe(true);
	expect(limit.holdsMost('10.0.0.2')).toBe(false);
	limit.removed('#a');
	expect(limit.holdsMost('10.0.0.1')).toBe(false);
	// A room nobody here made (the store brought it back) frees nothing.
	limit.removed('#old');
	limit.made('10.0.0.1', '#c');
	expect(limit.holdsMost('10.0.0.1')).toBe(true);
	expect(new RoomCreationLimit(0).holdsMost('10.0.0.1')).toBe(false);
});
