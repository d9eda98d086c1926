import {existsSync, mkdirSync} from 'node:fs';
import path from 'node:path';
import {resolveBenchOptions, type ResolvedBench} from './bench-options.js';
import {runLoad, type LoadResult, type LoadTarget, type Workload} from './load-run.js';
import {LOCAL_NETWORKS, spreadsOverLoopback} from './local-address.js';
import {formatProgress, ProgressDisplay} from './progress-display.js';
import {formatResult} from './report.js';
import {formatProfile, readProfile, summariseProfile} from './cpu-profile-summary.js';
import {ServerProcess} from './server-process.js';
import type {ServerBuild} from './server-build.js';
import {caseWorkload, formatSuite, medianResult, STANDARD_CASES, type CaseOutcome} from './standard-suite.js';

export {BENCH_HELP, benchFlags, type BenchOptions} from './bench-options.js';

type Output = {out: NodeJS.WritableStream; err: NodeJS.WriteStream};

/**
 * `tcpchat bench`: a load run against a server (its own with --spawn-server), the standard
 * suite, or the render benchmark. Resolves with the exit code: 0 when it measured (for the
 * suite even when a target was missed: the table says so), 1 when it could not measure.
 * Mistakes in the options throw a UsageError.
 */
export async function runBench(
	options: import('./bench-options.js').BenchOptions,
	output: Output = {out: process.stdout, err: process.stderr},
): Promise<number> {
	const bench = resolveBenchOptions(options);
	try {
		if (bench.render) {
			const {runRenderBench} = await import('./render-bench.js');
			return await runRenderBench(bench, output);
		}
		if (bench.scenario) return await runScenario(bench, output);
		if (bench.standard) return await runStandard(bench, output);
		return await runSingle(bench, output);
	} catch (error) {
		output.err.write(`tcpchat bench: ${error instanceof Error ? error.message : String(error)}\n`);
		return 1;
	}
}

function workloadOf(bench: ResolvedBench): Workload {
	return {
		name: 'custom',
		clients: bench.clients,
		senders: bench.senders,
		rate: bench.rate,
		duration: bench.duration,
		warmup: bench.warmup,
		size: bench.size,
		workers: bench.workers,
		batch: bench.batch,
		drain: bench.drain,
		mode: bench.mode,
		...(bench.rooms > 0 ? {rooms: bench.rooms} : {}),
		...(bench.dialect === 'irc' ? {dialect: 'irc' as const} : {}),
		...(bench.dialect === 'irc' || bench.rooms > 0 ? ownAddresses(bench.spawnServer || bench.host.startsWith('127.') || bench.host === 'localhost') : {}),
	};
}

/**
 * IRC servers limit connections per address (ngIRCd 5, InspIRCd 3 by default), and tcpchat the
 * rooms an address makes (50, then one a second): against a server on this machine each client
 * of those workloads gets an address of its own in 127.0.0.0/8, as if on machines of their
 * own, as the scenarios' clients do. A server elsewhere sees the machine's one address.
 */
function ownAddresses(loopback: boolean): {localNetwork?: number} {
	return loopback && spreadsOverLoopback() ? {localNetwork: LOCAL_NETWORKS.room} : {};
}

function needBuild(bench: ResolvedBench): ServerBuild {
	if (!bench.serverBuild) throw new Error('tcpchat is not built — run `npm run build` first');
	return bench.serverBuild;
}

/** Starts the bench's own server (profiled when asked), runs `body` against it, stops it. */
async function withServer<T>(
	bench: ResolvedBench,
	label: string,
	err: NodeJS.WritableStream,
	body: (target: LoadTarget) => Promise<T>,
): Promise<T> {
	const nodeArgs: string[] = [];
	const profile = bench.cpuProf ? path.resolve(bench.cpuProf, `server-${label}-${Date.now()}.cpuprofile`) : undefined;
	if (profile) {
		mkdirSync(path.dirname(profile), {recursive: true});
		nodeArgs.push('--cpu-prof', '--cpu-prof-dir', path.dirname(profile), '--cpu-prof-name', path.basename(profile));
	}
	const server = await ServerProcess.start({nodeArgs, script: needBuild(bench).benchServer});
	try {
		return await body({host: '127.0.0.1', port: server.port, pid: server.pid, gc: () => server.gc()});
	} finally {
		await server.stop();
		if (profile && existsSync(profile)) {
			const top = formatProfile(summariseProfile(readProfile(profile)), 15);
			err.write(`server CPU profile: ${profile}\nheaviest functions (self time, then total):\n${top}\n\n`);
		}
	}
}

async function runSingle(bench: ResolvedBench, {out, err}: Output): Promise<number> {
	const display = new ProgressDisplay(err);
	const workload = workloadOf(bench);
	const run = (target: LoadTarget) => runLoad(target, workload, p => display.show(formatProgress('bench', p)));
	let result: LoadResult;
	try {
		result = bench.spawnServer
			? await withServer(bench, 'custom', err, run)
			: await run({host: bench.host, port: bench.port, ...(bench.pid ? {pid: bench.pid} : {})});
	} finally {
		display.done();
	}
	out.write(bench.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatResult(result)}\n`);
	return 0;
}

async function runStandard(bench: ResolvedBench, {out, err}: Output): Promise<number> {
	const display = new ProgressDisplay(err);
	const outcomes: CaseOutcome[] = [];
	for (const c of STANDARD_CASES) {
		if (c.kind === 'idle-memory') {
			const {runIdleMemory} = await import('./idle-memory.js');
			try {
				const result = await runIdleMemory(
					needBuild(bench),
					{...c.settings, runs: bench.runs},
					line => display.show(`${c.id}) ${line}`),
					line => {
						display.done();
						if (!bench.json) err.write(`${c.id}) ${line}\n`);
					},
				);
				outcomes.push({case: c, result, met: result.met});
			} finally {
				display.done();
			}
			continue;
		}
		const runs: LoadResult[] = [];
		for (let i = 1; i <= bench.runs; i++) {
			const label = `${c.id}) ${c.title}, run ${i}/${bench.runs}`;
			try {
				runs.push(
					await withServer(bench, `${c.id}${i}`, err, target =>
						runLoad(target, {...caseWorkload(c, bench.workers, bench.mode, bench.drain), ...(c.workload.rooms ? ownAddresses(true) : {})}, p =>
							display.show(formatProgress(label, p)),
						),
					),
				);
			} finally {
				display.done();
			}
			if (!bench.json) err.write(`${label}\n${formatResult(runs.at(-1)!)}\n\n`);
		}
		const median = medianResult(runs);
		outcomes.push({case: c, runs, median, met: c.met(median)});
	}
	if (bench.json) {
		out.write(
			`${JSON.stringify(
				outcomes.map(o =>
					'result' in o
						? {id: o.case.id, title: o.case.title, target: o.case.target, met: o.met, median: o.result}
						: {id: o.case.id, title: o.case.title, target: o.case.target, met: o.met, median: o.median, runs: o.runs},
				),
				null,
				2,
			)}\n`,
		);
	} else out.write(`${formatSuite(outcomes, bench.runs)}\n`);
	// A missed target is a finding, not a failure to measure: the table says MISSED.
	return 0;
}

/** `--scenario NAME`: the built binary with its default flags, met as a user or an attacker would. */
async function runScenario(bench: ResolvedBench, {out, err}: Output): Promise<number> {
	const display = new ProgressDisplay(err);
	const build = needBuild(bench);
	const show = (line: string) => display.show(line);
	const report = (line: string) => {
		display.done();
		if (!bench.json) err.write(`${line}\n`);
	};
	let text: string;
	let result: unknown;
	try {
		switch (bench.scenario!) {
			case 'idle-memory': {
				const {formatIdleMemory, runIdleMemory} = await import('./idle-memory.js');
				const r = await runIdleMemory(build, {clients: bench.clients, holdSeconds: bench.duration, batch: bench.batch, runs: bench.runs}, show, report);
				[result, text] = [r, formatIdleMemory(r)];
				break;
			}
			case 'partial-lines': {
				const {formatPartialLines, runPartialLines} = await import('./partial-lines.js');
				const r = await runPartialLines(
					build,
					{clients: bench.clients, lineBytes: bench.size, maxSeconds: bench.duration, batch: bench.batch, runs: bench.runs},
					show,
					report,
				);
				[result, text] = [r, formatPartialLines(r)];
				break;
			}
			case 'control-flood': {
				const {formatControlFlood, runControlFlood} = await import('./control-flood.js');
				const r = await runControlFlood(
					build,
					{
						clients: bench.clients,
						rate: bench.rate,
						duration: bench.duration,
						warmup: bench.warmup,
						drain: bench.drain,
						runs: bench.runs,
						flooders: bench.flooders,
						politeFlood: bench.politeFlood,
						workers: bench.workers,
						batch: bench.batch,
						mode: bench.mode,
					},
					show,
					report,
				);
				[result, text] = [r, formatControlFlood(r)];
				break;
			}
		}
	} finally {
		display.done();
	}
	out.write(bench.json ? `${JSON.stringify(result, null, 2)}\n` : `${text}\n`);
	// As with the suite, a missed target is a finding the report states, not a failure to measure.
	return 0;
}
