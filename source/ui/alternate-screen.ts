const ENTER = '\u001B[?1049h\u001B[H';
const LEAVE = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';

/**
 * Switches the terminal to the alternate screen buffer and guarantees the switch back on every
 * way out of the process: normal exit, Ctrl+C, SIGTERM, an uncaught exception.
 */
export function enterAlternateScreen(stream: NodeJS.WriteStream = process.stdout): () => void {
	if (!stream.isTTY) return () => {};
	let active = true;
	const leave = () => {
		if (!active) return;
		active = false;
		stream.write(LEAVE + SHOW_CURSOR);
	};
	stream.write(ENTER);
	process.once('exit', leave);
	return leave;
}
