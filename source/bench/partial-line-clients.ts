import type net from 'node:net';
import {localAddress} from './local-address.js';
import {MarkerWatch} from './marker-watch.js';
import {PLAIN_WELCOME, rawJoin} from './raw-join.js';

export type PartialJoinRequest = {
	host: string;
	port: number;
	count: number;
	/** Each connection from its own address of 127.N.0.0/16. */
	network: number;
	namePrefix: string;
	batch: number;
	timeoutMs: number;
};

export type PartialJoinResult = {joined: number; failed: number; firstError?: string};

export type PartialSendRequest = {
	lineBytes: number;
	/** Sending stops after this many seconds, the line unfinished: the run stays bounded. */
	seconds: number;
};

export type PartialSendResult = {
	/** Bytes of the line every open connection has sent. */
	bytesSent: number;
	complete: boolean;
	seconds: number;
	/** Connections the server closed meanwhile. */
	closed: number;
};

export type PartialFinishResult = {answered: number; unanswered: number; closed: number};

/** The first line of the plain-text dialect's `/help` answer: what a finished line gets back. */
export const HELP_ANSWER = '* commands:';

/**
 * The unfinished line: `/help` padded with spaces to `bytes`. Finished, it is a command the
 * server answers to its sender alone, so that 1000 finished lines are 1000 short answers, not
 * a million deliveries.
 */
export function unfinishedLine(bytes: number): Buffer {
	const command = '/help';
	if (bytes < command.length) throw new RangeError(`a line of ${bytes} bytes cannot hold ${command}`);
	return Buffer.from(command + ' '.repeat(bytes - command.length));
}

/**
 * The shortest time between two bytes of one connection. Nagle off is not enough: a byte
 * written while the previous one still waits in the kernel (TCP pacing, autocorking) joins
 * its segment. With few connections a round is over in microseconds, and ss counted 250 of
 * 300 bytes' segments; 1 ms apart, every byte had its own. 1000 connections take longer anyway.
 */
const MIN_ROUND_MS = 2;

type Member = {socket: net.Socket; open: boolean; answered: boolean; watch: MarkerWatch | undefined};

/**
 * The load side of the partial-lines scenario: plain-text members (the dialect that is never
 * pinged) that each send one long line a byte at a time and hold it unfinished. Every byte is
 * its own write, Nagle is off, and a connection's next byte waits until its previous write was
 * taken by the kernel, every other connection has had its byte and at least MIN_ROUND_MS
 * have passed: each byte is a TCP segment of its own (the scenario checks with ss).
 */
export class PartialLineClients {
	private readonly members: Member[] = [];
	private bytesSent = 0;
	private closed = 0;

	async join(request: PartialJoinRequest): Promise<PartialJoinResult> {
		const result: PartialJoinResult = {joined: 0, failed: 0};
		for (let at = 0; at < request.count; at += request.batch) {
			const indices = Array.from({length: Math.min(request.batch, request.count - at)}, (_, i) => at + i);
			const outcomes = await Promise.allSettled(
				indices.map(i =>
					rawJoin({
						host: request.host,
						port: request.port,
						localAddress: localAddress(request.network, i),
						hello: `${request.namePrefix}${i}\n`,
						welcomeMarker: PLAIN_WELCOME,
						timeoutMs: request.timeoutMs,
					}),
				),
			);
			for (const outcome of outcomes) {
				if (outcome.status === 'fulfilled') {
					this.adopt(outcome.value);
					result.joined++;
				} else {
					result.failed++;
					result.firstError ??= outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
				}
			}
		}
		return result;
	}

	async send(request: PartialSendRequest): Promise<PartialSendResult> {
		const line = unfinishedLine(request.lineBytes);
		const started = Date.now();
		const deadline = started + request.seconds * 1000;
		this.bytesSent = 0;
		for (let k = 0; k < line.length && Date.now() < deadline; k++) {
			const at = performance.now();
			await this.round(line.subarray(k, k + 1));
			this.bytesSent = k + 1;
			const left = MIN_ROUND_MS - (performance.now() - at);
			if (left > 0) await new Promise(resolve => setTimeout(resolve, left));
		}
		return {bytesSent: this.bytesSent, complete: this.bytesSent === line.length, seconds: (Date.now() - started) / 1000, closed: this.closed};
	}

	progress(): {bytesSent: number; open: number; closed: number} {
		return {bytesSent: this.bytesSent, open: this.members.length - this.closed, closed: this.closed};
	}

	/** Ends every line and waits (up to `timeoutMs`) for each connection's answer. */
	finish(timeoutMs: number): Promise<PartialFinishResult> {
		return new Promise(resolve => {
			const done = () => {
				clearTimeout(timer);
				const answered = this.members.filter(m => m.answered).length;
				resolve({answered, unanswered: this.members.length - answered, closed: this.closed});
			};
			const timer = setTimeout(done, timeoutMs);
			const check = () => {
				if (this.members.every(m => m.answered || !m.open)) done();
			};
			for (const member of this.members) {
				member.watch = new MarkerWatch(HELP_ANSWER);
				member.socket.on('data', () => check());
				member.socket.on('close', () => check());
				if (member.open) member.socket.write('\n');
			}
			check();
		});
	}

	close(): void {
		for (const member of this.members) member.socket.destroy();
		this.members.length = 0;
	}

	private adopt(socket: net.Socket): void {
		const member: Member = {socket, open: true, answered: false, watch: undefined};
		// Everything the room says is read and dropped; after the line is finished, its answer is looked for.
		socket.on('data', (chunk: Buffer) => {
			if (member.watch && !member.answered && member.watch.push(chunk)) member.answered = true;
		});
		socket.on('close', () => {
			if (!member.open) return;
			member.open = false;
			this.closed++;
		});
		this.members.push(member);
	}

	/** One byte on every open connection, resolved once the kernel has taken all of them. */
	private round(byte: Buffer): Promise<void> {
		return new Promise(resolve => {
			let pending = 1;
			const settle = () => {
				if (--pending === 0) resolve();
			};
			for (const member of this.members) {
				if (!member.open) continue;
				pending++;
				member.socket.write(byte, settle);
			}
			settle();
		});
	}
}
