import {expect, test} from 'vitest';
import {parseIrcLine, type IrcMessage} from '../source/protocol/irc-message.js';
import {confusableKeys} from '../source/protocol/names.js';
import {stampText} from '../source/bench/delivery-scanner.js';
import {BENCH_CHANNEL, benchNick, benchNickPrefix, IRC_NICK_LENGTH, IrcBenchSession, sourceNick, type IrcStep} from '../source/bench/irc-bench-session.js';
import {formatComparison, IRC_WORKLOADS, roundOrder} from '../source/bench/irc-comparison.js';
import {inspircdConfig, ngircdConfig, tcpchatServerArgs} from '../source/bench/irc-servers.js';
import {resolveBenchOptions, type BenchOptions} from '../source/bench/bench-options.js';
import type {LoadResult} from '../source/bench/load-run.js';

function line(text: string): IrcMessage {
	const message = parseIrcLine(text);
	if (!message) throw new Error(`not an IRC line: ${text}`);
	return message;
}

/** Feeds server lines to a session; gives every step. */
function feed(session: IrcBenchSession, ...lines: string[]): IrcStep[] {
	return lines.map(text => session.handle(line(text)));
}

test('bench nicks fit 9 characters up to 60 000 clients and never look alike', () => {
	const prefix = benchNickPrefix(0.999_999);
	expect(prefix).toMatch(/^b[0-9a-z]{2}$/);
	expect(benchNickPrefix(0)).toBe('b00');
	expect(benchNick(prefix, 59_999).length).toBeLessThanOrEqual(IRC_NICK_LENGTH);
	expect(() => benchNick('btoolong', 100)).toThrow(RangeError);
	// Every nick of a run is told apart by tcpchat's look-alike keys (`l` and `1`, `o` and `0`
	// would clash in base 36), and a nick starts with a letter, as IRC wants.
	for (const p of ['b1l', 'b0o', 'brn']) {
		const keys = new Set<string>();
		for (let i = 0; i < 3000; i++) {
			const nick = benchNick(p, i);
			expect(nick).toMatch(/^[a-z][0-9a-z]*$/);
			const [folded] = confusableKeys(nick);
			expect(keys.has(folded)).toBe(false);
			keys.add(folded);
		}
	}
});

test('a session registers, waits for the end of the MOTD, joins and is done at its 366', () => {
	const s = new IrcBenchSession('b0a7');
	expect(s.opening()).toEqual(['NICK b0a7', 'USER b0a7 0 * :tcpchat bench']);
	const before = feed(
		s,
		':irc.example 020 * :Please wait while we process your connection.',
		':irc.example 001 b0a7 :Welcome to the network',
		':irc.example 005 b0a7 NICKLEN=9 CHANTYPES=# :are supported',
		':irc.example 375 b0a7 :- irc.example Message of the day -',
		':irc.example 372 b0a7 :- hello',
	);
	// Nothing is sent before 376: HexChat and irssi join only then, and some servers drop an early JOIN.
	expect(before.flatMap(step => step.send)).toEqual([]);
	expect(s.phase).toBe('motd');
	expect(feed(s, ':irc.example 376 b0a7 :End of MOTD command')).toEqual([{send: [`JOIN ${BENCH_CHANNEL}`]}]);
	// tcpchat's automatic join of its default room is not the bench channel's.
	const steps = feed(
		s,
		':b0a7!b0a7@tcpchat JOIN #general',
		':tcpchat.server 366 b0a7 #general :End of /NAMES list.',
		':b0a7!~b0a7@127.1.0.1 JOIN :#bench',
		':irc.example 353 b0a7 = #bench :@b0a7',
	);
	expect(steps.every(step => !step.joined)).toBe(true);
	expect(feed(s, ':irc.example 366 b0a7 #BENCH :End of NAMES list')).toEqual([{send: [], joined: true}]);
	expect(s.phase).toBe('joined');
	expect(s.say(stampText(42))).toBe('PRIVMSG #bench :@bench:42');
});

test('422 (no MOTD) ends the MOTD as well as 376', () => {
	const s = new IrcBenchSession('b0a8');
	expect(feed(s, ':x 001 b0a8 :hi', ':x 422 b0a8 :MOTD File is missing').at(-1)).toEqual({send: ['JOIN #bench']});
});

test('PING is answered with its token in every phase', () => {
	const s = new IrcBenchSession('b0a9');
	expect(feed(s, 'PING :1234567')).toEqual([{send: ['PONG :1234567']}]);
	expect(feed(s, ':x 001 b0a9 :hi', ':x 376 b0a9 :end', ':x 366 b0a9 #bench :end', 'PING :tcpchat.server').at(-1)).toEqual({send: ['PONG :tcpchat.server']});
	expect(feed(s, 'PING')).toEqual([{send: ['PONG']}]);
});

test('refusals in registration and on joining are sentences; later ERRORs are left to the socket', () => {
	expect(feed(new IrcBenchSession('b1'), ':x 433 * b1 :Nickname is already in use')).toEqual([{send: [], refused: '433 b1 Nickname is already in use'}]);
	expect(feed(new IrcBenchSession('b2'), 'ERROR :Closing Link: 127.1.0.1 (Too many connections from your IP)')).toEqual([
		{send: [], refused: 'Closing Link: 127.1.0.1 (Too many connections from your IP)'},
	]);
	const joining = new IrcBenchSession('b3');
	feed(joining, ':x 001 b3 :hi', ':x 376 b3 :end');
	// A refusal about another channel does not end the join.
	expect(feed(joining, ':x 403 b3 #other :No such channel')).toEqual([{send: []}]);
	expect(feed(joining, ':x 471 b3 #bench :Cannot join channel (+l)')).toEqual([{send: [], refused: '471 #bench Cannot join channel (+l)'}]);
	const joined = new IrcBenchSession('b4');
	feed(joined, ':x 001 b4 :hi', ':x 376 b4 :end', ':x 366 b4 #bench :end');
	expect(feed(joined, 'ERROR :Closing Link')).toEqual([{send: []}]);
});

test('once joined: others joining, parting and quitting are presence, stamped PRIVMSGs are read in full', () => {
	const s = new IrcBenchSession('b5');
	feed(s, ':x 001 b5 :hi', ':x 376 b5 :end', ':x 366 b5 #bench :end');
	expect(feed(s, ':b6!~b6@127.1.0.7 JOIN :#bench', ':b6!~b6@h PART #bench :bye', ':b7!b7@h QUIT :Quit: gone')).toEqual([
		{send: [], presence: true},
		{send: [], presence: true},
		{send: [], presence: true},
	]);
	// Its own JOIN and other channels' news are not.
	expect(feed(s, ':b5!b5@h JOIN #bench', ':b6!b6@h JOIN #general')).toEqual([{send: []}, {send: []}]);
	expect(feed(s, `:b6!~b6@h PRIVMSG #bench :${stampText(987_654)}`)).toEqual([{send: [], stamp: 987_654}]);
	expect(feed(s, ':b6!~b6@h PRIVMSG #bench :hello', `:b6!~b6@h PRIVMSG b5 :${stampText(5)}`)).toEqual([{send: []}, {send: []}]);
	expect(sourceNick(line(':b6!~b6@h PRIVMSG #bench :x'))).toBe('b6');
	expect(sourceNick(line(':irc.example 001 b5 :x'))).toBe('irc.example');
});

test('--dialect is checked, and irc goes with one load run only', () => {
	const base: BenchOptions = {rate: 1, warmup: 2, json: false, spawnServer: false, standard: false};
	expect(resolveBenchOptions(base).dialect).toBe('json');
	expect(resolveBenchOptions({...base, dialect: 'irc', port: 6667}).dialect).toBe('irc');
	expect(() => resolveBenchOptions({...base, dialect: 'xmpp'})).toThrow('--dialect must be "json" or "irc", not "xmpp"');
	expect(() => resolveBenchOptions({...base, dialect: 'irc', standard: true})).toThrow('--dialect irc goes with one load run');
});

test('the comparison: issue 13 workloads, servers taking turns, one row per server and workload', () => {
	expect(IRC_WORKLOADS.map(w => [w.clients, w.senders, w.rate])).toEqual([
		[100, 100, 1],
		[2000, 200, 5],
		[500, 500, 10],
	]);
	const servers = ['tcpchat', 'ngircd', 'inspircd'] as const;
	expect(roundOrder(servers, 1)).toEqual(['tcpchat', 'ngircd', 'inspircd']);
	expect(roundOrder(servers, 2)).toEqual(['ngircd', 'inspircd', 'tcpchat']);
	expect(roundOrder(servers, 4)).toEqual(['tcpchat', 'ngircd', 'inspircd']);
	const result = {
		messagesPerSecond: 100,
		deliveriesPerSecond: 9900,
		lost: 0,
		dropped: 0,
		latencyMs: {p50: 0.61, p90: 1, p99: 1.234, max: 12, mean: 0.8},
		server: {cpuSeconds: 0.5, cpuPercent: 5.2, totalCpuSeconds: 1, peakRssBytes: 5 * 1024 * 1024, rssBytes: 1},
	} as LoadResult;
	const table = formatComparison([{workload: IRC_WORKLOADS[0]!, server: 'ngircd', median: result}], 3);
	expect(table).toContain('Medians of 3 runs');
	expect(table).toMatch(/1\) 100 clients × 1 msg\/s\s+ngircd\s+100\s+9900\s+0\s+0\.61 ms\s+1\.23 ms\s+12\.0 ms\s+5 %\s+5\.0 MiB\s+0/);
});

test('each server is told to open its limits, and how', () => {
	const ngircd = ngircdConfig(6000, '/tmp/x');
	for (const setting of ['Ports = 6000', 'MaxConnectionsIP = 0', 'MaxConnections = 0', 'MaxPenaltyTime = 0', 'DNS = no', 'Ident = no', 'PAM = no', 'IncludeDir = /tmp/x/conf.d'])
		expect(ngircd).toContain(setting);
	const inspircd = inspircdConfig(6001, '/tmp/y');
	for (const setting of ['port="6001"', 'localmax="100000"', 'globalmax="100000"', 'fakelag="no"', 'commandrate="1000000000"', 'resolvehostnames="no"'])
		expect(inspircd).toContain(setting);
	// InspIRCd reads `#` comments only: an XML comment stops it at the first line.
	expect(inspircd).not.toContain('<!--');
	expect(tcpchatServerArgs(6002).join(' ')).toBe(
		'server --headless --no-log --host 127.0.0.1 --port 6002 --max-clients 0 --max-per-ip 0 --rate 1000000000 --burst 1000000000 --max-sendq 268435456 --ping-interval 0 --motd tcpchat bench',
	);
});
