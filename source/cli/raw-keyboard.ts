import process from 'node:process';

// Imported second by cli.tsx, before React, Ink and the screens load (which takes a moment,
// longer on a busy machine): a key typed in that moment must reach the screen as typed, not
// be taken by the terminal's own line editing (Ctrl+U, Ctrl+W, Backspace) nor echoed. Only for
// the full-screen commands; Node puts the terminal back as it was on every exit, and the
// alternate screen's way out does too (see alternate-screen.ts).
const [command, ...flags] = process.argv.slice(2);
const fullScreen = command === 'client' || (command === 'server' && !flags.includes('--headless'));
if (fullScreen && process.stdin.isTTY && process.stdout.isTTY) process.stdin.setRawMode(true);
