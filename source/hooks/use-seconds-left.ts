import {useEffect, useState} from 'react';

function secondsUntil(deadline: number): number {
	return Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
}

/** Whole seconds until `deadline` (ms since the epoch), following the clock; undefined without one. */
export function useSecondsLeft(deadline: number | undefined): number | undefined {
	const [seconds, setSeconds] = useState(() => (deadline === undefined ? undefined : secondsUntil(deadline)));
	useEffect(() => {
		if (deadline === undefined) {
			setSeconds(undefined);
			return;
		}
		setSeconds(secondsUntil(deadline));
		// A quarter-second tick keeps the countdown on time; equal values do not re-render.
		const timer = setInterval(() => setSeconds(secondsUntil(deadline)), 250);
		return () => clearInterval(timer);
	}, [deadline]);
	return deadline === undefined ? undefined : (seconds ?? secondsUntil(deadline));
}
