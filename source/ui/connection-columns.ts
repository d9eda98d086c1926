import type {ConnectionInfo} from '../server/server-types.js';
import type {SortColumn} from './sort-connections.js';
import {formatBytes, formatCount} from './format-bytes.js';
import {formatClock} from './format-clock.js';
import {formatDuration} from './format-duration.js';
import {fitRooms} from './fit-rooms.js';
import {hostPort} from '../protocol/host-port.js';
import {MAX_NAME_CHARS} from '../protocol/limits.js';

export type ConnectionColumn = {
	title: string;
	width: number;
	align: 'left' | 'right';
	sort: SortColumn | undefined;
	cell: (info: ConnectionInfo, now: number) => string;
};

const WIDE = 120;
/** A name of 24 characters: 24 columns in Latin letters, up to 48 in Chinese. */
const NAME_COLUMNS = MAX_NAME_CHARS;
const MAX_NAME_COLUMNS = 2 * MAX_NAME_CHARS;
/** `[ipv6]:port` at its longest. */
const MAX_ADDRESS = 47;

function address(info: ConnectionInfo): string {
	return hostPort(info.address.replace(/^::ffff:(?=\d+\.)/, ''), info.remotePort);
}

function name(info: ConnectionInfo): string {
	return info.name ?? '(no name yet)';
}

function dialect(info: ConnectionInfo): string {
	return info.dialect === 'unknown' ? '?' : info.dialect;
}

/** The ROOMS column shows when it gets at least this much, and grows to the second bound. */
const MIN_ROOMS_COLUMNS = 5;
const MAX_ROOMS_COLUMNS = 24;

/**
 * The table's columns for a width: one compact layout for 80 columns, a fuller one from 120,
 * where in/out counts get their own columns and the time online shows. What is left goes to the
 * name column up to 24 columns, then to the member's rooms (from 5 columns: a count; wider, their
 * names) up to 24, then to the address up to the longest IPv6 address, then to the name again, up
 * to the widest legal name (24 wide characters). At 80 columns the rooms do not fit.
 */
export function connectionColumns(width: number): ConnectionColumn[] {
	const wide = width >= WIDE;
	const rest: ConnectionColumn[] = wide
		? [
				{title: 'ADDRESS', width: 22, align: 'left', sort: 'address', cell: address},
				{title: 'DIALECT', width: 7, align: 'left', sort: 'dialect', cell: dialect},
				{title: 'SINCE', width: 8, align: 'left', sort: 'since', cell: info => formatClock(info.since)},
				{title: 'ONLINE', width: 7, align: 'right', sort: undefined, cell: (info, now) => formatDuration(now - info.since)},
				{title: 'MSG IN', width: 7, align: 'right', sort: 'messages', cell: info => formatCount(info.messagesIn)},
				{title: 'MSG OUT', width: 7, align: 'right', sort: 'messages', cell: info => formatCount(info.messagesOut)},
				{title: 'BYTES IN', width: 8, align: 'right', sort: 'bytes', cell: info => formatBytes(info.bytesIn)},
				{title: 'BYTES OUT', width: 9, align: 'right', sort: 'bytes', cell: info => formatBytes(info.bytesOut)},
			]
		: [
				{title: 'ADDRESS', width: 21, align: 'left', sort: 'address', cell: address},
				{title: 'DIAL.', width: 5, align: 'left', sort: 'dialect', cell: dialect},
				{title: 'SINCE', width: 8, align: 'left', sort: 'since', cell: info => formatClock(info.since)},
				{
					title: 'MSG IN/OUT',
					width: 11,
					align: 'right',
					sort: 'messages',
					cell: info => `${formatCount(info.messagesIn)}/${formatCount(info.messagesOut)}`,
				},
				{
					title: 'BYTES IN/OUT',
					width: 12,
					align: 'right',
					sort: 'bytes',
					cell: info => `${formatBytes(info.bytesIn)}/${formatBytes(info.bytesOut)}`,
				},
			];
	const fixed = rest.reduce((sum, column) => sum + column.width + 1, 0);
	let spare = width - fixed;
	let nameWidth = Math.max(6, Math.min(NAME_COLUMNS, spare));
	spare -= nameWidth;
	const roomsWidth = spare - 1 >= MIN_ROOMS_COLUMNS ? Math.min(MAX_ROOMS_COLUMNS, spare - 1) : 0;
	if (roomsWidth > 0) spare -= roomsWidth + 1;
	const addressColumn = rest[0]!;
	const addressGrowth = Math.max(0, Math.min(spare, MAX_ADDRESS - addressColumn.width));
	addressColumn.width += addressGrowth;
	spare -= addressGrowth;
	nameWidth += Math.max(0, Math.min(spare, MAX_NAME_COLUMNS - nameWidth));
	const nameColumn: ConnectionColumn = {title: 'NAME', width: nameWidth, align: 'left', sort: 'name', cell: name};
	if (roomsWidth === 0) return [nameColumn, ...rest];
	const roomsColumn: ConnectionColumn = {title: 'ROOMS', width: roomsWidth, align: 'left', sort: undefined, cell: info => fitRooms(info.rooms, roomsWidth)};
	return [nameColumn, roomsColumn, ...rest];
}
