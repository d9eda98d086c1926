import {existsSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/**
 * A built tcpchat (the `dist` folder `npm run build` writes): the binary a user runs, and the
 * bench's own server script. The bench can start another build than its own (`--server-build`),
 * so that two versions are measured by the same load generator.
 */
export type ServerBuild = {
	/** The folder holding cli.js. */
	dir: string;
	cli: string;
	benchServer: string;
};

function buildIn(dir: string): ServerBuild | undefined {
	const cli = path.join(dir, 'cli.js');
	if (!existsSync(cli)) return undefined;
	return {dir, cli, benchServer: path.join(dir, 'source', 'bench', 'bench-server.js')};
}

/** This bench's own build: the dist folder it runs from, or (from TypeScript sources, in tests) the project's. */
export function ownBuild(): ServerBuild | undefined {
	const here = path.dirname(fileURLToPath(import.meta.url));
	return buildIn(path.resolve(here, '..', '..')) ?? buildIn(path.resolve(here, '..', '..', 'dist'));
}

/** A checkout or its dist folder; undefined when neither holds a build. */
export function findBuild(dirOrCheckout: string): ServerBuild | undefined {
	const dir = path.resolve(dirOrCheckout);
	return buildIn(dir) ?? buildIn(path.join(dir, 'dist'));
}
