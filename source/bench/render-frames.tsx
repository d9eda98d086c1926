import {Writable} from 'node:stream';
import {performance} from 'node:perf_hooks';
import React from 'react';
import {render} from 'ink';
import type {UserInfo} from '../protocol/frames.js';
import type {ChatEntry} from '../ui/chat-entry.js';
import {RoomView} from '../components/room-view.js';

export type RenderFigures = {
	historyLength: number;
	frames: number;
	/** Milliseconds per frame: one message appended, the room re-rendered and written out. */
	p50: number;
	p99: number;
	mean: number;
	max: number;
	bytesPerFrame: number;
};

export const RENDER_HISTORY_LENGTHS = [1000, 10_000, 100_000];

const WORDS = 'the quick brown fox jumps over a lazy dog while alice and bob talk about tcp sockets ink and react'.split(' ');

/** Messages of varied length from 50 people, some wrapping over two or three rows, a few mentioning you. */
export function syntheticEntry(id: number): ChatEntry {
	const words = 3 + ((id * 7919) % 40);
	const text = Array.from({length: words}, (_, i) => WORDS[(id + i * 31) % WORDS.length]).join(' ');
	return {
		id,
		kind: 'msg',
		ts: 1_764_075_600_000 + id * 250,
		seq: id,
		from: `user${id % 50}`,
		text: id % 97 === 0 ? `bench: ${text}` : text,
		action: id % 53 === 0,
	};
}

/** A terminal that is not there: counts what Ink writes and has a fixed size. */
class FakeTerminal extends Writable {
	bytes = 0;
	readonly isTTY = false;

	constructor(
		readonly columns: number,
		readonly rows: number,
	) {
		super();
	}

	override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
		this.bytes += chunk.length;
		done();
	}
}

/**
 * Renders the client's room (`RoomView`) with `historyLength` messages in memory, then
 * appends one message per frame and times each re-render, Ink's layout and output included.
 * Ink's debug mode renders every update at once (no frame-rate throttle), so a frame's time is
 * the time of the synchronous `rerender` call.
 */
/** A room bar of a few buffers, as a busy client has it. */
const BAR = ['#general', '#dev', '#ops'].map((name, i) => ({key: `room:${name}`, kind: 'room' as const, name, unread: i, mentions: 0, member: true}));

export function measureRenderFrames(historyLength: number, frames: number, width = 120, height = 40): RenderFigures {
	let entries: ChatEntry[] = Array.from({length: historyLength}, (_, i) => syntheticEntry(i + 1));
	const users: UserInfo[] = Array.from({length: 50}, (_, i) => ({name: `user${i}`, since: 0}));
	const terminal = new FakeTerminal(width, height);
	const view = (list: readonly ChatEntry[]) => (
		<RoomView
			width={width}
			height={height}
			entries={list}
			users={users}
			you="bench"
			title={{name: '#general', kind: 'room', topic: 'the render benchmark', online: users.length, member: true, you: 'bench', where: '127.0.0.1:7777'}}
			buffers={BAR}
			current="room:#general"
			connection="connected"
			line={{value: '', cursor: 0}}
			scrollOffset={0}
			newMessages={0}
			showUsers
			hints={[{key: 'F2', label: 'users'}]}
		/>
	);
	const instance = render(view(entries), {
		stdout: terminal as unknown as NodeJS.WriteStream,
		debug: true,
		patchConsole: false,
		exitOnCtrlC: false,
	});
	const warmup = Math.min(50, frames);
	const times: number[] = [];
	const bytesBefore = terminal.bytes;
	try {
		for (let frame = 0; frame < warmup + frames; frame++) {
			// The new list is built outside the timing: the client's hook owns that cost, not the screen.
			const next = entries.concat(syntheticEntry(historyLength + frame + 1));
			const started = performance.now();
			instance.rerender(view(next));
			const took = performance.now() - started;
			if (frame >= warmup) times.push(took);
			entries = next;
		}
	} finally {
		instance.unmount();
		instance.cleanup();
	}
	times.sort((a, b) => a - b);
	const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
	return {
		historyLength,
		frames,
		p50: at(0.5),
		p99: at(0.99),
		mean: times.reduce((sum, t) => sum + t, 0) / Math.max(1, times.length),
		max: times.at(-1) ?? 0,
		bytesPerFrame: (terminal.bytes - bytesBefore) / Math.max(1, warmup + frames),
	};
}
