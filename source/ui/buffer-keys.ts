import type {Key} from './parse-keys.js';

/** Which buffer a switching key asks for (the same shape as `BufferTarget` of the client's state). */
export type BufferKeyTarget = {index: number} | {step: 1 | -1} | {activity: true};

/**
 * The keys that switch buffers, as irssi and weechat have them: Alt+1…9 the first nine, Alt+0
 * the tenth; Alt+←/→ and Ctrl+P/Ctrl+N the one before/after (wrapping); Alt+A the next one
 * with mentions of you, or else with unread messages. Undefined for any other key (the input
 * line has it). In the room, Alt+←/→ are therefore not word moves: Ctrl+←/→ and Alt+B/F are.
 */
export function bufferKeyTarget(input: string, key: Key): BufferKeyTarget | undefined {
	if (key.meta && !key.ctrl && key.name === 'char') {
		if (/^[0-9]$/u.test(input)) return {index: input === '0' ? 9 : Number(input) - 1};
		if (input === 'a' || input === 'A') return {activity: true};
		return undefined;
	}
	if (key.meta && !key.ctrl && !key.shift && (key.leftArrow || key.rightArrow)) return {step: key.leftArrow ? -1 : 1};
	if (key.ctrl && !key.meta && key.name === 'char' && (input === 'p' || input === 'n')) return {step: input === 'p' ? -1 : 1};
	return undefined;
}
