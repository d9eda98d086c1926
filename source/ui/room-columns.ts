import stringWidth from 'string-width';
import type {RoomStats} from '../server/server-types.js';
import {MAX_ROOM_NAME_CHARS, MAX_TOPIC_CHARS} from '../protocol/limits.js';
import {oneLineReason, sanitiseName} from '../protocol/sanitise.js';
import {roomKey} from '../protocol/room-names.js';
import {formatCount} from './format-bytes.js';
import {formatRate} from './format-rate.js';

export type RoomColumn = {
	title: string;
	width: number;
	align: 'left' | 'right';
	cell: (room: RoomStats) => string;
};

/** The narrowest the ROOM column gets ("#general" and a little more). */
const MIN_ROOM_COLUMNS = 10;
/** The widest legal room name: "#" and 32 wide characters. */
const MAX_ROOM_COLUMNS = 1 + 2 * MAX_ROOM_NAME_CHARS;
/** Below this a topic says too little to be worth its column. */
const MIN_TOPIC_COLUMNS = 12;

const NUMBERS: readonly RoomColumn[] = [
	{title: 'MEMBERS', width: 7, align: 'right', cell: room => formatCount(room.members)},
	{title: 'MESSAGES', width: 8, align: 'right', cell: room => formatCount(room.messages)},
	{title: 'MSG/S', width: 5, align: 'right', cell: room => formatRate(room.messagesPerSecond)},
];

/**
 * Biggest rooms first, as clients' `/list` shows them, then by name: an order that moves only
 * when someone comes or goes, not with every message (the rate has its column).
 */
export function sortRooms(rooms: readonly RoomStats[]): RoomStats[] {
	return [...rooms].sort((a, b) => b.members - a.members || a.name.localeCompare(b.name));
}

/**
 * The rooms panel's columns at `width` for these rooms: ROOM as wide as the longest name
 * (at least 10 columns, at most the widest legal name), the three numbers, then TOPIC with the
 * rest when at least 12 columns are left for it; the name gives way first for the topic.
 */
export function roomColumns(width: number, rooms: readonly RoomStats[]): RoomColumn[] {
	const numbers = NUMBERS.reduce((sum, column) => sum + column.width + 1, 0);
	const spare = Math.max(MIN_ROOM_COLUMNS, width - numbers);
	const longest = rooms.reduce((most, room) => Math.max(most, stringWidth(room.name)), 0);
	const wanted = Math.min(MAX_ROOM_COLUMNS, Math.max(MIN_ROOM_COLUMNS, longest));
	const withTopic = spare - 1 - MIN_ROOM_COLUMNS >= MIN_TOPIC_COLUMNS;
	const nameWidth = withTopic ? Math.min(wanted, spare - 1 - MIN_TOPIC_COLUMNS) : Math.min(wanted, spare);
	const columns: RoomColumn[] = [{title: 'ROOM', width: nameWidth, align: 'left', cell: room => sanitiseName(room.name)}, ...NUMBERS];
	if (withTopic) {
		columns.push({title: 'TOPIC', width: spare - 1 - nameWidth, align: 'left', cell: room => oneLineReason(room.topic, MAX_TOPIC_CHARS)});
	}
	return columns;
}

/** The room called `name`, ignoring case as the server does. */
export function findRoom(rooms: readonly RoomStats[], name: string): RoomStats | undefined {
	const key = roomKey(name);
	return rooms.find(room => roomKey(room.name) === key);
}
