import {readFileSync} from 'node:fs';
import path from 'node:path';

type CallFrame = {functionName: string; url: string; lineNumber: number};
type ProfileNode = {id: number; callFrame: CallFrame; children?: number[]};
export type CpuProfile = {nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]};

export type ProfileLine = {name: string; where: string; selfMs: number; selfPercent: number; totalMs: number; totalPercent: number};

/**
 * Self and total time per function of a V8 CPU profile (`node --cpu-prof`), heaviest first.
 * Idle time is left out of the percentages: they say where the busy time went.
 */
export function summariseProfile(profile: CpuProfile, root = process.cwd()): ProfileLine[] {
	const byId = new Map(profile.nodes.map(node => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const selfMicros = new Map<number, number>();
	for (let i = 0; i < profile.samples.length; i++) {
		const id = profile.samples[i]!;
		selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
	}
	const keyOf = (node: ProfileNode) => {
		const {functionName, url, lineNumber} = node.callFrame;
		const file = url ? path.relative(root, url.replace(/^file:\/\//, '')) : '';
		return {name: functionName || '(anonymous)', where: file ? `${file}:${lineNumber + 1}` : ''};
	};
	const lines = new Map<string, ProfileLine>();
	let busy = 0;
	for (const [id, micros] of selfMicros) {
		const node = byId.get(id)!;
		if (node.callFrame.functionName === '(idle)') continue;
		busy += micros;
		const key = keyOf(node);
		const line = lines.get(`${key.name} ${key.where}`) ?? {...key, selfMs: 0, selfPercent: 0, totalMs: 0, totalPercent: 0};
		line.selfMs += micros / 1000;
		lines.set(`${key.name} ${key.where}`, line);
		// Total time: once per function on the stack, however deep it recurses.
		const seen = new Set<string>();
		for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
			const k = keyOf(byId.get(at)!);
			const name = `${k.name} ${k.where}`;
			if (seen.has(name)) continue;
			seen.add(name);
			const entry = lines.get(name) ?? {...k, selfMs: 0, selfPercent: 0, totalMs: 0, totalPercent: 0};
			entry.totalMs += micros / 1000;
			lines.set(name, entry);
		}
	}
	const all = [...lines.values()].filter(line => line.name !== '(root)');
	for (const line of all) {
		line.selfPercent = busy > 0 ? (100 * line.selfMs * 1000) / busy : 0;
		line.totalPercent = busy > 0 ? (100 * line.totalMs * 1000) / busy : 0;
	}
	return all.sort((a, b) => b.selfMs - a.selfMs);
}

export function readProfile(file: string): CpuProfile {
	return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
}

export function formatProfile(lines: ProfileLine[], top = 20): string {
	return lines
		.slice(0, top)
		.map(l => `${l.selfPercent.toFixed(1).padStart(5)} % self ${l.totalPercent.toFixed(1).padStart(5)} % total  ${l.name}  ${l.where}`)
		.join('\n');
}
