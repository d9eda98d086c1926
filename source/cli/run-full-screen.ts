import process from 'node:process';
// No JSX here, as in cli.tsx: this module is loaded before React picks its build.
import {createElement, type ReactElement} from 'react';
import {render} from 'ink';
import {UiBoundary, errorMessage} from '../components/ui-boundary.js';
import {enterAlternateScreen} from '../ui/alternate-screen.js';

/**
 * Ink draws full-screen in the alternate buffer; the terminal comes back on every way out.
 * An error in rendering that the screen's own boundaries did not stop ends the screen with a
 * sentence on stderr instead of Ink's stack trace.
 */
export async function runFullScreen(element: ReactElement): Promise<never> {
	const leave = enterAlternateScreen();
	let failed: unknown;
	const instance = render(
		createElement(UiBoundary, {
			fallback: () => null,
			onError: (error: unknown) => {
				failed ??= error;
				setImmediate(() => instance.unmount());
			},
			children: element,
		}),
		{exitOnCtrlC: false, patchConsole: false},
	);
	try {
		await instance.waitUntilExit();
	} catch (error) {
		failed ??= error;
	}
	instance.cleanup();
	leave();
	if (failed !== undefined) {
		process.stderr.write(`tcpchat: the screen failed: ${errorMessage(failed)}\n`);
		process.exit(1);
	}
	process.exit(0);
}
