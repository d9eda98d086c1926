/** The port typed in the form, or a sentence saying what is wrong with it. */
export function parsePortInput(text: string): {port: number} | {error: string} {
	const trimmed = text.trim();
	if (!/^\d{1,5}$/.test(trimmed) || Number(trimmed) > 65_535) {
		return {error: 'the port must be a number from 0 to 65535 (0 picks a free port).'};
	}
	return {port: Number(trimmed)};
}

/** Listen errors advise command-line flags; in the form the advice is the field itself. */
export function formListenError(message: string): string {
	return message.replace(/Try --port (\d+)\.$/, 'Try port $1.').replace(/--host (\S+?)\.$/, 'the --host flag ($1).');
}
