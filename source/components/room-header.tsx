import React from 'react';
import {Box, Text} from 'ink';
import stringWidth from 'string-width';
import {hostPort} from '../protocol/host-port.js';
import type {ConnectionState} from '../ui/room-status.js';
import {padToWidth} from '../ui/wrap-text.js';

export type {ConnectionState};

const STATE_LABEL: Record<ConnectionState, {text: string; color: string}> = {
	connected: {text: '● connected', color: 'green'},
	connecting: {text: '◌ connecting…', color: 'yellow'},
	reconnecting: {text: '○ connection lost', color: 'red'},
	offline: {text: '○ offline', color: 'red'},
};

/** The room's top row: where you are, who you are, how many are here, and whether the link is up. */
export function RoomHeader({
	width,
	host,
	port,
	server,
	you,
	online,
	state,
}: {
	width: number;
	host: string;
	port: number;
	server: string;
	you: string;
	online: number;
	state: ConnectionState;
}) {
	const label = STATE_LABEL[state];
	const right = ` ${label.text} `;
	const rightWidth = stringWidth(right);
	const leftRoom = Math.max(0, width - rightWidth);
	const where = hostPort(host, port);
	// Offline, nobody is known to be online: the state on the right says why.
	const count = state === 'connected' ? ` · ${online} online` : '';
	// Shorter and shorter, so that the connection state on the right always shows.
	const candidates = [
		` tcpchat · ${where}${server ? ` (${server})` : ''} · you: ${you}${count}`,
		` tcpchat · ${where} · you: ${you}${count}`,
		` ${where} · you: ${you}${count}`,
		` ${where} · ${you}${count}`,
		` ${you}${count}`,
	];
	const left = candidates.find(c => stringWidth(c) <= leftRoom) ?? candidates.at(-1)!;
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
