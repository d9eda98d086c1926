import {EventEmitter} from 'node:events';
import type {ReactElement} from 'react';
import {render as inkRender} from 'ink';
import stripAnsi from 'strip-ansi';
import {onTestFailed, onTestFinished} from 'vitest';

/** A terminal's output of a fixed, changeable size; it keeps only the last frame and a count. */
class FakeStdout extends EventEmitter {
	isTTY = true;
	last = '';
	count = 0;
	/** After unmount, what Ink writes on its way out is not a frame a test looks at. */
	closed = false;
	constructor(
		public columns: number,
		public rows: number,
	) {
		super();
	}

	write = (frame: string) => {
		if (this.closed) return true;
		this.last = frame;
		this.count++;
		this.emit('frame');
		return true;
	};
}

/** A keyboard Ink accepts as a TTY in raw mode: what is written to it is read as one chunk. */
class FakeStdin extends EventEmitter {
	isTTY = true;
	private data: string | null = null;
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

export type RenderedTerminal = ReturnType<typeof renderTerminal>;

/**
 * Renders `tree` with Ink into a terminal of `columns`×`rows` (ink-testing-library's is always
 * 100 columns), so that screens reading the terminal size can be drawn at any size. Every wait
 * is driven by the frames Ink draws, never by a timer. Must be called inside a test: the
 * terminal is unmounted when the test finishes, and a failed test prints its last frame.
 */
export function renderTerminal(tree: ReactElement, columns = 80, rows = 24) {
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
	const lastFrame = () => stripAnsi(stdout.last);
	const unmount = () => {
		if (stdout.closed) return;
		stdout.closed = true;
		instance.unmount();
		instance.cleanup();
	};
	onTestFinished(unmount);
	onTestFailed(() => {
		console.log(`last frame (${stdout.columns}×${stdout.rows}):\n${lastFrame()}`);
	});

	/** Resolves once the screen, without colour, satisfies `predicate`: now, or on a later frame. */
	const waitFor = (predicate: (text: string) => boolean): Promise<string> =>
		new Promise(resolve => {
			const check = () => {
				const text = lastFrame();
				if (!predicate(text)) return false;
				stdout.off('frame', check);
				resolve(text);
				return true;
			};
			if (!check()) stdout.on('frame', check);
		});

	return {
		stdin,
		stdout,
		/** The last frame drawn, without colour codes. */
		lastFrame,
		/** The last frame drawn, colour codes and all. */
		rawFrame: () => stdout.last,
		/** How many frames have been drawn so far. */
		frameCount: () => stdout.count,
		waitFor,
		/** Resolves on the next frame drawn (the wait starts now, before any key is pressed). */
		nextFrame: (): Promise<void> => new Promise(resolve => stdout.once('frame', () => resolve())),
		/** Sends keys as one read of the keyboard. */
		press: (keys: string) => stdin.write(keys),
		/** Sends text as one read and waits until the screen shows it. */
		type: async (text: string): Promise<string> => {
			stdin.write(text);
			return waitFor(t => t.includes(text));
		},
		/** Resizes the terminal, as a person dragging the window does. */
		resize: (newColumns: number, newRows: number) => {
			stdout.columns = newColumns;
			stdout.rows = newRows;
			stdout.emit('resize');
		},
		rerender: (next: ReactElement) => instance.rerender(next),
		waitUntilExit: () => instance.waitUntilExit(),
		unmount,
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
	left: '\u001B[D',
	escape: '\u001B',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	home: '\u001B[H',
	end: '\u001B[F',
	f2: '\u001BOQ',
	backspace: '\u007F',
	ctrlC: '\u0003',
} as const;
