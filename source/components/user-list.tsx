import React from 'react';
import {Box, Text} from 'ink';
import type {UserInfo} from '../protocol/frames.js';
import {nameKey} from '../protocol/names.js';
import {nickColour} from '../ui/nick-colour.js';
import {fitWidth} from '../ui/wrap-text.js';

/** Columns the user list wants for these names (border and padding included), within sane bounds. */
export function userListWidth(users: readonly UserInfo[]): number {
	const longest = users.reduce((max, u) => Math.max(max, [...u.name].length), 'online (999)'.length);
	return Math.min(28, Math.max(14, longest + 3));
}

/**
 * Who is online, alphabetically, you marked; "+N more" when they do not all fit. While
 * `offline`, the last names known are dimmed under "offline": nobody can say who is there.
 */
export function UserList({
	users,
	you,
	width,
	height,
	offline = false,
}: {
	users: readonly UserInfo[];
	you: string;
	width: number;
	height: number;
	offline?: boolean;
}) {
	const sorted = [...users].sort((a, b) => a.name.localeCompare(b.name));
	const inner = Math.max(1, width - 2);
	const room = Math.max(0, height - 1);
	const shown = sorted.length > room ? sorted.slice(0, Math.max(0, room - 1)) : sorted;
	const hidden = sorted.length - shown.length;
	const youKey = nameKey(you);
	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			borderStyle="single"
			borderTop={false}
			borderBottom={false}
			borderRight={false}
			borderDimColor
			paddingLeft={1}
			overflow="hidden"
		>
			<Text bold={!offline} dimColor={offline} wrap="truncate-end">
				{fitWidth(offline ? 'offline' : `online (${users.length})`, inner)}
			</Text>
			{shown.map(user => {
				const mine = nameKey(user.name) === youKey;
				return (
					<Text
						key={user.name}
						color={offline ? undefined : nickColour(user.name)}
						dimColor={offline}
						bold={mine && !offline}
						wrap="truncate-end"
					>
						{fitWidth(mine ? `${user.name} (you)` : user.name, inner)}
					</Text>
				);
			})}
			{hidden > 0 ? <Text dimColor>{fitWidth(`+${hidden} more`, inner)}</Text> : null}
		</Box>
	);
}
