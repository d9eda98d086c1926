import net from 'node:net';
import React from 'react';
import {afterEach, describe, expect, test} from 'vitest';
import {ClientScreen} from '../source/screens/client-screen.js';
import type {ClientScreenProps} from '../source/screens/client-screen.js';
import {ChatServer} from '../source/server/chat-server.js';
import {KEYS, renderTerminal} from './helpers/render-terminal.js';
import {LineSocket} from './helpers/line-socket.js';

/**
 * The client screen in rooms against a real server: keys and lines typed faster than the
 * screen renders still go to the buffer they were meant for, and what cannot be done says so.
 */
const servers: ChatServer[] = [];
const sockets: LineSocket[] = [];
const rawServers: net.Server[] = [];
const rawSockets: net.Socket[] = [];
afterEach(async () => {
	for (const s of sockets.splice(0)) s.destroy();
	for (const s of rawSockets.splice(0)) s.destroy();
	await Promise.all(servers.splice(0).map(s => s.shutdown()));
	await Promise.all(rawServers.splice(0).map(s => new Promise<void>(resolve => s.close(() => resolve()))));
});

async function startServer(): Promise<number> {
	const server = new ChatServer({host: '127.0.0.1', port: 0, logFile: null});
	servers.push(server);
	return (await server.listen()).port;
}

async function member(port: number, name: string, rooms: string[]): Promise<LineSocket> {
	const socket = await LineSocket.connect(port);
	sockets.push(socket);
	socket.autoPong();
	socket.send({type: 'hello', proto: 2, name, rooms});
	await socket.nextOfType('welcome');
	return socket;
}

function screen(port: number, columns = 80, rows = 24) {
	const props: ClientScreenProps = {
		host: '127.0.0.1',
		port,
		name: '张三',
		autoConnect: true,
		bell: false,
		scrollback: 10_000,
		clientOptions: {backoffMs: () => 50, batchMs: 5},
	};
	const r = renderTerminal(<ClientScreen {...props} />, columns, rows);
	const run = async (line: string, expected: (t: string) => boolean) => {
		await r.type(line);
		r.press(KEYS.enter);
		return r.waitFor(expected);
	};
	return {...r, run};
}

const header = (t: string) => t.split('\n')[0]!;
/** The room bar: the row above the input line and the footer. */
const bar = (t: string) => t.split('\n').at(-3)!;

describe('the client screen in rooms', () => {
	test('typed in one go: "/join #dev⏎hi⏎" says hi in #dev; Alt+1 then a line goes to buffer 1', async () => {
		const port = await startServer();
		const dev = await member(port, 'devreader', ['#dev']);
		const general = await member(port, 'genreader', ['#general']);
		const s = screen(port);
		await s.waitFor(t => t.includes('joined 127.0.0.1'));
		s.press('/join #dev\rhi dev\r');
		expect(await dev.nextOfType('msg')).toMatchObject({room: '#dev', from: '张三', text: 'hi dev'});
		await s.waitFor(t => header(t).startsWith(' #dev') && t.includes('<张三> hi dev'));
		// A switch and a line in the same read: the line goes where the switch went.
		s.press('\u001B1hi general\r');
		expect(await general.nextOfType('msg')).toMatchObject({room: '#general', from: '张三', text: 'hi general'});
		// And the other way round: a line, then the switch, in one read.
		s.press('\u001B2');
		await s.waitFor(t => header(t).startsWith(' #dev'));
		s.press('dev again\r\u001B1');
		expect(await dev.nextOfType('msg', f => f['text'] === 'dev again')).toMatchObject({room: '#dev'});
		await s.waitFor(t => header(t).startsWith(' #general'));
	});

	test('what cannot be done says why: the last room, /topic alone, /who and /me in a conversation, a buffer that is none', async () => {
		const port = await startServer();
		const bob = await member(port, 'bob', ['#general']);
		// Wide enough for each sentence on one row.
		const s = screen(port, 140, 24);
		await s.waitFor(t => t.includes('joined 127.0.0.1'));
		await s.run('/part', t => t.includes('#general is your last room — /join another first, or /quit to leave the server'));
		await s.run('/topic', t => t.includes('#general has no topic — /topic TEXT sets one'));
		await s.run('/topic 大家好', t => header(t).includes('— 大家好'));
		expect(await bob.nextOfType('topic')).toMatchObject({room: '#general', text: '大家好'});
		await s.run('/topic', t => t.includes('topic of #general: 大家好'));
		await s.run('/b 5', t => t.includes('there is no buffer 5: the room bar has 1'));
		await s.run('/query bob', t => header(t).startsWith(' @bob · private') && bar(t) === ' 1:#general 2:@bob');
		await s.run('/who', t => t.includes('a private conversation with bob — /who in a room lists its members'));
		await s.run('/me waves', t => t.includes('/me is for rooms: a private message has no action — write it out'));
		await s.run('/topic x', t => t.includes('a private conversation has no topic — /topic is for rooms'));
		await s.run('你好', t => t.includes('[you → bob] 你好'));
		expect(await bob.nextOfType('dm')).toMatchObject({from: '张三', to: 'bob', text: '你好'});
		await s.run('/part', t => bar(t) === ' 1:#general' && t.includes('closed the conversation with bob'));
		await s.run('/b @bob', t => t.includes('no buffer is called @bob'));
	});

	test('against a tcpchat/1 server (one room): /join, /list and /topic answer that there is nothing to join', async () => {
		const server = net.createServer(socket => {
			rawSockets.push(socket);
			socket.setEncoding('utf8');
			socket.on('error', () => {});
			socket.once('data', () => {
				socket.write(`${JSON.stringify({type: 'welcome', proto: 1, server: 'tcpchat/0.1.0', you: '张三', users: [{name: '张三', since: 1}], history: [], motd: ''})}\n`);
			});
		});
		rawServers.push(server);
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		const s = screen((server.address() as net.AddressInfo).port, 140, 24);
		await s.waitFor(t => t.includes('joined 127.0.0.1') && bar(t) === ' 1:#general');
		const said = (t: string) => t.split('this server speaks tcpchat/1: it has one room').length - 1;
		const lines = ['/join #dev', '/list', '/topic hi'];
		for (const [i, line] of lines.entries()) await s.run(line, t => said(t) === i + 1);
		expect(bar(s.lastFrame())).toBe(' 1:#general');
	});
});
