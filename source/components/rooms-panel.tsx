import React from 'react';
import {Box, Text} from 'ink';
import type {RoomStats} from '../server/server-types.js';
import {fitText, ruleLine} from '../ui/fit-text.js';
import {roomColumns} from '../ui/room-columns.js';

export type RoomsPanelProps = {
	width: number;
	/** Rows for the title, the column heads and the rooms. */
	height: number;
	/** Already sorted. */
	rooms: readonly RoomStats[];
	/** The room the log is filtered to, shown marked. */
	filter: string | null;
};

/** Every room, one row each, as many as fit (the title says how many did not). */
export function RoomsPanel({width, height, rooms, filter}: RoomsPanelProps) {
	const rows = Math.max(0, height - 2);
	const shown = rooms.slice(0, rows);
	const columns = roomColumns(width, shown);
	const more = rooms.length > shown.length ? `${shown.length} of ${rooms.length} shown` : '';
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Text dimColor>{ruleLine(`Rooms ${rooms.length} · most members first`, more, width)}</Text>
			<Text bold wrap="truncate-end">
				{columns.map(column => fitText(column.title, column.width, column.align)).join(' ')}
			</Text>
			{shown.map(room => (
				<Text key={room.name} wrap="truncate-end" color={room.name === filter ? 'cyan' : undefined} bold={room.name === filter}>
					{columns.map(column => fitText(column.cell(room), column.width, column.align)).join(' ')}
				</Text>
			))}
		</Box>
	);
}
