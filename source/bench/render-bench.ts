import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import type {ResolvedBench} from './bench-options.js';
import type {RenderFigures} from './render-frames.js';
import {formatMs, formatTable} from './report.js';

const FRAMES = 300;

/** Runs the frames in a production-mode child; from TypeScript sources (tests), in this process. */
async function measureAll(err: NodeJS.WritableStream): Promise<{results: RenderFigures[]; mode: string}> {
	const script = fileURLToPath(new URL('./render-bench-child.js', import.meta.url));
	if (!existsSync(script)) {
		const {measureRenderFrames, RENDER_HISTORY_LENGTHS} = await import('./render-frames.js');
		return {results: RENDER_HISTORY_LENGTHS.map(length => measureRenderFrames(length, FRAMES)), mode: process.env['NODE_ENV'] ?? 'development'};
	}
	const child = spawn(process.execPath, [script, String(FRAMES)], {
		env: {...process.env, NODE_ENV: 'production'},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
	child.stderr.pipe(err, {end: false});
	const code = await new Promise<number | null>(resolve => child.on('close', resolve));
	if (code !== 0) throw new Error(`the render benchmark stopped with exit code ${code}`);
	const results = stdout
		.split('\n')
		.filter(line => line.startsWith('{'))
		.map(line => JSON.parse(line) as RenderFigures);
	return {results, mode: 'production'};
}

/** `tcpchat bench --render`: the client's frame time against the number of messages it holds. */
export async function runRenderBench(bench: ResolvedBench, output: {out: NodeJS.WritableStream; err: NodeJS.WritableStream}): Promise<number> {
	const {results, mode} = await measureAll(output.err);
	if (bench.json) {
		output.out.write(`${JSON.stringify({reactBuild: mode, results}, null, 2)}\n`);
		return 0;
	}
	const base = results[0]!;
	const table = formatTable(
		['messages in memory', 'p50 / frame', 'p99 / frame', 'mean', 'max', 'mean vs first'],
		results.map(r => [String(r.historyLength), formatMs(r.p50), formatMs(r.p99), formatMs(r.mean), formatMs(r.max), `${(r.mean / base.mean).toFixed(2)}×`]),
	);
	output.out.write(`Client room view (RoomView), 120×40, React ${mode} build, one message appended per frame:\n\n${table}\n`);
	return 0;
}
