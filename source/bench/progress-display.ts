import type {LoadProgress} from './load-run.js';

/** One progress line, e.g. `measuring  12.5 s  1000/1000 clients  1000 msg/s  1.00 M deliveries/s`. */
export function formatProgress(label: string, p: LoadProgress): string {
	const parts = [
		label,
		p.phase.padEnd(10),
		`${p.elapsed.toFixed(1).padStart(6)} s`,
		`${p.connected}/${p.clients} clients`,
		`${formatCount(p.sendRate)} msg/s`,
		`${formatCount(p.deliveryRate)} deliveries/s`,
	];
	if (p.phase === 'draining' && p.expected > 0) parts.push(`${((100 * p.received) / p.expected).toFixed(1)} % arrived`);
	return parts.filter(Boolean).join('  ');
}

export function formatCount(n: number): string {
	if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
	if (n >= 1e4) return `${(n / 1e3).toFixed(1)} k`;
	return Math.round(n).toString();
}

/**
 * Shows progress on stderr: one line redrawn in place on a terminal, a plain line every few
 * seconds otherwise (a log file or CI gets no carriage returns).
 */
export class ProgressDisplay {
	private lastPlain = 0;
	private drawn = false;

	constructor(
		private readonly stream: NodeJS.WriteStream = process.stderr,
		private readonly plainEveryMs = 2000,
	) {}

	show(line: string): void {
		if (this.stream.isTTY) {
			const width = Math.max(20, (this.stream.columns || 100) - 1);
			this.stream.write(`\r\u001B[K${line.slice(0, width)}`);
			this.drawn = true;
			return;
		}
		const now = Date.now();
		if (now - this.lastPlain < this.plainEveryMs) return;
		this.lastPlain = now;
		this.stream.write(`${line}\n`);
	}

	/** Clears the live line, so that the report starts on a clean line. */
	done(): void {
		if (this.drawn) this.stream.write('\r\u001B[K');
		this.drawn = false;
		this.lastPlain = 0;
	}
}
