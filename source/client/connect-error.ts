import type {ErrorCode, ErrorFrame} from '../protocol/frames.js';

import {hostPort} from '../protocol/host-port.js';

/** Why a connection attempt (or a live connection) failed, as a sentence for the screen. */
export function connectErrorSentence(error: unknown, host: string, port: number): string {
	const code = typeof error === 'object' && error !== null ? (error as {code?: unknown}).code : undefined;
	const where = hostPort(host, port);
	switch (code) {
		case 'ECONNREFUSED':
			return `connection refused — is a server running on ${where}?`;
		case 'ENOTFOUND':
			return `unknown host ${host}`;
		case 'EAI_AGAIN':
			return `could not look up ${host} — is the network up?`;
		case 'ETIMEDOUT':
			return `no answer from ${where}`;
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
		case 'EHOSTDOWN':
		case 'ENETDOWN':
			return `${host} is unreachable`;
		case 'ECONNRESET':
		case 'EPIPE':
			return 'the server closed the connection';
		case 'EADDRNOTAVAIL':
			return `${host} is not an address this machine can reach`;
		case 'EACCES':
		case 'EPERM':
			return `not allowed to connect to ${where}`;
		case 'ERR_SOCKET_BAD_PORT':
			return `port ${port} is not a valid port (1–65535)`;
		case 'ERR_INVALID_ADDRESS':
			return `${host} is not a valid host`;
		default: {
			const message = error instanceof Error && error.message ? error.message : String(error);
			return `could not connect to ${where}: ${message}`;
		}
	}
}

/** The sentence for a connect timeout; `seconds` is the configured limit. */
export function timeoutSentence(host: string, port: number, seconds: number): string {
	return `no answer from ${hostPort(host, port)} after ${formatSeconds(seconds)}`;
}

function formatSeconds(seconds: number): string {
	return Number.isInteger(seconds) ? `${seconds} s` : `${seconds.toFixed(1)} s`;
}

/** An error frame that refuses the hello (or the connection) as a sentence. */
export function refusalSentence(frame: ErrorFrame, name: string): string {
	switch (frame.code) {
		case 'name_taken':
			return frame.message && frame.message !== frame.code
				? frame.message
				: `the name "${name}" is taken — choose another`;
		case 'name_invalid':
			return frame.message && frame.message !== frame.code ? frame.message : `"${name}" is not a valid name`;
		case 'server_full':
			return 'the server is full — try again later';
		case 'too_many_connections':
			return 'too many connections from your address — close some and try again';
		default:
			return frame.message || frame.code;
	}
}

const ROOM_ERRORS: Partial<Record<ErrorCode, string>> = {
	rate_limited: 'you are sending too fast — slow down',
	text_empty: 'an empty message was not sent',
	not_joined: 'not in the room yet — the message was not sent',
	frame_too_long: 'that was too long for the server — not sent',
	bad_json: 'the server could not read what this client sent',
	bad_frame: 'the server did not understand what this client sent',
};

/** An error frame received while in the room, as feedback for the message list. */
export function roomErrorSentence(frame: ErrorFrame): string {
	switch (frame.code) {
		case 'text_too_long':
			return frame.message ? `not sent: ${frame.message}` : 'not sent: the message is too long';
		case 'no_such_user':
			return frame.message || 'no such user is online';
		case 'name_taken':
		case 'name_invalid':
			return frame.message || 'that name cannot be used';
		default:
			return ROOM_ERRORS[frame.code] ?? (frame.message || frame.code);
	}
}

/** Error codes that refuse a hello: the connection attempt fails with the server's reason. */
export function isRefusal(code: ErrorCode): boolean {
	return code === 'name_taken' || code === 'name_invalid' || code === 'server_full' || code === 'too_many_connections';
}
