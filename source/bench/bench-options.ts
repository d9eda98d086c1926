import {UsageError} from '../cli/usage-error.js';
import type {ReceiveMode} from './bench-client.js';

/** `tcpchat bench` as the command line gives it (meow's flags, camel-cased). */
export type BenchOptions = {
	host: string;
	port: number;
	clients: number;
	/** Clients that send; the rest only listen. Default: every client. */
	senders?: number | undefined;
	/** Messages per second per sender. */
	rate: number;
	/** Seconds measured. */
	duration: number;
	/** Seconds of sending before measuring starts. */
	warmup: number;
	json: boolean;
	/** The server's process id, for its CPU time and memory (Linux /proc). */
	pid?: number | undefined;
	/** Start a headless server with opened-up limits on 127.0.0.1 and a free port. */
	spawnServer: boolean;
	/** The standard set of workloads, each on a fresh server of its own. */
	standard: boolean;
	/** The client's render benchmark instead of a load run. */
	render?: boolean | undefined;
	/** Runs of each standard workload; the report shows medians. */
	runs?: number | undefined;
	/** Worker processes for the clients (0 = in this process). */
	workers?: number | undefined;
	/** Characters per message. */
	size?: number | undefined;
	/** Clients connecting at once. */
	batch?: number | undefined;
	/** Seconds after the last send within which deliveries still count. */
	drain?: number | undefined;
	/** `fast` (byte search for the stamp) or `full` (every line JSON-parsed like a real client). */
	parse?: string | undefined;
	/** With a server the bench starts: write its V8 CPU profile into this folder. */
	cpuProf?: string | undefined;
};

/** meow's flag definitions for `tcpchat bench`. */
export const benchFlags = {
	host: {type: 'string', default: '127.0.0.1'},
	port: {type: 'number', default: 7777},
	clients: {type: 'number', default: 100},
	senders: {type: 'number'},
	rate: {type: 'number', default: 1},
	duration: {type: 'number', default: 10},
	warmup: {type: 'number', default: 2},
	json: {type: 'boolean', default: false},
	pid: {type: 'number'},
	spawnServer: {type: 'boolean', default: false},
	standard: {type: 'boolean', default: false},
	render: {type: 'boolean', default: false},
	runs: {type: 'number', default: 3},
	workers: {type: 'number'},
	size: {type: 'number', default: 0},
	batch: {type: 'number', default: 200},
	drain: {type: 'number', default: 5},
	parse: {type: 'string', default: 'fast'},
	cpuProf: {type: 'string'},
} as const;

export const BENCH_HELP = `
  Usage
    $ tcpchat bench [options]            load a running server
    $ tcpchat bench --spawn-server ...   start a headless server of its own first
    $ tcpchat bench --standard           the standard workloads (as npm run bench)
    $ tcpchat bench --render             the client's render time against history length

  Options
    --host HOST          server address (default 127.0.0.1)
    --port N             server port (default 7777)
    --clients N          connections, all in the room (default 100)
    --senders N          clients that send (default: all of them)
    --rate N             messages per second per sender (default 1)
    --duration S         seconds measured (default 10)
    --warmup S           seconds of sending before measuring (default 2)
    --size N             characters per message (default: the stamp only, about 23)
    --batch N            clients connecting at once (default 200)
    --drain S            seconds after the last send within which deliveries count (default 5)
    --workers N          processes for the clients (default 1; 0 = in the bench's own process)
    --parse fast|full    find each message's stamp by byte search, or JSON-parse every
                         line like the real client (default fast)
    --pid N              the server's process id, for its CPU time and peak memory (Linux)
    --spawn-server       start a headless server with limits opened up on 127.0.0.1
    --cpu-prof DIR       with --spawn-server: write the server's CPU profile into DIR
    --standard           run the standard workloads, each on a fresh server
    --runs N             runs of each standard workload, medians reported (default 3)
    --render             measure the client's render time per frame against history length
    --json               print the results as JSON on stdout

  Each sender puts its send time in the message text; every client measures the latency
  of every message it receives. Loss is what did not arrive within the drain window.

  Examples
    $ tcpchat bench --spawn-server --clients 500 --senders 50 --rate 100
    $ tcpchat bench --port 7777 --clients 1000 --pid $(pgrep -f "tcpchat server")
    $ tcpchat bench --standard --json > bench.json
`;

export type ResolvedBench = {
	host: string;
	port: number;
	clients: number;
	senders: number;
	rate: number;
	duration: number;
	warmup: number;
	json: boolean;
	pid: number | undefined;
	spawnServer: boolean;
	standard: boolean;
	render: boolean;
	runs: number;
	workers: number;
	size: number;
	batch: number;
	drain: number;
	mode: ReceiveMode;
	cpuProf: string | undefined;
};

function check(flag: string, value: number | undefined, fallback: number, min: number, max: number, whole = true): number {
	if (value === undefined) return fallback;
	if (typeof value !== 'number' || Number.isNaN(value)) throw new UsageError(`--${flag} must be a number`);
	if (value < min || value > max) throw new UsageError(`--${flag} must be between ${min} and ${max}, not ${value}`);
	if (whole && !Number.isInteger(value)) throw new UsageError(`--${flag} must be a whole number, not ${value}`);
	return value;
}

/** Checks every option; a mistake is a UsageError with a plain sentence. */
export function resolveBenchOptions(options: BenchOptions): ResolvedBench {
	const clients = check('clients', options.clients, 100, 1, 60_000);
	const parse = options.parse ?? 'fast';
	if (parse !== 'fast' && parse !== 'full') throw new UsageError(`--parse must be "fast" or "full", not "${parse}"`);
	if (options.cpuProf !== undefined && !options.spawnServer && !options.standard)
		throw new UsageError('--cpu-prof needs --spawn-server or --standard: only a server the bench starts can be profiled');
	return {
		host: options.host || '127.0.0.1',
		port: check('port', options.port, 7777, 1, 65535),
		clients,
		senders: check('senders', options.senders, clients, 0, clients),
		rate: check('rate', options.rate, 1, 0.001, 1_000_000, false),
		duration: check('duration', options.duration, 10, 0.1, 86_400, false),
		warmup: check('warmup', options.warmup, 2, 0, 3600, false),
		json: Boolean(options.json),
		pid: options.pid === undefined ? undefined : check('pid', options.pid, 0, 1, 2 ** 31),
		spawnServer: Boolean(options.spawnServer),
		standard: Boolean(options.standard),
		render: Boolean(options.render),
		runs: check('runs', options.runs, 3, 1, 100),
		workers: check('workers', options.workers, 1, 0, 64),
		size: check('size', options.size, 0, 0, 2000),
		batch: check('batch', options.batch, 200, 1, 60_000),
		drain: check('drain', options.drain, 5, 0, 600, false),
		mode: parse,
		cpuProf: options.cpuProf,
	};
}
