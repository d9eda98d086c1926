import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type Tmpfs = {
	dir: string;
	/** Makes the file system read-only (true) or writable again (false). */
	readOnly(on: boolean): void;
	/** Fills the free space with a file; returns a function that removes it. */
	fill(): () => void;
	unmount(): void;
};

/**
 * A small tmpfs of its own, to make a disk full or read-only for real: only as root (and
 * where mounting is allowed). Undefined otherwise, with the reason in `whyNot`.
 */
export function mountTmpfs(size: string): Tmpfs | undefined {
	if (process.getuid?.() !== 0) {
		whyNot = 'not running as root';
		return undefined;
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpchat-tmpfs-'));
	try {
		execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], {stdio: 'pipe'});
	} catch (error) {
		fs.rmdirSync(dir);
		whyNot = `mount -t tmpfs failed: ${(error as {stderr?: Buffer}).stderr?.toString().trim() ?? String(error)}`;
		return undefined;
	}
	return {
		dir,
		readOnly: on => execFileSync('mount', ['-o', `remount,${on ? 'ro' : 'rw'}`, dir], {stdio: 'pipe'}),
		fill() {
			const filler = path.join(dir, 'filler');
			const fd = fs.openSync(filler, 'w');
			const block = Buffer.alloc(4096, 1);
			try {
				for (;;) fs.writeSync(fd, block);
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
			} finally {
				fs.closeSync(fd);
			}
			return () => fs.rmSync(filler, {force: true});
		},
		unmount() {
			execFileSync('umount', ['-l', dir], {stdio: 'pipe'});
			fs.rmdirSync(dir);
		},
	};
}

export let whyNot = '';
