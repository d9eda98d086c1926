process.env.TZ = 'UTC';

import React from 'react';
import {describe, expect, test} from 'vitest';
import stringWidth from 'string-width';
import {Dashboard, type DashboardProps} from '../source/components/dashboard.js';
import {PortForm} from '../source/components/port-form.js';
import type {ConnectionInfo, RoomStats, ServerStats} from '../source/server/server-types.js';
import {filterLog} from '../source/ui/log-filter.js';
import type {LogEntry} from '../source/ui/server-log.js';
import {DEFAULT_SORT} from '../source/ui/sort-connections.js';
import {EMPTY_LINE, lineAt} from '../source/ui/line-editor.js';
import {renderTerminal} from './helpers/render-terminal.js';

const NOW = Date.UTC(2025, 10, 25, 14, 30, 0);
const SIZES = [
	{width: 80, height: 24},
	{width: 160, height: 48},
] as const;

function connection(id: number, name: string | null, extra: Partial<ConnectionInfo> = {}): ConnectionInfo {
	return {
		id,
		name,
		address: `192.168.1.${10 + id}`,
		remotePort: 50_000 + id,
		sendq: 0,
		dialect: 'json',
		since: NOW - id * 61_000,
		messagesIn: id * 3,
		messagesOut: id * 40,
		bytesIn: id * 700,
		bytesOut: id * 9000,
		rooms: ['#general'],
		...extra,
	};
}

const STATS: ServerStats = {startedAt: NOW - 3_723_000, online: 3, rooms: 3, connections: 4, messagesTotal: 128, messagesPerSecond: 0.4};

const ROOMS: RoomStats[] = [
	{name: '#general', topic: 'welcome — be kind', members: 3, messages: 101, messagesPerSecond: 0.2},
	{name: '#开发', topic: '发布 1.2 的构建', members: 2, messages: 25, messagesPerSecond: 0.2},
	{name: '#help', topic: '', members: 0, messages: 2, messagesPerSecond: 0},
];

const CONNECTIONS: ConnectionInfo[] = [
	connection(1, 'alice', {rooms: ['#general', '#开发']}),
	connection(2, 'bob', {dialect: 'plain', address: '10.0.0.7', rooms: ['#general', '#开发', '#help']}),
	connection(3, 'Zoë_the_very_long_name.x', {address: '2001:db8::1234:5678', bytesOut: 2_500_000}),
	connection(4, null, {dialect: 'unknown', messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0, rooms: []}),
];

function entry(id: number, ts: number, kind: LogEntry['kind'], text: string): LogEntry {
	return {id, ts, kind, text};
}

function inRoom(id: number, ts: number, kind: LogEntry['kind'], room: string, text: string): LogEntry {
	return {id, ts, kind, text: `${room} ${text}`, room};
}

const LOG: LogEntry[] = [
	entry(1, NOW - 600_000, 'system', 'listening on 0.0.0.0:7777, 192.168.1.5:7777'),
	inRoom(2, NOW - 500_000, 'system', '#general', '→ alice joined'),
	inRoom(3, NOW - 400_000, 'message', '#general', '<alice> hello everyone'),
	inRoom(4, NOW - 300_000, 'system', '#开发', '→ bob joined'),
	inRoom(5, NOW - 200_000, 'message', '#开发', '<bob> hi alice! this line is long enough that it has to wrap at eighty columns, so it wraps under the time'),
	inRoom(6, NOW - 150_000, 'message', '#general', '<alice> two lines:\nsecond line here'),
	entry(7, NOW - 100_000, 'notice', '-notice- maintenance at 15:00'),
	inRoom(8, NOW - 50_000, 'message', '#开发', '* bob waves'),
];

function manyEntries(count: number): LogEntry[] {
	return Array.from({length: count}, (_, index) =>
		entry(index + 1, NOW - (count - index) * 1000, index % 5 === 0 ? 'system' : 'message', `<user${index % 7}> message number ${index + 1}`),
	);
}

function base(width: number, height: number): DashboardProps {
	return {
		width,
		height,
		now: NOW,
		header: {
			status: 'listening',
			error: null,
			addresses: ['0.0.0.0:7777', '192.168.1.5:7777', '10.8.0.2:7777'],
			stats: {...STATS, online: 0, rooms: 1, connections: 0, messagesTotal: 0, messagesPerSecond: 0},
			logLocation: '/home/operator/.local/share/tcpchat/room-7777.jsonl',
		},
		connections: [],
		rooms: [{name: '#general', topic: '', members: 0, messages: 0, messagesPerSecond: 0}],
		sort: DEFAULT_SORT,
		tableScroll: 0,
		log: [],
		logAnchor: null,
		line: EMPTY_LINE,
		feedback: null,
		helpOpen: false,
	};
}

/** The dashboard's first frame, drawn at exactly width×height. */
function frame(element: React.ReactElement, width: number, height: number): string {
	const terminal = renderTerminal(element, width, height);
	const drawn = terminal.lastFrame();
	terminal.unmount();
	return drawn;
}

describe.each(SIZES)('at $width×$height', ({width, height}) => {
	const expectFull = (text: string) => {
		const lines = text.split('\n');
		expect(lines.length).toBe(height);
		for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(width);
	};

	test('port form', () => {
		const text = frame(<PortForm width={width} height={height} host="0.0.0.0" line={lineAt('7777')} error={null} busy={false} />, width, height);
		expectFull(text);
		expect(text).toMatchSnapshot();
	});

	test('port form with a listen error', () => {
		const text = frame(
			<PortForm
				width={width}
				height={height}
				host="0.0.0.0"
				line={lineAt('7777')}
				error="port 7777 is already in use — is another tcpchat server running? Try port 0."
				busy={false}
			/>,
			width,
			height,
		);
		expectFull(text);
		expect(text).toContain('already in use');
		expect(text).toMatchSnapshot();
	});

	test('empty dashboard', () => {
		const text = frame(<Dashboard {...base(width, height)} />, width, height);
		expectFull(text);
		expect(text).toContain('no connections yet');
		expect(text).toMatchSnapshot();
	});

	test('dashboard with connections and messages', () => {
		const props = base(width, height);
		const text = frame(
			<Dashboard {...props} header={{...props.header, stats: STATS}} connections={CONNECTIONS} rooms={ROOMS} log={LOG} />,
			width,
			height,
		);
		expectFull(text);
		expect(text).toContain('alice');
		expect(text).toMatchSnapshot();
	});

	test('the log filtered to one room, marked in the rule line', () => {
		const props = base(width, height);
		const text = frame(
			<Dashboard
				{...props}
				header={{...props.header, stats: STATS}}
				connections={CONNECTIONS}
				rooms={ROOMS}
				log={filterLog(LOG, '#开发')}
				logFilter="#开发"
				feedback={{tone: 'info', text: 'the log shows #开发 only — /filter alone shows every room.'}}
			/>,
			width,
			height,
		);
		expectFull(text);
		expect(text).toContain('── Log · #开发 only ─');
		expect(text).toContain('#开发 * bob waves');
		expect(text).toContain('-notice- maintenance');
		expect(text).not.toContain('<alice> hello everyone');
		expect(text).toMatchSnapshot();
	});

	test('many rooms: the biggest that fit, and how many are not shown', () => {
		const rooms: RoomStats[] = Array.from({length: 30}, (_, index) => ({
			name: index % 3 === 0 ? `#房间${index}` : `#room-${index}`,
			topic: index === 0 ? 'a topic long enough that it is cut at the edge of the screen, at any width, because it goes on and on' : '',
			members: 30 - index,
			messages: index * 1000,
			messagesPerSecond: index / 7,
		}));
		const props = base(width, height);
		const stats = {...props.header.stats!, rooms: rooms.length};
		const text = frame(<Dashboard {...props} header={{...props.header, stats}} connections={CONNECTIONS} rooms={rooms} log={LOG} />, width, height);
		expectFull(text);
		expect(text).toMatch(/Rooms 30 · most members first ─+ \d+ of 30 shown ──/);
		expect(text).toContain('#房间0');
		expect(text).not.toContain('#room-29');
		expect(text).toMatchSnapshot();
	});

	test('scrolled-up log with a new-messages marker', () => {
		const log = manyEntries(200);
		const text = frame(<Dashboard {...base(width, height)} connections={CONNECTIONS} log={log} logAnchor={150} logSeenId={190} />, width, height);
		expectFull(text);
		expect(text).toContain('10 new');
		expect(text).toContain('message number 150');
		expect(text).not.toContain('message number 151');
		expect(text).toMatchSnapshot();
	});

	test('operator help', () => {
		const text = frame(<Dashboard {...base(width, height)} rooms={ROOMS} log={LOG} helpOpen />, width, height);
		expectFull(text);
		expect(text).toContain('/kick NAME [reason]');
		// All of it, in the panels' place.
		expect(text).toContain('Ctrl+C                  stop the server');
		expect(text).not.toContain('── Rooms');
		expect(text).toMatchSnapshot();
	});

	test('operator kick feedback', () => {
		const log = [...LOG, entry(9, NOW - 1000, 'system', '← bob left (kicked: flooding)')];
		const text = frame(
			<Dashboard
				{...base(width, height)}
				connections={CONNECTIONS.filter(info => info.name !== 'bob')}
				log={log}
				feedback={{tone: 'info', text: 'kicked bob (flooding).'}}
			/>,
			width,
			height,
		);
		expectFull(text);
		expect(text).toContain('kicked bob (flooding).');
		expect(text).toMatchSnapshot();
	});

	test('many connections scroll in the table', () => {
		const many = Array.from({length: 60}, (_, index) => connection(index + 1, `user${index + 1}`));
		const text = frame(<Dashboard {...base(width, height)} connections={many} log={LOG} tableScroll={10} />, width, height);
		expectFull(text);
		expect(text).toContain('of 60');
		expect(text).not.toContain('user10 ');
		expect(text).toMatchSnapshot();
	});

	test('listen error on the dashboard', () => {
		const props = base(width, height);
		const text = frame(
			<Dashboard
				{...props}
				header={{...props.header, status: 'failed', stats: null, error: 'port 7777 is already in use — is another tcpchat server running? Try --port 0.'}}
				log={[entry(1, NOW, 'error', 'port 7777 is already in use — is another tcpchat server running? Try --port 0.')]}
			/>,
			width,
			height,
		);
		expectFull(text);
		expect(text).toContain('not listening');
		expect(text).toMatchSnapshot();
	});
});

describe('any size', () => {
	test.each([
		[40, 10],
		[60, 15],
		[60, 19],
		[200, 60],
	])('the dashboard fills %i×%i exactly, never taller', (width, height) => {
		const many = Array.from({length: 80}, (_, index) => connection(index + 1, `user${index + 1}`));
		const rooms = Array.from({length: 12}, (_, index) => ({name: `#room${index}`, topic: '', members: index, messages: 0, messagesPerSecond: 0}));
		const text = frame(<Dashboard {...base(width, height)} connections={many} rooms={rooms} log={manyEntries(300)} />, width, height);
		const lines = text.split('\n');
		expect(lines).toHaveLength(height);
		for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(width);
		expect(text).toContain('message number 300');
	});
});
