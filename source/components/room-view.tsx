import React, {useMemo} from 'react';
import {Box} from 'ink';
import type {UserInfo} from '../protocol/frames.js';
import type {ChatEntry} from '../ui/chat-entry.js';
import type {LineState} from '../ui/line-editor.js';
import {visibleRows} from '../ui/message-rows.js';
import {Footer} from './footer.js';
import type {KeyHint} from './footer.js';
import {InputLine} from './input-line.js';
import {MessageList} from './message-list.js';
import {RoomHeader} from './room-header.js';
import type {ConnectionState} from './room-header.js';
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
	showFooter: boolean;
};

/** How the room's rows and columns are shared out. Always exactly `height` rows in total. */
export function roomLayout(width: number, height: number, showUsers: boolean, users: readonly UserInfo[]): RoomLayout {
	const showFooter = height >= 6;
	const showStatus = height >= 5;
	const listHeight = Math.max(1, height - 2 - (showFooter ? 1 : 0) - (showStatus ? 1 : 0));
	const usersWidth = showUsers && width >= USER_LIST_MIN_COLUMNS ? userListWidth(users) : 0;
	// With the user list beside it, the text keeps one column of air before the list's border.
	const listWidth = Math.max(1, width - usersWidth - (usersWidth > 0 ? 1 : 0));
	return {listWidth, listHeight, usersWidth, showStatus, showFooter};
}

export type RoomViewProps = {
	width: number;
	height: number;
	entries: readonly ChatEntry[];
	users: readonly UserInfo[];
	you: string;
	host: string;
	port: number;
	server: string;
	connection: ConnectionState;
	/** A connection problem for the status row (e.g. the reconnect countdown). */
	alert?: string | undefined;
	line: LineState;
	scrollOffset: number;
	newMessages: number;
	showUsers: boolean;
	hints: readonly KeyHint[];
	/** Timestamps with seconds. */
	seconds?: boolean;
};

/** The room: header, messages (and the user list beside them), status row, input line, footer. */
export function RoomView(props: RoomViewProps) {
	const {width, height, entries, users, you, scrollOffset} = props;
	const layout = roomLayout(width, height, props.showUsers, users);
	const seconds = props.seconds === true;
	const view = useMemo(
		() => visibleRows(entries, {you, width: layout.listWidth, seconds}, layout.listHeight, scrollOffset),
		[entries, you, layout.listWidth, layout.listHeight, scrollOffset, seconds],
	);
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<RoomHeader
				width={width}
				host={props.host}
				port={props.port}
				server={props.server}
				you={you}
				online={users.length}
				state={props.connection}
			/>
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
			{layout.showStatus ? (
				<StatusRow width={width} scrollOffset={view.offset} newMessages={props.newMessages} alert={props.alert} />
			) : null}
			<InputLine line={props.line} prompt={`${you}> `} width={width} />
			{layout.showFooter ? <Footer hints={props.hints} width={width} /> : null}
		</Box>
	);
}
