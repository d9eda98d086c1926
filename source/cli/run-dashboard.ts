import process from 'node:process';
// No JSX here, as in cli.tsx: this module is loaded before React picks its build.
import {createElement, type ComponentType} from 'react';
import {render, type Instance} from 'ink';
import {UiBoundary, errorMessage} from '../components/ui-boundary.js';
import {ServerScreen, type ServerScreenProps} from '../screens/server-screen.js';
import {printActivity} from '../server/headless.js';
import {HostedServer} from '../server/hosted-server.js';
import {LineOutput} from '../server/line-output.js';
import type {ServerOptions} from '../server/server-options.js';
import {plainClock} from '../protocol/plain-text-format.js';
import {enterAlternateScreen} from '../ui/alternate-screen.js';
import {isUiError, setUiFailureHandler} from './crash-handler.js';

const DRAIN_TIMEOUT_MS = 2000;

export type DashboardRun = {
	/** The screen to show; the dashboard unless a test gives another. */
	Screen?: ComponentType<ServerScreenProps>;
};

/**
 * The dashboard: the server is created here, outside React, and the screen only watches and
 * drives it. When the screen fails (rendering, a key handler, Ink itself), the terminal is
 * restored, stderr says why, and the server goes on serving everyone with the headless
 * printer's lines on stderr until SIGINT/SIGTERM. Never returns: it ends the process.
 */
export async function runDashboard(options: Partial<ServerOptions>, portGiven: boolean, {Screen = ServerScreen}: DashboardRun = {}): Promise<never> {
	const server = new HostedServer(options);
	const leave = enterAlternateScreen();
	let failure: Promise<never> | undefined;
	let instance: Instance | undefined;

	const fail = (error: unknown): void => {
		// Out of React's and Ink's call stacks before the screen is taken down.
		failure ??= new Promise<void>(resolve => setImmediate(resolve)).then(async () => fallBack(error));
	};

	const fallBack = async (error: unknown): Promise<never> => {
		try {
			instance?.unmount();
		} catch {
			// A screen broken enough not to unmount: the terminal is restored below anyway.
		}
		try {
			if (process.stdin.isTTY) process.stdin.setRawMode(false);
			process.stdin.pause();
		} catch {
			// stdin already closed.
		}
		leave();
		setUiFailureHandler(undefined);
		const why = errorMessage(error);
		if (server.status === 'starting') await server.start();
		if (server.status !== 'listening') {
			process.stderr.write(`tcpchat: the dashboard failed (${why}) before the server was listening, so nothing is left running.\n`);
			await server.shutdown();
			process.exit(1);
		}
		const addresses = server.listening?.addresses.join(', ') ?? '';
		const online = server.stats()?.online ?? 0;
		const stamp = () => `[${plainClock(Date.now())}]`;
		const err = new LineOutput(process.stderr, {name: 'stderr', stamp});
		err.write([
			`tcpchat: the dashboard failed (${why}); the server keeps serving the ${online} ${online === 1 ? 'person' : 'people'} online on ${addresses}.`,
			'tcpchat: what happens in the room follows here as text; stop the server with Ctrl+C or SIGTERM.',
		]);
		const printer = printActivity(server, err, err);
		const stop = async (): Promise<void> => {
			printer.line(`${stamp()} shutting down…`);
			await server.shutdown();
			printer.stop();
			await err.flushed(DRAIN_TIMEOUT_MS);
			process.exit(0);
		};
		for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => void stop());
		// Serving until a signal.
		return new Promise<never>(() => {});
	};

	// An uncaught error from the screens' side takes the screen down, not the server.
	setUiFailureHandler(error => {
		if (!isUiError(error)) return false;
		fail(error);
		return true;
	});

	const tree = createElement(UiBoundary, {
		fallback: () => null,
		onError: fail,
		children: createElement(Screen, {server, portGiven, onUiError: fail}),
	});
	instance = render(tree, {exitOnCtrlC: false, patchConsole: false});
	try {
		await instance.waitUntilExit();
	} catch (error) {
		// Ink ended with an error of its own.
		fail(error);
	}
	if (failure) return failure;
	// The operator quit (Ctrl+C, a signal): the screen has shut the server down.
	await server.shutdown();
	instance.cleanup();
	leave();
	setUiFailureHandler(undefined);
	// A server that tried and never served is a failure for whoever started it (a script, a
	// service manager); quitting the port form before any start is the operator's choice.
	if (!server.everListened && server.error) {
		process.stderr.write(`tcpchat: the server did not start: ${server.error}\n`);
		process.exit(1);
	}
	process.exit(0);
}
