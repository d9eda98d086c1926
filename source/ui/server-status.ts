/** Where the dashboard's server is in its life. */
export type ServerStatus = 'idle' | 'starting' | 'listening' | 'failed' | 'stopping' | 'stopped';

export const STATUS_TEXT: Record<ServerStatus, string> = {
	idle: 'not started',
	starting: 'starting…',
	listening: 'listening on',
	failed: 'not listening',
	stopping: 'shutting down…',
	stopped: 'stopped',
};
