import {UsageError} from '../cli/usage-error.js';
import {MAX_FRAME_BYTES} from '../protocol/limits.js';
import type {BenchDialect, ReceiveMode} from './bench-client.js';
import {spreadsOverLoopback} from './local-address.js';
import {findBuild, ownBuild, type ServerBuild} from './server-build.js';

/** The scenarios of issue 9: how a user or an attacker meets the server, each against the built binary. */
export const SCENARIOS = ['idle-memory', 'partial-lines', 'control-flood'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** `tcpchat bench` as the command line gives it (meow's flags, camel-cased). */
export type BenchOptions = {
	/** Unset: the default (127.0.0.1, 7777); set, it names a running server, which a scenario does not use. */
	host?: string | undefined;
	port?: number | undefined;
	/** Unset: the default of the run or scenario. */
	clients?: number | undefined;
	/** Clients that send; the rest only listen. Default: every client. */
	senders?: number | undefined;
	/** Messages per second per sender. */
	rate: number;
	/** The rooms workload: clients spread evenly over #bench-1 … #bench-N, each saying in its own room. */
	rooms?: number | undefined;
	/** Seconds measured (a scenario's own meaning when it has one); unset: the default. */
	duration?: number | undefined;
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
	/** One of SCENARIOS: the built binary with its default flags, met as a user or an attacker would. */
	scenario?: string | undefined;
	/** Start the server from this build (a checkout or its dist folder) instead of the bench's own. */
	serverBuild?: string | undefined;
	/** control-flood: flooding connections beside the room. */
	flooders?: number | undefined;
	/** control-flood: flooders stop at the server's FIN instead of flooding on until it closes the connection. */
	politeFlood?: boolean | undefined;
	/** `json` (tcpchat/1, the default) or `irc`: clients that register, join #bench and talk IRC to any IRC server. */
	dialect?: string | undefined;
};

/** meow's flag definitions for `tcpchat bench`. */
export const benchFlags = {
	host: {type: 'string'},
	port: {type: 'number'},
	clients: {type: 'number'},
	senders: {type: 'number'},
	rate: {type: 'number', default: 1},
	rooms: {type: 'number'},
	duration: {type: 'number'},
	warmup: {type: 'number', default: 2},
	json: {type: 'boolean', default: false},
	pid: {type: 'number'},
	spawnServer: {type: 'boolean', default: false},
	standard: {type: 'boolean', default: false},
	render: {type: 'boolean', default: false},
	runs: {type: 'number'},
	workers: {type: 'number'},
	size: {type: 'number'},
	batch: {type: 'number', default: 200},
	drain: {type: 'number', default: 5},
	parse: {type: 'string', default: 'fast'},
	cpuProf: {type: 'string'},
	scenario: {type: 'string'},
	serverBuild: {type: 'string'},
	flooders: {type: 'number'},
	politeFlood: {type: 'boolean', default: false},
	dialect: {type: 'string', default: 'json'},
} as const;

export const BENCH_HELP = `
  Usage
    $ tcpchat bench [options]            load a running server
    $ tcpchat bench --spawn-server ...   start a headless server of its own first
    $ tcpchat bench --standard           the standard workloads (as npm run bench)
    $ tcpchat bench --scenario NAME      a user's or an attacker's view of the built server
    $ tcpchat bench --render             the client's render time against history length

  Options
    --host HOST          server address (default 127.0.0.1)
    --port N             server port (default 7777)
    --clients N          connections, all in the room (default 100)
    --senders N          clients that send (default: all of them)
    --rate N             messages per second per sender (default 1)
    --rooms N            spread the clients evenly over N rooms (#bench-1 … #bench-N,
                         each joined with a tcpchat/2 join); each sender says in its own
                         room, and loss is counted per room (default: one room)
    --duration S         seconds measured (default 10)
    --warmup S           seconds of sending before measuring (default 2)
    --size N             characters per message (default: the stamp only, about 23)
    --batch N            clients connecting at once (default 200)
    --drain S            seconds after the last send within which deliveries count (default 5)
    --workers N          processes for the clients (default 1; 0 = in the bench's own process)
    --parse fast|full    find each message's stamp by byte search, or JSON-parse every
                         line like the real client (default fast)
    --dialect json|irc   what the clients speak (default json). irc drives any IRC
                         server: each client registers (NICK/USER, nicks of at most 9
                         characters), waits for the end of the MOTD, joins #bench and
                         sends PRIVMSG #bench; PINGs are answered. A sender does not
                         receive its own message (no echo-message)
    --pid N              the server's process id, for its CPU time and peak memory (Linux)
    --spawn-server       start a headless server with limits opened up on 127.0.0.1
    --cpu-prof DIR       with --spawn-server: write the server's CPU profile into DIR
    --standard           run the standard workloads, each on a fresh server
    --runs N             runs of each standard workload or scenario, medians reported
                         (default 3; partial-lines 1)
    --server-build DIR   with --spawn-server, --standard or --scenario: start the server
                         from another tcpchat build (a checkout or its dist folder), to
                         compare versions with the same load generator
    --render             measure the client's render time per frame against history length
    --json               print the results as JSON on stdout

  Scenarios (Linux; each starts \`tcpchat server --headless --port 0\` with its default
  flags, fresh for every run, its clients in a separate process, each from an address
  of its own in 127.0.0.0/8)
    idle-memory          --clients (default 10000) join; the server's RSS is read before
                         the first and --duration S (default 5) after the last; the
                         median of --runs per connection, against 8 KiB
    partial-lines        --clients (default 1000) plain-text members each send a line of
                         --size bytes (default ${MAX_FRAME_BYTES - 1}) one byte per TCP segment
                         and hold it unfinished; the server's RSS rise, against 50 MB;
                         then each line is finished and must be answered. Sending stops
                         after --duration S (default 600)
    control-flood        a room of --clients (default 100) × --rate msg/s, measured alone
                         and with --flooders N (default 2) connections beside it sending
                         pongs and blank lines as fast as they can (and joining again
                         when dropped); p50/p99 of both, and how soon floods are dropped.
                         A dropped connection floods on until the server closes it, as an
                         attacker's would; with --polite-flood it stops at the server's FIN

  Each sender puts its send time in the message text; every client measures the latency
  of every message it receives. Loss is what did not arrive within the drain window.

  Examples
    $ tcpchat bench --spawn-server --clients 500 --senders 50 --rate 100
    $ tcpchat bench --spawn-server --clients 2000 --rooms 100
    $ tcpchat bench --port 7777 --clients 1000 --pid $(pgrep -f "tcpchat server")
    $ tcpchat bench --standard --json > bench.json
    $ tcpchat bench --scenario idle-memory --runs 5
    $ tcpchat bench --scenario control-flood --server-build ../tcpchat-0.1
    $ tcpchat bench --dialect irc --host 127.0.0.1 --port 6667 --clients 100 --pid $(pgrep ngircd)
`;

export type ResolvedBench = {
	host: string;
	port: number;
	clients: number;
	senders: number;
	rate: number;
	/** 0: every client in the default room. */
	rooms: number;
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
	scenario: ScenarioName | undefined;
	/** The build the bench starts servers from: its own unless --server-build says otherwise. */
	serverBuild: ServerBuild | undefined;
	flooders: number;
	politeFlood: boolean;
	dialect: BenchDialect;
};

function check(flag: string, value: number | undefined, fallback: number, min: number, max: number, whole = true): number {
	if (value === undefined) return fallback;
	if (typeof value !== 'number' || Number.isNaN(value)) throw new UsageError(`--${flag} must be a number`);
	if (value < min || value > max) throw new UsageError(`--${flag} must be between ${min} and ${max}, not ${value}`);
	if (whole && !Number.isInteger(value)) throw new UsageError(`--${flag} must be a whole number, not ${value}`);
	return value;
}

/** The server's default --max-clients: a scenario with default flags cannot hold more. */
const SCENARIO_MAX_CLIENTS = 10_000;

/** Defaults that differ by scenario: [clients, duration, runs, size, batch]. */
const SCENARIO_DEFAULTS: Record<ScenarioName, {clients: number; duration: number; runs: number; size: number; batch: number}> = {
	'idle-memory': {clients: 10_000, duration: 5, runs: 3, size: 0, batch: 200},
	'partial-lines': {clients: 1000, duration: 600, runs: 1, size: MAX_FRAME_BYTES - 1, batch: 100},
	'control-flood': {clients: 100, duration: 10, runs: 3, size: 0, batch: 200},
};

function resolveScenario(options: BenchOptions): ScenarioName | undefined {
	const name = options.scenario;
	if (name === undefined) return undefined;
	if (!(SCENARIOS as readonly string[]).includes(name))
		throw new UsageError(`--scenario must be one of ${SCENARIOS.join(', ')}, not "${name}"`);
	const others = (
		[
			['--spawn-server', options.spawnServer],
			['--standard', options.standard],
			['--render', options.render],
			['--host', options.host !== undefined],
			['--port', options.port !== undefined],
			['--pid', options.pid !== undefined],
			['--cpu-prof', options.cpuProf !== undefined],
			['--rooms', options.rooms !== undefined],
		] as const
	).filter(([, given]) => given);
	if (others.length > 0)
		throw new UsageError(`--scenario starts the built server itself; it does not go with ${others.map(([flag]) => flag).join(' or ')}`);
	if (!spreadsOverLoopback())
		throw new UsageError("the scenarios need Linux: they read the server's memory from /proc and give each client an address of its own in 127.0.0.0/8");
	return name as ScenarioName;
}

function resolveBuild(options: BenchOptions, scenario: ScenarioName | undefined): ServerBuild | undefined {
	if (options.serverBuild === undefined) return ownBuild();
	if (!scenario && !options.spawnServer && !options.standard)
		throw new UsageError('--server-build needs --spawn-server, --standard or --scenario: it says which server the bench starts');
	const build = findBuild(options.serverBuild);
	if (!build) throw new UsageError(`no tcpchat build in ${options.serverBuild} (no cli.js there nor in its dist folder) — run npm run build there first`);
	return build;
}

/** Checks every option; a mistake is a UsageError with a plain sentence. */
export function resolveBenchOptions(options: BenchOptions): ResolvedBench {
	const scenario = resolveScenario(options);
	const own = scenario ? SCENARIO_DEFAULTS[scenario] : {clients: 100, duration: 10, runs: 3, size: 0, batch: 200};
	const maxClients = scenario ? SCENARIO_MAX_CLIENTS : 60_000;
	const flooders = check('flooders', options.flooders, 2, 1, 100);
	if (options.flooders !== undefined && scenario !== 'control-flood') throw new UsageError('--flooders goes with --scenario control-flood');
	if (options.politeFlood && scenario !== 'control-flood') throw new UsageError('--polite-flood goes with --scenario control-flood');
	const clients = check('clients', options.clients, own.clients, 1, scenario === 'control-flood' ? maxClients - flooders : maxClients);
	if (options.rooms !== undefined && options.standard) throw new UsageError('--rooms is a workload of its own; the standard suite has its rooms workload already');
	const parse = options.parse ?? 'fast';
	if (parse !== 'fast' && parse !== 'full') throw new UsageError(`--parse must be "fast" or "full", not "${parse}"`);
	if (options.cpuProf !== undefined && !options.spawnServer && !options.standard)
		throw new UsageError('--cpu-prof needs --spawn-server or --standard: only a server the bench starts can be profiled');
	const dialect = options.dialect ?? 'json';
	if (dialect !== 'json' && dialect !== 'irc') throw new UsageError(`--dialect must be "json" or "irc", not "${dialect}"`);
	if (dialect === 'irc' && (scenario || options.standard || options.render))
		throw new UsageError('--dialect irc goes with one load run (--host and --port, or --spawn-server); `npm run bench:irc` compares IRC servers');
	if (dialect === 'irc' && options.rooms !== undefined) throw new UsageError('--rooms is a tcpchat workload: IRC clients all join #bench');
	const size =
		scenario === 'partial-lines'
			? check('size', options.size, own.size, 5, MAX_FRAME_BYTES - 1)
			: check('size', options.size, own.size, 0, 2000);
	return {
		host: options.host || '127.0.0.1',
		port: check('port', options.port, 7777, 1, 65535),
		clients,
		senders: check('senders', options.senders, clients, 0, clients),
		rate: check('rate', options.rate, 1, 0.001, 1_000_000, false),
		rooms: check('rooms', options.rooms, 0, 1, clients),
		duration: check('duration', options.duration, own.duration, 0.1, 86_400, false),
		warmup: check('warmup', options.warmup, 2, 0, 3600, false),
		json: Boolean(options.json),
		pid: options.pid === undefined ? undefined : check('pid', options.pid, 0, 1, 2 ** 31),
		spawnServer: Boolean(options.spawnServer),
		standard: Boolean(options.standard),
		render: Boolean(options.render),
		runs: check('runs', options.runs, own.runs, 1, 100),
		workers: check('workers', options.workers, 1, 0, 64),
		size,
		batch: check('batch', options.batch, own.batch, 1, 60_000),
		drain: check('drain', options.drain, 5, 0, 600, false),
		mode: parse,
		cpuProf: options.cpuProf,
		scenario,
		serverBuild: resolveBuild(options, scenario),
		flooders,
		politeFlood: Boolean(options.politeFlood),
		dialect,
	};
}
