/**
 * The IRC servers `npm run bench:irc` compares: tcpchat's IRC dialect (the built binary,
 * `tcpchat server --headless --no-log`), ngIRCd and InspIRCd (Debian's packages), each started
 * as a plain child process with a configuration of its own in a temporary folder, on a free
 * port of 127.0.0.1. Every server gets its limits opened the same way: no cap on connections
 * in all or per address, no flood throttle or penalty, a send queue far above what a bench
 * client leaves unread, no DNS or ident lookups, pings every 120 s or never. What each one
 * could not be told is said in docs/performance.md.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {accessSync, constants, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, closeSync} from 'node:fs';
import net from 'node:net';
import {freePort} from './free-port.js';
import os from 'node:os';
import path from 'node:path';
import {withFdLimit} from './fd-limit.js';
import {sleep} from './stats.js';

export const IRC_SERVERS = ['tcpchat', 'ngircd', 'inspircd'] as const;
export type IrcServerName = (typeof IRC_SERVERS)[number];

/** The bench's send queue for tcpchat and InspIRCd (as `npm run bench` gives tcpchat): no bench client is dropped as slow. */
export const BENCH_SENDQ_BYTES = 256 * 1024 * 1024;

/** The MOTD every server sends: each client waits for its end before joining. */
const MOTD = 'tcpchat bench';

/** ngIRCd 26: `ngircd -n -f FILE`. */
export function ngircdConfig(port: number, dir: string): string {
	return `# tcpchat bench: ngIRCd with its limits opened up (see docs/performance.md)
[Global]
Name = ngircd.bench
Info = tcpchat bench
AdminInfo1 = tcpchat bench
AdminInfo2 = localhost
AdminEMail = bench@localhost
Listen = 127.0.0.1
Ports = ${port}
MotdPhrase = ${MOTD}

[Limits]
# Defaults: 0 (no limit), 5 per address, 10 channels per user.
MaxConnections = 0
MaxConnectionsIP = 0
MaxJoins = 0
# Default -1 (no cap): a client that sends more than 3 commands in one read or 256 bytes
# in a second is not read for a second. 0 turns those penalties off.
MaxPenaltyTime = 0
PingTimeout = 120
PongTimeout = 20

[Options]
DNS = no
Ident = no
PAM = no
# Away from /etc/ngircd/ngircd.conf.d, so that nothing of the system's configuration applies.
IncludeDir = ${path.join(dir, 'conf.d')}
`;
}

/** InspIRCd 3: `inspircd --nofork --config=FILE` (and `--runasroot` when root). */
export function inspircdConfig(port: number, dir: string): string {
	return `# tcpchat bench: InspIRCd with its limits opened up (see docs/performance.md)
<server name="inspircd.bench" description="tcpchat bench" network="bench">
<admin name="tcpchat bench" nick="bench" email="bench@localhost">
<bind address="127.0.0.1" port="${port}" type="clients">
# Defaults (Debian's /etc/inspircd/inspircd.conf): localmax/globalmax 3 per address,
# threshold 10, commandrate 1000 (1 line a second), fakelag on, recvq 8K, softsendq 8K,
# hardsendq 256K, DNS lookups on.
<connect allow="*" timeout="60" pingfreq="120" maxchans="50"
         limit="100000" localmax="100000" globalmax="100000"
         threshold="1000000" commandrate="1000000000" fakelag="no"
         recvq="1M" softsendq="${BENCH_SENDQ_BYTES}" hardsendq="${BENCH_SENDQ_BYTES}"
         resolvehostnames="no" useident="no">
<channels users="50" opers="60">
<files motd="${path.join(dir, 'motd.txt')}">
<pid file="${path.join(dir, 'inspircd.pid')}">
<performance softlimit="65536" somaxconn="1024" quietbursts="yes">
<log method="file" type="* -USERINPUT -USEROUTPUT" level="default" target="${path.join(dir, 'inspircd.log')}">
`;
}

/** tcpchat's flags: the limits `npm run bench` opens for its own server, history in memory (as the JSON figures). */
export function tcpchatServerArgs(port: number): string[] {
	return [
		'server',
		'--headless',
		'--no-log',
		'--host',
		'127.0.0.1',
		'--port',
		String(port),
		'--max-clients',
		'0',
		'--max-per-ip',
		'0',
		'--rate',
		'1000000000',
		'--burst',
		'1000000000',
		'--max-sendq',
		String(BENCH_SENDQ_BYTES),
		'--ping-interval',
		'0',
		'--motd',
		MOTD,
	];
}

/** A program on the PATH or in the sbin folders Debian puts daemons in, or undefined. */
export function findProgram(name: string, pathVariable = process.env['PATH'] ?? ''): string | undefined {
	const folders = [...pathVariable.split(path.delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'].filter(Boolean);
	for (const folder of folders) {
		const candidate = path.join(folder, name);
		try {
			accessSync(candidate, constants.X_OK);
			return candidate;
		} catch {
			// Not here.
		}
	}
	return undefined;
}

/** Why a server cannot be started here (a sentence), or undefined when it can. */
export function missingServer(name: IrcServerName, cliScript: string | undefined): string | undefined {
	if (name === 'tcpchat') return cliScript ? undefined : 'tcpchat is not built — run `npm run build` first';
	return findProgram(name) ? undefined : `${name} is not installed (on Debian: apt-get install ${name}), so it is left out`;
}

async function accepts(port: number): Promise<boolean> {
	return new Promise(resolve => {
		const socket = net.connect({host: '127.0.0.1', port});
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/** One IRC server of the comparison, running. */
export class IrcServerProcess {
	private readonly exited: Promise<void>;

	private constructor(
		readonly name: IrcServerName,
		private readonly child: ChildProcess,
		readonly port: number,
		private readonly dir: string,
	) {
		this.exited = new Promise(resolve => {
			if (child.exitCode !== null || child.signalCode !== null) resolve();
			else child.once('exit', () => resolve());
		});
	}

	get pid(): number {
		return this.child.pid!;
	}

	/** Starts `name` (tcpchat from `cliScript`) and resolves once its port accepts connections. */
	static async start(name: IrcServerName, cliScript: string | undefined): Promise<IrcServerProcess> {
		const problem = missingServer(name, cliScript);
		if (problem) throw new Error(problem);
		const dir = mkdtempSync(path.join(os.tmpdir(), `tcpchat-bench-${name}-`));
		const port = await freePort();
		let command: string[];
		switch (name) {
			case 'tcpchat':
				command = [process.execPath, cliScript!, ...tcpchatServerArgs(port)];
				break;
			case 'ngircd':
				mkdirSync(path.join(dir, 'conf.d'));
				writeFileSync(path.join(dir, 'ngircd.conf'), ngircdConfig(port, dir));
				command = [findProgram('ngircd')!, '--nodaemon', '--config', path.join(dir, 'ngircd.conf')];
				break;
			case 'inspircd':
				writeFileSync(path.join(dir, 'motd.txt'), `${MOTD}\n`);
				writeFileSync(path.join(dir, 'inspircd.conf'), inspircdConfig(port, dir));
				command = [findProgram('inspircd')!, '--nofork', `--config=${path.join(dir, 'inspircd.conf')}`];
				if (process.getuid?.() === 0) command.push('--runasroot');
				break;
		}
		// The server's own output goes to a file in its folder (kept if it fails to start): a pipe nobody reads would stall it.
		const log = openSync(path.join(dir, 'output.log'), 'w');
		const child = spawn('sh', ['-c', withFdLimit('exec "$0" "$@"'), ...command], {stdio: ['ignore', log, log]});
		closeSync(log);
		const server = new IrcServerProcess(name, child, port, dir);
		const deadline = Date.now() + 20_000;
		for (;;) {
			if (child.exitCode !== null || child.signalCode !== null)
				throw new Error(`${name} stopped before listening (exit code ${child.exitCode}); its output is in ${path.join(dir, 'output.log')}`);
			if (await accepts(port)) return server;
			if (Date.now() > deadline) {
				await server.stop(false);
				throw new Error(`${name} did not listen on 127.0.0.1:${port} within 20 s; its output is in ${path.join(dir, 'output.log')}`);
			}
			await sleep(50);
		}
	}

	/** SIGTERM, SIGKILL after 10 s; the temporary folder is removed unless told to keep it (for its output). */
	async stop(removeFolder = true): Promise<void> {
		if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
		const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
		await this.exited;
		clearTimeout(timer);
		if (removeFolder) rmSync(this.dir, {recursive: true, force: true});
	}
}
