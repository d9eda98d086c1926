import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {ircNick, tcpchatName} from '../source/protocol/irc-names.js';
import {ircLine, numeric} from '../source/protocol/irc-format.js';
import {readIrcText, splitIrcText, stripIrcFormatting} from '../source/protocol/irc-text.js';
import {nameProblem} from '../source/protocol/names.js';

describe('splitIrcText', () => {
	it('cuts every line into parts within the budget that put it back together', () => {
		fc.assert(
			fc.property(fc.string({unit: 'grapheme', maxLength: 600}), fc.integer({min: 16, max: 500}), (text, budget) => {
				const parts = splitIrcText(text, budget);
				for (const part of parts) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(budget);
				const kept = text.split('\n').filter(l => l.trim().length > 0);
				expect(parts.join('')).toBe(kept.join(''));
			}),
		);
	});
	it('cuts at a space near the end when there is one', () => {
		expect(splitIrcText('aaaa bbbb cccc dddd', 16)).toEqual(['aaaa bbbb cccc ', 'dddd']);
	});
});

describe('IRC text', () => {
	it('removes formatting with its parameters', () => {
		expect(stripIrcFormatting('\u0002b\u0002 \u00034,12c\u0003 \u000399x \u0004FF00AA,00ff00h \u0016r\u001Di\u001Eo\u001Fu\u0011m\u000F')).toBe('b c x h riou' + 'm');
		expect(stripIrcFormatting('\u0003,5 keeps a comma')).toBe(',5 keeps a comma');
	});
	it('reads CTCP ACTION as /me and other CTCP as not relayed', () => {
		expect(readIrcText('\u0001ACTION waves\u0001')).toEqual({kind: 'action', text: 'waves'});
		expect(readIrcText('\u0001ACTION waves')).toEqual({kind: 'action', text: 'waves'});
		expect(readIrcText('\u0001VERSION\u0001')).toEqual({kind: 'ctcp', command: 'VERSION'});
		expect(readIrcText('hi')).toEqual({kind: 'text', text: 'hi'});
	});
});

describe('nick mapping', () => {
	it('is one to one on every valid tcpchat name', () => {
		fc.assert(
			fc.property(fc.stringMatching(/^[a-z0-9_.-]{1,24}$/), name => {
				fc.pre(nameProblem(name) === undefined);
				const nick = ircNick(name);
				expect(nick).not.toContain('.');
				expect(tcpchatName(nick)).toBe(name);
			}),
		);
		expect(ircNick('j.doe')).toBe('j|doe');
		expect(tcpchatName('bob|away')).toBe('bob.away');
		expect(ircNick('张伟')).toBe('张伟');
	});
});

describe('server lines keep to 512 bytes', () => {
	const bytes = (line: string): number => Buffer.byteLength(`${line}\r\n`);

	it('a topic, an away text or a reason in four-byte characters gives way at its end, with …', () => {
		const topic = '😀'.repeat(300);
		const line = ircLine(`${'𠀀'.repeat(24)}!u@tcpchat`, 'TOPIC', [`#${'开'.repeat(32)}`, topic]);
		expect(bytes(line)).toBeLessThanOrEqual(512);
		expect(bytes(line)).toBeGreaterThan(505);
		expect(line.endsWith('😀…')).toBe(true);
		const numericLine = numeric('332', 'ivy', '#general', topic);
		expect(bytes(numericLine)).toBeLessThanOrEqual(512);
	});

	it('any line: cut only when over, never through a character', () => {
		fc.assert(
			fc.property(fc.string({unit: 'grapheme', maxLength: 400}), text => {
				const line = ircLine('tcpchat.server', 'NOTICE', ['ivy', text]);
				expect(bytes(line)).toBeLessThanOrEqual(512);
				const whole = `:tcpchat.server NOTICE ivy :${text}`;
				if (bytes(whole) <= 512 && !/[\u0000-\u001f\u007f-\u009f]/.test(text)) expect(line).toBe(whole);
				expect(line).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
			}),
			{numRuns: 300},
		);
	});
});
