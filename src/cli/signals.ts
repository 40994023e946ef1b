/**
 * Signals and last-resort errors, handled from the first moment the command runs: the first
 * SIGINT or SIGTERM during a run stops it cleanly; a signal at any other time (start-up, a second
 * one) removes the temporary files at once and exits 130 or 143 with one line; an unexpected
 * error is one line too, never a stack trace. Imports nothing heavy, so that the entry point can
 * install it before it loads the rest.
 */

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
export type SignalName = keyof typeof SIGNAL_EXIT_CODES;

let installed = false;
/** The signal that stopped the current run, if one did. */
let received: SignalName | undefined;
/** The current run's controller, while a run can be stopped cleanly. */
let controller: AbortController | undefined;
/** Removes this process's temporary files; returns their paths (set once the library is loaded). */
let cleanup: (() => readonly string[]) | undefined;
/** The command has finished and said so; the process is only winding down. */
let finished = false;

/** Exits now: temporaries removed, one line on stderr saying so. */
function exitNow(code: number, message: string): never {
  let removed: readonly string[] = [];
  try {
    removed = cleanup?.() ?? [];
  } catch {
    // Exiting anyway: the next run into the folder removes what is left.
  }
  const note =
    cleanup === undefined ? 'during start-up; nothing was written' : removed.length > 0 ? `at once; ${removed.length} unfinished file${removed.length === 1 ? '' : 's'} removed` : 'at once';
  process.stderr.write(`faultline: ${message} ${note}\n`);
  process.exit(code);
}

function onSignal(name: SignalName): void {
  if (finished) process.exit(process.exitCode ?? SIGNAL_EXIT_CODES[name]);
  if (controller !== undefined && received === undefined) {
    received = name;
    controller.abort(new Error(`stopped by ${name}`));
    return;
  }
  exitNow(SIGNAL_EXIT_CODES[name], received === undefined ? `stopped by ${name}` : `stopped by a second signal (${name})`);
}

/** Installs the handlers (once; later calls do nothing). */
export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  const crash = (error: unknown) => exitNow(1, `internal error: ${error instanceof Error ? error.message : String(error)}`);
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
}

/** Says the command has finished (its message written): a late signal then only ends the process, quietly. */
export function commandFinished(): void {
  finished = true;
}

/** Sets what removes the temporary files (the library's removeTemporaries). */
export function setCleanup(remove: () => readonly string[]): void {
  cleanup = remove;
}

/** An abort signal for a run: the first SIGINT or SIGTERM aborts it, so that it stops cleanly and says so. */
export function interruptible(): { signal: AbortSignal; dispose(): void } {
  const mine = new AbortController();
  // A signal that came between two runs (while the first wrote its results) stops the next one.
  if (received !== undefined) mine.abort(new Error(`stopped by ${received}`));
  controller = mine;
  return {
    signal: mine.signal,
    dispose() {
      if (controller === mine) controller = undefined;
    },
  };
}

/** The exit code of an interrupted run: 130 for SIGINT, 143 for SIGTERM. */
export function interruptedExitCode(): number {
  return SIGNAL_EXIT_CODES[received ?? 'SIGINT'];
}

/** The signal that stopped the run, if any. */
export function interruptedBy(): SignalName | undefined {
  return received;
}
