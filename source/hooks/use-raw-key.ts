import {useEffect, useRef} from 'react';
import {useStdin} from 'ink';

/**
 * Calls `handler` when the terminal sends one of `sequences` (e.g. F2, which Ink's `useInput`
 * does not report). Reads the same input events as `useInput`, so it never steals keys.
 */
export function useRawKey(sequences: readonly string[], handler: () => void, active = true): void {
	const {internal_eventEmitter: events} = useStdin();
	const latest = useRef(handler);
	latest.current = handler;
	const key = sequences.join('\u0000');
	useEffect(() => {
		if (!active || !events) return;
		const wanted = new Set(key.split('\u0000'));
		const onInput = (data: string | Buffer) => {
			if (wanted.has(String(data))) latest.current();
		};
		events.on('input', onInput);
		return () => {
			events.removeListener('input', onInput);
		};
	}, [events, key, active]);
}

/** What terminals send for F2: xterm/VT100 (SS3 Q), rxvt/linux console, and the linux console's own. */
export const F2_SEQUENCES = ['\u001BOQ', '\u001B[12~', '\u001B[[B'] as const;
