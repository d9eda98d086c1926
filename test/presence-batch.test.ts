import {describe, expect, it} from 'vitest';
import type {ServerFrame} from '../source/protocol/frames.js';
import {PresenceBatch} from '../source/server/outgoing.js';

const encode = (frame: ServerFrame): Buffer => Buffer.from(JSON.stringify(frame) + '\n', 'utf8');
const join = (seq: number): ServerFrame => ({type: 'join', room: '#general', seq, ts: 1, name: `u${seq}`});

describe('PresenceBatch', () => {
	it('gives every run a view of the same bytes, equal to the frames encoded one by one', () => {
		const batch = new PresenceBatch();
		const items = [0, 1, 2, 3].map(seq => batch.add(join(seq)));
		expect(batch.sealed).toBe(false);
		const all = batch.bytes(encode, 0, 4);
		expect(batch.sealed).toBe(true);
		expect(all.toString()).toBe(items.map(o => o.encode(encode)!.toString()).join(''));
		const tail = batch.bytes(encode, 2, 4);
		expect(tail.toString()).toBe(encode(join(2)).toString() + encode(join(3)).toString());
		expect(tail.buffer).toBe(all.buffer);
	});

	it('skips frames a dialect does not show', () => {
		const batch = new PresenceBatch();
		batch.add(join(0));
		batch.add(join(1));
		batch.add(join(2));
		const odd = (frame: ServerFrame): Buffer | undefined => ((frame as {seq: number}).seq === 1 ? undefined : encode(frame));
		expect(batch.bytes(odd, 0, 3).toString()).toBe(encode(join(0)).toString() + encode(join(2)).toString());
	});
});
