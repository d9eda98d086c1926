import net from 'node:net';
import {parseIrcLine} from '../protocol/irc-message.js';
import {connectProblem, type ClientSink, type LoadClient, type ReceiveMode} from './bench-client.js';
import {nowMicros} from './clock.js';
import {DeliveryScanner} from './delivery-scanner.js';
import {IrcBenchSession, type IrcStep} from './irc-bench-session.js';

/**
 * One IRC connection of the load generator (`tcpchat bench --dialect irc`), for any IRC
 * server: registers, joins the bench channel, then sends and measures as the tcpchat/1
 * client does. On the fast path the stamped PRIVMSGs are found by the same byte search
 * (`@bench:` in the line) and never parsed; every other line goes through the dialect's own
 * parser (`parseIrcLine`) to the session, which answers PINGs and counts joins.
 */
export class IrcBenchClient implements LoadClient {
	/** IRC clients are all in #bench: the rooms workload is tcpchat's. */
	readonly roomNumber = 0;
	private socket: net.Socket | undefined;
	private readonly session: IrcBenchSession;
	private readonly scanner: DeliveryScanner;
	private now = 0;
	private open = false;
	/** Until joined: called with nothing once in the channel, with a sentence for a refusal. */
	private joined: ((refusal?: string) => void) | undefined;

	constructor(
		readonly name: string,
		private readonly sink: ClientSink,
		private readonly mode: ReceiveMode = 'fast',
		channel?: string,
	) {
		this.session = new IrcBenchSession(name, channel);
		this.scanner = new DeliveryScanner({
			stamp: micros => this.sink.delivery(micros, this.now),
			presence: () => this.sink.presence(),
			line: line => this.handleLine(line),
		});
	}

	get connected(): boolean {
		return this.open;
	}

	connect(host: string, port: number, timeoutMs = 30_000, localAddress?: string): Promise<number> {
		const started = nowMicros();
		return new Promise<number>((resolve, reject) => {
			const socket = net.connect({host, port, ...(localAddress ? {localAddress} : {})});
			this.socket = socket;
			socket.setNoDelay(true);
			const timer = setTimeout(() => fail(new Error(`${this.name} was not in ${this.session.channel} on ${host}:${port} within ${timeoutMs / 1000} s (${this.session.phase})`)), timeoutMs);
			const fail = (error: Error) => {
				clearTimeout(timer);
				this.joined = undefined;
				socket.destroy();
				reject(error);
			};
			this.joined = refusal => {
				clearTimeout(timer);
				this.joined = undefined;
				if (refusal === undefined) {
					this.open = true;
					// Stamps count from here on; `--parse full` keeps reading every line through the session.
					this.scanner.fast = this.mode !== 'full';
					resolve(nowMicros() - started);
				} else fail(new Error(`the server refused ${this.name}: ${refusal}`));
			};
			socket.on('connect', () => this.send(this.session.opening()));
			socket.on('data', chunk => {
				// One clock read per read(): every line in it arrived at the same moment.
				this.now = nowMicros();
				this.scanner.push(chunk);
			});
			socket.on('error', error => {
				if (this.joined) fail(new Error(connectProblem(error, host, port)));
			});
			socket.on('close', () => {
				if (this.joined) fail(new Error(`the server closed the connection of ${this.name} before it was in ${this.session.channel}`));
				if (this.open) {
					this.open = false;
					this.sink.closed(this, 'closed');
				}
			});
		});
	}

	say(text: string): void {
		if (this.open) this.socket!.write(`${this.session.say(text)}\r\n`);
	}

	close(): void {
		this.open = false;
		this.socket?.destroy();
	}

	private handleLine(line: string): void {
		const message = parseIrcLine(line);
		if (!message) return;
		this.act(this.session.handle(message));
	}

	private act(step: IrcStep): void {
		if (step.send.length > 0) this.send(step.send);
		if (step.stamp !== undefined) this.sink.delivery(step.stamp, this.now);
		if (step.presence) this.sink.presence();
		if (step.joined) this.joined?.();
		if (step.refused !== undefined) {
			if (this.joined) this.joined(step.refused);
			else this.sink.error(step.refused.split(' ')[0] ?? 'ERROR');
		}
	}

	private send(lines: string[]): void {
		this.socket?.write(lines.map(line => `${line}\r\n`).join(''));
	}
}
