import React from 'react';
import {Box, Text} from 'ink';
import TextInput from 'ink-text-input';
import {Footer} from './footer.js';

const ignore = () => {};

export type PortFormProps = {
	width: number;
	height: number;
	/** The address the server will bind, shown so the operator knows who can reach it. */
	host: string;
	/** The port field's text. */
	value: string;
	onChange?: (value: string) => void;
	/** Enter, with the field's text. */
	onSubmit?: (value: string) => void;
	/** A sentence: a bad port or the listen error. */
	error: string | null;
	busy: boolean;
	/** Whether the field takes keys. */
	active?: boolean;
};

/** Asks which port to listen on, as the original program did; listen errors show here so the port can be fixed. */
export function PortForm({width, height, host, value, onChange = ignore, onSubmit = ignore, error, busy, active = true}: PortFormProps) {
	const boxWidth = Math.max(20, Math.min(64, width - 2));
	const fieldWidth = Math.min(20, boxWidth - 4);
	const where = host === '0.0.0.0' ? 'every IPv4 address of this machine' : host === '::' ? 'every address of this machine' : host;
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Box flexGrow={1} alignItems="center" justifyContent="center" overflow="hidden">
				<Box flexDirection="column" width={boxWidth} borderStyle="round" paddingX={1}>
					<Text bold>tcpchat server</Text>
					<Text dimColor wrap="wrap">
						People join with tcpchat client, nc or telnet.
					</Text>
					<Text> </Text>
					<Box width={fieldWidth} height={1} overflow="hidden">
						<Text bold>Port </Text>
						<Box width={Math.max(1, fieldWidth - 5)} height={1} overflow="hidden">
							<TextInput value={value} onChange={onChange} onSubmit={onSubmit} focus={active && !busy} />
						</Box>
					</Box>
					<Text dimColor wrap="truncate-end">
						on {where}
					</Text>
					<Text> </Text>
					{busy ? (
						<Text color="yellow">starting…</Text>
					) : error ? (
						<Text color="red" wrap="wrap">
							{error}
						</Text>
					) : (
						<Text dimColor>0 picks a free port.</Text>
					)}
				</Box>
			</Box>
			<Footer
				width={width}
				hints={[
					{key: 'Enter', label: 'start the server'},
					{key: 'Ctrl+C', label: 'quit'},
				]}
			/>
		</Box>
	);
}
