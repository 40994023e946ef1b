/** Wall-clock readings for manifests and progress: the one place in run/ that reads the clock. */

export interface Stopwatch {
  /** ISO 8601 time the watch started. */
  readonly startedAt: string;
  /** Seconds since it started. */
  seconds(): number;
  /** ISO 8601 time now. */
  now(): string;
}

export function startStopwatch(): Stopwatch {
  const started = performance.now();
  return {
    startedAt: new Date().toISOString(),
    seconds: () => (performance.now() - started) / 1000,
    now: () => new Date().toISOString(),
  };
}
