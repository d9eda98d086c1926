import {expect, test} from 'vitest';
import React from 'react';
import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {LineDecoder} from '../source/protocol/line-decoder.js';

test('tsx renders and protocol imports resolve', () => {
	const {lastFrame} = render(<Text>hello</Text>);
	expect(lastFrame()).toBe('hello');
	expect(new LineDecoder().push(Buffer.from('a\n'))).toEqual([{kind: 'line', line: 'a'}]);
});
