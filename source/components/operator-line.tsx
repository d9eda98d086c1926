import React from 'react';
import {Box, Text} from 'ink';
import type {LineState} from '../ui/line-editor.js';
import type {Feedback} from '../ui/operator-commands.js';
import {InputLine, inputLineCaret} from './input-line.js';

export type {Feedback};

export type OperatorLineProps = {
	width: number;
	line: LineState;
	feedback: Feedback | null;
};

export const OPERATOR_PROMPT = '> ';

/** Where the operator line's caret is, in columns from the row's start (its prompt is the second row). */
export function operatorLineCaret(line: LineState, width: number): number {
	return inputLineCaret({line, prompt: OPERATOR_PROMPT, width});
}

/** Two rows: the result of the last command, then the prompt. */
export function OperatorLine({width, line, feedback}: OperatorLineProps) {
	return (
		<Box flexDirection="column" width={width} height={2} overflow="hidden">
			<Text color={feedback?.tone === 'error' ? 'red' : 'green'} wrap="truncate-end">
				{feedback ? feedback.text : ' '}
			</Text>
			<InputLine line={line} prompt={OPERATOR_PROMPT} width={width} placeholder="/kick NAME [reason] · /notice [#room] TEXT · /filter #room · /help" />
		</Box>
	);
}
