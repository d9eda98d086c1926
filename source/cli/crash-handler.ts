import process from 'node:process';

/** Offered every uncaught error first; returns true when it took care of it (the process goes on). */
export type UiFailureHandler = (error: Error) => boolean;

let uiFailure: UiFailureHandler | undefined;

/** While the dashboard is up, its runner takes UI errors (the server goes on, headless). */
export function setUiFailureHandler(handler: UiFailureHandler | undefined): void {
	uiFailure = handler;
}

/** Whether an error comes from the screens' side: Ink, React, or our hooks, components and screens. */
export function isUiError(error: Error): boolean {
	const stack = error.stack ?? '';
	return /[/\\]node_modules[/\\](ink|ink-text-input|react|react-reconciler|scheduler|yoga-layout)[/\\]|[/\\]source[/\\](screens|components|hooks|ui)[/\\]/.test(
		stack,
	);
}

/**
 * A crash still gets a sentence, not a stack trace (TCPCHAT_DEBUG=1 prints it); the alternate
 * screen is left by its exit hook. A UI error on the dashboard is offered to its runner first.
 */
export function installCrashHandler(): void {
	process.on('uncaughtException', raw => {
		const error = raw instanceof Error ? raw : new Error(String(raw));
		try {
			if (uiFailure?.(error)) return;
		} catch {
			// The fallback failed too: end as any other crash.
		}
		process.stderr.write(`tcpchat: unexpected error: ${error.message}\n`);
		if (process.env['TCPCHAT_DEBUG']) process.stderr.write(`${error.stack}\n`);
		process.exit(1);
	});
}
