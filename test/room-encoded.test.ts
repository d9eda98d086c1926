import {describe, expect, it} from 'vitest';
import type {RoomEvent} from '../source/protocol/frames.js';
import {LocalBackend} from '../source/server/local-backend.js';
import {MemoryStore} from '../source/server/memory-store.js';
import {Room, type RoomMember} from '../source/server/room.js';

function member(name: string, since: number): RoomMember {
	return {name, since, deliver() {}, deliverRun() {}};
}

let flush = (): void => {};

/** Checked once what was published is delivered (the backend delivers at the end of a tick). */
function check(room: Room): void {
	flush();
	expect(`[${room.usersBytes().toString('utf8')}]`).toBe(JSON.stringify(room.users()));
	expect(`[${room.historyBytes(2).toString('utf8')}]`).toBe(JSON.stringify(room.history()));
	// tcpchat/1 readers get the same events without their room.
	expect(`[${room.historyBytes(1).toString('utf8')}]`).toBe(JSON.stringify(room.history().map(({room: _, ...rest}) => rest)));
}

describe('Room: the encoded users and history of welcomes', () => {
	for (const limit of [0, 1, 5, 100]) {
		it(`match the users and history as JSON through joins, messages, renames and leaves (history ${limit})`, async () => {
			const restored: RoomEvent[] = [
				{type: 'msg', room: '#general', seq: 1, ts: 1, from: 'old', text: 'from the log'},
				{type: 'msg', room: '#general', seq: 2, ts: 2, from: 'old', text: 'ünïcode ✓', action: true},
			];
			let t = 10;
			const store = new MemoryStore();
			store.write(restored);
			const backend = new LocalBackend<RoomMember>(store, '#general', () => {});
			flush = () => backend.flush();
			const [record] = await backend.open(limit);
			const room = new Room(record ?? {name: '#general', topic: '', history: []}, limit, (event, deliver, settle) => backend.publish(event, deliver, settle), () => t++);
			check(room);
			const members: RoomMember[] = [];
			for (let i = 0; i < 40; i++) {
				const m = member(`user-${i}`, 1000 + i);
				members.push(m);
				room.join(m);
				if (i % 3 === 0) check(room);
				if (i % 4 === 0) room.say(m, `hello ${i} "quoted"`, i % 8 === 0);
				if (i % 7 === 0) check(room);
			}
			const from = members[3]!.name;
			members[3]!.name = 'Renamed';
			room.renamed(members[3]!, from);
			check(room);
			room.leave(members[5]!, 'quit', 'bye now');
			room.leave(members[0]!, 'closed');
			check(room);
			for (let i = 0; i < 30; i++) room.say(members[10]!, `burst ${i}`, false);
			check(room);
			room.join(member('late', 5000));
			check(room);
		});
	}
});
