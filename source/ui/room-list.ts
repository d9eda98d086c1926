import stringWidth from 'string-width';
import type {RoomInfo} from '../protocol/frames.js';
import {roomKey, roomProblem} from '../protocol/room-names.js';
import {fitText} from './fit-text.js';
import {EMPTY_LINE, editLine, type LineState} from './line-editor.js';
import type {Key} from './parse-keys.js';

/**
 * The list of rooms (/list) as the person browses it: the filter being typed and the row
 * chosen (an index into the rooms the filter lets through). The rooms themselves are the
 * server's answer, kept with the client's state.
 */
export type RoomListView = {filter: LineState; selected: number};

export const INITIAL_ROOM_LIST: RoomListView = {filter: EMPTY_LINE, selected: 0};

/** The prompt of the list's filter row (the second row of the list). */
export const LIST_FILTER_PROMPT = 'filter: ';

function folded(text: string): string {
	return text.normalize('NFKC').toLocaleLowerCase('und');
}

/** The rooms whose name or topic holds the filter (ignoring case), in the server's order. */
export function filterRooms(rooms: readonly RoomInfo[], filter: string): RoomInfo[] {
	const wanted = folded(filter.trim().replace(/^#/u, ''));
	if (wanted === '') return [...rooms];
	return rooms.filter(r => folded(r.name).includes(wanted) || folded(r.topic).includes(wanted));
}

/** The room Enter would make when the filter matches none: the filter as a room name, if it is one. */
export function newRoomName(filter: string): string | undefined {
	const typed = filter.trim();
	if (typed === '') return undefined;
	const room = typed.startsWith('#') ? typed : `#${typed}`;
	return roomProblem(room) === undefined ? room : undefined;
}

export type RoomListResult = {
	/** The list after the key; undefined: closed (Esc). */
	list: RoomListView | undefined;
	/** Enter: the room to join. */
	join?: string;
};

/** One key in the list: ↑/↓ and PgUp/PgDn choose, Enter joins, Esc closes, the rest edits the filter. */
export function roomListKey(
	list: RoomListView,
	input: string,
	key: Key,
	rooms: readonly RoomInfo[] | undefined,
	page: number,
): RoomListResult {
	if (key.escape) return {list: undefined};
	const shown = rooms ? filterRooms(rooms, list.filter.value) : [];
	const last = Math.max(0, shown.length - 1);
	const choose = (selected: number): RoomListResult => {
		const clamped = Math.max(0, Math.min(last, selected));
		return {list: clamped === list.selected ? list : {...list, selected: clamped}};
	};
	if (key.upArrow) return choose(list.selected - 1);
	if (key.downArrow) return choose(list.selected + 1);
	if (key.pageUp) return choose(list.selected - Math.max(1, page));
	if (key.pageDown) return choose(list.selected + Math.max(1, page));
	if (key.return) {
		const room = shown[Math.min(list.selected, last)]?.name ?? (rooms ? newRoomName(list.filter.value) : undefined);
		return room === undefined ? {list} : {list: undefined, join: room};
	}
	if (key.tab) return {list};
	const filter = editLine(list.filter, input, key);
	if (!filter || filter === list.filter) return {list};
	return {list: {filter, selected: 0}};
}

/** One row of the list: `text` fits the width exactly; `selected` is drawn inverse, `member` marked. */
export type RoomListRow = {key: string; text: string; selected: boolean; member: boolean};

export type RoomListContent = {
	/** "rooms (3 of 12)" and what the keys do, fitted. */
	title: string;
	rows: RoomListRow[];
	/** A sentence when there is no row: still loading, nothing matches (and what Enter does then). */
	empty: string | undefined;
};

/** The first of `forms` that fits `width`, else the last cut to it. */
function firstFitting(forms: readonly string[], width: number): string {
	return forms.find(f => stringWidth(f) <= width) ?? fitText(forms.at(-1)!, width).trimEnd();
}

/**
 * What the list shows in `width` × `height` (the title and the filter row included): the rooms
 * the filter lets through, the chosen one kept in view, each as "  #name   N  topic".
 */
export function roomListContent(
	view: RoomListView,
	rooms: readonly RoomInfo[] | undefined,
	memberOf: ReadonlySet<string>,
	width: number,
	height: number,
): RoomListContent {
	const shown = rooms ? filterRooms(rooms, view.filter.value) : [];
	const count = rooms === undefined ? '' : shown.length === rooms.length ? `${rooms.length}` : `${shown.length} of ${rooms.length}`;
	const title = firstFitting(
		[
			`rooms${count ? ` (${count})` : ''} — ↑/↓ choose · Enter join · Esc close · type to filter`,
			`rooms${count ? ` (${count})` : ''} — Enter join · Esc close`,
			`rooms${count ? ` (${count})` : ''}`,
		],
		width,
	);
	let empty: string | undefined;
	if (rooms === undefined) empty = 'asking the server for its rooms…';
	else if (shown.length === 0) {
		const room = newRoomName(view.filter.value);
		empty = room ? `no room matches — Enter makes ${room}` : 'no room matches';
	}
	const visible = Math.max(0, height - 2);
	const selected = Math.min(view.selected, Math.max(0, shown.length - 1));
	const top = Math.max(0, Math.min(selected - Math.floor(visible / 2), shown.length - visible));
	const nameWidth = Math.min(
		Math.max(8, ...shown.map(r => stringWidth(r.name))),
		Math.max(8, Math.floor((width - 2) / 2)),
	);
	const countWidth = Math.max(1, ...shown.map(r => String(r.users).length));
	const rows = shown.slice(top, top + visible).map((room, i): RoomListRow => {
		const member = memberOf.has(roomKey(room.name));
		const head = `${member ? '•' : ' '} ${fitText(room.name, nameWidth)}  ${String(room.users).padStart(countWidth)}  `;
		const text = fitText(head + room.topic, width);
		return {key: roomKey(room.name), text, selected: top + i === selected, member};
	});
	return {title, rows, empty};
}
