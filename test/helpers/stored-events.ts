import {PassThrough} from 'node:stream';
import type {RoomEvent} from '../../source/protocol/frames.js';
import {exportHistory} from '../../source/server/history-export.js';

/** Every event a history database holds, oldest first, read as `tcpchat export` writes them. */
export async function storedEvents(db: string, room?: string): Promise<RoomEvent[]> {
	const out = new PassThrough();
	const chunks: Buffer[] = [];
	out.on('data', (chunk: Buffer) => chunks.push(chunk));
	await exportHistory({db, room}, out);
	out.end();
	const text = Buffer.concat(chunks).toString('utf8');
	return text === '' ? [] : text.trimEnd().split('\n').map(line => JSON.parse(line) as RoomEvent);
}

/** Every seq once, from the first to the last, in order. */
export function seqsOf(events: Array<{seq: number}>): number[] {
	return events.map(e => e.seq);
}
