import React from 'react';
import {Box, Text} from 'ink';
import {portFormLayout} from '../ui/form-layout.js';
import type {LineState} from '../ui/line-editor.js';
import {Footer} from './footer.js';
import {InputLine, inputLineCaret} from './input-line.js';

export type PortFormProps = {
	width: number;
	height: number;
	/** The address the server will bind, shown so the operator knows who can reach it. */
	host: string;
	/** The port field. */
	line: LineState;
	/** A sentence: a bad port or the listen error. */
	error: string | null;
	busy: boolean;
};

/** The cell of the port field's caret (for the terminal's cursor), or undefined while starting or off screen. */
export function portFormCaret({width, height, line, error, busy}: PortFormProps): {x: number; y: number} | undefined {
	if (busy) return undefined;
	const layout = portFormLayout(width, height, {error, busy});
	const x = layout.fieldX + inputLineCaret({line, prompt: '', width: layout.fieldWidth});
	return layout.fieldRow < height - 1 && x < width ? {x, y: layout.fieldRow} : undefined;
}

/** Asks which port to listen on, as the original program did; listen errors show here so the port can be fixed. */
export function PortForm({width, height, host, line, error, busy}: PortFormProps) {
	const layout = portFormLayout(width, height, {error, busy});
	const where = host === '0.0.0.0' ? 'every IPv4 address of this machine' : host === '::' ? 'every address of this machine' : host;
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Box flexDirection="column" height={height - 1} paddingTop={layout.top} paddingLeft={layout.left} overflow="hidden">
				<Box flexDirection="column" flexShrink={0} width={layout.boxWidth} borderStyle="round" paddingX={1}>
					<Text bold>tcpchat server</Text>
					{layout.introLines.map((text, index) => (
						<Text key={index} dimColor>
							{text}
						</Text>
					))}
					<Text> </Text>
					<Box height={1}>
						<Text bold>{layout.label}</Text>
						<InputLine line={line} prompt="" width={layout.fieldWidth} />
					</Box>
					<Text dimColor wrap="truncate-end">
						on {where}
					</Text>
					<Text> </Text>
					{layout.statusLines.map((text, index) => (
						<Text key={index} color={busy ? 'yellow' : error ? 'red' : undefined} dimColor={!busy && !error}>
							{text}
						</Text>
					))}
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
