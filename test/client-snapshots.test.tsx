import React from 'react';
import chalk from 'chalk';
import {describe, expect, test} from 'vitest';
import {ConnectForm} from '../source/components/connect-form.js';
import type {FormField} from '../source/ui/connect-form-state.js';
import {RoomView} from '../source/components/room-view.js';
import type {RoomViewProps} from '../source/components/room-view.js';
import type {UserInfo} from '../source/protocol/frames.js';
import {connectionAlert, roomHints} from '../source/ui/room-status.js';
import type {ChatEntry, ChatEntryData} from '../source/ui/chat-entry.js';
import {helpLines} from '../source/ui/client-commands.js';
import {lineAt, type LineState} from '../source/ui/line-editor.js';
import {frameSize, renderTerminal} from './helpers/render-terminal.js';

process.env.TZ = 'UTC';

const SIZES = [
	[80, 24],
	[160, 48],
] as const;

const T0 = Date.UTC(2025, 10, 25, 14, 0, 0);
const minute = 60_000;

function show(tree: React.ReactElement, columns: number, rows: number): {text: string; raw: string} {
	const r = renderTerminal(tree, columns, rows);
	const text = r.lastFrame();
	const size = frameSize(text);
	expect(size.height).toBe(rows);
	expect(size.width).toBeLessThanOrEqual(columns);
	return {text, raw: r.rawFrame()};
}

function entries(...data: ChatEntryData[]): ChatEntry[] {
	return data.map((d, i) => ({...d, id: i + 1}) as ChatEntry);
}

const USERS: UserInfo[] = ['alice', 'bob', 'carol', 'dave_the_developer'].map((name, i) => ({name, since: T0 + i}));

const CONVERSATION = entries(
	{kind: 'info', ts: T0, text: '── earlier messages ──'},
	{kind: 'msg', ts: T0, seq: 1, from: 'carol', text: 'morning all', action: false, earlier: true},
	{kind: 'info', ts: T0, text: 'joined 127.0.0.1:7777 as alice'},
	{kind: 'notice', ts: T0, text: 'Welcome to tcpchat. Type /help for commands.'},
	{kind: 'join', ts: T0 + minute, seq: 2, name: 'bob'},
	{kind: 'msg', ts: T0 + minute, seq: 3, from: 'bob', text: 'hi everyone', action: false},
	{kind: 'msg', ts: T0 + 2 * minute, seq: 4, from: 'alice', text: 'hello bob, welcome back', action: false},
	{kind: 'msg', ts: T0 + 2 * minute, seq: 5, from: 'bob', text: 'waves', action: true},
	{kind: 'nick', ts: T0 + 3 * minute, seq: 6, from: 'dave', to: 'dave_the_developer'},
	{kind: 'dm', ts: T0 + 3 * minute, from: 'carol', to: 'alice', text: 'lunch later?'},
	{kind: 'dm', ts: T0 + 3 * minute, from: 'alice', to: 'carol', text: 'sure, 12:30'},
	{kind: 'leave', ts: T0 + 4 * minute, seq: 7, name: 'eve', reason: 'timeout'},
	{kind: 'leave', ts: T0 + 4 * minute, seq: 8, name: 'mallory', reason: 'kicked', text: 'spamming'},
);

function room(overrides: Partial<RoomViewProps> & {width: number; height: number}): React.ReactElement {
	const props: RoomViewProps = {
		entries: CONVERSATION,
		users: USERS,
		you: 'alice',
		title: {name: '#general', kind: 'room', topic: '', online: USERS.length, member: true, you: overrides.you ?? 'alice', where: '127.0.0.1:7777 (tcpchat/0.1.0)'},
		buffers: [{key: 'room:#general', kind: 'room', name: '#general', unread: 0, mentions: 0, member: true}],
		current: 'room:#general',
		connection: 'connected',
		line: lineAt(''),
		scrollOffset: 0,
		newMessages: 0,
		showUsers: true,
		hints: roomHints({scrolled: false, reconnecting: false, usersAvailable: overrides.width >= 70, showUsers: true}),
		...overrides,
	};
	return <RoomView {...props} />;
}

function lines(fields: Record<FormField, string>): Record<FormField, LineState> {
	return {host: lineAt(fields.host), port: lineAt(fields.port), name: lineAt(fields.name)};
}

function form(
	width: number,
	height: number,
	options: {error?: string; busy?: string; focus?: FormField; fields?: Record<FormField, string>} = {},
) {
	return (
		<ConnectForm
			width={width}
			height={height}
			fields={lines(options.fields ?? {host: '127.0.0.1', port: '7777', name: 'alice'})}
			focus={options.focus ?? 'name'}
			error={options.error}
			busy={options.busy}
		/>
	);
}

describe.each(SIZES)('client at %i×%i', (width, height) => {
	test('connect form', () => {
		expect(show(form(width, height, {focus: 'host', fields: {host: '', port: '7777', name: ''}}), width, height).text).toMatchSnapshot();
	});

	test('connecting', () => {
		expect(show(form(width, height, {busy: 'connecting to 127.0.0.1:7777… (Esc to cancel)'}), width, height).text).toMatchSnapshot();
	});

	test('connection error', () => {
		const {text} = show(form(width, height, {error: 'connection refused — is a server running on 127.0.0.1:7777?'}), width, height);
		expect(text).toContain('connection refused — is a server running on 127.0.0.1:7777?');
		expect(text).toMatchSnapshot();
	});

	test('room with messages', () => {
		const {text} = show(room({width, height, line: lineAt('typing something')}), width, height);
		expect(text).toContain('<bob> hi everyone');
		expect(text).toContain('online (4)');
		expect(text).toMatchSnapshot();
	});

	test('long lines wrapping', () => {
		const long = entries(
			{kind: 'msg', ts: T0, seq: 1, from: 'bob', text: 'lorem ipsum dolor sit amet '.repeat(12).trim(), action: false},
			{kind: 'msg', ts: T0, seq: 2, from: 'carol', text: 'https://example.org/' + 'x'.repeat(180), action: false},
			{kind: 'msg', ts: T0, seq: 3, from: 'dave_the_developer', text: 'first line\nsecond line\n\tindented with a tab', action: false},
			{kind: 'msg', ts: T0, seq: 4, from: 'alice', text: '日本語のテキストも折り返します。'.repeat(6), action: false},
		);
		expect(show(room({width, height, entries: long}), width, height).text).toMatchSnapshot();
	});

	test('help', () => {
		const help = entries(...helpLines().map(line => ({kind: 'info', ts: T0, ...line}) as ChatEntryData));
		const {text} = show(room({width, height, entries: help}), width, height);
		// Longer than 24 rows: the end shows, the start is a PgUp away.
		expect(text).toContain('Ctrl+C     exit');
		// A description that wraps goes on under its first word, not under the command.
		if (width === 80) expect(text).toMatch(/^ {19}messages\s+│$/m);
		expect(text).toMatchSnapshot();
	});

	test('command feedback', () => {
		const feedback = entries(
			{kind: 'error', ts: T0, text: 'usage: /msg NAME TEXT — a private message only NAME sees'},
			{kind: 'error', ts: T0, text: 'unknown command /frobnicate — type /help for the list'},
			{kind: 'error', ts: T0, text: 'cannot use "bad!name": a name may hold only letters, digits, "_", "-" and "."'},
			{kind: 'info', ts: T0, text: 'online (4): alice, bob, carol, dave_the_developer'},
			{kind: 'msg', ts: T0, seq: 1, from: 'alice', text: 'stretches', action: true},
			{kind: 'nick', ts: T0, seq: 2, from: 'alice', to: 'alice2'},
			{kind: 'dm', ts: T0, from: 'alice2', to: 'bob', text: 'psst'},
			{kind: 'error', ts: T0, text: 'nobody called "zed" is online'},
			{kind: 'error', ts: T0, text: 'you are sending too fast — slow down'},
		);
		expect(show(room({width, height, entries: feedback, you: 'alice2'}), width, height).text).toMatchSnapshot();
	});

	test('mention highlight', () => {
		const previous = chalk.level;
		chalk.level = 1;
		try {
			const mention = entries(
				{kind: 'msg', ts: T0, seq: 1, from: 'bob', text: 'just chatting', action: false},
				{kind: 'msg', ts: T0, seq: 2, from: 'bob', text: 'alice: are you there?', action: false},
			);
			const {text, raw} = show(room({width, height, entries: mention}), width, height);
			expect(text).toMatchSnapshot();
			const rawLines = raw.split('\n');
			const mentionLine = rawLines.find(l => l.includes('are you there?'))!;
			const plainLine = rawLines.find(l => l.includes('just chatting'))!;
			// The mentioning message is bright yellow and its sender inverse; the other line is neither.
			expect(mentionLine).toContain('\u001B[93m');
			expect(mentionLine).toContain('\u001B[7m');
			expect(plainLine).not.toContain('\u001B[93m');
			expect(plainLine).not.toContain('\u001B[7m');
		} finally {
			chalk.level = previous;
		}
	});

	test('scrolled-up marker', () => {
		const many = entries(
			...Array.from(
				{length: 120},
				(_, i) => ({kind: 'msg', ts: T0 + i * minute, seq: i + 1, from: i % 2 ? 'bob' : 'carol', text: `message number ${i + 1}`, action: false}) as ChatEntryData,
			),
		);
		const {text} = show(
			room({
				width,
				height,
				entries: many,
				scrollOffset: 30,
				newMessages: 3,
				hints: roomHints({scrolled: true, reconnecting: false, usersAvailable: true, showUsers: true}),
			}),
			width,
			height,
		);
		expect(text).toContain('3 new messages below');
		expect(text).toContain('message number 90');
		expect(text).not.toContain('message number 91\n');
		expect(text).toMatchSnapshot();
	});

	test('reconnect countdown', () => {
		const alert = connectionAlert(
			{state: 'reconnecting', reason: 'the server closed the connection', attempt: 3, retryAt: 0},
			'127.0.0.1',
			7777,
			4,
		);
		expect(alert).toBe('connection lost: the server closed the connection — reconnecting in 4 s (Esc to stop)');
		const {text} = show(
			room({
				width,
				height,
				connection: 'reconnecting',
				alert,
				entries: entries(...CONVERSATION, {kind: 'error', ts: T0 + 5 * minute, text: 'connection lost: the server closed the connection'}),
				hints: roomHints({scrolled: false, reconnecting: true, usersAvailable: true, showUsers: true}),
			}),
			width,
			height,
		);
		expect(text).toContain('reconnecting in 4 s');
		expect(text).toMatchSnapshot();
	});
});

describe('narrow terminal', () => {
	test.each([
		[60, 20],
		[69, 24],
	])('no user list at %i×%i', (width, height) => {
		const {text} = show(
			room({width, height, hints: roomHints({scrolled: false, reconnecting: false, usersAvailable: false, showUsers: true})}),
			width,
			height,
		);
		expect(text).not.toContain('online (4)');
		expect(text).toMatchSnapshot();
	});

	test('a tiny terminal still gets exactly its rows', () => {
		for (const [w, h] of [
			[20, 3],
			[30, 5],
			[12, 8],
		] as const) {
			show(room({width: w, height: h}), w, h);
			show(form(w, h, {error: 'connection refused — is a server running on 127.0.0.1:7777?'}), w, h);
		}
	});
});
