import {hostPort} from '../protocol/host-port.js';

/** A failed listen, its message a sentence a person can act on (never a stack trace). */
export class ListenError extends Error {
	constructor(
		message: string,
		readonly code: string | undefined,
	) {
		super(message);
		this.name = 'ListenError';
	}
}

/** Turns the error of `server.listen` into a sentence naming the address and what to try. */
export function listenErrorMessage(error: unknown, host: string, port: number): string {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	const where = hostPort(host, port);
	switch (code) {
		case 'EADDRINUSE':
			return `port ${port} is already in use — is another tcpchat server running? Try --port 0.`;
		case 'EACCES':
		case 'EPERM':
			return port < 1024
				? `no permission to listen on port ${port} — ports below 1024 need privileges. Try --port 7777.`
				: `no permission to listen on ${where}.`;
		case 'EADDRNOTAVAIL':
			return `the address ${host} is not one of this machine's addresses — try --host 0.0.0.0.`;
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
		case 'EAI_NONAME':
			return `the host name ${host} could not be resolved — check --host.`;
		case 'EAFNOSUPPORT':
			return `this machine does not support the address family of ${host} — try --host 0.0.0.0.`;
		default: {
			const detail = error instanceof Error ? error.message : String(error);
			return `could not listen on ${where}: ${detail}`;
		}
	}
}

export function toListenError(error: unknown, host: string, port: number): ListenError {
	return new ListenError(listenErrorMessage(error, host, port), (error as NodeJS.ErrnoException | undefined)?.code);
}
