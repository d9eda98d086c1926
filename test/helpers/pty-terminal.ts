import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';
import {afterEach, beforeAll} from 'vitest';

const {Terminal} = xterm;

export const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/cli.js');

/**
 * The built binary in a real pseudo-terminal, its output fed to a headless xterm, so a test
 * reads the screen a person would see. Waits are driven by the program's output, never by time.
 */
export class PtyTerminal {
	readonly term: InstanceType<typeof Terminal>;
	private readonly proc: pty.IPty;
	private readonly waiters = new Set<() => void>();
	private exitInfo: {exitCode: number; signal?: number} | undefined;
	private raw = '';
	/** Inside a synchronized update (DEC mode 2026): the screen is half drawn, so waits do not look at it. */
	private midFrame = false;
	private syncOpen = false;
	/** The end of the last read, in case a mode 2026 sequence was split between two reads. */
	private syncTail = '';

	/** `file`: another program than the built binary (irssi), given `args` as they are. */
	constructor(args: string[], options: {cols?: number; rows?: number; env?: Record<string, string>; script?: string; file?: string} = {}) {
		const cols = options.cols ?? 80;
		const rows = options.rows ?? 24;
		this.term = new Terminal({cols, rows, allowProposedApi: true});
		this.proc = pty.spawn(options.file ?? process.execPath, options.file ? args : [options.script ?? CLI, ...args], {
			name: 'xterm-256color',
			cols,
			rows,
			cwd: process.cwd(),
			env: userEnvironment(options.env),
		});
		this.proc.onData(data => {
			this.raw += data;
			// Ink clears and redraws whole frames between ?2026h and ?2026l; a frame can come in
			// several reads, and a wait must not match (or fail to match) a half-drawn one.
			const text = this.syncTail + data;
			const begin = text.lastIndexOf('\u001B[?2026h');
			const end = text.lastIndexOf('\u001B[?2026l');
			if (begin !== end) this.syncOpen = begin > end;
			this.syncTail = text.slice(-7);
			const midFrame = this.syncOpen;
			this.term.write(data, () => {
				this.midFrame = midFrame;
				this.wake();
			});
		});
		this.proc.onExit(info => {
			this.exitInfo = info;
			this.wake();
		});
	}

	/** Everything the program wrote, escape sequences included. */
	get output(): string {
		return this.raw;
	}

	get exited(): {exitCode: number; signal?: number} | undefined {
		return this.exitInfo;
	}

	/** The visible screen as text, one line per row, trailing spaces trimmed. */
	screen(): string {
		const buffer = this.term.buffer.active;
		const lines: string[] = [];
		for (let y = 0; y < this.term.rows; y++) {
			lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
		}
		return lines.join('\n');
	}

	/**
	 * The terminal's real cursor as the emulator has it: column and row (0-based, in cells) and
	 * whether it is shown (the last DECTCEM the program wrote).
	 */
	cursor(): {x: number; y: number; visible: boolean} {
		const buffer = this.term.buffer.active;
		const shown = this.raw.lastIndexOf('\u001B[?25h');
		const hidden = this.raw.lastIndexOf('\u001B[?25l');
		return {x: buffer.cursorX, y: buffer.cursorY, visible: shown > hidden};
	}

	/**
	 * Resolves once the screen satisfies `check` and the cursor is shown at `cell`, both after a
	 * whole frame: the cursor is placed at the end of each frame, so this is what a person sees.
	 */
	async waitForCursor(cell: {x: number; y: number}, check: (screen: string) => boolean = () => true, timeoutMs = 20_000): Promise<string> {
		const at = () => {
			const c = this.cursor();
			return c.visible && c.x === cell.x && c.y === cell.y;
		};
		try {
			return await this.waitFor(screen => check(screen) && at(), timeoutMs);
		} catch (error) {
			const c = this.cursor();
			throw new Error(`cursor never at ${cell.x},${cell.y} (it is at ${c.x},${c.y}, ${c.visible ? 'shown' : 'hidden'}): ${(error as Error).message}`);
		}
	}

	/** True while the program has asked for bracketed paste (ESC [ ? 2004 h). */
	bracketedPaste(): boolean {
		return this.term.modes.bracketedPasteMode;
	}

	/** Pastes `text` as a terminal does once the program asked for bracketed paste: marked, in one write. */
	paste(text: string): void {
		this.proc.write(`\u001B[200~${text}\u001B[201~`);
	}

	/** True while the program draws in the alternate screen buffer. */
	inAlternateScreen(): boolean {
		return this.term.buffer.active.type === 'alternate';
	}

	write(data: string): void {
		this.proc.write(data);
	}

	/** Writes bytes as they are, valid UTF-8 or not (node-pty passes a Buffer on to its socket). */
	writeBytes(bytes: Uint8Array): void {
		this.proc.write(Buffer.from(bytes) as unknown as string);
	}

	/** Types text, then Enter, as separate writes, the way a person's keystrokes arrive. */
	async type(text: string): Promise<void> {
		this.proc.write(text);
		await new Promise(resolve => setImmediate(resolve));
		this.proc.write('\r');
	}

	resize(cols: number, rows: number): void {
		this.term.resize(cols, rows);
		this.proc.resize(cols, rows);
	}

	/**
	 * Resolves once the screen satisfies `check`, re-checked on every write of the program.
	 * The timeout is a generous ceiling that only a broken program reaches; its error shows the screen.
	 */
	async waitFor(check: string | RegExp | ((screen: string) => boolean), timeoutMs = 20_000): Promise<string> {
		const test = (s: string) =>
			typeof check === 'string' ? s.includes(check) : check instanceof RegExp ? check.test(s) : check(s);
		return new Promise((resolve, reject) => {
			const finish = (error?: Error) => {
				clearTimeout(timer);
				this.waiters.delete(attempt);
				if (error) reject(error);
				else resolve(this.screen());
			};
			const attempt = () => {
				if (this.midFrame && !this.exitInfo) return;
				const s = this.screen();
				if (test(s)) finish();
				else if (this.exitInfo)
					finish(new Error(`program exited (${this.exitInfo.exitCode}) while waiting for ${String(check)}; screen:\n${s}`));
			};
			const timer = setTimeout(
				() =>
					finish(
						new Error(
							`screen never showed ${String(check)}${this.midFrame ? ' (a frame was left half drawn)' : ''}; screen:\n${this.screen()}`,
						),
					),
				timeoutMs,
			);
			this.waiters.add(attempt);
			attempt();
		});
	}

	async waitForExit(): Promise<{exitCode: number; signal?: number}> {
		if (this.exitInfo) return this.exitInfo;
		return new Promise(resolve => {
			const attempt = () => {
				if (this.exitInfo) {
					this.waiters.delete(attempt);
					resolve(this.exitInfo);
				}
			};
			this.waiters.add(attempt);
		});
	}

	/** Asks the program to stop, as `kill` or a closing terminal would. */
	signal(signal: 'SIGTERM' | 'SIGHUP' | 'SIGINT'): void {
		this.proc.kill(signal);
	}

	kill(): void {
		if (!this.exitInfo) this.proc.kill();
		this.term.dispose();
	}

	private wake(): void {
		for (const waiter of [...this.waiters]) waiter();
	}
}

/**
 * The environment of a person's shell: vitest's NODE_ENV=test is dropped, so the binary
 * picks React's build as it does for a user (a mismatch there once left every screen blank).
 */
function userEnvironment(extra: Record<string, string> = {}): Record<string, string> {
	const env: Record<string, string> = {FORCE_COLOR: '0'};
	for (const [key, value] of Object.entries(process.env)) {
		if (value !== undefined && key !== 'NODE_ENV' && !key.startsWith('VITEST')) env[key] = value;
	}
	return {...env, ...extra};
}

/**
 * The tcpchat processes one test started, each in its own pseudo-terminal: `killAll()` in
 * afterEach ends every one of them, whatever state the test left them in.
 */
export class PtyProcesses {
	private readonly open: PtyTerminal[] = [];

	start(args: string[], cols = 80, rows = 24): PtyTerminal {
		const term = new PtyTerminal(args, {cols, rows});
		this.open.push(term);
		return term;
	}

	/** Ends `term` with the others after the test. */
	adopt(term: PtyTerminal): PtyTerminal {
		this.open.push(term);
		return term;
	}

	/** A dashboard on 127.0.0.1 (`port` 0: a free one), once it shows the address it listens on. */
	async server(port = 0, extra: string[] = [], cols = 100, rows = 30): Promise<{server: PtyTerminal; port: number}> {
		const server = this.start(['server', '--host', '127.0.0.1', '--port', String(port), '--no-log', ...extra], cols, rows);
		const screen = await server.waitFor(/listening on 127\.0\.0\.1:(\d+)/);
		return {server, port: Number(/listening on 127\.0\.0\.1:(\d+)/.exec(screen)![1])};
	}

	/** A client that connects at once; wait for `you: NAME` to know it is in the room. */
	client(port: number, name: string, cols = 80, rows = 24): PtyTerminal {
		return this.start(['client', '--host', '127.0.0.1', '--port', String(port), '--name', name], cols, rows);
	}

	/** Clients started together, resolved once every one of them is in the room. */
	async joined<const Names extends readonly string[]>(
		port: number,
		names: Names,
		cols = 80,
		rows = 24,
	): Promise<{[K in keyof Names]: PtyTerminal}> {
		const terms = names.map(name => this.client(port, name, cols, rows));
		await Promise.all(terms.map((term, i) => term.waitFor(`you: ${names[i]!}`)));
		return terms as {[K in keyof Names]: PtyTerminal};
	}

	killAll(): void {
		for (const term of this.open.splice(0)) term.kill();
	}
}

/**
 * The PtyProcesses of one test file, which runs the built binary: the file fails at once when
 * there is no build, and every process is ended after each test.
 */
export function usePtyProcesses(): PtyProcesses {
	const procs = new PtyProcesses();
	beforeAll(() => {
		if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
	});
	afterEach(() => {
		procs.killAll();
	});
	return procs;
}

/** How many times `text` occurs on `screen`. */
export function occurrences(screen: string, text: string): number {
	return screen.split(text).length - 1;
}
