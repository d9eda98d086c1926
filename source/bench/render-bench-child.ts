/**
 * The render benchmark's own process, started with NODE_ENV=production: React picks its
 * build when first imported, and its development build diffs every prop of every render
 * (the whole message list included), which is not what users run.
 */
import {measureRenderFrames, RENDER_HISTORY_LENGTHS} from './render-frames.js';

const frames = Number(process.argv[2] ?? 300);
for (const length of RENDER_HISTORY_LENGTHS) {
	process.stderr.write(`render: ${length} messages in memory, ${frames} frames…\n`);
	process.stdout.write(`${JSON.stringify(measureRenderFrames(length, frames))}\n`);
}
