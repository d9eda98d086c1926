import {nameProblem} from '../protocol/names.js';
import {editLine, lineAt, type LineState} from './line-editor.js';
import type {Key} from './parse-keys.js';

export type FormField = 'host' | 'port' | 'name';

export const FORM_FIELDS: readonly FormField[] = ['host', 'port', 'name'];

/** Where to connect, and as whom: the form's fields, checked. */
export type ConnectTarget = {host: string; port: number; name: string};

export function validateForm(fields: Record<FormField, string>): {field: FormField; message: string} | {target: ConnectTarget} {
	const host = fields.host.trim();
	if (host.length === 0) return {field: 'host', message: 'enter the host to connect to, e.g. 127.0.0.1'};
	const portText = fields.port.trim();
	const port = Number(portText);
	if (!/^\d+$/.test(portText) || port < 1 || port > 65535)
		return {field: 'port', message: 'the port must be a number from 1 to 65535'};
	const name = fields.name.trim();
	const problem = nameProblem(name);
	if (problem) return {field: 'name', message: `nickname: ${problem}`};
	return {target: {host, port, name}};
}

export type ConnectFormState = {
	fields: Record<FormField, LineState>;
	focus: FormField;
	/** What is wrong with a field, once Enter was pressed. */
	problem: string | undefined;
	/** Edited since the last Enter: an older failure (the last attempt's error) is no longer news. */
	edited: boolean;
	/** The last checked Enter, numbered, for the screen to connect once. */
	request: {id: number; target: ConnectTarget} | undefined;
};

export function initialConnectForm(initial: {host: string; port: number; name: string}): ConnectFormState {
	return {
		fields: {host: lineAt(initial.host), port: lineAt(initial.port > 0 ? String(initial.port) : ''), name: lineAt(initial.name)},
		focus: !initial.host ? 'host' : initial.port > 0 ? 'name' : 'port',
		problem: undefined,
		edited: false,
		request: undefined,
	};
}

export type ConnectFormAction =
	| {type: 'key'; input: string; key: Key}
	/** Enter, or the command line's host, port and name at start. */
	| {type: 'submit'}
	/** Back from the room: the name you ended with (after a /nick). */
	| {type: 'offer-name'; name: string};

export function formValues(state: ConnectFormState): Record<FormField, string> {
	return {host: state.fields.host.value, port: state.fields.port.value, name: state.fields.name.value};
}

function move(state: ConnectFormState, step: number): ConnectFormState {
	const index = FORM_FIELDS.indexOf(state.focus);
	return {...state, focus: FORM_FIELDS[(index + step + FORM_FIELDS.length) % FORM_FIELDS.length]!};
}

function submit(state: ConnectFormState): ConnectFormState {
	const checked = validateForm(formValues(state));
	if ('target' in checked) return {...state, problem: undefined, edited: false, request: {id: (state.request?.id ?? 0) + 1, target: checked.target}};
	return {...state, problem: checked.message, focus: checked.field, edited: false};
}

/**
 * The connect form, one key at a time, each on the state the previous one left (so no key is
 * lost or reordered however fast they come): the field in focus edits like the room's input
 * line (see `editLine`), Tab/↓ and Shift+Tab/↑ move, Enter checks and asks to connect.
 */
export function connectForm(state: ConnectFormState, action: ConnectFormAction): ConnectFormState {
	switch (action.type) {
		case 'submit':
			return submit(state);
		case 'offer-name':
			return {...state, fields: {...state.fields, name: lineAt(action.name)}, focus: 'name'};
		case 'key': {
			const {input, key} = action;
			if ((key.tab && key.shift) || key.upArrow) return move(state, -1);
			if (key.tab || key.downArrow) return move(state, 1);
			if (key.return) return submit(state);
			const line = state.fields[state.focus];
			const next = editLine(line, input, key, {singleLine: true});
			if (!next || next === line) return state;
			const changed = next.value !== line.value;
			return {
				...state,
				fields: {...state.fields, [state.focus]: next},
				...(changed ? {problem: undefined, edited: true} : {}),
			};
		}
	}
}
