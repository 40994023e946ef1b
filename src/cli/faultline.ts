#!/usr/bin/env node
/**
 * The `faultline` executable: installs the signal handlers before anything else loads (loading
 * the library takes a while on a busy machine, and a Ctrl-C then must not kill the process
 * silently), then loads and runs the command line (main.ts).
 */
import { installSignalHandlers } from './signals.js';

installSignalHandlers();
// A test hook: hold start-up here, handlers installed, so that a test can signal this moment.
const pause = Number(process.env['FAULTLINE_TEST_STARTUP_PAUSE_MS'] ?? 0);
if (pause > 0) {
  process.stderr.write('faultline: start-up paused (FAULTLINE_TEST_STARTUP_PAUSE_MS)\n');
  await new Promise((resolve) => setTimeout(resolve, pause));
}
await import('./main.js');
