import {useCallback, useEffect, useEffectEvent, useRef} from 'react';

/**
 * Collects items pushed at any rate and hands them to `onFlush` at most once per `intervalMs`
 * (default 33 ms, about 30 flushes a second). A flood of socket events thus costs one React
 * update per tick instead of one per event, and the input line stays responsive.
 *
 * `push` is stable for the component's life. Pending items are dropped on unmount.
 */
export function useBatchedEvents<T>(onFlush: (batch: T[]) => void, intervalMs = 33): (item: T) => void {
	const pending = useRef<T[]>([]);
	const timer = useRef<NodeJS.Timeout | undefined>(undefined);
	const flush = useEffectEvent(onFlush);
	const mounted = useRef(true);

	useEffect(() => {
		mounted.current = true;
		return () => {
			mounted.current = false;
			if (timer.current) clearTimeout(timer.current);
			timer.current = undefined;
			pending.current = [];
		};
	}, []);

	return useCallback(
		(item: T) => {
			if (!mounted.current) return;
			pending.current.push(item);
			if (timer.current) return;
			timer.current = setTimeout(() => {
				timer.current = undefined;
				const batch = pending.current;
				pending.current = [];
				if (mounted.current && batch.length > 0) flush(batch);
			}, intervalMs);
		},
		[intervalMs],
	);
}
