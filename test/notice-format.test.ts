import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {encodeFrame} from '../source/protocol/encode.js';
import type {MsgEvent, RoomEvent, ServerFrame} from '../source/protocol/frames.js';
import {isMemberNotice} from '../source/protocol/frames.js';
import {chathistoryLines, historyLines, ircEventLines} from '../source/protocol/irc-format.js';
import {nameProblem} from '../source/protocol/names.js';
import {parseClientFrame} from '../source/protocol/parse-client-frame.js';
import {parseServerFrame} from '../source/protocol/parse-server-frame.js';
import {formatPlainFrame} from '../source/protocol/plain-text-format.js';
import {JSON_V1, JSON_V2} from '../source/server/json-codec.js';
import {Room, type RoomMember} from '../source/server/room.js';
import {eventColumns, rowEvent} from '../source/server/sqlite-rows.js';
import {type ChatEntry, frameEntry, roomEventEntry} from '../source/ui/chat-entry.js';
import {entryRows} from '../source/ui/message-rows.js';
import {resultRows} from '../source/ui/search-view.js';
import {describeActivity} from '../source/ui/server-log.js';

/** A member's notice through every pure piece: parsing, each dialect's encoding, the rows, the store's columns. */

process.env.TZ = 'UTC';

const TS = Date.UTC(2026, 0, 5, 14, 2);
const notice: MsgEvent = {type: 'msg', room: '#dev', seq: 7, ts: TS, from: 'ivy', text: 'build 42 passed', notice: true};
const message: MsgEvent = {type: 'msg', room: '#dev', seq: 8, ts: TS, from: 'ivy', text: 'thanks'};

describe('the notice flag at the edges', () => {
	it('say and dm take "notice": true or false, nothing else, and never with "action"', () => {
		const parse = (line: string) => parseClientFrame(line);
		expect(parse('{"type":"say","room":"#dev","text":"hi","notice":true}')).toEqual({ok: true, frame: {type: 'say', room: '#dev', text: 'hi', notice: true}});
		expect(parse('{"type":"say","room":"#dev","text":"hi","notice":false}')).toEqual({ok: true, frame: {type: 'say', room: '#dev', text: 'hi'}});
		expect(parse('{"type":"say","room":"#dev","text":"hi","notice":1}')).toMatchObject({ok: false, code: 'bad_frame', message: '"notice" must be true or false'});
		expect(parse('{"type":"say","room":"#dev","text":"hi","notice":true,"action":true}')).toMatchObject({ok: false, code: 'bad_frame', message: 'a message is an action or a notice, not both'});
		expect(parse('{"type":"say","room":"#dev","text":"hi","notice":true,"action":false}')).toEqual({ok: true, frame: {type: 'say', room: '#dev', text: 'hi', notice: true}});
		expect(parse('{"type":"dm","to":"bob","text":"psst","notice":true}')).toEqual({ok: true, frame: {type: 'dm', to: 'bob', text: 'psst', notice: true}});
		expect(parse('{"type":"dm","to":"bob","text":"psst","notice":false}')).toEqual({ok: true, frame: {type: 'dm', to: 'bob', text: 'psst'}});
		expect(parse('{"type":"dm","to":"bob","text":"psst","notice":"yes"}')).toMatchObject({ok: false, code: 'bad_frame'});
	});

	it('the client reads the flag back from msg, history and dm frames; a server sending both flags is read as a notice', () => {
		expect(parseServerFrame(encodeFrame(notice))).toEqual(notice);
		expect(parseServerFrame(encodeFrame(message))).toEqual(message);
		expect(parseServerFrame(encodeFrame({type: 'history', room: '#dev', events: [notice, message], more: false}))).toEqual({type: 'history', room: '#dev', events: [notice, message], more: false});
		expect(parseServerFrame('{"type":"msg","room":"#dev","seq":1,"ts":1,"from":"a","text":"x","notice":true,"action":true}')).toEqual({type: 'msg', room: '#dev', seq: 1, ts: 1, from: 'a', text: 'x', notice: true});
		expect(parseServerFrame('{"type":"msg","room":"#dev","seq":1,"ts":1,"from":"a","text":"x","notice":"yes"}')).toEqual({type: 'msg', room: '#dev', seq: 1, ts: 1, from: 'a', text: 'x'});
		const dm: ServerFrame = {type: 'dm', ts: 1, from: 'ivy', to: 'jo', text: 'psst', notice: true};
		expect(parseServerFrame(encodeFrame(dm))).toEqual(dm);
	});

	it('tcpchat/2 carries it as it is; tcpchat/1 is sent no notice at all, live or in a welcome’s history', () => {
		expect(JSON_V2(notice)!.toString()).toBe(`${JSON.stringify(notice)}\n`);
		expect(JSON_V1(notice)).toBeUndefined();
		expect(JSON_V1({type: 'dm', ts: 1, from: 'ivy', to: 'old', text: 'psst', notice: true})).toBeUndefined();
		expect(JSON_V1({type: 'dm', ts: 1, from: 'ivy', to: 'old', text: 'psst'})!.toString()).toBe('{"type":"dm","ts":1,"from":"ivy","to":"old","text":"psst"}\n');
		expect(JSON_V1(message)!.toString()).toBe('{"type":"msg","seq":8,"ts":' + TS + ',"from":"ivy","text":"thanks"}\n');
		expect(isMemberNotice(notice)).toBe(true);
		expect(isMemberNotice({type: 'notice', ts: 1, text: 'from the operator'})).toBe(false);
	});

	it('a room’s tcpchat/1 history leaves notices out and still covers only its last events', () => {
		let seq = 0;
		const history: RoomEvent[] = [];
		const room = new Room<RoomMember>({name: '#dev', topic: '', history}, 3, (event, deliver) => deliver({...event, seq: ++seq} as RoomEvent), () => TS);
		const m: RoomMember = {name: 'ivy', since: 0, deliver() {}, deliverRun() {}};
		const v1 = (): string[] => JSON.parse(`[${room.historyBytes(1).toString()}]`).map((e: {text?: string}) => e.text ?? '');
		const v2 = (): string[] => JSON.parse(`[${room.historyBytes(2).toString()}]`).map((e: {text?: string}) => e.text ?? '');
		room.say(m, 'one', false);
		room.say(m, 'two', false, true);
		room.say(m, 'three', false);
		expect(v2()).toEqual(['one', 'two', 'three']);
		expect(v1()).toEqual(['one', 'three']);
		room.say(m, 'four', false, true);
		// The last three events are two, three and four: "one" has gone for both versions.
		expect(v2()).toEqual(['two', 'three', 'four']);
		expect(v1()).toEqual(['three']);
		room.say(m, 'five', false);
		room.say(m, 'six', false);
		expect(v1()).toEqual(['five', 'six']);
		expect(JSON.parse(`[${room.historyBytes(2).toString()}]`)[0]).toMatchObject({text: 'four', notice: true});
	});
});

describe('IRC: a notice is a NOTICE', () => {
	const plainView = {time: false, awayNotify: false, msgid: false};
	it('live, with or without tags, cut into lines like a message; never a CTCP ACTION', () => {
		expect(ircEventLines(notice, plainView)).toEqual([':ivy!ivy@tcpchat NOTICE #dev :build 42 passed']);
		expect(ircEventLines(notice, {time: true, awayNotify: false, msgid: true})).toEqual([`@time=2026-01-05T14:02:00.000Z;msgid=7#dev :ivy!ivy@tcpchat NOTICE #dev :build 42 passed`]);
		expect(ircEventLines({...notice, text: 'one\ntwo'}, plainView)).toEqual([':ivy!ivy@tcpchat NOTICE #dev :one', ':ivy!ivy@tcpchat NOTICE #dev :two']);
		expect(ircEventLines({...notice, action: true}, plainView)).toEqual([':ivy!ivy@tcpchat NOTICE #dev :build 42 passed']);
		expect(ircEventLines(message, plainView)).toEqual([':ivy!ivy@tcpchat PRIVMSG #dev :thanks']);
		const long = ircEventLines({...notice, text: '好'.repeat(400)}, plainView);
		expect(long.length).toBeGreaterThan(1);
		for (const line of long) {
			expect(line.startsWith(':ivy!ivy@tcpchat NOTICE #dev :')).toBe(true);
			expect(Buffer.byteLength(line) + 2).toBeLessThanOrEqual(512);
		}
	});

	it('in the history of a join: NOTICE in a batch, or the server’s notice `[14:02] -ivy- …`; in CHATHISTORY', () => {
		const events = [notice, message];
		expect(historyLines('#dev', events, {time: true, batch: true, batchId: 'h1', msgid: false})).toEqual([
			':tcpchat.server BATCH +h1 chathistory #dev',
			'@batch=h1;time=2026-01-05T14:02:00.000Z :ivy!ivy@tcpchat NOTICE #dev :build 42 passed',
			'@batch=h1;time=2026-01-05T14:02:00.000Z :ivy!ivy@tcpchat PRIVMSG #dev :thanks',
			':tcpchat.server BATCH -h1',
		]);
		expect(historyLines('#dev', events, {time: false, batch: false, batchId: 'h1', msgid: false})).toEqual([
			':tcpchat.server NOTICE #dev :[14:02] -ivy- build 42 passed',
			':tcpchat.server NOTICE #dev :[14:02] <ivy> thanks',
		]);
		expect(chathistoryLines('#dev', events, 'c1')[1]).toBe('@batch=c1;time=2026-01-05T14:02:00.000Z;msgid=7#dev :ivy!ivy@tcpchat NOTICE #dev :build 42 passed');
	});
});

describe('plain text: -ivy- text', () => {
	const clock = (): string => '14:02';
	const f = (frame: ServerFrame, viewer: string | null = 'me'): string[] => formatPlainFrame(frame, {viewer, clock});
	// As in plain-text-format.test.ts: what only the server may start a line with.
	const SERVER_LINE = /^(?:\[[^\]]*\] (?:#\S+ )?(?:\*\*\*|\()|\* )/;

	it('in the room, from another room, in history; a private notice from each end', () => {
		expect(f(notice)).toEqual(['[14:02] -ivy- build 42 passed']);
		expect(formatPlainFrame(notice, {clock, here: '#general'})).toEqual(['[14:02] #dev -ivy- build 42 passed']);
		expect(f({...notice, text: 'one\n[14:03] *** alice joined'})).toEqual(['[14:02] -ivy- one', '[14:02] -ivy- (14:03) *** alice joined']);
		expect(f({type: 'history', room: '#dev', events: [notice], more: false})).toEqual(['[14:02] -ivy- build 42 passed']);
		const dm: ServerFrame = {type: 'dm', ts: 0, from: 'ivy', to: 'jo', text: 'psst', notice: true};
		expect(f(dm, 'jo')).toEqual(['[14:02] (private notice from ivy) psst']);
		expect(f(dm, 'ivy')).toEqual(['[14:02] (private notice to jo) psst']);
	});

	it('a notice never reads as the server’s line, nor as another member’s (property)', () => {
		const nameChar = fc.constantFrom(...'abcXYZ09_-.ä山'.split(''));
		const name = fc.array(nameChar, {minLength: 1, maxLength: 24}).map(chars => chars.join('')).filter(n => nameProblem(n) === undefined);
		const text = fc.string({unit: fc.constantFrom('*', ' ', '\n', '[', ']', '(', ')', '<', '>', '-', 'a', '1', ':'), maxLength: 60});
		fc.assert(
			fc.property(name, text, (from, said) => {
				const lines = f({type: 'msg', room: '#general', seq: 1, ts: 0, from, text: said, notice: true});
				// The name ends at the first space (names hold none): `-a- -b- x` is a's, never b's.
				return lines.every(line => line.startsWith(`[14:02] -${from}- `) && !SERVER_LINE.test(line) && line.slice(9).split(' ')[0] === `${from}-`);
			}),
			{numRuns: 1000},
		);
	});
});

describe('the tcpchat client and the dashboard show it apart', () => {
	const rows = (entry: ChatEntry, width = 60) => entryRows(entry, {you: 'jo', width});
	const text = (entry: ChatEntry) => rows(entry).map(r => r.segments.map(s => s.text).join(''));

	it('a room notice reads `-ivy- text`, dim; a private one `-ivy → you- text`', () => {
		const entry = {id: 1, ...roomEventEntry(notice)} as ChatEntry;
		expect(entry).toMatchObject({kind: 'msg', notice: true, action: false});
		expect(text(entry)).toEqual(['14:02 -ivy- build 42 passed']);
		expect(rows(entry)[0]!.segments.at(-1)).toMatchObject({text: 'build 42 passed', dim: true});
		expect(text({id: 2, ...roomEventEntry(message)} as ChatEntry)).toEqual(['14:02 <ivy> thanks']);
		const dm = {id: 3, ...frameEntry({type: 'dm', ts: TS, from: 'ivy', to: 'jo', text: 'psst', notice: true})!} as ChatEntry;
		expect(text(dm)).toEqual(['14:02 -ivy → you- psst']);
		expect(text({...dm, from: 'jo', to: 'ivy'} as ChatEntry)).toEqual(['14:02 -you → ivy- psst']);
		expect(text({id: 4, ...frameEntry({type: 'dm', ts: TS, from: 'ivy', to: 'jo', text: 'hi'})!} as ChatEntry)).toEqual(['14:02 [ivy → you] hi']);
	});

	it('a search result and the dashboard log mark it too', () => {
		const header = resultRows({room: '#dev', seq: 7, ts: TS, from: 'ivy', text: 'build 42 passed', action: false, notice: true}, 'build', 80, false)[0]!;
		expect(header.map(s => s.text).join('')).toContain('-ivy-');
		expect(describeActivity({kind: 'event', event: notice}, TS)).toMatchObject({kind: 'message', text: '#dev -ivy- build 42 passed', room: '#dev'});
		expect(describeActivity({kind: 'event', event: message}, TS)).toMatchObject({text: '#dev <ivy> thanks'});
	});
});

describe('the store’s columns', () => {
	it('a notice is 1 in `notice`; a row reads back as the event it was', () => {
		const columns = eventColumns(notice);
		expect(columns).toEqual([7, TS, 'msg', 'ivy', 'build 42 passed', null, null, null, 1]);
		const row = (c: typeof columns) => ({seq: c[0], ts: c[1], type: c[2], name: c[3], text: c[4], target: c[5], reason: c[6], action: c[7], notice: c[8]});
		expect(rowEvent(row(columns), '#dev')).toEqual(notice);
		expect(rowEvent(row(eventColumns(message)), '#dev')).toEqual(message);
		expect(rowEvent(row(eventColumns({...message, action: true})), '#dev')).toEqual({...message, action: true});
		// A row of a database from before the column (read by `tcpchat export` without migrating) is no notice.
		const {notice: _gone, ...old} = row(eventColumns(message));
		expect(rowEvent(old as ReturnType<typeof row>, '#dev')).toEqual(message);
	});
});
