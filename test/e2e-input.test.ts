import net from 'node:net';
import stringWidth from 'string-width';
import {afterEach, describe, expect, test} from 'vitest';
import {LineSocket} from './helpers/line-socket.js';
import {usePtyProcesses} from './helpers/pty-terminal.js';

/**
 * Typing as a person does, in the built binary in real pseudo-terminals: where the terminal's
 * cursor is (input methods draw there), bracketed paste, fast keys in the forms, the port form
 * after a failed --port. The cursor is read from the emulator, never guessed from the screen.
 */
const procs = usePtyProcesses();
const sockets: LineSocket[] = [];
afterEach(() => {
	for (const socket of sockets.splice(0)) socket.destroy();
});

/** A member on a raw socket (tcpchat/1), who sees what the room sees. */
async function watcher(port: number, name: string): Promise<LineSocket> {
	const socket = await LineSocket.connect(port);
	sockets.push(socket);
	socket.autoPong();
	socket.send({type: 'hello', proto: 1, name});
	await socket.nextOfType('welcome');
	return socket;
}

/** The input row of the room: the footer is the last row, the input the one above it. */
const inputRow = (rows: number) => rows - 2;

describe('the real cursor sits at the caret', () => {
	test('in the room, after typing Chinese, moving by word and to the start; Ctrl+C shows it at exit', async () => {
		const {port} = await procs.server();
		const zhang = procs.client(port, '张三');
		await zhang.waitFor('you: 张三');
		const prompt = stringWidth('张三> ');
		await zhang.waitForCursor({x: prompt, y: inputRow(24)});

		zhang.write('你好，世界');
		await zhang.waitForCursor({x: prompt + stringWidth('你好，世界'), y: inputRow(24)}, s => s.includes('张三> 你好，世界'));
		zhang.write(' abc');
		await zhang.waitForCursor({x: prompt + stringWidth('你好，世界 abc'), y: inputRow(24)}, s => s.includes('世界 abc'));
		// Ctrl+← goes to the start of "abc"; Alt+B to the start of 世界; Ctrl+A to the start.
		zhang.write('\u001B[1;5D');
		await zhang.waitForCursor({x: prompt + stringWidth('你好，世界 '), y: inputRow(24)});
		zhang.write('\u001Bb');
		await zhang.waitForCursor({x: prompt + stringWidth('你好，'), y: inputRow(24)});
		zhang.write('\u0001');
		await zhang.waitForCursor({x: prompt, y: inputRow(24)});
		// Delete erases forward: 你 goes, the cursor stays.
		zhang.write('\u001B[3~');
		await zhang.waitForCursor({x: prompt, y: inputRow(24)}, s => s.includes('张三> 好，世界 abc'));

		expect(zhang.bracketedPaste()).toBe(true);
		zhang.write('\u0003');
		expect((await zhang.waitForExit()).exitCode).toBe(0);
		expect(zhang.inAlternateScreen()).toBe(false);
		expect(zhang.cursor().visible).toBe(true);
		expect(zhang.bracketedPaste()).toBe(false);
	});

	test('a 24-character Chinese name at 40×12: the prompt is shortened, the typed text and the cursor stay in view', async () => {
		const {port} = await procs.server();
		const name = '张三李四王五赵六钱七孙八周九吴十郑一王二冯三陈四';
		const long = procs.client(port, name, 40, 12);
		await long.waitFor('● connected');
		long.write('我在打字 typing');
		const screen = await long.waitForCursor({x: 13 + stringWidth('我在打字 typing'), y: inputRow(12)}, s => s.includes('我在打字 typing'));
		expect(screen.split('\n')[inputRow(12)]).toBe('张三李四王…> 我在打字 typing');
	});

	test('on the connect form: each field, after fast typing, wide characters, Tab to the next', async () => {
		const form = procs.start(['client', '--host', '', '--port', '7777', '--name', '']);
		await form.waitFor('› Host');
		// The form's box is centred: its fields start 12 columns into it, the host on the box's 4th row.
		const box = form.screen().split('\n');
		const hostRow = box.findIndex(line => line.includes('› Host'));
		const fieldX = box[hostRow]!.indexOf('› Host') + 12;
		await form.waitForCursor({x: fieldX, y: hostRow});

		// As fast as a terminal sends them, one write each: none lost, none out of order.
		for (const char of 'abcdefghijklmnopqrst') form.write(char);
		await form.waitForCursor({x: fieldX + 20, y: hostRow}, s => s.includes('› Host      abcdefghijklmnopqrst'));
		// Ctrl keys edit and never type their letters.
		form.write('\u0015127.0.0.1\u0001x \u0005y\u0017');
		await form.waitForCursor({x: fieldX + 2, y: hostRow}, s => /› Host {6}x {10}/.test(s) && !/uwa|127/.test(s));
		form.write('\u0015127.0.0.1');
		await form.waitFor(s => s.includes('› Host      127.0.0.1'));

		form.write('\t');
		await form.waitForCursor({x: fieldX + 4, y: hostRow + 1}, s => s.includes('› Port'));
		form.write('\u001B[B张三');
		await form.waitForCursor({x: fieldX + 4, y: hostRow + 2}, s => s.includes('› Nickname  张三'));
		form.write('\u0003');
		expect((await form.waitForExit()).exitCode).toBe(0);
	});

	test('keys typed right after start with --host, --port and --name go to the room, not the name', async () => {
		const {port} = await procs.server();
		const reader = await watcher(port, 'reader');
		const eager = procs.client(port, 'eager');
		// As soon as the screen shows anything: the connection may not be up yet.
		await eager.waitFor(s => s.trim().length > 0);
		eager.write('typed ahead');
		eager.write('\r');
		await reader.nextFrame(f => f['type'] === 'msg' && f['from'] === 'eager' && f['text'] === 'typed ahead', 'the typed-ahead line');
		await eager.waitFor('you: eager');
	});

	test('on the port form and the operator line', async () => {
		const dashboard = procs.start(['server', '--host', '127.0.0.1', '--no-log']);
		await dashboard.waitFor('Port 7777');
		const rows = dashboard.screen().split('\n');
		const portRow = rows.findIndex(line => line.includes('Port 7777'));
		const portX = rows[portRow]!.indexOf('Port 7777') + 'Port 7777'.length;
		await dashboard.waitForCursor({x: portX, y: portRow});
		dashboard.write('\u0015');
		await dashboard.waitForCursor({x: portX - 4, y: portRow});
		dashboard.write('0\r');
		await dashboard.waitFor(/listening on 127\.0\.0\.1:\d+/);
		// The operator line is two rows above the bottom (80×24), after "> ".
		await dashboard.waitForCursor({x: 2, y: 24 - 2});
		dashboard.write('/notice 你好');
		await dashboard.waitForCursor({x: 2 + stringWidth('/notice 你好'), y: 22}, s => s.includes('> /notice 你好'));
		dashboard.write('\u0003');
		expect((await dashboard.waitForExit()).exitCode).toBe(0);
		expect(dashboard.cursor().visible).toBe(true);
	}, 30_000);
});

describe('bracketed paste', () => {
	test('a multi-line paste is one message: Enter, Tab and Esc in it are text, not keys', async () => {
		const {port} = await procs.server();
		const reader = await watcher(port, 'reader');
		const [alice] = await procs.joined(port, ['alice'] as const);
		alice.paste('first line\r\nsecond\tline\u001B\rthird 第三行');
		await alice.waitFor(s => s.includes('3 lines — Enter sends one message') && s.includes('alice> first line↵second line↵third 第三行'));
		expect(reader.lines.some(line => line.includes('first line'))).toBe(false);
		alice.write('\r');
		const msg = await reader.nextFrame(f => f['type'] === 'msg' && f['from'] === 'alice', 'the pasted message');
		expect(msg['text']).toBe('first line\nsecond\tline\nthird 第三行');
		const shown = await alice.waitFor('<alice> first line');
		// One message: the lines after the first go on under its text ("14:02 <alice> " is 14 columns).
		expect(shown).toMatch(/^ {14}second {2,}line\s+│$/m);
		expect(shown).toMatch(/^ {14}third 第三行\s+│$/m);
	});

	test('a paste longer than a message goes as several, paced, with a visible "sending k/n"; none is lost', async () => {
		const {port} = await procs.server();
		const reader = await watcher(port, 'reader');
		const [bob] = await procs.joined(port, ['bob'] as const);
		const lines = Array.from({length: 400}, (_, i) => `line ${String(i + 1).padStart(3, '0')} 中文字符 and some words, ${'then more words '.repeat(3)}`);
		bob.paste(lines.join('\n'));
		await bob.waitFor(/400 lines — Enter sends (\d+) messages/);
		const parts = Number(/Enter sends (\d+) messages/.exec(bob.screen())![1]);
		expect(parts).toBeGreaterThan(10);
		bob.write('\r');
		await bob.waitFor(new RegExp(`sending \\d+/${parts}`));
		const texts: string[] = [];
		while (texts.length < parts) {
			const frame = await reader.nextFrame(f => f['type'] === 'msg' && f['from'] === 'bob', `part ${texts.length + 1}`);
			texts.push(String(frame['text']));
		}
		expect(texts.join('\n')).toBe(lines.join('\n'));
		expect(reader.lines.some(line => line.includes('rate_limited'))).toBe(false);
		await bob.waitFor(s => s.includes('line 400') && !s.includes('sending'));
		expect(bob.screen()).not.toContain('slow down');
		// Paced at the server's rate (about 3 s alone): a busy machine may take many times that.
	}, 120_000);
});

describe('the dashboard on a busy port', () => {
	test('--port in use: the port form with the reason; Ctrl+C there exits 1 with the sentence', async () => {
		const blocker = net.createServer();
		await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve));
		const busy = (blocker.address() as net.AddressInfo).port;
		try {
			const dashboard = procs.start(['server', '--host', '127.0.0.1', '--port', String(busy), '--no-log'], 80, 24);
			const form = await dashboard.waitFor(`port ${busy} is already in use`);
			expect(form).toContain(`Port ${busy}`);
			expect(form).not.toContain('not listening');
			dashboard.write('\u0003');
			expect((await dashboard.waitForExit()).exitCode).toBe(1);
			expect(dashboard.inAlternateScreen()).toBe(false);
			await dashboard.waitFor(`tcpchat: the server did not start: port ${busy} is already in use`);
		} finally {
			await new Promise<void>(resolve => blocker.close(() => resolve()));
		}
	});
});
