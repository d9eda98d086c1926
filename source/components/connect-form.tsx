import React from 'react';
import {Box, Text} from 'ink';
import TextInput from 'ink-text-input';
import {fitWidth, wrapText} from '../ui/wrap-text.js';
import {FORM_FIELDS, type FormField} from '../ui/form-input.js';
import {Footer} from './footer.js';
import type {KeyHint} from './footer.js';


const LABELS: Record<FormField, string> = {host: 'Host', port: 'Port', name: 'Nickname'};

export const FORM_HINTS: readonly KeyHint[] = [
	{key: 'Enter', label: 'connect'},
	{key: 'Tab/↓', label: 'next field'},
	{key: 'Shift+Tab/↑', label: 'previous'},
	{key: 'Ctrl+C', label: 'exit'},
];

const ignore = () => {};

export type ConnectFormProps = {
	width: number;
	height: number;
	fields: Record<FormField, string>;
	focus: FormField;
	onChange?: (field: FormField, value: string) => void;
	/** Enter in any field. */
	onSubmit?: () => void;
	/** Why the last attempt failed, or what is wrong with a field. */
	error?: string | undefined;
	/** Shown instead of the fields' hints while a connection is being made; the fields take no keys. */
	busy?: string | undefined;
	hints?: readonly KeyHint[];
};

/** The first screen: where to connect and as whom. Exactly `height` rows. */
export function ConnectForm({width, height, fields, focus, onChange = ignore, onSubmit = ignore, error, busy, hints = FORM_HINTS}: ConnectFormProps) {
	const boxWidth = Math.max(10, Math.min(width, 72));
	const inner = Math.max(4, boxWidth - 4);
	const labelWidth = 12;
	const errorLines = error ? wrapText(error, inner - 2).slice(0, 3) : [];
	const footerRows = height >= 12 ? 1 : 0;
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Box flexGrow={1} flexDirection="column" alignItems="center" justifyContent="center" overflow="hidden">
				<Box
					flexDirection="column"
					width={boxWidth}
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
								<Box width={Math.max(1, inner - labelWidth)} height={1} overflow="hidden">
									<TextInput
										value={fields[field]}
										onChange={value => onChange(field, value)}
										onSubmit={onSubmit}
										focus={focused}
									/>
								</Box>
							</Box>
						);
					})}
					<Text> </Text>
					{busy ? (
						<Text color="yellow" wrap="truncate-end">
							{fitWidth(busy, inner)}
						</Text>
					) : errorLines.length > 0 ? (
						errorLines.map((line, index) => (
							<Text key={index} color="red" wrap="truncate-end">
								{index === 0 ? '✗ ' : '  '}
								{line}
							</Text>
						))
					) : (
						<Text dimColor wrap="truncate-end">
							{fitWidth('Enter to connect', inner)}
						</Text>
					)}
				</Box>
			</Box>
			{footerRows > 0 ? <Footer hints={hints} width={width} /> : null}
		</Box>
	);
}
