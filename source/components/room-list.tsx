import React from 'react';
import {Box, Text} from 'ink';
import type {RoomInfo} from '../protocol/frames.js';
import {LIST_FILTER_PROMPT, roomListContent, type RoomListView} from '../ui/room-list.js';
import {fitWidth} from '../ui/wrap-text.js';
import {InputLine} from './input-line.js';

export type RoomListProps = {
	view: RoomListView;
	/** Undefined while the server's answer is on its way. */
	rooms: readonly RoomInfo[] | undefined;
	/** Keys (`roomKey`) of the rooms you are in: marked •. */
	memberOf: ReadonlySet<string>;
	width: number;
	height: number;
};

/**
 * /list: the server's rooms in place of the messages — a title with the keys, the filter
 * (the terminal's cursor stands in it), then one row per room (• you are in it, members,
 * topic), the chosen one inverse.
 */
export function RoomList({view, rooms, memberOf, width, height}: RoomListProps) {
	const content = roomListContent(view, rooms, memberOf, width, height);
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Text bold color="cyan" wrap="truncate-end">
				{content.title}
			</Text>
			<InputLine line={view.filter} prompt={LIST_FILTER_PROMPT} width={width} />
			{content.rows.map(row => (
				<Text key={row.key} inverse={row.selected} bold={row.member} wrap="truncate-end">
					{row.text}
				</Text>
			))}
			{content.empty ? (
				<Text dimColor wrap="truncate-end">
					{fitWidth(`  ${content.empty}`, width)}
				</Text>
			) : null}
		</Box>
	);
}
