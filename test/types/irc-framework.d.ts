/** The part of irc-framework (no types of its own) that the tests use. */
declare module 'irc-framework' {
	import {EventEmitter} from 'node:events';

	export type ClientOptions = {
		host: string;
		port: number;
		nick: string;
		username?: string;
		gecos?: string;
		password?: string;
		auto_reconnect?: boolean;
		enable_echomessage?: boolean;
		ping_interval?: number;
		ping_timeout?: number;
		message_max_length?: number;
	};

	export class Client extends EventEmitter {
		constructor(options?: Partial<ClientOptions>);
		user: {nick: string; away: boolean};
		network: {cap: {enabled: string[]; isEnabled(cap: string): boolean}; options: Record<string, unknown>; server: string};
		connected: boolean;
		requestCap(cap: string | string[]): void;
		connect(options: ClientOptions): void;
		raw(...args: Array<string | number>): void;
		quit(message?: string): void;
		say(target: string, message: string): void;
		notice(target: string, message: string): void;
		action(target: string, message: string): void;
		join(channel: string, key?: string): void;
		part(channel: string, message?: string): void;
		changeNick(nick: string): void;
		setTopic(channel: string, topic: string): void;
		who(target: string, cb?: (event: unknown) => void): void;
		whois(target: string, cb?: (event: unknown) => void): void;
		list(...params: string[]): void;
		mode(channel: string, mode?: string, extra?: string): void;
	}

	const IRC: {Client: typeof Client};
	export default IRC;
}
