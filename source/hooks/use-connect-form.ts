import {useState} from 'react';
import {nameProblem} from '../protocol/names.js';
import {FORM_FIELDS, fieldInput, type FormField} from '../ui/form-input.js';
import type {ConnectTarget} from './use-chat-client.js';

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
	fields: Record<FormField, string>;
	focus: FormField;
	/** What is wrong with the field in focus, once Enter was pressed. */
	problem: string | undefined;
	/** ink-text-input's change to a field; a line break in it submits. */
	edit: (field: FormField, typed: string) => void;
	/** Checks the fields and connects, or points at the field in error. */
	submit: () => void;
	/** Moves the focus by `step` fields, round the end. */
	move: (step: number) => void;
	/** Back from the room: the name you ended with (after a /nick). */
	offerName: (name: string) => void;
};

/** The connect form's fields, focus and inline error; `connect` is called with checked fields. */
export function useConnectForm(initial: {host: string; port: number; name: string}, connect: (target: ConnectTarget) => void): ConnectFormState {
	const [fields, setFields] = useState<Record<FormField, string>>(() => ({
		host: initial.host,
		port: initial.port > 0 ? String(initial.port) : '',
		name: initial.name,
	}));
	const [focus, setFocus] = useState<FormField>(!initial.host ? 'host' : initial.port > 0 ? 'name' : 'port');
	const [problem, setProblem] = useState<string | undefined>(undefined);

	const showProblem = (field: FormField, message: string) => {
		setProblem(message);
		setFocus(field);
	};
	const check = (values: Record<FormField, string>) => {
		const checked = validateForm(values);
		if ('target' in checked) {
			setProblem(undefined);
			connect(checked.target);
		} else {
			showProblem(checked.field, checked.message);
		}
	};
	return {
		fields,
		focus,
		problem,
		edit(field, typed) {
			const {value, submitted} = fieldInput(typed);
			const next = {...fields, [field]: value};
			setFields(next);
			setProblem(undefined);
			if (submitted) check(next);
		},
		submit: () => check(fields),
		move(step) {
			setFocus(current => FORM_FIELDS[(FORM_FIELDS.indexOf(current) + step + FORM_FIELDS.length) % FORM_FIELDS.length]!);
		},
		offerName(name) {
			setFields(current => ({...current, name}));
			setFocus('name');
		},
	};
}
