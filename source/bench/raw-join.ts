import net from 'node:net';
import {connectProblem} from './bench-client.js';
import {MarkerWatch} from './marker-watch.js';

export type RawJoin = {
	host: string;
	port: number;
	localAddress?: string | undefined;
	/** What the client says first: a hello frame, or a nickname in the plain-text dialect. */
	hello: string;
	/** Bytes the server's welcome holds, whichever dialect. */
	welcomeMarker: string;
	timeoutMs: number;
	/** Keep writing after the server's FIN (Node otherwise ends its side at once). */
	allowHalfOpen?: boolean;
};

/** The welcome each dialect starts with. */
export const PLAIN_WELCOME = '* welcome, ';
export const JSON_WELCOME = '{"type":"welcome"';

/**
 * A raw connection that joins the room and is handed over once welcomed, Nagle off: the
 * scenarios write to it byte by byte or as fast as they can, not through a client's codec.
 */
export function rawJoin(request: RawJoin): Promise<net.Socket> {
	return new Promise((resolve, reject) => {
		const {host, port, localAddress} = request;
		const socket = net.connect({host, port, allowHalfOpen: request.allowHalfOpen ?? false, ...(localAddress ? {localAddress} : {})});
		socket.setNoDelay(true);
		const watch = new MarkerWatch(request.welcomeMarker);
		const fail = (message: string) => {
			cleanup();
			socket.destroy();
			reject(new Error(message));
		};
		const timer = setTimeout(() => fail(`no welcome from ${host}:${port} within ${request.timeoutMs / 1000} s`), request.timeoutMs);
		const onData = (chunk: Buffer) => {
			if (said.length < 200) said += chunk.toString('utf8', 0, 200);
			if (!watch.push(chunk)) return;
			cleanup();
			// From here on the owner listens; a reset is seen as the 'close' that follows.
			socket.on('error', () => undefined);
			resolve(socket);
		};
		const onError = (error: NodeJS.ErrnoException) => fail(connectProblem(error, host, port));
		let said = '';
		// With allowHalfOpen a refusal (too many connections) ends the stream without a 'close'.
		const onClose = () => fail(`the server closed the connection before welcoming it${said ? `: ${said.trim().slice(0, 200)}` : ''}`);
		const cleanup = () => {
			clearTimeout(timer);
			socket.off('data', onData);
			socket.off('error', onError);
			socket.off('close', onClose);
			socket.off('end', onClose);
		};
		socket.on('connect', () => socket.write(request.hello));
		socket.on('data', onData);
		socket.on('error', onError);
		socket.on('close', onClose);
		socket.on('end', onClose);
	});
}
