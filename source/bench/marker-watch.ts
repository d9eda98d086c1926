/**
 * Finds a marker in a byte stream read in pieces, keeping only the few bytes a marker split
 * across two reads needs: the bench's raw connections wait for one line (a welcome, an
 * answer) among thousands they do not need to keep.
 */
export class MarkerWatch {
	private readonly marker: Buffer;
	private tail: Buffer = Buffer.alloc(0);

	constructor(marker: string) {
		this.marker = Buffer.from(marker);
	}

	/** Whether the marker has appeared, in this chunk or across its start. */
	push(chunk: Buffer): boolean {
		const keep = this.marker.length - 1;
		const joined = this.tail.length > 0 ? Buffer.concat([this.tail, chunk.subarray(0, keep)]) : undefined;
		if (joined && joined.includes(this.marker)) return this.found();
		if (chunk.includes(this.marker)) return this.found();
		const source = chunk.length >= keep ? chunk : Buffer.concat([this.tail, chunk]);
		this.tail = Buffer.from(source.subarray(Math.max(0, source.length - keep)));
		return false;
	}

	private found(): boolean {
		this.tail = Buffer.alloc(0);
		return true;
	}
}
