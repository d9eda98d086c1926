import {EventEmitter} from 'node:events';
import type {ReactElement} from 'react';
import {render as inkRender} from 'ink';
import stripAnsi from 'strip-ansi';

class FakeStdout extends EventEmitter {
	readonly frames: string[] = [];
	readonly waiters = new Set<() => void>();
	isTTY = false;
	constructor(
		public columns: number,
		public rows: number,
	) {
		super();
	}

	write = (frame: string) => {
		this.frames.push(frame);
		for (const waiter of [...this.waiters]) waiter();
		return true;
	};

	resize(columns: number, rows: number): void {
		this.columns = columns;
		this.rows = rows;
		this.emit('resize');
	}
}

class FakeStdin extends EventEmitter {
	isTTY = true;
	data: string | null = null;
	write = (data: string) => {
		this.data = data;
		this.emit('readable');
		this.emit('data', data);
	};
	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
	read = () => {
		const {data} = this;
		this.data = null;
		return data;
	};
}

/**
 * Like ink-testing-library's render, at a chosen terminal size (it always uses 100 columns),
 * so that screens reading the terminal size can be snapshot at 80×24 and 160×48.
 */
export function renderAt(tree: ReactElement, columns: number, rows: number) {
	const stdout = new FakeStdout(columns, rows);
	const stdin = new FakeStdin();
	const instance = inkRender(tree, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stderr: new FakeStdout(columns, rows) as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	const lastFrame = () => stdout.frames.at(-1) ?? '';
	return {
		stdin,
		stdout,
		lastFrame,
		/** The last frame without colour codes. */
		text: () => stripAnsi(lastFrame()),
		rerender: instance.rerender,
		unmount: () => {
			instance.unmount();
			instance.cleanup();
		},
		/** Waits until the screen shows `predicate`, re-checking on every frame. */
		waitFor: (predicate: (text: string) => boolean): Promise<string> =>
			new Promise(resolve => {
				const check = () => {
					const text = stripAnsi(lastFrame());
					if (!predicate(text)) return false;
					stdout.waiters.delete(check);
					resolve(text);
					return true;
				};
				if (check()) return;
				stdout.waiters.add(check);
				if (process.env['DEBUG_SCREEN']) {
					setTimeout(() => {
						if (stdout.waiters.has(check)) console.log('still waiting; the screen shows:\n' + stripAnsi(lastFrame()));
					}, 3000).unref();
				}
			}),
	};
}

/** Every line of a frame is at most `columns` wide and there are at most `rows` of them. */
export function frameSize(text: string): {width: number; height: number} {
	const lines = text.split('\n');
	return {width: Math.max(...lines.map(l => [...l].length)), height: lines.length};
}

export const KEYS = {
	enter: '\r',
	tab: '\t',
	shiftTab: '\u001B[Z',
	up: '\u001B[A',
	down: '\u001B[B',
	escape: '\u001B',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	home: '\u001B[H',
	end: '\u001B[F',
	f2: '\u001BOQ',
	backspace: '\u007F',
} as const;
