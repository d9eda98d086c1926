import React from 'react';
import {Box, Text} from 'ink';
import stringWidth from 'string-width';
import type {LineState} from '../ui/line-editor.js';
import {inputWindow} from '../ui/line-editor.js';
import {fitWidth} from '../ui/wrap-text.js';

/** One row: a prompt and the text being typed, scrolled sideways to keep the cursor in view. */
export function InputLine({
	line,
	prompt,
	width,
	active = true,
	placeholder = '',
}: {
	line: LineState;
	prompt: string;
	width: number;
	active?: boolean;
	placeholder?: string;
}) {
	const shownPrompt = fitWidth(prompt, Math.max(0, width - 2));
	const room = Math.max(1, width - stringWidth(shownPrompt) - 1);
	if (line.value.length === 0 && placeholder) {
		return (
			<Box width={width} height={1} overflow="hidden">
				<Text wrap="truncate-end">
					<Text bold>{shownPrompt}</Text>
					{active ? <Text inverse> </Text> : null}
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
				{active ? <Text inverse>{at}</Text> : at}
				{after}
			</Text>
		</Box>
	);
}
