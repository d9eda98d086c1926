import React from 'react';
import {Box, Text} from 'ink';
import stringWidth from 'string-width';
import type {ConnectionState} from '../ui/room-status.js';
import {roomTitle, type RoomTitleParts} from '../ui/room-title.js';
import {padToWidth} from '../ui/wrap-text.js';

export type {ConnectionState};

const STATE_LABEL: Record<ConnectionState, {text: string; color: string}> = {
	connected: {text: '● connected', color: 'green'},
	connecting: {text: '◌ connecting…', color: 'yellow'},
	reconnecting: {text: '○ connection lost', color: 'red'},
	offline: {text: '○ offline', color: 'red'},
};

/**
 * The room's top row: the buffer shown and its topic, who you are, how many are there, and
 * whether the link is up. `title.online` is ignored while not connected: nobody is known then.
 */
export function RoomHeader({width, title, state}: {width: number; title: RoomTitleParts; state: ConnectionState}) {
	const label = STATE_LABEL[state];
	const right = ` ${label.text} `;
	const rightWidth = stringWidth(right);
	const leftRoom = Math.max(0, width - rightWidth);
	// Offline, nobody is known to be anywhere: the state on the right says why.
	const left = roomTitle(state === 'connected' ? title : {...title, online: undefined}, leftRoom);
	if (rightWidth > width) {
		return (
			<Box width={width} height={1}>
				<Text inverse wrap="truncate-end">
					{padToWidth(label.text, width)}
				</Text>
			</Box>
		);
	}
	return (
		<Box width={width} height={1}>
			<Text wrap="truncate-end">
				<Text inverse bold>
					{padToWidth(left, leftRoom)}
				</Text>
				<Text inverse color={label.color}>
					{right}
				</Text>
			</Text>
		</Box>
	);
}
