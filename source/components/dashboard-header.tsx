import React from 'react';
import {Box, Text} from 'ink';
import stringWidth from 'string-width';
import type {ServerStats} from '../server/server-types.js';
import {fitList, fitText, fitTextStart} from '../ui/fit-text.js';
import {formatDuration} from '../ui/format-duration.js';
import {formatRate} from '../ui/format-rate.js';
import {STATUS_TEXT, type ServerStatus} from '../ui/server-status.js';

export type {ServerStatus} from '../ui/server-status.js';

export type DashboardHeaderData = {
	status: ServerStatus;
	/** The listen error, a sentence, when status is `failed`. */
	error: string | null;
	/** `host:port` of the bound address first, then the LAN addresses. */
	addresses: readonly string[];
	stats: ServerStats | null;
	logLocation: string | null;
};

const TITLE = 'tcpchat server  ';

/** Two rows: where the server listens and for how long; then the room's numbers and the log file. */
export function DashboardHeader({header, width, now}: {header: DashboardHeaderData; width: number; now: number}) {
	const {status, stats} = header;
	const uptime = stats && status !== 'failed' ? ` up ${formatDuration(now - stats.startedAt)}` : '';
	const statusText = STATUS_TEXT[status];
	const room = Math.max(0, width - stringWidth(TITLE + statusText) - 1 - stringWidth(uptime));
	const addresses = status === 'listening' ? ` ${fitList(header.addresses, room)}` : '';
	const left = fitText(statusText + addresses, Math.max(0, width - stringWidth(TITLE) - stringWidth(uptime)));
	const numbers = stats
		? `online ${stats.online} · rooms ${stats.rooms} · connections ${stats.connections} · messages ${stats.messagesTotal} · ${formatRate(stats.messagesPerSecond)}/s`
		: 'online 0 · rooms 0 · connections 0 · messages 0';
	const logLabel = header.logLocation ? ' · log ' : '';
	const numbersShown = fitText(numbers + logLabel, Math.min(width, stringWidth(numbers + logLabel))).trimEnd();
	const logRoom = width - stringWidth(numbersShown) - 1;
	return (
		<Box flexDirection="column" width={width} height={2} overflow="hidden">
			<Text wrap="truncate-end">
				<Text bold>{TITLE}</Text>
				<Text color={status === 'failed' ? 'red' : status === 'listening' ? 'green' : 'yellow'}>{statusText}</Text>
				{left.slice(statusText.length)}
				{uptime}
			</Text>
			{status === 'failed' && header.error ? (
				<Text color="red" wrap="truncate-end">
					{header.error}
				</Text>
			) : (
				<Text wrap="truncate-end">
					{numbersShown}
					{header.logLocation && logLabel !== '' ? ' ' : ''}
					{header.logLocation && logRoom > 1 ? <Text dimColor>{fitTextStart(header.logLocation, logRoom)}</Text> : ''}
				</Text>
			)}
		</Box>
	);
}
