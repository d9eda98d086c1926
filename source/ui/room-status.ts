import stringWidth from 'string-width';
import type {ClientStatus} from '../client/chat-client.js';
import {hostPort} from '../protocol/host-port.js';
import type {Hint} from './dashboard-layout.js';
import {nameTakenAlert} from './name-taken-alert.js';
import {fitWidth} from './wrap-text.js';

/** What the room header says about the connection. */
export type ConnectionState = 'connected' | 'connecting' | 'reconnecting' | 'offline';

export function connectionState(status: ClientStatus): ConnectionState {
	switch (status.state) {
		case 'joined':
			return 'connected';
		case 'connecting':
			return status.attempt > 0 ? 'reconnecting' : 'connecting';
		case 'reconnecting':
			return 'reconnecting';
		default:
			return 'offline';
	}
}

/** Whether the client is trying to get back in (Esc stops it). */
export function isReconnecting(status: ClientStatus): boolean {
	return status.state === 'reconnecting' || (status.state === 'connecting' && status.attempt > 0);
}

/** The first form that fits `width`; the shortest cut to it as a last resort. */
function firstFitting(forms: readonly string[], width: number | undefined): string {
	if (width === undefined) return forms[0]!;
	return forms.find(form => stringWidth(form) <= width) ?? fitWidth(forms.at(-1)!, width);
}

/**
 * The status row's words for a connection in trouble, or undefined when all is well. Given a
 * width, a shorter sentence is chosen (never one cut in the middle): the reason goes first,
 * then the hint, and the countdown stays to the last.
 */
export function connectionAlert(
	status: ClientStatus,
	host: string,
	port: number,
	secondsLeft: number | undefined,
	width?: number,
): string | undefined {
	switch (status.state) {
		case 'reconnecting': {
			if (status.nameTaken !== undefined) return nameTakenAlert(status.nameTaken, secondsLeft ?? 0, width);
			const countdown = `reconnecting in ${secondsLeft ?? 0} s`;
			return firstFitting(
				[
					`connection lost: ${status.reason} — ${countdown} (Esc to stop)`,
					`connection lost: ${status.reason} — ${countdown}`,
					`connection lost — ${countdown} (Esc to stop)`,
					`connection lost — ${countdown}`,
					countdown,
				],
				width,
			);
		}
		case 'connecting':
			if (status.attempt === 0) return undefined;
			return firstFitting(
				[
					`reconnecting to ${hostPort(host, port)}… (attempt ${status.attempt}, Esc to stop)`,
					`reconnecting to ${hostPort(host, port)}… (attempt ${status.attempt})`,
					`reconnecting… (attempt ${status.attempt}, Esc to stop)`,
					`reconnecting… (attempt ${status.attempt})`,
					'reconnecting…',
				],
				width,
			);
		case 'failed':
			return firstFitting(
				[
					`disconnected: ${status.message} — /quit to return to the form`,
					`disconnected: ${status.message}`,
					'disconnected — /quit to return to the form',
					'disconnected — /quit for the form',
					'disconnected',
				],
				width,
			);
		default:
			return undefined;
	}
}

/** The room's footer: the keys that do something now, most useful first. */
export function roomHints(options: {
	scrolled: boolean;
	reconnecting: boolean;
	usersAvailable: boolean;
	showUsers: boolean;
	/** How many buffers the room bar shows: with more than one, the keys that switch. */
	buffers?: number;
}): Hint[] {
	const hints: Hint[] = [];
	if (options.reconnecting) hints.push({key: 'Esc', label: 'stop reconnecting'});
	if (options.scrolled) hints.push({key: 'End', label: 'newest'}, {key: 'PgUp/PgDn', label: 'scroll'});
	else hints.push({key: 'PgUp', label: 'scroll'});
	if ((options.buffers ?? 1) > 1) hints.push({key: 'Alt+1…9', label: 'buffers'});
	hints.push({key: 'Tab', label: 'complete'});
	if (options.usersAvailable) hints.push({key: 'F2', label: options.showUsers ? 'hide users' : 'users'});
	// At 80 columns /help still shows with the buffer keys; ↑/↓ is the first guess anyway.
	hints.push({key: '/help', label: 'commands'}, {key: '↑/↓', label: 'history'}, {key: 'Ctrl+C', label: 'exit'});
	return hints;
}

/** The footer while the list of rooms (/list) is open. */
/** The footer while the search view is open. */
export function searchHints(): Hint[] {
	return [
		{key: '↑/↓', label: 'choose'},
		{key: 'Enter', label: 'show in its room'},
		{key: 'Esc', label: 'close'},
		{key: 'PgUp/PgDn', label: 'page'},
		{key: 'Ctrl+C', label: 'exit'},
	];
}

export function listHints(): Hint[] {
	return [
		{key: '↑/↓', label: 'choose'},
		{key: 'Enter', label: 'join'},
		{key: 'Esc', label: 'close'},
		{key: 'PgUp/PgDn', label: 'page'},
		{key: 'type', label: 'to filter'},
		{key: 'Ctrl+C', label: 'exit'},
	];
}
