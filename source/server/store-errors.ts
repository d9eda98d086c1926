/** What went wrong with a file or a database, as the end of a sentence a person can act on. */
const REASONS: Record<string, string> = {
	EACCES: 'permission denied',
	EPERM: 'permission denied',
	EISDIR: 'it is a directory',
	ENOTDIR: 'a part of the path is a file, not a directory',
	EEXIST: 'a part of the path is a file, not a directory',
	ENOENT: 'it does not exist',
	EROFS: 'the file system is read-only',
	ENOSPC: 'the disk is full',
	EDQUOT: 'the disk quota is exhausted',
	EMFILE: 'too many files are open',
	ENAMETOOLONG: 'the path is too long',
	ELOOP: 'the path has a loop of symbolic links',
	EIO: 'the disk reported an input/output error',
	SQLITE_FULL: 'the disk is full',
	SQLITE_READONLY: 'it is read-only (the file, its folder or the file system)',
	SQLITE_BUSY: 'it is locked by another program (another tcpchat server?)',
	SQLITE_LOCKED: 'it is locked by another program (another tcpchat server?)',
	SQLITE_CORRUPT: 'it is damaged',
	SQLITE_NOTADB: 'it is not a database, or it is damaged',
	SQLITE_CANTOPEN: 'it cannot be opened (a missing folder, or no permission)',
	SQLITE_PERM: 'permission denied',
	SQLITE_AUTH: 'permission denied',
	SQLITE_IOERR: 'the disk reported an input/output error',
	SQLITE_CONSTRAINT: 'it already holds events with these seq numbers (is another tcpchat server writing to it?)',
	SQLITE_NOMEM: 'the server ran out of memory',
};

/** The reason for an error of node:fs or better-sqlite3 (`SQLITE_IOERR_WRITE` counts as `SQLITE_IOERR`, and so on). */
export function storeErrorReason(error: unknown): string {
	const code = (error as {code?: unknown} | undefined)?.code;
	if (typeof code === 'string') {
		if (REASONS[code]) return REASONS[code];
		const family = code.match(/^SQLITE_[A-Z]+/)?.[0];
		// An I/O error on a full disk comes as SQLITE_IOERR_WRITE and friends.
		if (family && REASONS[family]) return REASONS[family];
		return `error ${code}`;
	}
	return error instanceof Error ? error.message : String(error);
}

/** Whether the error says the disk is full, for the extra advice it deserves. */
export function isDiskFull(error: unknown): boolean {
	const code = (error as {code?: unknown} | undefined)?.code;
	return code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT';
}
