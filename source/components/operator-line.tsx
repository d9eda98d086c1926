import React from 'react';
import {Box, Text} from 'ink';
import type {LineState} from '../ui/line-editor.js';
import {InputLine} from './input-line.js';

export type Feedback = {tone: 'info' | 'error'; text: string};

export type OperatorLineProps = {
	width: number;
	line: LineState;
	feedback: Feedback | null;
	active: boolean;
};

/** Two rows: the result of the last command, then the prompt. */
export function OperatorLine({width, line, feedback, active}: OperatorLineProps) {
	return (
		<Box flexDirection="column" width={width} height={2} overflow="hidden">
			<Text color={feedback?.tone === 'error' ? 'red' : 'green'} wrap="truncate-end">
				{feedback ? feedback.text : ' '}
			</Text>
			<InputLine
				line={line}
				prompt="> "
				width={width}
				active={active}
				placeholder="/kick NAME [reason] · /notice TEXT · /help"
			/>
		</Box>
	);
}
