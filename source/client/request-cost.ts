import type {ClientFrame} from '../protocol/frames.js';
import {DEFAULT_HISTORY_PAGE, MAX_HISTORY_PAGE} from '../protocol/limits.js';

/**
 * What the server's rate limit charges for a question whose answer may be big (docs/protocol.md,
 * "History and search"): one token, and one more per 4 KB it may answer with, an event estimated
 * at 128 bytes; a search as 4 KB. The client spends the same, so that its own pace keeps a page
 * request from being refused.
 */
const EVENT_BYTES = 128;
const BYTES_PER_TOKEN = 4096;
const SEARCH_BYTES = 4096;

export function requestCost(frame: ClientFrame, burst: number): number {
	let bytes = 0;
	if (frame.type === 'history') {
		const limit = Math.min(MAX_HISTORY_PAGE, frame.limit ?? DEFAULT_HISTORY_PAGE);
		bytes = Math.min(limit, (frame.before ?? Number.MAX_SAFE_INTEGER) - 1) * EVENT_BYTES;
	} else if (frame.type === 'search') bytes = SEARCH_BYTES;
	return Math.min(burst, 1 + Math.floor(Math.max(0, bytes) / BYTES_PER_TOKEN));
}
