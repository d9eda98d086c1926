/** Structurally the footer's `KeyHint`; kept here so ui never imports components. */
export type Hint = {key: string; label: string};

/** Rows the dashboard always takes: header 2, table title and heads 2, log title 1, feedback, prompt, footer. */
const FIXED_ROWS = 8;

/** The rooms panel's title and column heads. */
const ROOMS_CHROME = 2;
/** The rooms panel shows only when the table and the log keep at least this many rows between them. */
const MIN_REST_ROWS = 8;

export type DashboardLayout = {
	/** Rows for the rooms panel, its title and column heads included; 0 when it is hidden. */
	roomsHeight: number;
	/** Rooms that fit in the panel. */
	roomsRows: number;
	/** Rows for the table, its title and column heads included. */
	tableHeight: number;
	/** Rows for the log, its title included. */
	logHeight: number;
	/** Connections that fit in the table. */
	tableRows: number;
	/** Log entries' rows that fit. */
	logRows: number;
};

/**
 * Splits the rows between the rooms panel, the table and the log. The rooms take up to a fifth
 * of the free rows (3 at 80×24, 8 at 160×48) as long as the table and the log keep 8 rows
 * between them (below about 19 rows the panel hides: the header still counts the rooms); the
 * table grows with the connections up to about 40 % of what is left (so 5 at 80×24 without rooms,
 * 4 with them) and the log takes the rest.
 */
export function dashboardLayout(height: number, connectionCount: number, roomCount = 0): DashboardLayout {
	const free = Math.max(0, height - FIXED_ROWS);
	let roomsRows = roomCount === 0 ? 0 : Math.min(roomCount, Math.max(1, Math.floor(free * 0.2)));
	while (roomsRows > 0 && free - roomsRows - ROOMS_CHROME < MIN_REST_ROWS) roomsRows--;
	const roomsHeight = roomsRows > 0 ? roomsRows + ROOMS_CHROME : 0;
	const rest = free - roomsHeight;
	const maxTable = Math.max(1, Math.floor(rest * 0.4));
	const tableRows = Math.min(rest, Math.max(1, Math.min(connectionCount, maxTable)));
	const logRows = Math.max(0, rest - tableRows);
	return {roomsHeight, roomsRows, tableHeight: tableRows + 2, logHeight: logRows + 1, tableRows, logRows};
}

export type HintState = {
	helpOpen: boolean;
	logScrolled: boolean;
	tableScrollable: boolean;
	canCommand: boolean;
	/** Tab sorts on an empty operator line, and completes on one with text. */
	lineEmpty?: boolean;
};

/** The keys that do something right now, most useful first (the footer drops what does not fit). */
export function dashboardHints(state: HintState): Hint[] {
	const hints: Hint[] = [];
	if (state.helpOpen) hints.push({key: 'Esc', label: 'close help'});
	if (state.canCommand) hints.push({key: 'Enter', label: 'send'});
	if (state.logScrolled) hints.push({key: 'End', label: 'back to live'});
	hints.push({key: 'PgUp/PgDn', label: 'scroll log'});
	hints.push(state.lineEmpty === false ? {key: 'Tab', label: 'complete'} : {key: 'Tab', label: 'sort'});
	if (state.tableScrollable) hints.push({key: '↑↓', label: 'connections'});
	if (!state.helpOpen) hints.push({key: '/help', label: 'commands'});
	hints.push({key: 'Ctrl+C', label: 'stop'});
	return hints;
}
