import React from 'react';
import {Box, Text} from 'ink';
import type {UserInfo} from '../protocol/frames.js';
import {nickColour} from '../ui/nick-colour.js';
import {userListContent} from '../ui/user-list-rows.js';

/**
 * Who is online, alphabetically, you marked, away names dim; "+N more" when they do not all
 * fit. While `offline`, the last names known are dimmed under "offline": nobody can say who is there.
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
	const content = userListContent(users, you, Math.max(1, width - 2), height, offline);
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
				{content.title}
			</Text>
			{content.rows.map(row => (
				<Text key={row.key} wrap="truncate-end">
					<Text
						color={offline ? undefined : nickColour(row.key)}
						dimColor={offline || row.away}
						bold={row.mine && !offline}
					>
						{row.name}
					</Text>
					{row.mark ? <Text dimColor>{row.mark}</Text> : null}
				</Text>
			))}
			{content.more ? <Text dimColor>{content.more}</Text> : null}
		</Box>
	);
}
