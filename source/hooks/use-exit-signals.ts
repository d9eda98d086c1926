import {useEffect, useEffectEvent} from 'react';
import process from 'node:process';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs `onSignal` when the process is asked to stop (kill, a closed terminal, SIGINT from
 * outside), so that a screen leaves the same graceful way as with Ctrl+C instead of dying
 * with the terminal still in the alternate buffer.
 */
export function useExitSignals(onSignal: () => void): void {
	const onStop = useEffectEvent(onSignal);
	useEffect(() => {
		const handler = () => onStop();
		for (const signal of SIGNALS) process.on(signal, handler);
		return () => {
			for (const signal of SIGNALS) process.off(signal, handler);
		};
	}, []);
}
