#!/usr/bin/env node
// The keyboard first, in a module with no imports to load: the rest (React, Ink, the screens)
// takes a moment to load, and a key typed meanwhile must reach the screen as typed.
import './source/cli/raw-keyboard.js';

await import('./source/cli/main.js');
