/** A terminal under test that reports its next frame. */
export type KeyTarget = {press: (key: string) => void; nextFrame: () => Promise<unknown>};

/**
 * Types a key at a time, as a person does: each key waits for the frame it caused, and then for
 * the tick after it, before the next goes in. ink-text-input reads keys with a handler from its
 * last render, which Ink re-subscribes in an effect that React runs after the frame is drawn, on
 * the next turn of the event loop; a key sent sooner acts on a stale value.
 * So that the first key finds the screen ready too, typing starts a tick late.
 * A string is typed a character at a time; give an array for keys that are escape sequences.
 * Every key must change the screen, or its frame never comes.
 */
export async function typeSlowly(target: KeyTarget, keys: string | readonly string[]): Promise<void> {
	await nextTick();
	for (const key of typeof keys === 'string' ? [...keys] : keys) {
		const frame = target.nextFrame();
		target.press(key);
		await frame;
		await nextTick();
	}
}

function nextTick(): Promise<void> {
	return new Promise(resolve => setImmediate(resolve));
}
