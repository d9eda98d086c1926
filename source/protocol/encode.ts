import type {ClientFrame, ServerFrame} from './frames.js';

/** One frame as one line of tcpchat/1. JSON escapes every control character, so a line never breaks early. */
export function encodeFrame(frame: ServerFrame | ClientFrame): string {
	return JSON.stringify(frame) + '\n';
}
