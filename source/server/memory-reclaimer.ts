import v8 from 'node:v8';
import vm from 'node:vm';

type Collect = () => void;

/** Connections that must come or go before a quiet moment is worth a collection. */
const CHURN_WORTH_RECLAIMING = 500;
/** How long the churn must have stopped: a wave still rolling in would fill the heap again. */
const QUIET_MS = 1000;

let collect: Collect | undefined | null;

/**
 * V8's own collection that gives memory back to the system, reached without starting node
 * with --expose-gc (the flag may be set at run time, and the function taken from a fresh context).
 */
function collector(): Collect | undefined {
	if (collect !== undefined) return collect ?? undefined;
	try {
		v8.setFlagsFromString('--expose-gc');
		collect = vm.runInNewContext('gc') as Collect;
	} catch {
		collect = null;
	}
	return collect ?? undefined;
}

/**
 * Gives back the memory a wave of joins (or leaves) used once it is over. Each join sends news
 * to every member, so a wave of thousands leaves a heap of garbage that V8 would otherwise keep
 * until something else makes it collect — in an idle room, for a minute or more, holding twice
 * the memory the connections need. One compacting collection after the wave costs a few tens
 * of milliseconds, once, when nothing is going on.
 */
export class MemoryReclaimer {
	private churn = 0;
	private lastChurnAt = 0;

	constructor(private readonly enabled = true) {
		// The young generation doubles to 32 MB under a join wave and stays there: 1.6 KiB of
		// every idle connection's share at 10 000. Kept at its start-up size, it is collected twice
		// as often, each time as cheaply (the bench's workloads show no difference).
		if (enabled) v8.setFlagsFromString('--semi-space-growth-factor=1');
	}

	/** A connection came or went. */
	note(now: number): void {
		this.churn++;
		this.lastChurnAt = now;
	}

	/** Called by the server's sweep: collects once a big enough wave has been over for a moment. */
	sweep(now: number): boolean {
		if (!this.enabled || this.churn < CHURN_WORTH_RECLAIMING || now - this.lastChurnAt < QUIET_MS) return false;
		this.churn = 0;
		const gc = collector();
		if (!gc) return false;
		// Every page compacted: the wave left the old space full of half-empty pages, which a
		// plain full collection keeps. (Given options, this V8's gc() runs a scavenge only.)
		v8.setFlagsFromString('--compact-on-every-full-gc');
		try {
			gc();
		} finally {
			v8.setFlagsFromString('--no-compact-on-every-full-gc');
		}
		return true;
	}
}
