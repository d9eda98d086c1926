/**
 * `npm run bench:irc`: tcpchat's IRC dialect side by side with ngIRCd and InspIRCd, the same
 * IRC load generator (`--dialect irc`) against each, fresh servers for every run, the servers
 * taking turns within each round so that a noisy minute of the machine falls on all of them.
 * A server that is not installed is left out with a sentence. Linux only: every client has a
 * source address of its own in 127.0.0.0/8 and server CPU comes from /proc.
 *
 *   node dist/source/bench/irc-compare.js [--runs 3] [--workloads 1,2,3]
 *     [--servers tcpchat,ngircd,inspircd] [--duration 10] [--warmup 2] [--json FILE]
 */
import {writeFileSync} from 'node:fs';
import os from 'node:os';
import {parseArgs} from 'node:util';
import {CONNECT_BATCH, connectBatch, formatComparison, IRC_WORKLOADS, roundOrder, type CompareRun} from './irc-comparison.js';
import {IRC_SERVERS, IrcServerProcess, missingServer, type IrcServerName} from './irc-servers.js';
import {runLoad, type LoadResult, type Workload} from './load-run.js';
import {LOCAL_NETWORKS, spreadsOverLoopback} from './local-address.js';
import {formatProgress, ProgressDisplay} from './progress-display.js';
import {formatResult} from './report.js';
import {ownBuild} from './server-build.js';
import {medianResult} from './standard-suite.js';

async function main(): Promise<number> {
	const {values} = parseArgs({
		options: {
			runs: {type: 'string', default: '3'},
			workloads: {type: 'string', default: IRC_WORKLOADS.map(w => w.id).join(',')},
			servers: {type: 'string', default: IRC_SERVERS.join(',')},
			duration: {type: 'string', default: '10'},
			warmup: {type: 'string', default: '2'},
			drain: {type: 'string', default: '5'},
			workers: {type: 'string', default: '1'},
			json: {type: 'string'},
		},
	});
	if (!spreadsOverLoopback()) {
		process.stderr.write('bench:irc needs Linux: each client has an address of its own in 127.0.0.0/8 and server CPU comes from /proc\n');
		return 1;
	}
	const runs = Number(values.runs);
	const duration = Number(values.duration);
	const warmup = Number(values.warmup);
	const drain = Number(values.drain);
	const workers = Number(values.workers);
	const workloads = values.workloads.split(',').map(id => {
		const found = IRC_WORKLOADS.find(w => w.id === id.trim());
		if (!found) throw new Error(`no workload ${id}: there are ${IRC_WORKLOADS.map(w => w.id).join(', ')}`);
		return found;
	});
	const cli = ownBuild()?.cli;
	const servers: IrcServerName[] = [];
	for (const name of values.servers.split(',').map(s => s.trim())) {
		if (!(IRC_SERVERS as readonly string[]).includes(name)) throw new Error(`no server ${name}: there are ${IRC_SERVERS.join(', ')}`);
		const problem = missingServer(name as IrcServerName, cli);
		if (problem) process.stderr.write(`${problem}.\n`);
		else servers.push(name as IrcServerName);
	}
	if (servers.length === 0) return 1;

	const display = new ProgressDisplay(process.stderr);
	const all: CompareRun[] = [];
	// A stopped comparison stops the server it started, which would otherwise outlive it.
	let running: IrcServerProcess | undefined;
	for (const signal of ['SIGINT', 'SIGTERM'] as const)
		process.once(signal, () => {
			void (running?.stop() ?? Promise.resolve()).then(() => process.exit(130));
		});
	for (const w of workloads) {
		const workload: Workload = {
			name: w.id,
			clients: w.clients,
			senders: w.senders,
			rate: w.rate,
			duration,
			warmup,
			size: 0,
			workers,
			batch: CONNECT_BATCH,
			drain,
			mode: 'fast',
			localNetwork: LOCAL_NETWORKS.room,
			dialect: 'irc',
		};
		for (let run = 1; run <= runs; run++) {
			for (const name of roundOrder(servers, run)) {
				const label = `${w.id}) ${w.title}, ${name}, run ${run}/${runs}`;
				const loadBefore = os.loadavg();
				const server = await IrcServerProcess.start(name, cli);
				running = server;
				let result: LoadResult;
				try {
					result = await runLoad({host: '127.0.0.1', port: server.port, pid: server.pid}, {...workload, batch: connectBatch(name)}, p =>
						display.show(formatProgress(label, p)),
					);
				} finally {
					display.done();
					await server.stop();
					running = undefined;
				}
				const loadAfter = os.loadavg();
				all.push({server: name, workload: w.id, run, loadBefore, loadAfter, result});
				process.stderr.write(`${label} (load average ${loadBefore[0]!.toFixed(2)} → ${loadAfter[0]!.toFixed(2)})\n${formatResult(result)}\n\n`);
			}
		}
	}
	const rows = workloads.flatMap(w =>
		servers.map(server => ({workload: w, server, median: medianResult(all.filter(r => r.workload === w.id && r.server === server).map(r => r.result))})),
	);
	process.stdout.write(`${formatComparison(rows, runs)}\n`);
	if (values.json) writeFileSync(values.json, `${JSON.stringify({machine: machine(), runs: all, medians: rows.map(r => ({workload: r.workload.id, server: r.server, median: r.median}))}, null, 2)}\n`);
	return 0;
}

function machine(): Record<string, unknown> {
	return {cpus: os.cpus().map(c => c.model), cores: os.cpus().length, memory: os.totalmem(), node: process.version, kernel: os.release()};
}

main().then(
	code => {
		process.exitCode = code;
	},
	(error: unknown) => {
		process.stderr.write(`bench:irc: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exitCode = 1;
	},
);
