import React from 'react';
import {Box, Text} from 'ink';
import {roomBar, type BarBuffer, type BarTone} from '../ui/room-bar.js';

const TONES: Record<BarTone, {color?: string; bold?: boolean; inverse?: boolean; dim?: boolean}> = {
	current: {inverse: true, bold: true},
	mention: {color: 'yellowBright', bold: true},
	unread: {color: 'cyan', bold: true},
	quiet: {},
	gone: {dim: true},
	space: {},
};

/** One row: every buffer with its number and counts (`1:#general 2:#dev(3) 3:@bob(1!)`), the one shown inverse. */
export function RoomBar({buffers, current, width}: {buffers: readonly BarBuffer[]; current: string; width: number}) {
	const segments = roomBar(buffers, current, width);
	return (
		<Box width={width} height={1} overflow="hidden">
			<Text wrap="truncate-end">
				{segments.map((segment, index) => {
					const tone = TONES[segment.tone];
					return (
						<Text key={index} color={tone.color} bold={tone.bold} inverse={tone.inverse} dimColor={tone.dim}>
							{segment.text}
						</Text>
					);
				})}
			</Text>
		</Box>
	);
}
