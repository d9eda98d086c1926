import IRC, {type Client, type ClientOptions} from 'irc-framework';

type Seen = {name: string; event: Record<string, any>};

/**
 * A real IRC client (irc-framework) against the server, for tests: it records every event the
 * library emits and every raw line it reads, and lets a test wait for one (from a cursor, or
 * from the start) — never for time.
 */
export class IrcBot {
	readonly client: Client;
	readonly events: Seen[] = [];
	/** Lines from the server, as read. */
	readonly lines: string[] = [];
	closed = false;
	private readonly waiters = new Set<() => void>();

	private constructor(options: Partial<ClientOptions>) {
		this.client = new IRC.Client({auto_reconnect: false, ...options});
		const emit = this.client.emit.bind(this.client);
		this.client.emit = (name: string | symbol, ...args: any[]): boolean => {
			if (name === 'raw' && args[0]?.from_server) this.lines.push(String(args[0].line).replace(/\r?\n$/, ''));
			else if (typeof name === 'string' && name !== 'raw' && name !== 'debug') this.events.push({name, event: args[0] ?? {}});
			if (name === 'close' || name === 'socket close') this.closed = true;
			const result = emit(name, ...args);
			for (const waiter of [...this.waiters]) waiter();
			return result;
		};
	}

	/** Connects and registers (or resolves at the first sign that registration failed, when `registered` is false). */
	static async connect(port: number, nick: string, options: Partial<ClientOptions> & {caps?: string[]} = {}): Promise<IrcBot> {
		const {caps, ...rest} = options;
		const bot = new IrcBot(rest);
		if (caps) bot.client.requestCap(caps);
		bot.client.connect({host: '127.0.0.1', port, nick, username: 'test', gecos: 'a test', ...rest});
		await bot.event('registered');
		return bot;
	}

	/** Connects without waiting for registration. */
	static start(port: number, nick: string, options: Partial<ClientOptions> & {caps?: string[]} = {}): IrcBot {
		const {caps, ...rest} = options;
		const bot = new IrcBot(rest);
		if (caps) bot.client.requestCap(caps);
		bot.client.connect({host: '127.0.0.1', port, nick, username: 'test', gecos: 'a test', ...rest});
		return bot;
	}

	/** The first event called `name` matching `predicate`, among those seen from index `from` on. */
	event(name: string, predicate: (event: Record<string, any>) => boolean = () => true, from = 0): Promise<Record<string, any>> {
		return this.until(() => {
			for (let i = from; i < this.events.length; i++) {
				const seen = this.events[i]!;
				if (seen.name === name && predicate(seen.event)) return seen.event;
			}
			return undefined;
		}, `a "${name}" event`);
	}

	/** The first raw line from the server matching `predicate`, from index `from` on. */
	line(predicate: RegExp | ((line: string) => boolean), from = 0): Promise<string> {
		const test = typeof predicate === 'function' ? predicate : (l: string) => predicate.test(l);
		return this.until(() => this.lines.slice(from).find(test), `a line matching ${String(predicate)}`);
	}

	/** Where the next wait may start, to skip what was already seen. */
	mark(): {events: number; lines: number} {
		return {events: this.events.length, lines: this.lines.length};
	}

	closedNow(): Promise<void> {
		return this.until(() => (this.closed ? true : undefined), 'the connection to close').then(() => undefined);
	}

	destroy(): void {
		this.client.removeAllListeners();
		(this.client as any).connection?.end?.();
		(this.client as any).connection?.transport?.disposeSocket?.();
	}

	/** Resolves once `find` finds something; the timeout is a ceiling only a broken server reaches, and says what was seen. */
	private until<T>(find: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
		return new Promise((resolve, reject) => {
			const fail = (why: string): void => {
				this.waiters.delete(check);
				clearTimeout(timer);
				reject(new Error(`${why} while waiting for ${what}; last lines:\n${this.lines.slice(-15).join('\n')}`));
			};
			const timer = setTimeout(() => fail('no luck in time'), timeoutMs);
			const check = (): void => {
				const found = find();
				if (found !== undefined) {
					this.waiters.delete(check);
					clearTimeout(timer);
					resolve(found);
				} else if (this.closed && !what.includes('close')) fail('connection closed');
			};
			this.waiters.add(check);
			check();
		});
	}
}
