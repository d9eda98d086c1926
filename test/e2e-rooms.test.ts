import {afterEach, describe, expect, test} from 'vitest';
import {LineSocket} from './helpers/line-socket.js';
import {usePtyProcesses, type PtyTerminal} from './helpers/pty-terminal.js';
import {freePort} from '../source/bench/free-port.js';

/**
 * Rooms in the client, end to end: the built binary in real pseudo-terminals, two people in two
 * rooms, read off their screens — the room bar's counts, where each message lands, the keys
 * that switch, /list, /part, and a server restart that brings both rooms back.
 */
const procs = usePtyProcesses();
const sockets: LineSocket[] = [];
afterEach(() => {
	for (const socket of sockets.splice(0)) socket.destroy();
});

const ALT_1 = '\u001B1';
const ALT_2 = '\u001B2';
const ALT_RIGHT = '\u001B[1;3C';
const CTRL_N = '\u000E';

/** The row of the room bar at 80×24: the 22nd (above the input line and the footer). */
const bar = (screen: string) => screen.split('\n')[21] ?? '';
/** The header, the first row. */
const header = (screen: string) => screen.split('\n')[0] ?? '';

/** Types a line and waits until the screen shows what it should lead to. */
async function run(term: PtyTerminal, line: string, check: (screen: string) => boolean): Promise<string> {
	await term.type(line);
	return term.waitFor(check);
}

describe('rooms in the client, end to end', () => {
	test('two people, two rooms: join, switch, unread counts, messages in their buffer, /msg, /list, /part', async () => {
		const {port} = await procs.server();
		const [alice, zhang] = await procs.joined(port, ['alice', '张三']);

		await run(alice, '/join #dev', s => header(s).startsWith(' #dev · you: alice') && bar(s) === ' 1:#general 2:#dev');
		await run(zhang, '/join dev', s => header(s).startsWith(' #dev · you: 张三 · 2 online'));
		zhang.write(ALT_1);
		await zhang.waitFor(s => header(s).startsWith(' #general'));

		// Said in #dev while 张三 looks at #general: counted in the bar, not shown.
		await alice.type('hello dev');
		await zhang.waitFor(s => bar(s) === ' 1:#general 2:#dev(1)');
		await alice.type('张三 看这里');
		const counted = await zhang.waitFor(s => bar(s) === ' 1:#general 2:#dev(2,1!)');
		expect(counted).not.toContain('hello dev');
		// A mention rings, wherever it is said.
		await zhang.waitFor(() => zhang.output.includes('\u0007'));

		alice.write(ALT_1);
		await alice.waitFor(s => header(s).startsWith(' #general'));
		await alice.type('in general');
		await zhang.waitFor(s => s.includes('<alice> in general') && bar(s) === ' 1:#general 2:#dev(2,1!)');

		// Alt+→: the next buffer, its messages, its counts read.
		zhang.write(ALT_RIGHT);
		const dev = await zhang.waitFor(s => header(s).startsWith(' #dev') && bar(s) === ' 1:#general 2:#dev');
		expect(dev).toContain('<alice> hello dev');
		expect(dev).toContain('<alice> 张三 看这里');
		expect(dev).not.toContain('in general');

		// /msg from a room: the sender stays there and sees it; the other gets a buffer of its own.
		await run(alice, '/msg 张三 私聊一下', s => s.includes('[you → 张三] 私聊一下') && bar(s) === ' 1:#general 2:#dev 3:@张三');
		await zhang.waitFor(s => bar(s) === ' 1:#general 2:#dev 3:@alice(1!)');
		zhang.write(CTRL_N);
		await zhang.waitFor(s => header(s).startsWith(' @alice · private') && s.includes('[alice → you] 私聊一下'));
		// Typed in the conversation: private, to alice.
		await zhang.type('好的');
		await alice.waitFor(s => bar(s) === ' 1:#general 2:#dev 3:@张三(1!)');

		// /list: alice makes a room, 张三 finds it by typing part of its name and joins with Enter.
		await run(alice, '/join #测试', s => header(s).startsWith(' #测试'));
		await run(alice, '/topic 中文测试 room', s => header(s).includes('— 中文测试 room'));
		await run(zhang, '/list', s => /^rooms \(3\)/m.test(s) && /^ {2}#测试 +1 {2}中文测试 room/m.test(s) && /^• #dev +2/m.test(s));
		zhang.write('测');
		// The cursor stands in the filter: "filter: " and one wide character.
		await zhang.waitForCursor({x: 8 + 2, y: 2}, s => /^rooms \(1 of 3\)/m.test(s));
		zhang.write('\r');
		await zhang.waitFor(s => header(s).startsWith(' #测试 · you: 张三 · 2 online — 中文测试 room') && bar(s).endsWith('4:#测试'));
		await alice.waitFor('→ 张三 joined');

		// /part: the room's buffer closes; the others see the part with its reason.
		await run(zhang, '/part 再见', s => !bar(s).includes('#测试') && s.includes('you left #测试: 再见'));
		await alice.waitFor('← 张三 left the room: 再见');
		await alice.waitFor(s => s.includes('online (1)'));
	});

	test('a server restart: the client rejoins both rooms, keeps its buffers and talks in each again', async () => {
		const port = await freePort();
		const first = await procs.server(port);
		const [zhang] = await procs.joined(port, ['张三']);
		await run(zhang, '/join #开发', s => bar(s) === ' 1:#general 2:#开发');
		await zhang.type('before the restart');
		await zhang.waitFor('<张三> before the restart');

		first.server.write('\u0003');
		expect((await first.server.waitForExit()).exitCode).toBe(0);
		await zhang.waitFor(s => s.includes('connection lost') && /reconnecting in \d+ s/.test(s));
		const second = await procs.server(port);
		const back = await zhang.waitFor(s => s.includes(`reconnected to 127.0.0.1:${port} as 张三`) && s.includes('● connected'));
		// Both buffers kept, both rooms joined again (none "not back in"), what was said still there.
		expect(bar(back)).toBe(' 1:#general 2:#开发');
		expect(back).toContain('<张三> before the restart');
		expect(back).not.toContain('not back in');
		zhang.write(ALT_1);
		await zhang.waitFor(s => header(s).startsWith(' #general · you: 张三 · 1 online') && s.includes(`reconnected to 127.0.0.1:${port}`));

		// Heard in each room by a member of that room only.
		const reader = await LineSocket.connect(port);
		sockets.push(reader);
		reader.autoPong();
		reader.send({type: 'hello', proto: 2, name: 'reader', rooms: ['#开发']});
		await reader.nextOfType('welcome');
		zhang.write(ALT_2);
		await zhang.waitFor(s => header(s).startsWith(' #开发 · you: 张三 · 2 online'));
		await zhang.type('又回来了');
		expect(await reader.nextOfType('msg')).toMatchObject({room: '#开发', from: '张三', text: '又回来了'});
		await second.server.waitFor('又回来了');
	});
});
