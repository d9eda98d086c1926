/** A mistake on the command line: printed as one plain line, then the usage, exit code 2. */
export class UsageError extends Error {
	override name = 'UsageError';
}
