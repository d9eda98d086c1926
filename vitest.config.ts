import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
		// Tests wait for events, never for time: these are ceilings for a loaded 2-core machine.
		testTimeout: 30_000,
		hookTimeout: 30_000,
		pool: 'forks',
	},
});
