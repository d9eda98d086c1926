import React from 'react';
import {Box, Text} from 'ink';
import {FORM_FIELDS, type FormField} from '../ui/connect-form-state.js';
import {connectFormLayout} from '../ui/form-layout.js';
import type {LineState} from '../ui/line-editor.js';
import {fitWidth} from '../ui/wrap-text.js';
import {Footer} from './footer.js';
import type {KeyHint} from './footer.js';
import {InputLine, inputLineCaret} from './input-line.js';

const LABELS: Record<FormField, string> = {host: 'Host', port: 'Port', name: 'Nickname'};

export const FORM_HINTS: readonly KeyHint[] = [
	{key: 'Enter', label: 'connect'},
	{key: 'Tab/↓', label: 'next field'},
	{key: 'Shift+Tab/↑', label: 'previous'},
	{key: 'Ctrl+C', label: 'exit'},
];

export type ConnectFormProps = {
	width: number;
	height: number;
	fields: Record<FormField, LineState>;
	focus: FormField;
	/** Why the last attempt failed, or what is wrong with a field. */
	error?: string | undefined;
	/** Shown instead of the fields' hints while a connection is being made; the fields take no keys. */
	busy?: string | undefined;
	hints?: readonly KeyHint[];
};

/** The cell of the focused field's caret (for the terminal's cursor), or undefined while busy or off screen. */
export function connectFormCaret({width, height, fields, focus, error, busy}: ConnectFormProps): {x: number; y: number} | undefined {
	if (busy) return undefined;
	const layout = connectFormLayout(width, height, {error, busy});
	const y = layout.fieldRow(FORM_FIELDS.indexOf(focus));
	const x = layout.fieldX + inputLineCaret({line: fields[focus], prompt: '', width: layout.fieldWidth});
	return y < height - layout.footerRows && x < width ? {x, y} : undefined;
}

/** The first screen: where to connect and as whom. Exactly `height` rows. */
export function ConnectForm({width, height, fields, focus, error, busy, hints = FORM_HINTS}: ConnectFormProps) {
	const layout = connectFormLayout(width, height, {error, busy});
	const {inner, labelWidth} = layout;
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Box flexDirection="column" height={height - layout.footerRows} paddingTop={layout.top} paddingLeft={layout.left} overflow="hidden">
				<Box
					flexDirection="column"
					flexShrink={0}
					width={layout.boxWidth}
					borderStyle="round"
					borderColor={busy ? 'yellow' : error ? 'red' : 'cyan'}
					paddingX={1}
				>
					<Text bold wrap="truncate-end">
						{fitWidth('tcpchat — join a chat room', inner)}
					</Text>
					<Text> </Text>
					{FORM_FIELDS.map(field => {
						const focused = field === focus && !busy;
						return (
							<Box key={field} width={inner} height={1}>
								<Text color={focused ? 'cyan' : undefined} bold={focused}>
									{fitWidth(`${focused ? '›' : ' '} ${LABELS[field]}`, labelWidth).padEnd(labelWidth)}
								</Text>
								<InputLine line={fields[field]} prompt="" width={layout.fieldWidth} />
							</Box>
						);
					})}
					<Text> </Text>
					{busy ? (
						<Text color="yellow" wrap="truncate-end">
							{fitWidth(busy, inner)}
						</Text>
					) : error ? (
						layout.statusLines.map((line, index) => (
							<Text key={index} color="red" wrap="truncate-end">
								{index === 0 ? '✗ ' : '  '}
								{line}
							</Text>
						))
					) : (
						<Text dimColor wrap="truncate-end">
							{fitWidth(layout.statusLines[0]!, inner)}
						</Text>
					)}
				</Box>
			</Box>
			{layout.footerRows > 0 ? <Footer hints={hints} width={width} /> : null}
		</Box>
	);
}
