import process from 'node:process';

// Ink draws only the final frame when the CI variable is set, which would leave a person's
// terminal blank inside a CI job or any shell that exports CI. A terminal is never CI, so the
// variables go before Ink is loaded: this module must be the first import of cli.tsx.
if (process.stdout.isTTY) {
	delete process.env['CI'];
	delete process.env['CONTINUOUS_INTEGRATION'];
}
