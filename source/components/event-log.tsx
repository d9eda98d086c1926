import React from 'react';
import {Box, Text} from 'ink';
import {ruleLine} from '../ui/fit-text.js';
import {newSince, visibleLogRows, type LogAnchor, type LogEntry, type LogKind} from '../ui/server-log.js';

export type EventLogProps = {
	width: number;
	/** Rows for the title and the entries. */
	height: number;
	entries: readonly LogEntry[];
	anchor: LogAnchor;
	/** The newest entry id when the view left the bottom; later ones count as new. */
	seenId: number;
	/** The rule line's title ("Log", or the filter it shows). */
	title?: string;
	/** Said when there are no entries (a filter that matches none yet). */
	empty?: string;
};

const COLOURS: Record<LogKind, string | undefined> = {
	message: undefined,
	system: undefined,
	notice: 'yellow',
	error: 'red',
};

/** The message log, newest at the bottom; only the rows on screen are wrapped and rendered. */
export function EventLog({width, height, entries, anchor, seenId, title = 'Log', empty}: EventLogProps) {
	const rows = visibleLogRows(entries, anchor, width, height - 1);
	const fresh = anchor === null ? 0 : newSince(entries, seenId);
	const marker = anchor === null ? '' : fresh > 0 ? `${fresh} new ↓ End` : 'scrolled up · End';
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Text dimColor={fresh === 0} color={fresh > 0 ? 'cyan' : undefined}>
				{ruleLine(title, marker, width)}
			</Text>
			{entries.length === 0 && empty !== undefined && height > 1 ? (
				<Text dimColor wrap="truncate-end">
					{empty}
				</Text>
			) : null}
			{rows.map(row => (
				<Text key={row.key} dimColor={row.kind === 'system'} color={COLOURS[row.kind]} wrap="truncate-end">
					{row.text}
				</Text>
			))}
		</Box>
	);
}
