import type {EventEmitter} from 'node:events';
import {useEffect, useEffectEvent, useState} from 'react';
import {useStdin} from 'ink';
import {KeyReader} from '../ui/key-reader.js';
import {safeForInk, type Key} from '../ui/parse-keys.js';

/**
 * One key press; `key.name` is `paste` for a whole bracketed paste (its text in `input`), and
 * `dropped` counts the characters of a paste left out past `MAX_PASTE_CHARS`.
 */
export type KeyHandler = (input: string, key: Key, dropped?: number) => void;
export type UiErrorHandler = (error: unknown) => void;

type InputListener = (data: unknown) => void;

/** Our listeners on Ink's input events; they read every event, Ink's own only those it reads safely. */
const ours = new WeakSet<InputListener>();
/** Where the guard of each Ink app reports a listener's error (the latest screen's handler). */
const guards = new WeakMap<EventEmitter, {onError: UiErrorHandler | undefined}>();

function unwrapped(listener: Function): Function {
	// `once` listeners are wrapped; the wrapper keeps the original as `.listener`.
	return (listener as {listener?: Function}).listener ?? listener;
}

/**
 * Guards Ink's input events once per app. Ink emits them from its stdin `readable` handler,
 * so a listener that throws (Ink 6.8's own `useInput`, inside ink-text-input, throws on
 * Ctrl+F1…F4) escapes as an uncaught exception and ends the process. With the guard, Ink's
 * listeners never see a sequence Ink cannot read, and an error of any listener goes to
 * `onError` (without one, it is thrown on, as before).
 */
export function useInputGuard(onError?: UiErrorHandler): void {
	const {internal_eventEmitter: events} = useStdin();
	if (!events) return;
	const existing = guards.get(events);
	if (existing) {
		existing.onError = onError;
		return;
	}
	const guard = {onError};
	guards.set(events, guard);
	const emit = events.emit.bind(events);
	events.emit = (event: string | symbol, ...args: unknown[]): boolean => {
		if (event !== 'input') return emit(event, ...args);
		const data = typeof args[0] === 'string' ? args[0] : String(args[0] ?? '');
		const inkMayRead = safeForInk(data);
		const listeners = events.rawListeners('input') as InputListener[];
		for (const listener of listeners) {
			if (!inkMayRead && !ours.has(unwrapped(listener) as InputListener)) continue;
			try {
				listener.call(events, data);
			} catch (error) {
				if (!guard.onError) throw error;
				guard.onError(error);
			}
		}
		return listeners.length > 0;
	};
}

/**
 * Ink's `useInput`, made safe: reads the same input events, parses them itself (every byte
 * sequence parses; unknown ones are `unknown` keys) and calls `handler` once per key, in order,
 * when several arrive in one read (fast typing, key repeat, tmux send-keys, a paste followed
 * by Enter). A bracketed paste is one call, however many reads it took. An error in `handler`
 * goes to `onError` and the next key is still handled. The handler always sees the latest
 * render's props and state (an Effect Event).
 */
export function useKeyInput(handler: KeyHandler, options: {isActive?: boolean; onError?: UiErrorHandler} = {}): void {
	const {setRawMode, internal_eventEmitter: events} = useStdin();
	const isActive = options.isActive ?? true;
	const [reader] = useState(() => new KeyReader());
	const onKey = useEffectEvent(handler);
	const onError = useEffectEvent((error: unknown): void => {
		if (!options.onError) throw error;
		options.onError(error);
	});

	useEffect(() => {
		if (!isActive) return;
		setRawMode(true);
		return () => {
			setRawMode(false);
		};
	}, [isActive, setRawMode]);

	useEffect(() => {
		if (!isActive || !events) return;
		const onInput: InputListener = data => {
			for (const {input, key, dropped} of reader.read(typeof data === 'string' ? data : String(data))) {
				try {
					onKey(input, key, dropped);
				} catch (error) {
					onError(error);
				}
			}
		};
		ours.add(onInput);
		events.on('input', onInput);
		return () => {
			events.removeListener('input', onInput);
		};
	}, [events, isActive, reader]);
}
