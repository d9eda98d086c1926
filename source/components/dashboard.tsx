import React, {useMemo} from 'react';
import {Box} from 'ink';
import type {ConnectionInfo} from '../server/server-types.js';
import {dashboardHints, dashboardLayout} from '../ui/dashboard-layout.js';
import type {LineState} from '../ui/line-editor.js';
import type {LogAnchor, LogEntry} from '../ui/server-log.js';
import {sortConnections, type ConnectionSort} from '../ui/sort-connections.js';
import {ConnectionsTable} from './connections-table.js';
import {DashboardHeader, type DashboardHeaderData} from './dashboard-header.js';
import {EventLog} from './event-log.js';
import {Footer} from './footer.js';
import {OperatorHelp} from './operator-help.js';
import {OperatorLine, operatorLineCaret, type Feedback} from './operator-line.js';

export type DashboardProps = {
	width: number;
	height: number;
	now: number;
	header: DashboardHeaderData;
	connections: readonly ConnectionInfo[];
	sort: ConnectionSort;
	tableScroll: number;
	log: readonly LogEntry[];
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
	const {width, height, now, header, connections, sort, log, logAnchor, helpOpen} = props;
	const layout = dashboardLayout(height, connections.length);
	const sorted = useMemo(() => sortConnections(connections, sort), [connections, sort]);
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
			<ConnectionsTable
				width={width}
				height={layout.tableHeight}
				connections={sorted}
				sort={sort}
				scroll={props.tableScroll}
				now={now}
			/>
			{helpOpen ? (
				<OperatorHelp width={width} height={layout.logHeight} />
			) : (
				<EventLog width={width} height={layout.logHeight} entries={log} anchor={logAnchor} seenId={props.logSeenId ?? log.at(-1)?.id ?? 0} />
			)}
			<OperatorLine width={width} line={props.line} feedback={props.feedback} />
			<Footer hints={hints} width={width} />
		</Box>
	);
}
