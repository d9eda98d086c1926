import React from 'react';
import {Box, Text} from 'ink';
import {MessageRow} from './message-list.js';
import {searchTitle, visibleResults, type SearchState, type SearchView as SearchViewState} from '../ui/search-view.js';
import {wrapText} from '../ui/wrap-text.js';

export type SearchViewProps = {
	search: SearchState;
	view: SearchViewState;
	width: number;
	height: number;
	seconds?: boolean;
};

/** Rows the title may take (a failure's sentence can be long on a narrow terminal). */
const MAX_TITLE_ROWS = 3;

/**
 * /search: the results in place of the messages — a title saying what was searched and how it
 * went (searching, no results, why it failed: sentences), then each result: its room, date and
 * time and author, and its text wrapped under them with the words searched for highlighted;
 * the chosen one marked ▸.
 */
export function SearchView({search, view, width, height, seconds}: SearchViewProps) {
	const title = wrapText(searchTitle(search), width).slice(0, Math.min(MAX_TITLE_ROWS, Math.max(1, height)));
	const rows = visibleResults(search, view, width, Math.max(0, height - title.length), seconds === true);
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			{title.map((line, index) => (
				<Text key={`title:${index}`} bold color={search.status === 'failed' ? 'red' : 'cyan'} wrap="truncate-end">
					{line}
				</Text>
			))}
			{rows.map(row => (
				<MessageRow key={row.key} row={row} />
			))}
		</Box>
	);
}

/** Rows the title takes at `width` (the results get the rest). */
export function searchTitleRows(search: SearchState, width: number, height: number): number {
	return Math.min(MAX_TITLE_ROWS, Math.max(1, height), wrapText(searchTitle(search), width).length);
}
