import {describe, expect, it} from 'vitest';
import type {RoomEvent, ServerFrame} from '../source/protocol/frames.js';
import {LocalBackend} from '../source/server/local-backend.js';
import {MemoryStore} from '../source/server/memory-store.js';
import {MessageRun, type Outgoing} from '../source/server/outgoing.js';
import {Room, type RoomMember} from '../source/server/room.js';

const encode = (frame: ServerFrame): Buffer => Buffer.from(JSON.stringify(frame) + '\n', 'utf8');
const nothing = (): undefined => undefined;
const msg = (seq: number, from: string): ServerFrame => ({type: 'msg', room: '#general', seq, ts: 1, from, text: `m${seq}`});

describe('MessageRun', () => {
	it('gives every reader the same bytes: the messages encoded one by one, joined once', () => {
		const run = new MessageRun<string>();
		for (let seq = 1; seq <= 4; seq++) run.add(msg(seq, seq % 2 === 0 ? 'bob' : 'carol'), seq % 2 === 0 ? 'bob' : 'carol');
		const bytes = run.bytes(encode)!;
		expect(run.bytes(encode)).toBe(bytes);
		expect(bytes.toString()).toBe([1, 2, 3, 4].map(seq => encode(msg(seq, seq % 2 === 0 ? 'bob' : 'carol')).toString()).join(''));
	});

	it('knows who said what, in order', () => {
		const run = new MessageRun<string>();
		['a', 'b', 'a', 'a'].forEach((from, i) => run.add(msg(i, from), from));
		expect(run.saidBy('a')).toEqual([0, 2, 3]);
		expect(run.saidBy('b')).toEqual([1]);
		expect(run.saidBy('c')).toBeUndefined();
	});

	it('a reader who does not read its own messages gets views of the shared bytes around them', () => {
		const run = new MessageRun<string>();
		['a', 'me', 'b', 'c', 'me'].forEach((from, i) => run.add(msg(i, from), from));
		const shared = run.bytes(encode)!;
		const pieces = run.pieces(encode, run.saidBy('me')!, nothing)!;
		expect(Buffer.concat(pieces).toString()).toBe([0, 2, 3].map(i => encode(msg(i, ['a', 'me', 'b', 'c', 'me'][i]!)).toString()).join(''));
		expect(pieces).toHaveLength(2);
		for (const piece of pieces) expect(piece.buffer).toBe(shared.buffer);
	});

	it('its own read another way go between the views, in their places', () => {
		const run = new MessageRun<string>();
		['me', 'a'].forEach((from, i) => run.add(msg(i, from), from));
		const mine = (frame: ServerFrame): Buffer => Buffer.from(`mine ${(frame as {seq: number}).seq}\n`);
		expect(Buffer.concat(run.pieces(encode, [0], mine)!).toString()).toBe(`mine 0\n${encode(msg(1, 'a')).toString()}`);
	});

	it('nothing at all for a reader of only its own messages that it does not read', () => {
		const run = new MessageRun<string>();
		run.add(msg(1, 'me'), 'me');
		expect(run.pieces(encode, [0], nothing)).toBeUndefined();
		expect(run.bytes(nothing)).toBeUndefined();
	});
});

/** A member that writes down what reached it: each run as its messages' texts, each other frame by type. */
function recorder(name: string, log: string[]): RoomMember {
	return {
		name,
		since: 0,
		deliver(out: Outgoing) {
			log.push(`${name}:${out.frame.type}`);
		},
		deliverRun(run: MessageRun<RoomMember>) {
			log.push(`${name}:run(${run.items.map(item => (item.frame as {text: string}).text).join(',')})`);
		},
	};
}

describe('Room: a tick of messages reaches each member as one run', () => {
	/** A room with alice and bob in it, their joins delivered; `log` then starts empty. */
	async function room(): Promise<{room: Room; backend: LocalBackend<RoomMember>; alice: RoomMember; bob: RoomMember; log: string[]}> {
		const backend = new LocalBackend<RoomMember>(new MemoryStore(), '#general', () => {});
		const [record] = await backend.open(100);
		const room = new Room(record ?? {name: '#general', topic: '', history: []}, 100, (event, deliver, settle) => backend.publish(event, deliver, settle), () => 1);
		const log: string[] = [];
		const alice = recorder('alice', log);
		const bob = recorder('bob', log);
		room.join(alice);
		room.join(bob);
		backend.flush();
		log.length = 0;
		return {room, backend, alice, bob, log};
	}

	it('every member gets the tick’s messages once, in order, the sender too', async () => {
		const {room: r, backend, alice, bob, log} = await room();
		r.say(alice, 'one', false);
		r.say(bob, 'two', false);
		r.say(alice, 'three', false);
		backend.flush();
		expect(log).toEqual(['alice:run(one,two,three)', 'bob:run(one,two,three)']);
	});

	it('a presence event between messages keeps seq order: the messages before it go first', async () => {
		const {room: r, backend, alice, log} = await room();
		r.say(alice, 'before', false);
		r.setTopic(alice, 'a topic');
		r.say(alice, 'after', false);
		backend.flush();
		expect(log).toEqual(['alice:run(before)', 'bob:run(before)', 'alice:topic', 'bob:topic', 'alice:run(after)', 'bob:run(after)']);
		const seqs = r.history().map((event: RoomEvent) => event.seq);
		expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
	});

	it('a member who left before the tick was delivered gets none of it', async () => {
		const {room: r, backend, alice, bob, log} = await room();
		r.say(alice, 'hi', false);
		r.leave(bob, 'quit');
		backend.flush();
		expect(log).toEqual(['alice:run(hi)', 'alice:leave']);
	});
});
