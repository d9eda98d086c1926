const kebab = (name: string) => name.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`);

/**
 * The first `--flag` in argv that the command does not know, so that a typo gets one plain
 * line and the usage instead of being silently ignored. `--no-X` counts for a boolean `X`.
 * No command has short flags, so `-p 8000` is refused rather than quietly meaning nothing.
 */
export function findUnknownFlag(argv: readonly string[], flags: Record<string, {type?: string}>): string | undefined {
	const known = new Set(['help', 'version']);
	for (const [name, spec] of Object.entries(flags)) {
		known.add(kebab(name));
		if (spec.type === 'boolean') known.add(`no-${kebab(name)}`);
	}
	for (const arg of argv) {
		if (arg === '--') return undefined;
		if (/^-[^-\d]/.test(arg)) return arg;
		if (!arg.startsWith('--')) continue;
		const name = arg.slice(2).split('=')[0] ?? '';
		if (!known.has(name)) return arg.split('=')[0];
	}
	return undefined;
}
