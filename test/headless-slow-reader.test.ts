import {spawn, type ChildProcess} from 'node:child_process';
import type {Readable} from 'node:stream';
import {afterEach, describe, expect, test} from 'vitest';
import {CLI} from './helpers/pty-terminal.js';
import {LineSocket} from './helpers/line-socket.js';

/**
 * The built binary headless under a log collector that stops reading: stdout is a pipe
 * nobody reads. The room must go on, memory must stay bounded (lines dropped, and counted),
 * and SIGTERM/SIGINT must still end the process.
 */
const children: ChildProcess[] = [];
const sockets: LineSocket[] = [];
afterEach(() => {
	for (const socket of sockets.splice(0)) socket.destroy();
	for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** Messages enough to overflow the pipe, the kernel's buffers and the 1 MiB the server keeps for its reader. */
const MESSAGES = 2500;
const TEXT = 'x'.repeat(1900);
const BATCH = 100;

async function stuckServer(): Promise<{child: ChildProcess & {stdout: Readable}; port: number; exited: Promise<number | null>}> {
	const child = spawn(
		process.execPath,
		[CLI, 'server', '--headless', '--host', '127.0.0.1', '--port', '0', '--no-log', '--rate', '100000', '--burst', '100000'],
		{stdio: ['ignore', 'pipe', 'pipe']},
	);
	children.push(child);
	const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)));
	const port = await new Promise<number>((resolve, reject) => {
		let seen = '';
		const onData = (chunk: Buffer) => {
			seen += chunk.toString();
			const match = /listening on 127\.0\.0\.1:(\d+)/.exec(seen);
			if (!match) return;
			child.stdout.off('data', onData);
			// From here on nobody reads stdout.
			child.stdout.pause();
			resolve(Number(match[1]));
		};
		child.stdout.on('data', onData);
		child.once('exit', code => reject(new Error(`the server exited (${code}) before listening`)));
	});
	return {child, port, exited};
}

/** One member says MESSAGES long lines and waits for the last one to come back: the room works while stdout is stuck. */
async function flood(port: number): Promise<LineSocket> {
	const socket = await LineSocket.connect(port);
	sockets.push(socket);
	socket.send({type: 'hello', proto: 1, name: 'flooder'});
	await socket.nextOfType('welcome');
	// In batches, each waited for: one tick's burst must stay under the member's send queue.
	for (let start = 0; start < MESSAGES; start += BATCH) {
		for (let index = start; index < start + BATCH; index++) socket.send({type: 'say', text: `${index} ${TEXT}`});
		await socket.nextFrame(f => f['type'] === 'msg' && String(f['text']).startsWith(`${start + BATCH - 1} `), 'the batch echoed');
	}
	return socket;
}

describe('headless with a reader of stdout that never reads', () => {
	test('the room goes on, and SIGTERM ends the process all the same', async () => {
		const {child, port, exited} = await stuckServer();
		const flooder = await flood(port);
		// A newcomer is served while stdout is still stuck.
		const late = await LineSocket.connect(port);
		sockets.push(late);
		late.send({type: 'hello', proto: 1, name: 'late'});
		await late.nextOfType('welcome');
		await flooder.nextFrame(f => f['type'] === 'join' && f['name'] === 'late', 'the newcomer');

		child.kill('SIGTERM');
		// The vitest timeout is the ceiling; the server gives its reader 2 s and then exits.
		expect(await exited).toBe(0);
		await flooder.closed;
	});

	test('when the reader catches up, it is told how many lines it lost, and SIGINT ends the process', async () => {
		const {child, port, exited} = await stuckServer();
		const flooder = await flood(port);

		let stdout = '';
		const waiters = new Set<() => void>();
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			for (const wake of [...waiters]) wake();
		});
		const seen = (pattern: RegExp) =>
			new Promise<RegExpExecArray>(resolve => {
				const check = () => {
					const match = pattern.exec(stdout);
					if (!match) return;
					waiters.delete(check);
					resolve(match);
				};
				waiters.add(check);
				check();
			});
		child.stdout.resume();

		const [, dropped] = await seen(/… (\d+) lines dropped: the reader of stdout is too slow\n/);
		expect(Number(dropped)).toBeGreaterThan(0);
		expect(Number(dropped)).toBeLessThan(MESSAGES);
		// What was kept arrives whole and in order; the lines after the notice are live again.
		const kept = [...stdout.matchAll(/<flooder> (\d+) x+\n/g)].map(match => Number(match[1]));
		expect(kept.length + Number(dropped)).toBeLessThanOrEqual(MESSAGES);
		expect(kept).toEqual([...kept].sort((a, b) => a - b));
		flooder.send({type: 'say', text: 'after the catch-up'});
		await seen(/<flooder> after the catch-up\n/);

		child.kill('SIGINT');
		expect(await exited).toBe(0);
	});
});
