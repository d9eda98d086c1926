import {useCursor, useStdout} from 'ink';

/** A cell of the screen: `x` columns from the left, `y` rows from the top. */
export type Cell = {x: number; y: number};

/**
 * Puts the terminal's real cursor on `cell` (shown), or hides it (undefined): input methods
 * draw their composition window at the real cursor, so the screen's caret must be there.
 * Called by a screen on every render, with the height it draws: Ink shows the cursor only
 * after a render that set it.
 */
export function useCaret(cell: Cell | undefined, screenHeight: number): void {
	const {setCursorPosition} = useCursor();
	const {stdout} = useStdout();
	// Ink 6.8 counts a trailing newline below its output that a full-screen frame (as tall as
	// the terminal) does not have, and puts the cursor one row too high: the row is given one
	// lower there, so that it lands where it is meant to.
	const fullScreen = stdout.isTTY === true && screenHeight >= (stdout.rows ?? Number.POSITIVE_INFINITY);
	setCursorPosition(cell === undefined ? undefined : {x: cell.x, y: cell.y + (fullScreen ? 1 : 0)});
}
