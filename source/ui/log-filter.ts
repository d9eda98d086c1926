import type {LogEntry} from './server-log.js';

/**
 * The log as `/filter #room` shows it: that room's events, and what reached its members
 * without being about one room (notices to everyone), and the server's warnings, which an
 * operator must not miss whatever the filter. `room` is the room's name as the server spells
 * it (entries carry that spelling); null shows everything.
 */
export function filterLog(entries: readonly LogEntry[], room: string | null): readonly LogEntry[] {
	if (room === null) return entries;
	return entries.filter(entry => (entry.room === undefined ? entry.kind === 'notice' || entry.kind === 'error' : entry.room === room));
}

/** The log's rule line title: "Log", or "Log · #dev only" while a filter is on. */
export function logTitle(room: string | null): string {
	return room === null ? 'Log' : `Log · ${room} only`;
}
