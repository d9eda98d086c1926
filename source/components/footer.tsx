import React from 'react';
import {Box, Text} from 'ink';
import stringWidth from 'string-width';

export type KeyHint = {key: string; label: string};

const GAP = 2;

/** The hints that fit in `width`, in order: a hint is dropped whole rather than cut in half. */
export function fittingHints(hints: readonly KeyHint[], width: number): KeyHint[] {
	const shown: KeyHint[] = [];
	let used = 0;
	for (const hint of hints) {
		const w = stringWidth(hint.key) + 1 + stringWidth(hint.label) + (shown.length > 0 ? GAP : 0);
		if (used + w > width) break;
		shown.push(hint);
		used += w;
	}
	return shown;
}

/** One row of the keys that work right now, e.g. "PgUp/PgDn scroll  F2 users". */
export function Footer({hints, width}: {hints: readonly KeyHint[]; width: number}) {
	const shown = fittingHints(hints, Math.max(0, width - 1));
	return (
		<Box width={width} height={1} overflow="hidden">
			<Text wrap="truncate-end">
				{' '}
				{shown.map((hint, index) => (
					<React.Fragment key={hint.key}>
						{index > 0 ? '  ' : ''}
						<Text bold>{hint.key}</Text>
						<Text dimColor> {hint.label}</Text>
					</React.Fragment>
				))}
			</Text>
		</Box>
	);
}
