import React from 'react';
import {Box, Text} from 'ink';
import type {ConnectionInfo} from '../server/server-types.js';
import {connectionColumns} from '../ui/connection-columns.js';
import {fitText, ruleLine} from '../ui/fit-text.js';
import {SORT_LABELS, type ConnectionSort} from '../ui/sort-connections.js';

export type ConnectionsTableProps = {
	width: number;
	/** Rows for the title, the column heads and the connections. */
	height: number;
	/** Already sorted. */
	connections: readonly ConnectionInfo[];
	sort: ConnectionSort;
	/** Index of the first connection shown. */
	scroll: number;
	now: number;
};

/** The first row that keeps the view full, so scrolling never leaves blank rows below the last connection. */
export function clampTableScroll(scroll: number, count: number, rows: number): number {
	return Math.max(0, Math.min(scroll, count - rows));
}

/** Live connections, one row each; only the rows that fit are rendered. */
export function ConnectionsTable({width, height, connections, sort, scroll, now}: ConnectionsTableProps) {
	const rows = Math.max(0, height - 2);
	const columns = connectionColumns(width);
	const first = clampTableScroll(scroll, connections.length, rows);
	const shown = connections.slice(first, first + rows);
	const arrow = sort.descending ? '▼' : '▲';
	const range =
		connections.length > rows && rows > 0
			? `${first + 1}–${first + shown.length} of ${connections.length} ↑↓`
			: '';
	const title = `Connections ${connections.length} · sort ${SORT_LABELS[sort.column]} ${arrow}`;
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Text dimColor>{ruleLine(title, range, width)}</Text>
			<Text bold wrap="truncate-end">
				{columns
					.map(column => {
						const marked = column.sort === sort.column ? `${column.title}${arrow}` : column.title;
						return fitText(marked, column.width, column.align);
					})
					.join(' ')}
			</Text>
			{shown.length === 0 && rows > 0 ? <Text dimColor>no connections yet — anyone can join with nc or tcpchat client</Text> : null}
			{shown.map(info => (
				<Text key={info.id} dimColor={info.name === null} wrap="truncate-end">
					{columns.map(column => fitText(column.cell(info, now), column.width, column.align)).join(' ')}
				</Text>
			))}
		</Box>
	);
}
