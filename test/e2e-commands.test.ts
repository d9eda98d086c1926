import {describe, expect, test} from 'vitest';
import {occurrences, usePtyProcesses} from './helpers/pty-terminal.js';

/**
 * The client's commands and keys, typed into the built binary in real pseudo-terminals and
 * read off the screens of the other clients: what people in the room actually see.
 */
const procs = usePtyProcesses();

const UP = '\u001B[A';

describe('client commands end to end', () => {
	test('/me is an action for everyone; /msg is private, marked on both ends, unseen by a third', async () => {
		const {port} = await procs.server();
		const [alice, bob, carol] = await procs.joined(port, ['alice', 'bob', 'carol']);

		await alice.type('/me waves');
		await bob.waitFor('* alice waves');
		await carol.waitFor('* alice waves');
		await alice.waitFor('* alice waves');

		await alice.type('/msg bob psst');
		await alice.waitFor('[you → bob] psst');
		// bob gets a buffer of its own for it, counted in his room bar; Alt+2 shows it.
		await bob.waitFor(' 1:#general 2:@alice(1!)');
		bob.write('\u001B2');
		const bobScreen = await bob.waitFor('[alice → you] psst');
		expect(bobScreen).not.toContain('<alice> psst');
		bob.write('\u001B1');

		// The server relays alice's frames in order: once carol has this line, the private one
		// would have come before it.
		await alice.type('after the secret');
		const carolScreen = await carol.waitFor('<alice> after the secret');
		expect(carolScreen).not.toContain('psst');
		await bob.waitFor('<alice> after the secret');
	});

	test('/nick renames: the other client sees it, the header and the prompt change', async () => {
		const {port} = await procs.server();
		const [alice, bob] = await procs.joined(port, ['alice', 'bob']);

		await alice.type('/nick alice2');
		await bob.waitFor('alice is now alice2');
		await alice.waitFor(s => s.includes('you: alice2') && /^alice2>/m.test(s));
		// bob's user list has the new name.
		await bob.waitFor(/│ alice2\s*$/m);

		await alice.type('under a new name');
		await bob.waitFor('<alice2> under a new name');
	});

	test('Tab completes a nickname; Up recalls the last line and Enter sends it again', async () => {
		const {port} = await procs.server();
		const [alice, bob] = await procs.joined(port, ['alice', 'bob']);

		// Tab is written on its own once the text is drawn, as a person's keystroke arrives.
		alice.write('hi bo');
		await alice.waitFor(/^alice> hi bo$/m);
		alice.write('\t');
		await alice.waitFor(/^alice> hi bob$/m);
		alice.write('\r');
		await bob.waitFor('<alice> hi bob');
		await alice.waitFor(/^alice>$/m);

		alice.write(UP);
		await alice.waitFor(/^alice> hi bob$/m);
		alice.write('\r');
		await bob.waitFor(s => occurrences(s, '<alice> hi bob') === 2);
		await alice.waitFor(s => occurrences(s, '<alice> hi bob') === 2 && /^alice>$/m.test(s));
	});

	test('/help lists the commands; an unknown command or a wrong use says how, and sends nothing', async () => {
		const {server, port} = await procs.server();
		// Tall enough for the whole of /help.
		const [alice, bob] = await procs.joined(port, ['alice', 'bob'], 100, 50);

		// Tab completes command names too.
		alice.write('/he');
		await alice.waitFor(/^alice> \/he$/m);
		alice.write('\t');
		await alice.waitFor(/^alice> \/help$/m);
		alice.write('\r');
		const help = await alice.waitFor('commands:');
		for (const usage of ['/help', '/me ACTION', '/nick NAME', '/msg NAME TEXT', '/join #ROOM', '/part [#ROOM] [REASON]', '/list [FILTER]', '/topic [TEXT]', '/buffer N|NAME', '/who', '/clear', '/quit [REASON]', 'Alt+1…9/0', 'Alt+←/→'])
			expect(help).toContain(usage);

		await alice.type('/frob the knob');
		await alice.waitFor('unknown command /frob — type /help for the list');
		await alice.type('/msg bob');
		await alice.waitFor('usage: /msg NAME TEXT');
		await alice.type('/me');
		await alice.waitFor('usage: /me ACTION');

		// Lines reach the room in order: once the marker is there, anything sent before it is too.
		await alice.type('marker');
		const bobScreen = await bob.waitFor('<alice> marker');
		expect(bobScreen).not.toMatch(/frob|knob|<alice> \/msg|<alice> \/me/);
		const dashboard = await server.waitFor(s => s.includes('<alice> marker') && /messages [1-9]/.test(s));
		expect(dashboard).toMatch(/messages 1\b/);
		expect(dashboard).not.toMatch(/frob|knob/);
	});

	test('a mention rings the terminal bell; --no-bell keeps it quiet', async () => {
		const {port} = await procs.server();
		const [alice, bob] = await procs.joined(port, ['alice', 'bob']);
		const carol = procs.start(['client', '--host', '127.0.0.1', '--port', String(port), '--name', 'carol', '--no-bell']);
		await carol.waitFor('you: carol');
		await bob.type('alice: carol: ping');
		await alice.waitFor('<bob> alice: carol: ping');
		await carol.waitFor('<bob> alice: carol: ping');
		// The bell is written in the same batch as the message, before the frame that shows it.
		await alice.waitFor(() => alice.output.includes('\u0007'));
		expect(carol.output).not.toContain('\u0007');
	});
});
