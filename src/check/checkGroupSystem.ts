/** Simulates a group system and pairs its unavailability with the exact closed form, with an interval, a z-score and a verdict. */
import { kOfNGroupsIntervalUnavailability, kOfNGroupsUnavailability } from '../analytic/kOfNGroups.js';
import { FaultlineError } from '../errors.js';
import { normalQuantile } from '../math/normal.js';
import { runGroupSystem, type GroupSystemSpec, type RunOptions } from '../run/runGroupSystem.js';
import { meanInterval } from '../stats/intervals.js';
import { zScore } from '../stats/zScore.js';

export type Verdict = 'consistent' | 'refuted' | 'inconclusive';

export interface GroupSystemCheck {
  readonly seed: number;
  readonly replications: number;
  readonly confidence: number;
  /** Mean over replications of the fraction of [0, horizon] the system was down. */
  readonly estimate: number;
  readonly stdError: number;
  readonly low: number;
  readonly high: number;
  /** Exact expected interval unavailability over [0, horizon], all components up at 0. */
  readonly analytic: number;
  /** Exact steady-state unavailability (the long-run value; differs from `analytic` by the start-up transient). */
  readonly steadyState: number;
  readonly zScore: number;
  readonly verdict: Verdict;
  readonly repsWithOutage: number;
  readonly events: number;
}

// Below this many replications with an outage the sample mean of a rare indicator-like quantity
// is far from normal, and a z-test would be meaningless.
const MIN_REPS_WITH_OUTAGE = 30;

/**
 * Checks simulated interval unavailability against the exact value for exponential components
 * with independent repair (see analytic/kOfNGroups). A two-sided z-test at `confidence`.
 * @throws FaultlineError INVALID_ARGUMENT when a distribution is not exponential (no exact value).
 */
export function checkGroupSystem(spec: GroupSystemSpec, options: RunOptions & { readonly confidence: number }): GroupSystemCheck {
  const groups = spec.groups.map((g) => {
    if (g.failure.kind !== 'exponential' || g.repair?.kind !== 'exponential') {
      throw new FaultlineError(
        'INVALID_ARGUMENT',
        `groups.${g.name}: the exact k-of-n value needs exponential failure and repair, got ${g.failure.describe()} and ${g.repair?.describe() ?? 'no repair'}`,
      );
    }
    return { count: g.count, atLeast: g.atLeast, mttf: g.failure.mean, mttr: g.repair.mean };
  });
  const summary = runGroupSystem(spec, options);
  const interval = meanInterval(summary.unavailability, options.confidence, 'student-t');
  const analytic = kOfNGroupsIntervalUnavailability(groups, spec.horizon);
  const z = zScore(interval.estimate, analytic, interval.stdError);
  const critical = normalQuantile(1 - (1 - options.confidence) / 2);
  const verdict: Verdict =
    summary.repsWithOutage < MIN_REPS_WITH_OUTAGE ? 'inconclusive' : Math.abs(z) <= critical ? 'consistent' : 'refuted';
  return {
    seed: options.seed,
    replications: summary.replications,
    confidence: options.confidence,
    estimate: interval.estimate,
    stdError: interval.stdError,
    low: interval.low,
    high: interval.high,
    analytic,
    steadyState: kOfNGroupsUnavailability(groups),
    zScore: z,
    verdict,
    repsWithOutage: summary.repsWithOutage,
    events: summary.events,
  };
}
