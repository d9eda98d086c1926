import React, {memo} from 'react';
import {Box, Text} from 'ink';
import type {DisplayRow, Segment} from '../ui/message-rows.js';

function SegmentText({segment}: {segment: Segment}) {
	return (
		<Text
			color={segment.color}
			backgroundColor={segment.backgroundColor}
			dimColor={segment.dim}
			bold={segment.bold}
			italic={segment.italic}
			inverse={segment.inverse}
		>
			{segment.text}
		</Text>
	);
}

/** Rows are cached per entry and width, so an unchanged row keeps its identity and is not re-rendered. */
export const MessageRow = memo(function MessageRow({row}: {row: DisplayRow}) {
	return (
		<Text wrap="truncate-end">
			{row.segments.map((segment, index) => (
				<SegmentText key={index} segment={segment} />
			))}
		</Text>
	);
});

/** The visible rows of the message list, newest at the bottom; empty space stays at the top. */
export function MessageList({rows, width, height}: {rows: readonly DisplayRow[]; width: number; height: number}) {
	return (
		<Box flexDirection="column" justifyContent="flex-end" width={width} height={height} overflow="hidden">
			{rows.map(row => (
				<MessageRow key={row.key} row={row} />
			))}
		</Box>
	);
}
