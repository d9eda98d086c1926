import {afterEach, expect, test} from 'vitest';
import {ChatClient} from '../source/client/chat-client.js';
import {ServerHarness} from './helpers/server-harness.js';

const harness = new ServerHarness();
const clients: ChatClient[] = [];

afterEach(async () => {
	for (const client of clients.splice(0)) client.close();
	await harness.cleanup();
});

// Server frames are not bound by the 8192-byte client limit: a busy room's welcome is larger.
test('a client joins a room whose welcome is far larger than 8192 bytes', async () => {
	await harness.start({rate: 1000, burst: 1000});
	const {socket} = await harness.join('talker');
	const long = 'x'.repeat(1000);
	for (let i = 0; i < 30; i++) socket.send({type: 'say', text: `${i} ${long}`});
	await socket.nextFrame(f => f['type'] === 'msg' && String(f['text']).startsWith('29 '), 'the last message');

	const client = new ChatClient({host: '127.0.0.1', port: harness.port, name: 'reader'});
	clients.push(client);
	const welcome = await client.connect();
	expect(JSON.stringify(welcome).length).toBeGreaterThan(30_000);
	expect(welcome.rooms[0]!.history.filter(e => e.type === 'msg')).toHaveLength(30);
});
