process.env.TZ = 'UTC';

import type {NetworkInterfaceInfo} from 'node:os';
import {describe, expect, test} from 'vitest';
import fc from 'fast-check';
import stringWidth from 'string-width';
import type {ConnectionInfo} from '../source/server/server-types.js';
import {connectionColumns} from '../source/ui/connection-columns.js';
import {dashboardHints, dashboardLayout} from '../source/ui/dashboard-layout.js';
import {fitList, fitText, fitTextStart, ruleLine} from '../source/ui/fit-text.js';
import {formatBytes, formatCount} from '../source/ui/format-bytes.js';
import {formatClock} from '../source/ui/format-clock.js';
import {formatDuration} from '../source/ui/format-duration.js';
import {hostPort} from '../source/protocol/host-port.js';
import {listeningAddresses} from '../source/server/listening-addresses.js';
import {parseOperatorCommand} from '../source/ui/operator-commands.js';
import {formListenError, parsePortInput} from '../source/ui/port-input.js';
import {
	describeActivity,
	entryRows,
	newSince,
	pageDown,
	pageUp,
	scrollHome,
	visibleLogRows,
	type LogEntry,
} from '../source/ui/server-log.js';
import {DEFAULT_SORT, nextSort, reverseSort, sortConnections} from '../source/ui/sort-connections.js';

const NOW = Date.UTC(2025, 10, 25, 14, 2, 9);

describe('formatting', () => {
	test('durations', () => {
		expect(formatDuration(0)).toBe('0s');
		expect(formatDuration(42_900)).toBe('42s');
		expect(formatDuration(303_000)).toBe('5m 03s');
		expect(formatDuration(7_500_000)).toBe('2h 05m');
		expect(formatDuration(4 * 86_400_000 + 3_600_000)).toBe('4d 01h');
		expect(formatDuration(-5)).toBe('0s');
	});

	test('bytes fit in five columns, counts in six', () => {
		expect(formatBytes(512)).toBe('512');
		expect(formatBytes(1536)).toBe('1.5K');
		expect(formatBytes(35_000)).toBe('34K');
		expect(formatBytes(1_048_576)).toBe('1.0M');
		expect(formatCount(9999)).toBe('9999');
		expect(formatCount(12_345)).toBe('12.3k');
		expect(formatCount(4_500_000)).toBe('4.5M');
		fc.assert(
			fc.property(fc.nat({max: 2 ** 48}), n => {
				expect(formatBytes(n).length).toBeLessThanOrEqual(5);
				expect(formatCount(n % 1e12).length).toBeLessThanOrEqual(6);
			}),
		);
	});

	test('clock in the (pinned) local zone', () => {
		expect(formatClock(NOW)).toBe('14:02:09');
	});

	test('fitText pads and cuts by display width', () => {
		expect(fitText('abc', 5)).toBe('abc  ');
		expect(fitText('abc', 5, 'right')).toBe('  abc');
		expect(fitText('abcdef', 4)).toBe('abc…');
		expect(fitText('日本語テキスト', 6)).toBe('日本… ');
		fc.assert(
			fc.property(fc.string(), fc.integer({min: 1, max: 40}), (text, width) => {
				expect(stringWidth(fitText(text, width))).toBe(width);
			}),
		);
	});

	test('fitTextStart keeps the end of a path', () => {
		expect(fitTextStart('/home/me/.local/share/tcpchat/7777.jsonl', 16)).toBe('…chat/7777.jsonl');
		expect(fitTextStart('short', 16)).toBe('short');
	});

	test('fitList says how many did not fit', () => {
		expect(fitList(['a:1', 'b:2', 'c:3'], 80)).toBe('a:1  b:2  c:3');
		expect(fitList(['0.0.0.0:7777', '192.168.1.5:7777', '10.0.0.2:7777'], 40)).toBe('0.0.0.0:7777  192.168.1.5:7777  +1 more');
	});

	test('ruleLine fills the width', () => {
		const line = ruleLine('Log', '3 new', 30);
		expect(line).toMatch(/^── Log ─+ 3 new ──$/);
		expect(stringWidth(line)).toBe(30);
		expect(stringWidth(ruleLine('Connections', '', 40))).toBe(40);
	});
});

function info(id: number, extra: Partial<ConnectionInfo> = {}): ConnectionInfo {
	return {
		id,
		name: `user${id}`,
		address: '10.0.0.1',
		remotePort: 1000 + id,
		sendq: 0,
		dialect: 'json',
		since: id * 1000,
		messagesIn: 0,
		messagesOut: 0,
		bytesIn: 0,
		bytesOut: 0,
		rooms: ['#general'],
		...extra,
	};
}

describe('connections', () => {
	test('Tab walks every column and comes back', () => {
		const seen = new Set<string>();
		let sort = DEFAULT_SORT;
		for (let index = 0; index < 6; index++) {
			seen.add(sort.column);
			sort = nextSort(sort);
		}
		expect(seen.size).toBe(6);
		expect(sort).toEqual(DEFAULT_SORT);
		expect(reverseSort(DEFAULT_SORT).descending).toBe(true);
	});

	test('sorts by name ignoring case, nameless last', () => {
		const list = [info(1, {name: 'bob'}), info(2, {name: null}), info(3, {name: 'Alice'}), info(4, {name: 'user10'}), info(5, {name: 'user9'})];
		expect(sortConnections(list, {column: 'name', descending: false}).map(c => c.id)).toEqual([3, 1, 5, 4, 2]);
	});

	test('sorts addresses numerically and counters busiest first', () => {
		const list = [info(1, {address: '10.0.0.10', bytesIn: 5}), info(2, {address: '10.0.0.9', bytesIn: 50})];
		expect(sortConnections(list, {column: 'address', descending: false}).map(c => c.id)).toEqual([2, 1]);
		let sort = DEFAULT_SORT;
		while (sort.column !== 'bytes') sort = nextSort(sort);
		expect(sort.descending).toBe(true);
		expect(sortConnections(list, sort).map(c => c.id)).toEqual([2, 1]);
	});

	test('columns never pass the width', () => {
		// Narrower than 80 the rows are cut at the screen's edge by the table itself.
		for (const width of [80, 100, 119, 120, 160, 200]) {
			const total = connectionColumns(width).reduce((sum, column) => sum + column.width + 1, -1);
			expect(total).toBeLessThanOrEqual(width);
		}
	});

	test('the name column grows with the width: 24 columns, then the rooms, then the address, then up to 24 wide characters', () => {
		const widths = (width: number) => {
			const columns = new Map(connectionColumns(width).map(column => [column.title, column.width]));
			return [columns.get('NAME'), columns.get('ROOMS'), columns.get('ADDRESS')];
		};
		expect(widths(80)).toEqual([18, undefined, 21]);
		expect(widths(92)).toEqual([24, 5, 21]);
		expect(widths(100)).toEqual([24, 13, 21]);
		expect(widths(120)).toEqual([24, 12, 22]);
		expect(widths(160)).toEqual([27, 24, 47]);
		expect(widths(200)).toEqual([48, 24, 47]);
		// A 24-character Chinese name whole at 200 columns.
		const [name] = connectionColumns(200);
		expect(stringWidth('张'.repeat(24))).toBeLessThanOrEqual(name!.width);
	});

	test('the rooms column: names when they fit, then the first and how many more, then a count', () => {
		const rooms = connectionColumns(160).find(column => column.title === 'ROOMS')!;
		expect(rooms.cell(info(1, {rooms: ['#general', '#dev']}), 0)).toBe('#general #dev');
		expect(rooms.cell(info(1, {rooms: []}), 0)).toBe('');
		const narrow = connectionColumns(92).find(column => column.title === 'ROOMS')!;
		expect(narrow.cell(info(1, {rooms: ['#general', '#dev', '#help']}), 0)).toBe('3');
	});

	test('IPv4-mapped addresses read as IPv4, IPv6 in brackets', () => {
		const address = connectionColumns(80).find(column => column.title === 'ADDRESS');
		expect(address!.cell(info(1, {address: '::ffff:10.1.2.3'}), 0)).toBe('10.1.2.3:1001');
		expect(address!.cell(info(1, {address: '2001:db8::1'}), 0)).toBe('[2001:db8::1]:1001');
	});
});

describe('listening addresses', () => {
	const interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = {
		lo: [{address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '', internal: true, cidr: null}],
		eth0: [
			{address: '192.168.1.5', netmask: '255.255.255.0', family: 'IPv4', mac: '', internal: false, cidr: null},
			{address: 'fe80::1', netmask: 'ffff::', family: 'IPv6', mac: '', internal: false, cidr: null, scopeid: 2},
			{address: '2001:db8::5', netmask: 'ffff::', family: 'IPv6', mac: '', internal: false, cidr: null, scopeid: 0},
		],
	};

	test('a wildcard bind lists the LAN addresses', () => {
		expect(listeningAddresses('0.0.0.0', 7777, interfaces)).toEqual(['0.0.0.0:7777', '192.168.1.5:7777']);
		expect(listeningAddresses('::', 7777, interfaces)).toEqual(['[::]:7777', '192.168.1.5:7777', '[2001:db8::5]:7777']);
	});

	test('a specific bind is just itself', () => {
		expect(listeningAddresses('127.0.0.1', 4000, interfaces)).toEqual(['127.0.0.1:4000']);
		expect(hostPort('::1', 1)).toBe('[::1]:1');
	});
});

describe('operator commands', () => {
	test('parses kick, notice, help and plain text', () => {
		expect(parseOperatorCommand('  ')).toEqual({kind: 'empty'});
		expect(parseOperatorCommand('/help')).toEqual({kind: 'help'});
		expect(parseOperatorCommand('/kick bob')).toEqual({kind: 'kick', name: 'bob', reason: undefined});
		expect(parseOperatorCommand('/KICK bob  stop   that')).toEqual({kind: 'kick', name: 'bob', reason: 'stop that'});
		expect(parseOperatorCommand('/notice back in 5')).toEqual({kind: 'notice', text: 'back in 5'});
		expect(parseOperatorCommand('hello all')).toEqual({kind: 'notice', text: 'hello all'});
		expect(parseOperatorCommand('//kick is a command')).toEqual({kind: 'notice', text: '/kick is a command'});
	});

	test('wrong use says how to use it', () => {
		expect(parseOperatorCommand('/kick')).toEqual({kind: 'usage', message: 'usage: /kick NAME [reason]'});
		expect(parseOperatorCommand('/notice')).toEqual({kind: 'usage', message: 'usage: /notice [#room] TEXT'});
		expect(parseOperatorCommand('/frob x')).toEqual({kind: 'usage', message: 'unknown command /frob — type /help for the commands.'});
	});
});

describe('port form', () => {
	test('accepts 0–65535 only', () => {
		expect(parsePortInput(' 7777 ')).toEqual({port: 7777});
		expect(parsePortInput('0')).toEqual({port: 0});
		for (const bad of ['', 'abc', '70000', '-1', '12.5']) expect(parsePortInput(bad)).toHaveProperty('error');
	});

	test('listen advice speaks of the field, not flags', () => {
		expect(formListenError('port 7777 is already in use — is another tcpchat server running? Try --port 0.')).toBe(
			'port 7777 is already in use — is another tcpchat server running? Try port 0.',
		);
	});
});

function entries(count: number, text = (i: number) => `<u> line ${i}`): LogEntry[] {
	return Array.from({length: count}, (_, index) => ({id: index + 1, ts: NOW, kind: 'message' as const, text: text(index + 1)}));
}

describe('the log', () => {
	test('describes activity with remote text sanitised', () => {
		const msg = describeActivity({kind: 'event', event: {type: 'msg', room: '#general', seq: 1, ts: NOW, from: 'al\u001Bice', text: 'hi\u0007 \u009B31mthere'}}, 0);
		expect(msg).toEqual({ts: NOW, kind: 'message', text: '#general <alice> hi 31mthere', room: '#general'});
		const action = describeActivity({kind: 'event', event: {type: 'msg', room: '#general', seq: 1, ts: NOW, from: 'bob', text: 'waves', action: true}}, 0);
		expect(action?.text).toBe('#general * bob waves');
		const leave = describeActivity({kind: 'event', event: {type: 'leave', room: '#general', seq: 2, ts: NOW, name: 'bob', reason: 'kicked', text: 'spam'}}, 0);
		expect(leave).toMatchObject({kind: 'system', text: '#general ← bob left (kicked: spam)', room: '#general'});
		expect(describeActivity({kind: 'disconnect', id: 3, name: 'bob', reason: 'quit'}, NOW)).toBeUndefined();
		expect(describeActivity({kind: 'disconnect', id: 3, name: null, reason: 'timeout'}, NOW)?.text).toBe('connection #3 closed before joining (timeout)');
		expect(describeActivity({kind: 'connection', info: info(4, {name: 'named'})}, NOW)).toBeUndefined();
		expect(describeActivity({kind: 'rejected', address: '1.2.3.4', code: 'server_full'}, NOW)).toMatchObject({kind: 'error'});
	});

	test('entries wrap under their time, newlines become rows', () => {
		const rows = entryRows({id: 1, ts: NOW, kind: 'message', text: `<a> ${'x'.repeat(30)}\nsecond`}, 30);
		expect(rows.map(row => row.text)).toEqual([
			'14:02:09 <a> xxxxxxxxxxxxxxxxx',
			'         xxxxxxxxxxxxx',
			'         second',
		]);
	});

	test('visible rows end at the anchor and never pass the height', () => {
		const log = entries(100);
		const live = visibleLogRows(log, null, 80, 10);
		expect(live).toHaveLength(10);
		expect(live.at(-1)!.text).toContain('line 100');
		expect(visibleLogRows(log, 50, 80, 10).at(-1)!.text).toContain('line 50');
		expect(visibleLogRows(entries(3), null, 80, 10)).toHaveLength(3);
	});

	test('PgUp, PgDn, Home and End move by pages and stop at the ends', () => {
		const log = entries(100);
		const up = pageUp(log, null, 80, 10);
		expect(up).toBe(91);
		expect(pageUp(log, up, 80, 10)).toBe(82);
		expect(scrollHome(log, 80, 10)).toBe(10);
		expect(pageUp(log, 12, 80, 10)).toBe(10);
		expect(pageDown(log, 82, 80, 10)).toBe(91);
		expect(pageDown(log, 91, 80, 10)).toBeNull();
		expect(pageUp(entries(5), null, 80, 10)).toBeNull();
	});

	test('counts what arrived after the view left the bottom', () => {
		expect(newSince(entries(10), 7)).toBe(3);
		expect(newSince(entries(10), 10)).toBe(0);
		expect(newSince([], 4)).toBe(0);
	});
});

describe('layout', () => {
	test('the table grows with connections up to a share of the screen', () => {
		expect(dashboardLayout(24, 0)).toMatchObject({tableRows: 1, logRows: 15});
		expect(dashboardLayout(24, 100)).toMatchObject({tableRows: 6, logRows: 10});
		expect(dashboardLayout(48, 100).tableRows).toBe(16);
		expect(dashboardLayout(60, 100).tableRows).toBe(20);
		for (const height of [10, 24, 48, 60]) {
			const layout = dashboardLayout(height, 50);
			expect(layout.tableHeight + layout.logHeight + 2 + 3).toBe(height);
		}
	});

	test('footer hints follow the state', () => {
		const keys = (state: Parameters<typeof dashboardHints>[0]) => dashboardHints(state).map(hint => hint.key);
		expect(keys({helpOpen: true, logScrolled: false, tableScrollable: false, canCommand: true})).toContain('Esc');
		expect(keys({helpOpen: false, logScrolled: true, tableScrollable: true, canCommand: false})).toEqual(
			expect.arrayContaining(['End', '↑↓']),
		);
		expect(keys({helpOpen: false, logScrolled: false, tableScrollable: false, canCommand: false})).not.toContain('Enter');
	});
});
