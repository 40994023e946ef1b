/** outages.csv: the outage records of the simulation (OutageLog) as rows, streamed chunk by chunk. */
import type { CsvStream } from '../io/AtomicFiles.js';
import type { Scenario } from '../scenario/validateScenario.js';
import { CAUSE_NAMES, STATE_NAMES } from '../sim/kernel/ComponentTable.js';
import { OUTAGE_WIDTH } from '../sim/metrics/OutageLog.js';

/** outages.csv's columns (results/README.md). */
export const OUTAGE_COLUMNS = [
  'scenario',
  'seed',
  'rep',
  'service',
  'start_hours',
  'end_hours',
  'duration_hours',
  'clipped',
  'start_component',
  'start_group',
  'start_state',
  'start_cause',
  'end_component',
  'end_group',
  'end_state',
  'end_cause',
] as const;

/**
 * A writer of outage records (each: the replication, then OutageLog's fields) to `stream`.
 * `duration_hours` is the outage's time within [warmup, horizon] (so the durations of a
 * replication sum to its `downtime_hours`); start and end are the outage's own times (an end cut
 * by the horizon or an early stop is `clipped`). A change no component made is written with
 * empty component, group and state and the cause `other` (a partition, a detector, an
 * election); the start of a service down from time 0 has the cause `start`.
 */
export function outageRows(scenario: Scenario, seed: number, stream: CsvStream): { write: (records: Float64Array) => void; end: () => Promise<void> } {
  const names: string[] = [];
  const groups: string[] = [];
  for (const g of scenario.groups) {
    for (let i = 0; i < g.count; i++) {
      names.push(`${g.name}/${i}`);
      groups.push(g.name);
    }
  }
  const { warmup, horizon } = scenario;
  const w = OUTAGE_WIDTH + 1;
  const change = (c: number, state: number, cause: number, atStart: boolean): [string, string, string, string] =>
    c < 0 ? ['', '', '', atStart && cause === -1 ? 'start' : cause === -1 ? 'other' : (CAUSE_NAMES[cause] ?? `cause ${cause}`)] : [names[c] as string, groups[c] as string, STATE_NAMES[state] ?? `state ${state}`, CAUSE_NAMES[cause] ?? `cause ${cause}`];
  return {
    write(records: Float64Array): void {
      for (let i = 0; i + w <= records.length; i += w) {
        const r = (k: number) => records[i + k] as number;
        const start = r(2);
        const end = r(3);
        const clipped = r(4) === 1;
        stream.write([
          scenario.name,
          seed,
          r(0),
          scenario.services[r(1)]?.name ?? '',
          start,
          end,
          Math.max(0, Math.min(end, horizon) - Math.max(start, warmup)),
          clipped ? 'true' : 'false',
          ...change(r(5), r(6), r(7), start === 0),
          ...(clipped ? ['', '', '', 'end of run'] : change(r(8), r(9), r(10), false)),
        ]);
      }
    },
    end: () => stream.end(),
  };
}
