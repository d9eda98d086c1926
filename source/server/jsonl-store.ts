import fs from 'node:fs/promises';
import type {FileHandle} from 'node:fs/promises';
import path from 'node:path';
import {isRoomEvent} from '../protocol/frames.js';
import type {RoomEvent} from '../protocol/frames.js';
import {parseServerFrame} from '../protocol/parse-server-frame.js';
import {roomKey} from '../protocol/room-names.js';
import {type MessageStore, RoomRecords} from './message-store.js';
import type {RoomRecord} from './room-backend.js';

export type JsonlStoreOptions = {
	/** A failed append. Called once per run of failures, not once per event, so a full disk does not flood the caller. */
	onError?: (error: Error) => void;
	/** Something the operator may want to know that is not an error, e.g. a torn line repaired. */
	onWarning?: (text: string) => void;
};

/** Bytes read per step while looking for the last lines of the log. */
const CHUNK_BYTES = 64 * 1024;
/**
 * Our lines are a few kilobytes at most. A longer "line" is not ours: it is skipped without
 * being held whole, so a log full of garbage with no newline cannot fill the memory on start.
 */
const MAX_LINE_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;

type TailLine = {
	/** File offset of the line's first byte. */
	start: number;
	/** The line without its newline; undefined when it was too long to keep. */
	bytes: Buffer | undefined;
	/** False only for bytes after the last newline: a write cut short. */
	terminated: boolean;
};

const REASONS: Record<string, string> = {
	EACCES: 'permission denied',
	EPERM: 'permission denied',
	EISDIR: 'it is a directory',
	ENOTFILE: 'it is not a regular file',
	ENOTDIR: 'a part of the path is a file, not a directory',
	EEXIST: 'a part of the path is a file, not a directory',
	ENOENT: 'a part of the path does not exist',
	EROFS: 'the file system is read-only',
	ENOSPC: 'the disk is full',
	EDQUOT: 'the disk quota is exhausted',
	EMFILE: 'too many files are open',
	ENAMETOOLONG: 'the path is too long',
	ELOOP: 'the path has a loop of symbolic links',
	EIO: 'the disk reported an input/output error',
};

function reasonOf(error: unknown): string {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	if (code && REASONS[code]) return REASONS[code];
	if (code) return `error ${code}`;
	return error instanceof Error ? error.message : String(error);
}

function openError(file: string, error: unknown): Error {
	return new Error(
		`Cannot open the message log ${file}: ${reasonOf(error)}. ` +
			'Choose another file with --log-file PATH, or keep history in memory only with --no-log.',
		{cause: error},
	);
}

async function readFully(handle: FileHandle, buffer: Buffer, position: number): Promise<void> {
	let offset = 0;
	while (offset < buffer.length) {
		const {bytesRead} = await handle.read(buffer, offset, buffer.length - offset, position + offset);
		if (bytesRead === 0) throw new Error('the message log shrank while it was being read');
		offset += bytesRead;
	}
}

async function writeFully(handle: FileHandle, data: Buffer): Promise<void> {
	let offset = 0;
	while (offset < data.length) {
		// No position: the file is opened for appending, so every write lands at its end.
		const {bytesWritten} = await handle.write(data, offset, data.length - offset);
		offset += bytesWritten;
	}
}

/** The file's lines from the last to the first, read backwards in chunks: a long log costs only its tail. */
async function* linesFromEnd(handle: FileHandle, size: number): AsyncGenerator<TailLine> {
	let position = size;
	// The line being assembled: its end offset, and its bytes found so far (file order).
	let lineEnd = size;
	let terminated = false;
	let carry: Buffer[] = [];
	let carryLength = 0;
	let oversized = false;

	const take = (start: number, head: Buffer): TailLine => {
		const line: TailLine = {
			start,
			bytes: oversized || carryLength + head.length > MAX_LINE_BYTES ? undefined : Buffer.concat([head, ...carry]),
			terminated,
		};
		carry = [];
		carryLength = 0;
		oversized = false;
		return line;
	};

	while (position > 0) {
		const length = Math.min(CHUNK_BYTES, position);
		position -= length;
		const chunk = Buffer.allocUnsafe(length);
		await readFully(handle, chunk, position);
		let segmentEnd = length;
		let newline = chunk.lastIndexOf(NEWLINE, segmentEnd - 1);
		while (newline !== -1) {
			const start = position + newline + 1;
			// A file that ends with a newline has nothing after it: no torn line.
			if (terminated || start < lineEnd) yield take(start, chunk.subarray(newline + 1, segmentEnd));
			lineEnd = position + newline;
			terminated = true;
			segmentEnd = newline;
			// lastIndexOf reads a negative offset from the end, so stop explicitly at the chunk's start.
			newline = newline > 0 ? chunk.lastIndexOf(NEWLINE, newline - 1) : -1;
		}
		if (segmentEnd > 0 && !oversized) {
			carry.unshift(chunk.subarray(0, segmentEnd));
			carryLength += segmentEnd;
			if (carryLength > MAX_LINE_BYTES) {
				oversized = true;
				carry = [];
				carryLength = 0;
			}
		}
	}
	if (terminated || lineEnd > 0) yield take(0, Buffer.alloc(0));
}

/** A line of the log; one written before rooms (no `room`) belongs to `defaultRoom`. */
function parseEvent(bytes: Buffer | undefined, defaultRoom: string): RoomEvent | undefined {
	if (!bytes) return undefined;
	const text = bytes.toString('utf8').trim();
	const frame = parseServerFrame(text);
	if (!frame || !isRoomEvent(frame)) return undefined;
	return text.includes('"room":') ? frame : {...frame, room: defaultRoom};
}

function isBlank(bytes: Buffer | undefined): boolean {
	return bytes !== undefined && bytes.toString('utf8').trim().length === 0;
}

/**
 * The message log: every room event as one JSON line, so that `grep` and `jq` can read it.
 * Appends are buffered and written by one asynchronous write at a time; whatever arrives
 * while a write is in flight goes out together in the next one.
 */
export class JsonlStore implements MessageStore {
	readonly location: string;
	onError: ((error: Error) => void) | undefined;
	onWarning: ((text: string) => void) | undefined;
	/** The last append error, for callers that did not pass `onError`. */
	lastError: Error | undefined;

	private handle: FileHandle | undefined;
	private pending: string[] = [];
	private writing: Promise<void> | undefined;
	private failing = false;
	private closed = false;
	private closing: Promise<void> | undefined;

	constructor(
		private readonly file: string,
		options: JsonlStoreOptions = {},
	) {
		this.location = file;
		this.onError = options.onError;
		this.onWarning = options.onWarning;
	}

	async open(limit: number, defaultRoom: string): Promise<RoomRecord[]> {
		if (this.handle) throw new Error(`The message log ${this.file} is already open.`);
		// Reopening after close is allowed: a server whose listen failed may try again with the same store.
		if (this.closing) await this.closing;
		this.closed = false;
		this.closing = undefined;
		let handle: FileHandle;
		let size: number;
		try {
			await fs.mkdir(path.dirname(this.file), {recursive: true});
			// a+: read the tail, truncate a torn line, and append at the end whatever the position.
			handle = await fs.open(this.file, 'a+');
		} catch (error) {
			throw openError(this.file, error);
		}
		try {
			const stat = await handle.stat();
			if (!stat.isFile()) throw Object.assign(new Error('not a regular file'), {code: 'ENOTFILE'});
			size = stat.size;
			const restored = await this.restore(handle, size, limit, defaultRoom);
			this.handle = handle;
			this.kick();
			return restored;
		} catch (error) {
			await handle.close().catch(() => {});
			throw openError(this.file, error);
		}
	}

	append(event: RoomEvent): void {
		if (this.closed) {
			this.report(new Error(`The message log ${this.file} is closed: event ${event.seq} was not saved.`));
			return;
		}
		this.pending.push(JSON.stringify(event) + '\n');
		this.kick();
	}

	close(): Promise<void> {
		this.closing ??= this.finish();
		return this.closing;
	}

	private async finish(): Promise<void> {
		this.closed = true;
		const handle = this.handle;
		if (!handle) return;
		this.kick();
		while (this.writing) await this.writing;
		this.handle = undefined;
		try {
			await handle.close();
		} catch (error) {
			this.report(new Error(`Could not close the message log ${this.file}: ${reasonOf(error)}.`, {cause: error}));
		}
	}

	/**
	 * Reads the log from its end: every room's last `limit` events, topic and next `seq`. The
	 * whole file is read (a quiet room's last events may be anywhere in it); memory stays at
	 * about `limit` events per room.
	 */
	private async restore(handle: FileHandle, size: number, limit: number, defaultRoom: string): Promise<RoomRecord[]> {
		const rooms = new RoomRecords(limit, 'newest first', roomKey);
		let keepBytes = size;
		let atEnd = true;
		for await (const line of linesFromEnd(handle, size)) {
			const event = parseEvent(line.bytes, defaultRoom);
			if (atEnd) {
				// A power cut mid-write leaves a line without its newline, or a line of garbage (zeros).
				if (!line.terminated || (!event && !isBlank(line.bytes))) {
					keepBytes = line.start;
					if (!line.terminated) continue;
				}
				atEnd = false;
			}
			if (event) rooms.add(event);
		}
		if (keepBytes < size) {
			await handle.truncate(keepBytes);
			this.onWarning?.(
				`The message log ${this.file} ended with a torn line (${size - keepBytes} bytes); it was removed.`,
			);
		}
		return rooms.records();
	}

	private kick(): void {
		if (this.writing || !this.handle || this.pending.length === 0) return;
		this.writing = this.drain();
	}

	private async drain(): Promise<void> {
		const handle = this.handle;
		while (handle && this.pending.length > 0) {
			const batch = this.pending.join('');
			this.pending = [];
			try {
				await writeFully(handle, Buffer.from(batch, 'utf8'));
				this.failing = false;
			} catch (error) {
				if (!this.failing)
					this.report(
						new Error(`Could not write to the message log ${this.file}: ${reasonOf(error)}. Some events were not saved.`, {
							cause: error,
						}),
					);
				this.failing = true;
			}
		}
		this.writing = undefined;
	}

	private report(error: Error): void {
		this.lastError = error;
		this.onError?.(error);
	}
}
