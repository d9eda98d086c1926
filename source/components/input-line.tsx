import React from 'react';
import {Box, Text} from 'ink';
import stringWidth from 'string-width';
import {fitPrompt} from '../ui/input-prompt.js';
import type {LineState} from '../ui/line-editor.js';
import {inputWindow} from '../ui/line-editor.js';
import {fitWidth} from '../ui/wrap-text.js';

export type InputLineProps = {
	line: LineState;
	prompt: string;
	width: number;
	placeholder?: string;
};

/**
 * Where the caret of an input line is, in columns from the row's start: the screen puts the
 * terminal's real cursor there (see `useCaret`).
 */
export function inputLineCaret({line, prompt, width}: Pick<InputLineProps, 'line' | 'prompt' | 'width'>): number {
	const shownPrompt = fitPrompt(prompt, width);
	const room = Math.max(1, width - stringWidth(shownPrompt));
	return Math.min(width - 1, stringWidth(shownPrompt) + inputWindow(line, room).column);
}

/**
 * One row: a prompt (shortened when long) and the text being typed, scrolled sideways to keep
 * the caret in view. The caret itself is the terminal's cursor, placed by the screen.
 */
export function InputLine({line, prompt, width, placeholder = ''}: InputLineProps) {
	const shownPrompt = fitPrompt(prompt, width);
	const room = Math.max(1, width - stringWidth(shownPrompt));
	if (line.value.length === 0 && placeholder) {
		return (
			<Box width={width} height={1} overflow="hidden">
				<Text wrap="truncate-end">
					<Text bold>{shownPrompt}</Text>{' '}
					<Text dimColor>{fitWidth(placeholder, room - 1)}</Text>
				</Text>
			</Box>
		);
	}
	const {before, at, after} = inputWindow(line, room);
	return (
		<Box width={width} height={1} overflow="hidden">
			<Text wrap="truncate-end">
				<Text bold>{shownPrompt}</Text>
				{before}
				{at}
				{after}
			</Text>
		</Box>
	);
}
