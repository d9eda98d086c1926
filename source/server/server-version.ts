import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/**
 * The version in package.json, found by walking up from this file: the same code runs from
 * `source/server/` (tests) and from `dist/source/server/` (the built binary).
 */
function findVersion(): string {
	let dir = path.dirname(fileURLToPath(import.meta.url));
	for (let i = 0; i < 6; i++) {
		try {
			const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {name?: string; version?: string};
			if (pkg.name === 'tcpchat' && typeof pkg.version === 'string') return pkg.version;
		} catch {
			// Not here: keep walking up.
		}
		dir = path.dirname(dir);
	}
	return '0.0.0';
}

export const SERVER_VERSION = findVersion();
/** The `server` field of `welcome`. */
export const SERVER_NAME = `tcpchat/${SERVER_VERSION}`;
