/** The lines a child process prints, with a wait driven by what it prints (never by time). */
export class OutputLines {
	readonly lines: string[] = [];
	private partial = '';
	private ended = false;
	private readonly waiters = new Set<() => void>();

	constructor(stream: NodeJS.ReadableStream) {
		stream.setEncoding('utf8');
		stream.on('data', (chunk: string) => {
			const parts = (this.partial + chunk).split('\n');
			this.partial = parts.pop()!;
			this.lines.push(...parts.map(line => line.replace(/\r$/, '')));
			this.wake();
		});
		stream.on('end', () => {
			this.ended = true;
			this.wake();
		});
	}

	waitFor(predicate: (line: string) => boolean, what: string): Promise<string> {
		return new Promise((resolve, reject) => {
			const check = (): void => {
				const line = this.lines.find(predicate);
				if (line !== undefined || this.ended) {
					this.waiters.delete(check);
					if (line !== undefined) resolve(line);
					else reject(new Error(`output ended while waiting for ${what}:\n${this.lines.join('\n')}`));
				}
			};
			this.waiters.add(check);
			check();
		});
	}

	private wake(): void {
		for (const waiter of [...this.waiters]) waiter();
	}
}
