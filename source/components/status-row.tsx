import React from 'react';
import {Box, Text} from 'ink';
import stringWidth from 'string-width';
import {fitWidth} from '../ui/wrap-text.js';

export type StatusRowProps = {
	width: number;
	/** Rows scrolled up from the newest; 0 = live. */
	scrollOffset: number;
	newMessages: number;
	/** A connection problem to show instead of the scroll state, e.g. the reconnect countdown. */
	alert?: string | undefined;
};

/** "N new messages" while scrolled up: words, not only a colour. */
export function scrollMarkerText(scrollOffset: number, newMessages: number): string | undefined {
	if (scrollOffset <= 0) return undefined;
	if (newMessages > 0) return `── ${newMessages} new message${newMessages === 1 ? '' : 's'} below · End to jump back ──`;
	return '── scrolled up · End to return to the newest ──';
}

/** The row between the messages and the input: a rule, the scroll marker, or a connection alert. */
export function StatusRow({width, scrollOffset, newMessages, alert}: StatusRowProps) {
	const marker = scrollMarkerText(scrollOffset, newMessages);
	let content: React.ReactNode;
	if (alert) {
		// A hint in parentheses at the end goes first when the row is too narrow (the footer has it too).
		const shown = stringWidth(alert) > width ? alert.replace(/ \([^)]*\)$/u, '') : alert;
		content = (
			<Text color="yellow" bold wrap="truncate-end">
				{fitWidth(shown, width)}
			</Text>
		);
	} else if (marker) {
		content = (
			<Text color={newMessages > 0 ? 'cyan' : undefined} bold={newMessages > 0} wrap="truncate-end">
				{fitWidth(marker, width)}
			</Text>
		);
	} else {
		content = <Text dimColor>{'─'.repeat(Math.max(0, width))}</Text>;
	}
	return (
		<Box width={width} height={1} overflow="hidden">
			{content}
		</Box>
	);
}
