import type {ConnectionInfo} from '../server/server-types.js';

export type SortColumn = 'since' | 'name' | 'address' | 'dialect' | 'messages' | 'bytes';

export type ConnectionSort = {column: SortColumn; descending: boolean};

/** The order Tab walks through, with the direction each column starts in (busiest first for counters). */
const COLUMNS: ReadonlyArray<{column: SortColumn; descending: boolean}> = [
	{column: 'since', descending: false},
	{column: 'name', descending: false},
	{column: 'address', descending: false},
	{column: 'dialect', descending: false},
	{column: 'messages', descending: true},
	{column: 'bytes', descending: true},
];

export const DEFAULT_SORT: ConnectionSort = {column: 'since', descending: false};

export function nextSort(sort: ConnectionSort): ConnectionSort {
	const index = COLUMNS.findIndex(entry => entry.column === sort.column);
	return {...COLUMNS[(index + 1) % COLUMNS.length]!};
}

export function reverseSort(sort: ConnectionSort): ConnectionSort {
	return {column: sort.column, descending: !sort.descending};
}

export const SORT_LABELS: Record<SortColumn, string> = {
	since: 'connected',
	name: 'name',
	address: 'address',
	dialect: 'dialect',
	messages: 'messages',
	bytes: 'bytes',
};

/** A sorted copy; ties fall back to the connection id so rows never jump between polls. */
export function sortConnections(connections: readonly ConnectionInfo[], sort: ConnectionSort): ConnectionInfo[] {
	const direction = sort.descending ? -1 : 1;
	const compare = comparer(sort.column);
	return [...connections].sort((a, b) => direction * compare(a, b) || a.id - b.id);
}

function comparer(column: SortColumn): (a: ConnectionInfo, b: ConnectionInfo) => number {
	switch (column) {
		case 'since': {
			return (a, b) => a.since - b.since;
		}
		case 'name': {
			// Connections still choosing a name sort after every named one.
			return (a, b) => {
				if (a.name === null || b.name === null) return Number(a.name === null) - Number(b.name === null);
				return a.name.localeCompare(b.name, 'en', {sensitivity: 'base', numeric: true});
			};
		}
		case 'address': {
			return (a, b) => compareAddresses(a.address, b.address) || a.remotePort - b.remotePort;
		}
		case 'dialect': {
			return (a, b) => a.dialect.localeCompare(b.dialect);
		}
		case 'messages': {
			return (a, b) => a.messagesIn + a.messagesOut - (b.messagesIn + b.messagesOut);
		}
		case 'bytes': {
			return (a, b) => a.bytesIn + a.bytesOut - (b.bytesIn + b.bytesOut);
		}
	}
}

/** Dotted IPv4 addresses compare by number so 10.0.0.9 comes before 10.0.0.10. */
function compareAddresses(a: string, b: string): number {
	const ka = ipv4Key(a);
	const kb = ipv4Key(b);
	if (ka !== undefined && kb !== undefined) return ka - kb;
	if (ka !== undefined) return -1;
	if (kb !== undefined) return 1;
	return a.localeCompare(b);
}

function ipv4Key(address: string): number | undefined {
	const match = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
	if (!match) return undefined;
	return match.slice(1).reduce((sum, part) => sum * 256 + Number(part), 0);
}
