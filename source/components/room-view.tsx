import React, {useMemo} from 'react';
import {Box} from 'ink';
import type {RoomInfo, UserInfo} from '../protocol/frames.js';
import type {ChatEntry} from '../ui/chat-entry.js';
import type {LineState} from '../ui/line-editor.js';
import {visibleRows, type DisplayRow, type FoundMark} from '../ui/message-rows.js';
import type {SearchState, SearchView as SearchViewState} from '../ui/search-view.js';
import {SearchView} from './search-view.js';
import type {BarBuffer} from '../ui/room-bar.js';
import type {RoomListView} from '../ui/room-list.js';
import type {RoomTitleParts} from '../ui/room-title.js';
import {Footer} from './footer.js';
import type {KeyHint} from './footer.js';
import {InputLine} from './input-line.js';
import {MessageList} from './message-list.js';
import {RoomBar} from './room-bar.js';
import {RoomHeader} from './room-header.js';
import type {ConnectionState} from './room-header.js';
import {RoomList} from './room-list.js';
import {StatusRow} from './status-row.js';
import {UserList} from './user-list.js';
import {userListWidth} from '../ui/user-list-rows.js';

/** Below this many columns the user list hides itself: the messages need the room. */
export const USER_LIST_MIN_COLUMNS = 70;

export type RoomLayout = {
	listWidth: number;
	listHeight: number;
	usersWidth: number;
	showStatus: boolean;
	showBar: boolean;
	showFooter: boolean;
	/** The row of the input line (0-based), where the caret is. */
	inputRow: number;
};

/**
 * How the room's rows and columns are shared out, top to bottom: header, messages (the user
 * list beside them), status row, room bar, input line, footer. Always exactly `height` rows;
 * on a short terminal the footer goes first, then the status row, then the bar.
 * `showUsers` false (F2, or a private conversation): no user list.
 */
export function roomLayout(width: number, height: number, showUsers: boolean, users: readonly UserInfo[]): RoomLayout {
	const showFooter = height >= 7;
	const showStatus = height >= 5;
	const showBar = height >= 4;
	const listHeight = Math.max(1, height - 2 - (showFooter ? 1 : 0) - (showStatus ? 1 : 0) - (showBar ? 1 : 0));
	const usersWidth = showUsers && width >= USER_LIST_MIN_COLUMNS ? userListWidth(users) : 0;
	// With the user list beside it, the text keeps one column of air before the list's border.
	const listWidth = Math.max(1, width - usersWidth - (usersWidth > 0 ? 1 : 0));
	const inputRow = 1 + listHeight + (showStatus ? 1 : 0) + (showBar ? 1 : 0);
	return {listWidth, listHeight, usersWidth, showStatus, showBar, showFooter, inputRow};
}

/** The list of rooms, when /list has it open: it takes the place of the messages. */
export type OpenRoomList = {view: RoomListView; rooms: readonly RoomInfo[] | undefined; memberOf: ReadonlySet<string>};

export type RoomViewProps = {
	width: number;
	height: number;
	/** The buffer shown: its entries and (for a room) its members. */
	entries: readonly ChatEntry[];
	users: readonly UserInfo[];
	title: RoomTitleParts;
	/** Every buffer, for the room bar, and the key of the one shown. */
	buffers: readonly BarBuffer[];
	current: string;
	you: string;
	connection: ConnectionState;
	/** A connection problem for the status row (e.g. the reconnect countdown). */
	alert?: string | undefined;
	line: LineState;
	scrollOffset: number;
	newMessages: number;
	/** The user list beside the messages (F2 hides it; a private conversation has none). */
	showUsers: boolean;
	hints: readonly KeyHint[];
	/** Timestamps with seconds. */
	seconds?: boolean;
	list?: OpenRoomList | undefined;
	/** The search view, when /search has it open: it takes the place of the messages. */
	search?: {state: SearchState; view: SearchViewState} | undefined;
	/** The rows above the oldest message while paging back (loading, the start of the room…). */
	top?: readonly DisplayRow[] | undefined;
	/** The message a search result jumped to, highlighted. */
	found?: FoundMark | undefined;
};

/** The room: header, messages (and the user list beside them), status row, room bar, input line, footer. */
export function RoomView(props: RoomViewProps) {
	const {width, height, entries, users, you, scrollOffset, list, search, top, found} = props;
	const layout = roomLayout(width, height, props.showUsers && !list && !search, users);
	const seconds = props.seconds === true;
	const view = useMemo(
		() => visibleRows(entries, {you, width: layout.listWidth, seconds}, layout.listHeight, scrollOffset, {top, found}),
		[entries, you, layout.listWidth, layout.listHeight, scrollOffset, seconds, top, found],
	);
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<RoomHeader width={width} title={props.title} state={props.connection} />
			{list ? (
				<RoomList view={list.view} rooms={list.rooms} memberOf={list.memberOf} width={width} height={layout.listHeight} />
			) : search ? (
				<SearchView search={search.state} view={search.view} width={width} height={layout.listHeight} seconds={seconds} />
			) : (
				<Box flexDirection="row" width={width} height={layout.listHeight}>
					<MessageList rows={view.rows} width={layout.listWidth} height={layout.listHeight} />
					{layout.usersWidth > 0 ? <Box width={1} /> : null}
					{layout.usersWidth > 0 ? (
						<UserList
							users={users}
							you={you}
							width={layout.usersWidth}
							height={layout.listHeight}
							offline={props.connection !== 'connected'}
						/>
					) : null}
				</Box>
			)}
			{layout.showStatus ? (
				<StatusRow width={width} scrollOffset={list || search ? 0 : view.offset} newMessages={props.newMessages} alert={props.alert} />
			) : null}
			{layout.showBar ? <RoomBar buffers={props.buffers} current={props.current} width={width} /> : null}
			<InputLine line={props.line} prompt={`${you}> `} width={width} />
			{layout.showFooter ? <Footer hints={props.hints} width={width} /> : null}
		</Box>
	);
}
