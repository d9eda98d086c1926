import {afterEach} from 'vitest';
import type {ChatClient} from '../../source/client/chat-client.js';
import type {ChatServer} from '../../source/server/chat-server.js';
import type {LineSocket} from './line-socket.js';

/** Servers, clients and raw sockets a test file makes, closed after each test. */
export function closedAfterEach(): {servers: ChatServer[]; clients: ChatClient[]; sockets: LineSocket[]} {
	const made = {servers: [] as ChatServer[], clients: [] as ChatClient[], sockets: [] as LineSocket[]};
	afterEach(async () => {
		for (const c of made.clients.splice(0)) c.close();
		for (const s of made.sockets.splice(0)) s.destroy();
		await Promise.all(made.servers.splice(0).map(s => s.shutdown()));
	});
	return made;
}
