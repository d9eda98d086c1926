import {wrapText} from './wrap-text.js';

/**
 * Where the forms' boxes and fields are, computed rather than left to flexbox centring, so
 * that the screen knows the cell of each field's caret (where the terminal's cursor goes).
 */

export type ConnectFormLayout = {
	/** Rows above the box and columns left of it. */
	top: number;
	left: number;
	boxWidth: number;
	/** Columns inside the border and padding. */
	inner: number;
	labelWidth: number;
	/** Columns of a field's text. */
	fieldWidth: number;
	/** The status lines under the fields (the error, wrapped, at most 3; or one line). */
	statusLines: string[];
	footerRows: number;
	/** The screen row of field `index`, and the column where its text starts. */
	fieldRow: (index: number) => number;
	fieldX: number;
};

export const CONNECT_LABEL_WIDTH = 12;

export function connectFormLayout(width: number, height: number, status: {error?: string | undefined; busy?: string | undefined}): ConnectFormLayout {
	const boxWidth = Math.max(10, Math.min(width, 72));
	const inner = Math.max(4, boxWidth - 4);
	const footerRows = height >= 12 ? 1 : 0;
	const statusLines = status.busy
		? [status.busy]
		: status.error
			? wrapText(status.error, inner - 2).slice(0, 3)
			: ['Enter to connect'];
	// Border, title, blank, three fields, blank, status.
	const boxHeight = 2 + 1 + 1 + 3 + 1 + statusLines.length;
	const area = height - footerRows;
	const top = Math.max(0, Math.floor((area - boxHeight) / 2));
	const left = Math.max(0, Math.floor((width - boxWidth) / 2));
	return {
		top,
		left,
		boxWidth,
		inner,
		labelWidth: CONNECT_LABEL_WIDTH,
		fieldWidth: Math.max(1, inner - CONNECT_LABEL_WIDTH),
		statusLines,
		footerRows,
		fieldRow: index => top + 1 + 2 + index,
		fieldX: left + 2 + CONNECT_LABEL_WIDTH,
	};
}

export const PORT_FORM_INTRO = 'People join with tcpchat client, nc or telnet.';
const PORT_LABEL = 'Port ';

export type PortFormLayout = {
	top: number;
	left: number;
	boxWidth: number;
	inner: number;
	/** The introduction, wrapped; none when the terminal is too short for it. */
	introLines: string[];
	statusLines: string[];
	/** Columns of the port field's text. */
	fieldWidth: number;
	label: string;
	/** The port field's row on the screen, and the column where its text starts. */
	fieldRow: number;
	fieldX: number;
};

export function portFormLayout(width: number, height: number, status: {error: string | null; busy: boolean}): PortFormLayout {
	const boxWidth = Math.max(20, Math.min(64, width - 2));
	const inner = boxWidth - 4;
	const statusLines = status.busy ? ['starting…'] : status.error ? wrapText(status.error, inner) : ['0 picks a free port.'];
	const area = height - 1;
	// Border, title, intro, blank, port, address, blank, status: the intro goes first when short of rows.
	const fixed = 2 + 5 + statusLines.length;
	const intro = wrapText(PORT_FORM_INTRO, inner);
	const introLines = fixed + intro.length <= area ? intro : [];
	const boxHeight = fixed + introLines.length;
	const top = Math.max(0, Math.floor((area - boxHeight) / 2));
	const left = Math.max(0, Math.floor((width - boxWidth) / 2));
	return {
		top,
		left,
		boxWidth,
		inner,
		introLines,
		statusLines,
		fieldWidth: Math.max(1, Math.min(20, inner) - PORT_LABEL.length),
		label: PORT_LABEL,
		fieldRow: top + 1 + 1 + introLines.length + 1,
		fieldX: left + 2 + PORT_LABEL.length,
	};
}
