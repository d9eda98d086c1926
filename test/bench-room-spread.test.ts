import {expect, test} from 'vitest';
import {addByRoom, benchRoomName, countByRoom, expectedDeliveries, roomOf} from '../source/bench/room-spread.js';
import {DeliveryScanner, readStamp, readStampRoom, stampText} from '../source/bench/delivery-scanner.js';
import {resolveBenchOptions, type BenchOptions} from '../source/bench/bench-options.js';

test('clients are spread round robin: rooms differ by at most one member', () => {
	const spread = (clients: number, rooms: number) => countByRoom(Array.from({length: clients}, (_, i) => roomOf(i, rooms)));
	// The standard workload: 2000 clients over 100 rooms, 20 each, none left in the default room.
	const standard = spread(2000, 100);
	expect(standard[0]).toBe(0);
	expect(standard.slice(1)).toEqual(Array<number>(100).fill(20));
	expect(spread(10, 4)).toEqual([0, 3, 3, 2, 2]);
	expect(spread(3, 3)).toEqual([0, 1, 1, 1]);
	// No rooms: everyone in the default room.
	expect(spread(5, 0)).toEqual([5]);
	expect(benchRoomName(roomOf(0, 100))).toBe('#bench-1');
	expect(benchRoomName(roomOf(1999, 100))).toBe('#bench-100');
});

test('the first senders are spread over the rooms as evenly as the members', () => {
	// 50 senders of 2000 clients in 100 rooms: one each in rooms 1–50.
	const senders = countByRoom(Array.from({length: 50}, (_, i) => roomOf(i, 100)));
	expect(senders.slice(1)).toEqual(Array<number>(50).fill(1));
});

test('expected deliveries: each message reaches the members of its own room only', () => {
	// Room 1: 5 messages × 3 members; room 2: 7 × 2; nothing said in room 3.
	expect(expectedDeliveries([0, 5, 7, 0], [0, 3, 2, 4])).toBe(29);
	// One room, as without --rooms: messages × members.
	expect(expectedDeliveries([10], [3])).toBe(30);
	// A room nobody is in gets nothing, whatever was sent there.
	expect(expectedDeliveries([0, 4], [0])).toBe(0);
	expect(expectedDeliveries([], [0, 3])).toBe(0);
});

test('counts per room add up across processes of unequal lengths', () => {
	expect(addByRoom([], [0, 1, 2])).toEqual([0, 1, 2]);
	expect(addByRoom([1, 1], [0, 1, 2])).toEqual([1, 2, 2]);
	expect(addByRoom([0, 1, 2], [4])).toEqual([4, 1, 2]);
});

test("a stamp carries its sender's room, and padding does not hide it", () => {
	expect(stampText(123, 0, 7)).toBe('@bench:123/7');
	expect(readStamp(stampText(123, 0, 7))).toBe(123);
	expect(readStampRoom(stampText(123, 0, 7))).toBe(7);
	expect(readStampRoom(stampText(123, 40, 42))).toBe(42);
	expect(stampText(5, 40, 3)).toHaveLength(40);
	// Without a room the stamp is as before, and reads as the default room.
	expect(stampText(123)).toBe('@bench:123');
	expect(readStampRoom(stampText(123, 40))).toBe(0);
	expect(readStampRoom('no stamp here')).toBe(0);
});

test('the scanner reads the room after the stamp, across split reads', () => {
	const line = (micros: number, room: number) => `{"type":"msg","room":"#bench-${room}","seq":1,"ts":1,"from":"a","text":"${stampText(micros, 30, room)}"}\n`;
	const bytes = Buffer.from(line(100, 3) + line(200, 12) + `{"type":"msg","room":"#general","seq":2,"ts":1,"from":"a","text":"${stampText(300)}"}\n`);
	for (let cut = 1; cut < bytes.length; cut += 5) {
		const seen: Array<[number, number]> = [];
		const scanner = new DeliveryScanner({stamp: (micros, room) => seen.push([micros, room]), presence: () => undefined, line: () => undefined});
		scanner.fast = true;
		scanner.push(bytes.subarray(0, cut));
		scanner.push(bytes.subarray(cut));
		expect(seen).toEqual([
			[100, 3],
			[200, 12],
			[300, 0],
		]);
	}
});

const base: BenchOptions = {host: '127.0.0.1', port: 7777, clients: 100, rate: 1, warmup: 2, json: false, spawnServer: false, standard: false};

test('--rooms: from 1 to the number of clients; not with the suite or a scenario', () => {
	expect(resolveBenchOptions(base).rooms).toBe(0);
	expect(resolveBenchOptions({...base, rooms: 100}).rooms).toBe(100);
	expect(resolveBenchOptions({...base, rooms: 1}).rooms).toBe(1);
	expect(() => resolveBenchOptions({...base, rooms: 101})).toThrow('--rooms must be between 1 and 100, not 101');
	expect(() => resolveBenchOptions({...base, rooms: 0})).toThrow('--rooms must be between 1 and 100, not 0');
	expect(() => resolveBenchOptions({...base, rooms: 2.5})).toThrow('--rooms must be a whole number');
	expect(() => resolveBenchOptions({...base, rooms: 4, standard: true})).toThrow('--rooms is a workload of its own');
	expect(() => resolveBenchOptions({...base, host: undefined, port: undefined, rooms: 4, scenario: 'idle-memory'})).toThrow('it does not go with --rooms');
});
