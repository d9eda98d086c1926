import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {JsonElements} from '../source/server/json-elements.js';

describe('JsonElements', () => {
	it('is empty at first', () => {
		const list = new JsonElements();
		expect(list.count).toBe(0);
		expect(list.bytes().length).toBe(0);
	});

	it('joins its elements by commas, in order, as UTF-8', () => {
		const list = new JsonElements();
		list.push('{"name":"ada"}');
		list.push('"été ✓"');
		expect(list.bytes().toString('utf8')).toBe('{"name":"ada"},"été ✓"');
		list.shift();
		expect(list.bytes().toString('utf8')).toBe('"été ✓"');
		list.shift();
		list.shift();
		expect(list.count).toBe(0);
		expect(list.bytes().length).toBe(0);
	});

	it('never changes bytes it handed out, and always matches a plain join', () => {
		fc.assert(
			fc.property(fc.array(fc.oneof(fc.string({maxLength: 300}), fc.constant(null)), {maxLength: 400}), ops => {
				const list = new JsonElements();
				const model: string[] = [];
				const handed: Array<{bytes: Buffer; text: string}> = [];
				for (const op of ops) {
					if (op === null) {
						list.shift();
						model.shift();
					} else {
						const json = JSON.stringify(op);
						list.push(json);
						model.push(json);
					}
					const bytes = list.bytes();
					expect(bytes.toString('utf8')).toBe(model.join(','));
					expect(list.count).toBe(model.length);
					handed.push({bytes, text: model.join(',')});
				}
				for (const h of handed) expect(h.bytes.toString('utf8')).toBe(h.text);
			}),
			{numRuns: 100},
		);
	});
});
