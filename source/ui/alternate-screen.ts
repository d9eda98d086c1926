const ENTER = '\u001B[?1049h\u001B[H';
const LEAVE = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';
/** Bracketed paste: the terminal marks a paste (ESC [ 200 ~ … ESC [ 201 ~), so its line breaks and tabs are text, not keys. */
const PASTE_ON = '\u001B[?2004h';
const PASTE_OFF = '\u001B[?2004l';

/**
 * Switches the terminal to the alternate screen buffer, with bracketed paste on, and
 * guarantees the switch back (paste marks off, cursor shown) on every way out of the process:
 * normal exit, Ctrl+C, SIGTERM, an uncaught exception.
 */
export function enterAlternateScreen(stream: NodeJS.WriteStream = process.stdout): () => void {
	if (!stream.isTTY) return () => {};
	let active = true;
	const leave = () => {
		if (!active) return;
		active = false;
		stream.write(PASTE_OFF + LEAVE + SHOW_CURSOR);
	};
	stream.write(ENTER + PASTE_ON);
	process.once('exit', leave);
	return leave;
}
