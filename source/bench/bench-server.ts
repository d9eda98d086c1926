/**
 * The server the bench measures, in a process of its own so that its CPU time and memory can
 * be read from /proc apart from the load generator's. Limits are opened up: the bench measures
 * throughput, not the rate limiter. Prints `{"port":N}` on stdout when listening, then obeys
 * one command per line on stdin: `gc` (collect garbage when started with --expose-gc, then
 * print memory figures as JSON) and `stop`. History is kept in memory, or in the SQLite database
 * given with --db PATH (or TCPCHAT_BENCH_DB=PATH, which `tcpchat bench --spawn-server` passes on).
 */
import {createInterface} from 'node:readline';
import {ChatServer} from '../server/chat-server.js';

/** Far above what a bench client ever leaves unread, so no client is dropped as slow. */
const BENCH_SENDQ = 256 * 1024 * 1024;

function argument(name: string): string | undefined {
	const at = process.argv.indexOf(`--${name}`);
	return at === -1 ? undefined : process.argv[at + 1];
}

const server = new ChatServer({
	host: argument('host') ?? '127.0.0.1',
	port: Number(argument('port') ?? 0),
	maxClients: 0,
	maxPerIp: 0,
	rate: 1e9,
	burst: 1e9,
	db: argument('db') ?? process.env['TCPCHAT_BENCH_DB'] ?? null,
	maxSendq: Number(argument('max-sendq') ?? BENCH_SENDQ),
	pingInterval: 0,
	history: Number(argument('history') ?? 100),
});

let stopping = false;
async function stop(): Promise<void> {
	if (stopping) return;
	stopping = true;
	await server.shutdown();
	// Exits only once the event loop drains, so that --cpu-prof can write its profile.
	process.stdin.destroy();
}

try {
	const {port} = await server.listen();
	process.stdout.write(JSON.stringify({port}) + '\n');
} catch (error) {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
}

process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());

/** Full collections a little apart: V8 frees external memory (socket write buffers) lazily, after a collection. */
async function collect(): Promise<void> {
	const gc = (globalThis as {gc?: () => void}).gc;
	if (!gc) return;
	for (let i = 0; i < 3; i++) {
		gc();
		await new Promise(resolve => setTimeout(resolve, 300));
	}
	gc();
}

createInterface({input: process.stdin})
	.on('line', line => {
		const command = line.trim();
		if (command === 'gc') {
			void collect().then(() => {
				const memory = process.memoryUsage();
				process.stdout.write(
					JSON.stringify({rss: memory.rss, heapUsed: memory.heapUsed, external: memory.external, arrayBuffers: memory.arrayBuffers}) + '\n',
				);
			});
		} else if (command === 'stop') void stop();
	})
	.on('close', () => void stop());
