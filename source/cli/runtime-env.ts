import process from 'node:process';

// This module must be the first import of cli.tsx: React and Ink read these variables once,
// when they are loaded.

// React's development build diffs every prop of every render, so the client's frame time
// would grow with its history (16 → 35 ms from 1 000 to 100 000 messages, flat 11–13 ms in
// production; see docs/performance.md).
process.env['NODE_ENV'] ??= 'production';

// Ink draws only the final frame when the CI variable is set, which would leave a person's
// terminal blank inside a CI job or any shell that exports CI. A terminal is never CI.
if (process.stdout.isTTY) {
	delete process.env['CI'];
	delete process.env['CONTINUOUS_INTEGRATION'];
}
