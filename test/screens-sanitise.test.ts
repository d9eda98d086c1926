import {describe, expect, test} from 'vitest';
import type {ClientActivity} from '../source/client/chat-client.js';
import {allEntries, applyActivities, INITIAL_ROOM_STATE} from '../source/hooks/room-state.js';
import type {WelcomeFrame} from '../source/protocol/frames.js';
import {describeActivity} from '../source/ui/server-log.js';

/** What a hostile server (or an older one) could send; the screens clean it again themselves. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\p{Surrogate}/u;
const EVIL = '\u202Egnp.exe\u202C \u2066x\u2069 \ud800 \u001b]52;c;eA==\u0007';

describe('the screens remove bidi controls and broken characters themselves', () => {
	test('client: welcome, history, live events and notices', () => {
		const welcome: WelcomeFrame = {
			type: 'welcome',
			proto: 2,
			server: `tcpchat${EVIL}`,
			you: 'alice',
			motd: EVIL,
			rooms: [{room: '#general', topic: '', users: [{name: `bob${EVIL}`, since: 1}], history: [{type: 'msg', room: '#general', seq: 1, ts: 1, from: `bob${EVIL}`, text: EVIL}]}],
		};
		const activities: ClientActivity[] = [
			{kind: 'status', status: {state: 'connecting', host: 'h', port: 1, name: 'alice', attempt: 0}},
			{kind: 'status', status: {state: 'joined', welcome, reconnected: false}},
			{kind: 'frame', frame: {type: 'msg', room: '#general', seq: 2, ts: 2, from: 'bob', text: EVIL, action: true}},
			{kind: 'frame', frame: {type: 'leave', room: '#general', seq: 3, ts: 3, name: 'bob', reason: 'quit', text: EVIL}},
			{kind: 'frame', frame: {type: 'dm', ts: 4, from: 'bob', to: 'alice', text: EVIL}},
			{kind: 'frame', frame: {type: 'notice', ts: 5, text: EVIL}},
		];
		const state = applyActivities(INITIAL_ROOM_STATE, activities, 100);
		const entries = allEntries(state);
		expect(entries.length).toBeGreaterThanOrEqual(5);
		for (const entry of entries) for (const value of Object.values(entry)) if (typeof value === 'string') expect(value).not.toMatch(UNSAFE);
		expect(state.server).not.toMatch(UNSAFE);
		for (const user of state.buffers.flatMap(b => b.users)) expect(user.name).not.toMatch(UNSAFE);
		for (const buffer of state.buffers) expect(buffer.name).not.toMatch(UNSAFE);
		expect(entries.filter(e => 'text' in e && e.text?.includes('gnp.exe')).length).toBeGreaterThanOrEqual(5);
	});

	test('dashboard: every event and notice in the log', () => {
		const events = [
			describeActivity({kind: 'event', event: {type: 'msg', room: '#general', seq: 1, ts: 1, from: `bob${EVIL}`, text: EVIL}}, 0),
			describeActivity({kind: 'event', event: {type: 'leave', room: '#general', seq: 2, ts: 1, name: 'bob', reason: 'quit', text: EVIL}}, 0),
			describeActivity({kind: 'event', event: {type: 'nick', room: '#general', seq: 3, ts: 1, from: `a${EVIL}`, to: `b${EVIL}`}}, 0),
			describeActivity({kind: 'notice', ts: 1, text: EVIL}, 0),
		];
		for (const entry of events) {
			expect(entry?.text).toContain('gnp.exe');
			expect(entry?.text).not.toMatch(UNSAFE);
		}
	});
});
