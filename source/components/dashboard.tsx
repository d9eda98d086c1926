import React, {useMemo} from 'react';
import {Box} from 'ink';
import type {ConnectionInfo, RoomStats} from '../server/server-types.js';
import {dashboardHints, dashboardLayout} from '../ui/dashboard-layout.js';
import type {LineState} from '../ui/line-editor.js';
import {logTitle} from '../ui/log-filter.js';
import {sortRooms} from '../ui/room-columns.js';
import type {LogAnchor, LogEntry} from '../ui/server-log.js';
import {sortConnections, type ConnectionSort} from '../ui/sort-connections.js';
import {ConnectionsTable} from './connections-table.js';
import {DashboardHeader, type DashboardHeaderData} from './dashboard-header.js';
import {EventLog} from './event-log.js';
import {Footer} from './footer.js';
import {OperatorHelp} from './operator-help.js';
import {OperatorLine, operatorLineCaret, type Feedback} from './operator-line.js';
import {RoomsPanel} from './rooms-panel.js';

export type DashboardProps = {
	width: number;
	height: number;
	now: number;
	header: DashboardHeaderData;
	connections: readonly ConnectionInfo[];
	/** Every room, in any order. */
	rooms?: readonly RoomStats[];
	sort: ConnectionSort;
	tableScroll: number;
	/** The log as shown: already filtered to `logFilter`. */
	log: readonly LogEntry[];
	/** The room the log is filtered to, or null/absent for every room. */
	logFilter?: string | null;
	logAnchor: LogAnchor;
	/** The newest log entry id when the log was scrolled up (see `EventLog`). */
	logSeenId?: number;
	/** The operator's command line; the screen edits it (see `editLine`). */
	line: LineState;
	feedback: Feedback | null;
	helpOpen: boolean;
};

/** The cell of the operator line's caret: the prompt is two rows above the bottom (the footer is last). */
export function dashboardCaret(width: number, height: number, line: LineState): {x: number; y: number} {
	return {x: operatorLineCaret(line, width), y: height - 2};
}

/** The whole server screen at exactly `width`×`height`; every piece of state comes in as props. */
export function Dashboard(props: DashboardProps) {
	const {width, height, now, header, connections, rooms = [], sort, log, logAnchor, helpOpen} = props;
	const filter = props.logFilter ?? null;
	const layout = dashboardLayout(height, connections.length, rooms.length);
	const sorted = useMemo(() => sortConnections(connections, sort), [connections, sort]);
	const sortedRooms = useMemo(() => sortRooms(rooms), [rooms]);
	const hints = dashboardHints({
		helpOpen,
		logScrolled: logAnchor !== null,
		tableScrollable: connections.length > layout.tableRows,
		canCommand: header.status === 'listening',
		lineEmpty: props.line.value.trim().length === 0,
	});
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<DashboardHeader header={header} width={width} now={now} />
			{helpOpen ? (
				// The help takes the panels' place: all of it fits at 80×24.
				<OperatorHelp width={width} height={layout.roomsHeight + layout.tableHeight + layout.logHeight} />
			) : (
				<>
					{layout.roomsHeight > 0 ? <RoomsPanel width={width} height={layout.roomsHeight} rooms={sortedRooms} filter={filter} /> : null}
					<ConnectionsTable
						width={width}
						height={layout.tableHeight}
						connections={sorted}
						sort={sort}
						scroll={props.tableScroll}
						now={now}
					/>
					<EventLog
						width={width}
						height={layout.logHeight}
						entries={log}
						anchor={logAnchor}
						seenId={props.logSeenId ?? log.at(-1)?.id ?? 0}
						title={logTitle(filter)}
						empty={filter === null ? undefined : `nothing in ${filter} yet — /filter alone shows every room`}
					/>
				</>
			)}
			<OperatorLine width={width} line={props.line} feedback={props.feedback} />
			<Footer hints={hints} width={width} />
		</Box>
	);
}
