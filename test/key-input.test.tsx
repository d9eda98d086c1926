import React, {useState} from 'react';
import {Text} from 'ink';
import TextInput from 'ink-text-input';
import {describe, expect, test} from 'vitest';
import {UiBoundary, errorMessage} from '../source/components/ui-boundary.js';
import {useInputGuard, useKeyInput} from '../source/hooks/use-key-input.js';
import {isUiError} from '../source/cli/crash-handler.js';
import {renderTerminal} from './helpers/render-terminal.js';
import {ALL_KEY_SEQUENCES} from './helpers/terminal-keys.js';

/** Shows every key it reads; its handler fails on "!". */
function KeyLog({onError}: {onError: (error: unknown) => void}) {
	const [keys, setKeys] = useState<string[]>([]);
	useInputGuard(onError);
	useKeyInput(
		(input, key) => {
			if (input === '!') throw new Error('no exclamations');
			setKeys(previous => [...previous, key.name === 'char' ? `${key.ctrl ? 'C-' : ''}${key.meta ? 'M-' : ''}${input}` : key.name]);
		},
		{onError},
	);
	return <Text>keys: {keys.join(' ')}</Text>;
}

/** ink-text-input (which reads keys with Ink's own useInput), under our guard. */
function GuardedField({onError}: {onError: (error: unknown) => void}) {
	const [value, setValue] = useState('');
	useInputGuard(onError);
	return (
		<Text>
			field: <TextInput value={value} onChange={setValue} />
		</Text>
	);
}

describe('useKeyInput', () => {
	test('several keys in one read arrive one by one, in order; a failing handler does not stop the next key', async () => {
		const errors: string[] = [];
		const term = renderTerminal(<KeyLog onError={error => errors.push(errorMessage(error))} />);
		term.press('ab\r\u001B[1;5P!\tc\u001B[A\u0017');
		const frame = await term.waitFor(text => text.includes('C-w'));
		expect(frame).toContain('keys: ab return f1 tab c up C-w');
		expect(errors).toEqual(['no exclamations']);
	});
});

describe('useInputGuard', () => {
	test("Ink's useInput never sees the keys it throws on; the field still types after them", async () => {
		const errors: unknown[] = [];
		const term = renderTerminal(<GuardedField onError={error => errors.push(error)} />);
		await term.waitFor(text => text.includes('field:'));
		for (const sequence of ALL_KEY_SEQUENCES) if (sequence !== '\u0003') term.press(sequence);
		term.press('\u001B[1;5P');
		term.press('\u001B[1;8S');
		const frame = await term.type('ok');
		expect(frame).toContain('ok');
		expect(errors).toEqual([]);
	});

	test('without the guard the same key is the uncaught error of Ink 6.8 that ended the process', () => {
		const term = renderTerminal(<TextInput value="" onChange={() => {}} />);
		expect(() => term.press('\u001B[1;5P')).toThrow(/startsWith/);
	});
});

describe('UiBoundary', () => {
	function Fragile({fail}: {fail: boolean}) {
		if (fail) throw new Error('cannot draw this');
		return <Text>drawn</Text>;
	}

	test('shows a sentence instead of what failed, and draws again when its key changes', async () => {
		const seen: string[] = [];
		const tree = (fail: boolean, key: number) => (
			<UiBoundary resetKey={key} onError={error => seen.push(errorMessage(error))} fallback={error => <Text>failed: {errorMessage(error)}</Text>}>
				<Fragile fail={fail} />
			</UiBoundary>
		);
		const term = renderTerminal(tree(true, 1));
		await term.waitFor(text => text.includes('failed: cannot draw this'));
		expect(seen).toEqual(['cannot draw this']);
		// The same key: it stays on the sentence (no retry loop).
		term.rerender(tree(false, 1));
		await term.waitFor(text => text.includes('failed: cannot draw this'));
		term.rerender(tree(false, 2));
		await term.waitFor(text => text.includes('drawn'));
	});
});

describe('isUiError', () => {
	test("tells the screens' errors from the service's by where they were thrown", () => {
		const at = (file: string) => Object.assign(new Error('x'), {stack: `Error: x\n    at f (${file}:1:1)`});
		expect(isUiError(at('/app/node_modules/ink/build/hooks/use-input.js'))).toBe(true);
		expect(isUiError(at('/app/dist/source/screens/server-screen.js'))).toBe(true);
		expect(isUiError(at('/app/dist/source/hooks/use-chat-server.js'))).toBe(true);
		expect(isUiError(at('/app/dist/source/server/session.js'))).toBe(false);
		expect(isUiError(at('/app/dist/source/protocol/line-decoder.js'))).toBe(false);
	});
});
