import React from 'react';
import {Box, Text} from 'ink';
import {ruleLine} from '../ui/fit-text.js';
import {OPERATOR_HELP} from '../ui/operator-commands.js';

/** The operator's commands, shown in place of the log until Esc. */
export function OperatorHelp({width, height}: {width: number; height: number}) {
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Text dimColor>{ruleLine('Operator commands', 'Esc closes', width)}</Text>
			{OPERATOR_HELP.slice(0, Math.max(0, height - 1)).map(line => (
				<Text key={line} wrap="truncate-end">
					{line}
				</Text>
			))}
		</Box>
	);
}
