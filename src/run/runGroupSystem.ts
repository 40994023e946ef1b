/** Runs replications of a group system one after another and summarises them in mergeable accumulators. */
import { invalidParameter } from '../errors.js';
import { GroupSystem, type GroupSystemSpec } from '../sim/GroupSystem.js';
import { Moments } from '../stats/Moments.js';

export type { GroupSystemSpec };

export interface GroupSystemSummary {
  readonly seed: number;
  readonly replications: number;
  /** Per-replication fraction of [0, horizon] the system was down. */
  readonly unavailability: Moments;
  /** Per-replication number of system outages. */
  readonly outages: Moments;
  /** Replications with at least one system outage. */
  readonly repsWithOutage: number;
  readonly events: number;
}

export interface RunOptions {
  readonly seed: number;
  readonly replications: number;
  /** First replication index (default 0), so that a range of a larger run can be run apart. */
  readonly firstRep?: number;
}

/**
 * Replications `firstRep … firstRep + replications − 1` in order. Unavailability is accumulated
 * rather than availability because it is the small number: its relative precision is kept.
 */
export function runGroupSystem(spec: GroupSystemSpec, options: RunOptions): GroupSystemSummary {
  const { seed, replications } = options;
  const firstRep = options.firstRep ?? 0;
  if (!Number.isSafeInteger(replications) || replications < 1) {
    invalidParameter('replications', 'an integer >= 1', replications);
  }
  const system = new GroupSystem(spec);
  const unavailability = new Moments();
  const outages = new Moments();
  let repsWithOutage = 0;
  let events = 0;
  for (let rep = firstRep; rep < firstRep + replications; rep++) {
    const record = system.replicate(seed, rep);
    unavailability.add(record.downtime / spec.horizon);
    outages.add(record.outages);
    if (record.outages > 0) repsWithOutage++;
    events += record.events;
  }
  return { seed, replications, unavailability, outages, repsWithOutage, events };
}
