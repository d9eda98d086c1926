const ENTER = '\u001B[?1049h\u001B[H';
const LEAVE = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';
/** Bracketed paste: the terminal marks a paste (ESC [ 200 ~ … ESC [ 201 ~), so its line breaks and tabs are text, not keys. */
const PASTE_ON = '\u001B[?2004h';
const PASTE_OFF = '\u001B[?2004l';

/**
 * Switches the terminal to the alternate screen buffer, with bracketed paste on and the keyboard
 * raw, and guarantees the switch back (paste marks off, cursor shown, keyboard cooked) on every
 * way out of the process:
 * normal exit, Ctrl+C, SIGTERM, an uncaught exception.
 */
export function enterAlternateScreen(stream: NodeJS.WriteStream = process.stdout, input: NodeJS.ReadStream = process.stdin): () => void {
	if (!stream.isTTY) return () => {};
	// Raw at once, before the first frame: a key typed while the screen starts must reach it
	// as typed, not be taken by the terminal's line editing (Ctrl+U, Ctrl+W) or echoed over it.
	const raw = input.isTTY === true;
	if (raw) input.setRawMode(true);
	let active = true;
	const leave = () => {
		if (!active) return;
		active = false;
		stream.write(PASTE_OFF + LEAVE + SHOW_CURSOR);
		try {
			if (raw) input.setRawMode(false);
		} catch {
			// stdin already closed.
		}
	};
	stream.write(ENTER + PASTE_ON);
	process.once('exit', leave);
	return leave;
}
