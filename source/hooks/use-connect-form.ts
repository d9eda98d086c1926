import {useEffectEvent, useLayoutEffect, useReducer, type ActionDispatch} from 'react';
import {connectForm, initialConnectForm, type ConnectFormAction, type ConnectFormState, type ConnectTarget} from '../ui/connect-form-state.js';

/**
 * The connect form's state (a pure reducer, see connect-form-state.ts) and its one effect: a
 * checked Enter connects, once. With `autoConnect` (host, port and name all given on the
 * command line) the form is submitted as it mounts.
 */
export function useConnectForm(
	initial: {host: string; port: number; name: string},
	autoConnect: boolean,
	connect: (target: ConnectTarget) => void,
): [ConnectFormState, ActionDispatch<[ConnectFormAction]>] {
	const [state, dispatch] = useReducer(connectForm, initial, values => {
		const form = initialConnectForm(values);
		return autoConnect ? connectForm(form, {type: 'submit'}) : form;
	});
	const onRequest = useEffectEvent((target: ConnectTarget) => connect(target));
	const request = state.request;
	// In a layout effect, before the next key is read: that key must find the form busy.
	useLayoutEffect(() => {
		if (request) onRequest(request.target);
	}, [request]);
	return [state, dispatch];
}
