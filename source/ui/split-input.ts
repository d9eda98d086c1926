export type InputPiece = {kind: 'text'; text: string} | {kind: 'enter'} | {kind: 'backspace'} | {kind: 'tab'};

/**
 * Splits one read of several characters into what a person typed: text, Enter (CR or LF),
 * Backspace (DEL or BS) and Tab. Terminals and tmux deliver fast typing, key repeat and pastes in one
 * read, and Ink passes such a read on whole, unparsed.
 */
export function splitInput(input: string): InputPiece[] {
	const pieces: InputPiece[] = [];
	let text = '';
	const flush = () => {
		if (text.length > 0) pieces.push({kind: 'text', text});
		text = '';
	};
	for (let i = 0; i < input.length; i++) {
		const char = input[i]!;
		if (char === '\r' || char === '\n') {
			flush();
			pieces.push({kind: 'enter'});
			if (char === '\r' && input[i + 1] === '\n') i++;
		} else if (char === '\u007F' || char === '\b') {
			flush();
			pieces.push({kind: 'backspace'});
		} else if (char === '\t') {
			flush();
			pieces.push({kind: 'tab'});
		} else {
			text += char;
		}
	}
	flush();
	return pieces;
}

/** Whether a read needs splitting: more than one character, with a line break, an erase or a Tab in it. */
export function needsSplit(input: string): boolean {
	return input.length > 1 && /[\r\n\u007F\b\t]/.test(input);
}
