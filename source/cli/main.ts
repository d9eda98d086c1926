import './runtime-env.js';
import os from 'node:os';
import process from 'node:process';
// No JSX in this file: the JSX runtime import would be hoisted above runtime-env.js and
// load React's development build next to the production one. Loaded by cli.tsx.
import {createElement} from 'react';
import meow, {type AnyFlags} from 'meow';
import {CLIENT_HELP, EXPORT_HELP, MAIN_HELP, SERVER_HELP} from './help-texts.js';
import {parseNumberFlag, parsePortFlag} from './parse-number-flag.js';
import {UsageError} from './usage-error.js';
import {findUnknownFlag} from './find-unknown-flag.js';
import {installCrashHandler} from './crash-handler.js';
import {exitWithinDeadlineOnSignals} from './exit-deadline.js';
import {runDashboard} from './run-dashboard.js';
import {runFullScreen} from './run-full-screen.js';
import {DEFAULT_SERVER_OPTIONS, type ServerOptions} from '../server/server-options.js';
import {roomProblem} from '../protocol/room-names.js';
import {runHeadless} from '../server/headless.js';
import {ExportError, exportHistory, parseSince} from '../server/history-export.js';
import {defaultDbPath} from '../server/log-path.js';
import {ClientScreen} from '../screens/client-screen.js';
import {BENCH_HELP, benchFlags, runBench} from '../bench/run-bench.js';

const [command, ...rest] = process.argv.slice(2);
const importMeta = import.meta;

function fail(message: string, help: string): never {
	process.stderr.write(`tcpchat: ${message}\n${help}\n`);
	process.exit(2);
}

/** meow for one sub-command, with an unknown flag answered as a usage error. */
function parseCommand<F extends AnyFlags>(help: string, flags: F) {
	const unknown = findUnknownFlag(rest, flags);
	if (unknown) throw new UsageError(`unknown option ${unknown}`);
	return meow(help, {importMeta, argv: rest, description: false, flags});
}

function serverOptions(flags: Record<string, unknown>): Partial<ServerOptions> {
	const d = DEFAULT_SERVER_OPTIONS;
	const n = (flag: string, key: keyof ServerOptions, min: number, max: number): number => {
		const camel = flag.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
		return parseNumberFlag(flag, flags[camel] as string | undefined, d[key] as number, min, max);
	};
	return {
		host: (flags['host'] as string | undefined) ?? d.host,
		port: parsePortFlag(flags['port'] as string | undefined, d.port),
		maxClients: n('max-clients', 'maxClients', 0, 1e7),
		maxPerIp: n('max-per-ip', 'maxPerIp', 0, 1e7),
		ipv6Prefix: n('ipv6-prefix', 'ipv6Prefix', 0, 128),
		helloTimeout: n('hello-timeout', 'helloTimeout', 0.1, 86400),
		nickTimeout: n('nick-timeout', 'nickTimeout', 0.1, 86400),
		pingInterval: n('ping-interval', 'pingInterval', 0, 86400),
		rate: n('rate', 'rate', 0.01, 1e9),
		burst: n('burst', 'burst', 1, 1e9),
		maxSendq: n('max-sendq', 'maxSendq', 1024, 2 ** 40),
		history: n('history', 'history', 0, 1e6),
		db: flags['log'] === false ? null : ((flags['db'] as string | undefined) ?? undefined),
		logFile: flags['log'] === false ? null : ((flags['logFile'] as string | undefined) ?? undefined),
		retainDays: n('retain-days', 'retainDays', 0, 1e6),
		motd: (flags['motd'] as string | undefined) ?? d.motd,
		...roomOptions(flags),
	};
}

/** `--default-room`, `--rooms "#general,#help"` and the room limits; a bad room name is a usage error. */
function roomOptions(flags: Record<string, unknown>): Partial<ServerOptions> {
	const d = DEFAULT_SERVER_OPTIONS;
	const name = (flag: string, value: string): string => {
		const room = value.trim();
		const problem = roomProblem(room);
		if (problem) throw new UsageError(`--${flag}: "${room}" is not a room name: ${problem}`);
		return room;
	};
	const given = flags['defaultRoom'] as string | undefined;
	const list = flags['rooms'] as string | undefined;
	return {
		defaultRoom: given === undefined ? d.defaultRoom : name('default-room', given),
		rooms: list === undefined ? d.rooms : list.split(',').filter(r => r.trim()).map(r => name('rooms', r)),
		maxRooms: parseNumberFlag('max-rooms', flags['maxRooms'] as string | undefined, d.maxRooms, 0, 1e6),
		maxRoomsPerMember: parseNumberFlag('max-rooms-per-member', flags['maxRoomsPerMember'] as string | undefined, d.maxRoomsPerMember, 0, 1e4),
		roomExpiry: parseNumberFlag('room-expiry', flags['roomExpiry'] as string | undefined, d.roomExpiry, 0, 1e7),
	};
}

async function server(): Promise<void> {
	const cli = parseCommand(SERVER_HELP, {
			host: {type: 'string'},
			port: {type: 'string'},
			maxClients: {type: 'string'},
			maxPerIp: {type: 'string'},
			ipv6Prefix: {type: 'string'},
			helloTimeout: {type: 'string'},
			nickTimeout: {type: 'string'},
			pingInterval: {type: 'string'},
			rate: {type: 'string'},
			burst: {type: 'string'},
			maxSendq: {type: 'string'},
			history: {type: 'string'},
			db: {type: 'string'},
			logFile: {type: 'string'},
			log: {type: 'boolean', default: true},
			retainDays: {type: 'string'},
			motd: {type: 'string'},
			defaultRoom: {type: 'string'},
			rooms: {type: 'string'},
			maxRooms: {type: 'string'},
			maxRoomsPerMember: {type: 'string'},
			roomExpiry: {type: 'string'},
			headless: {type: 'boolean', default: false},
	});
	const options = serverOptions(cli.flags);
	exitWithinDeadlineOnSignals();
	if (cli.flags.headless || !process.stdout.isTTY) {
		// `tcpchat server | head` must not take the room down when the reader goes away.
		process.stdout.on('error', error => {
			if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
		});
		// process.exit, not a return: a write stdout never took would keep the process alive.
		process.exit(await runHeadless(options));
	}
	await runDashboard(options, cli.flags.port !== undefined);
}

async function client(): Promise<void> {
	const cli = parseCommand(CLIENT_HELP, {
			host: {type: 'string'},
			port: {type: 'string'},
			name: {type: 'string'},
			bell: {type: 'boolean', default: true},
			scrollback: {type: 'string'},
			seconds: {type: 'boolean', default: false},
	});
	const port = parsePortFlag(cli.flags.port, 7777);
	const scrollback = parseNumberFlag('scrollback', cli.flags.scrollback, 10_000, 100, 10_000_000);
	if (!process.stdin.isTTY || !process.stdout.isTTY) fail('the client needs a terminal (stdin and stdout)', CLIENT_HELP);
	exitWithinDeadlineOnSignals();
	const autoConnect = cli.flags.host !== undefined && cli.flags.port !== undefined && cli.flags.name !== undefined;
	await runFullScreen(
		createElement(ClientScreen, {
			host: cli.flags.host ?? '127.0.0.1',
			port,
			name: cli.flags.name ?? loginName(),
			autoConnect,
			bell: cli.flags.bell,
			scrollback,
			seconds: cli.flags.seconds,
		}),
	);
}

function loginName(): string {
	try {
		return os.userInfo().username;
	} catch {
		return process.env['USER'] ?? '';
	}
}

/** `tcpchat export`: the stored history as JSON lines on stdout, for jq. */
async function exportCommand(): Promise<void> {
	const cli = parseCommand(EXPORT_HELP, {
		db: {type: 'string'},
		port: {type: 'string'},
		room: {type: 'string'},
		since: {type: 'string'},
	});
	const since = cli.flags.since === undefined ? undefined : parseSince(cli.flags.since);
	if (cli.flags.since !== undefined && since === undefined)
		throw new UsageError(`--since must be a date like 2025-01-31 or a time like 2025-01-31T14:00, not "${cli.flags.since}"`);
	const room = cli.flags.room?.trim();
	if (room !== undefined && roomProblem(room)) throw new UsageError(`--room: "${room}" is not a room name: ${roomProblem(room)}`);
	const db = cli.flags.db ?? defaultDbPath(parsePortFlag(cli.flags.port, DEFAULT_SERVER_OPTIONS.port));
	try {
		await exportHistory({db, room, since}, process.stdout);
	} catch (error) {
		if (!(error instanceof ExportError)) throw error;
		process.stderr.write(`tcpchat: ${error.message}.\n`);
		process.exitCode = 1;
	}
}

async function bench(): Promise<void> {
	const cli = parseCommand(BENCH_HELP, benchFlags);
	process.exitCode = await runBench(cli.flags);
}

async function main(): Promise<void> {
	switch (command) {
		case 'server':
			return server();
		case 'client':
			return client();
		case 'bench':
			return bench();
		case 'export':
			return exportCommand();
		default: {
			const cli = meow(MAIN_HELP, {importMeta, description: false, argv: command === undefined ? [] : [command, ...rest]});
			if (command === undefined) cli.showHelp(0);
			fail(`unknown command "${command}"`, MAIN_HELP);
		}
	}
}

installCrashHandler();

try {
	await main();
} catch (error) {
	if (error instanceof UsageError) {
		const help = {client: CLIENT_HELP, bench: BENCH_HELP, export: EXPORT_HELP}[command ?? ''] ?? SERVER_HELP;
		fail(error.message, help);
	}
	throw error;
}
