import React from 'react';
import stringWidth from 'string-width';
import {describe, expect, test} from 'vitest';
import {ConnectForm, connectFormCaret} from '../source/components/connect-form.js';
import {PortForm, portFormCaret} from '../source/components/port-form.js';
import {lineAt, type LineState} from '../source/ui/line-editor.js';
import {renderTerminal} from './helpers/render-terminal.js';

/** The cells of a drawn row: a wide character takes two, its second empty. */
function cells(row: string): string[] {
	const out: string[] = [];
	for (const char of row) {
		out.push(char);
		if (stringWidth(char) === 2) out.push('');
	}
	return out;
}

/** What is drawn on `row` from column `from` up to (not including) column `to`. */
function between(frame: string, row: number, from: number, to: number): string {
	return cells(frame.split('\n')[row] ?? '')
		.slice(from, to)
		.join('');
}

function drawn(element: React.ReactElement, width: number, height: number): string {
	const terminal = renderTerminal(element, width, height);
	const frame = terminal.lastFrame();
	terminal.unmount();
	return frame;
}

const SIZES = [
	[80, 24],
	[40, 12],
	[200, 50],
	[24, 8],
] as const;

describe.each(SIZES)('the caret cell is where the drawn text ends, at %i×%i', (width, height) => {
	const fields = (name: LineState) => ({host: lineAt('127.0.0.1'), port: lineAt('7777'), name});

	test('connect form: the focused field, wide characters, with and without an error', () => {
		for (const error of [undefined, 'connection refused — is a server running on 127.0.0.1:7777? That is a long sentence to wrap.']) {
			for (const name of [lineAt('张三'), {value: '张三abc', cursor: 1}, lineAt('')]) {
				const props = {width, height, fields: fields(name), focus: 'name' as const, error};
				const caret = connectFormCaret(props);
				const frame = drawn(<ConnectForm {...props} />, width, height);
				if (!caret) {
					expect(height).toBeLessThan(12);
					continue;
				}
				const before = [...name.value].slice(0, name.cursor).join('');
				// Left of the caret, the field shows what is before the cursor, right after the label.
				expect(between(frame, caret.y, caret.x - stringWidth(before), caret.x)).toBe(before);
				expect(between(frame, caret.y, 0, caret.x)).toContain('Nickname');
			}
		}
	});

	test('connect form: the host field, focused', () => {
		const props = {width, height, fields: fields(lineAt('z')), focus: 'host' as const};
		const caret = connectFormCaret(props);
		if (!caret) return;
		const frame = drawn(<ConnectForm {...props} />, width, height);
		// A narrow field scrolls: what shows left of the caret is the end of the host.
		const shown = between(frame, caret.y, caret.x - 9, caret.x).trimStart();
		expect(shown.length).toBeGreaterThan(3);
		expect('127.0.0.1'.endsWith(shown)).toBe(true);
		expect(between(frame, caret.y, 0, caret.x)).toContain('Host');
	});

	test('port form, with and without the listen error', () => {
		for (const error of [null, 'port 7777 is already in use — is another tcpchat server running? Try port 0.']) {
			const props = {width, height, host: '0.0.0.0', line: lineAt('7777'), error, busy: false};
			const caret = portFormCaret(props);
			if (!caret) continue;
			const frame = drawn(<PortForm {...props} />, width, height);
			expect(between(frame, caret.y, caret.x - 9, caret.x)).toBe('Port 7777');
		}
	});

	test('no caret while busy', () => {
		expect(connectFormCaret({width, height, fields: fields(lineAt('a')), focus: 'name', busy: 'connecting…'})).toBeUndefined();
		expect(portFormCaret({width, height, host: '0.0.0.0', line: lineAt('1'), error: null, busy: true})).toBeUndefined();
	});
});
