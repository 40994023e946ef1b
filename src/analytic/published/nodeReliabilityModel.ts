/** Seed 000's `NodeReliabilityModel`, as published: one node with an exponential time to failure. */

import { requirePositive } from '../../errors.js';
import { requireNonNegative } from './arguments.js';
import type { PublishedModelInfo } from './publishedModelInfo.js';

/**
 * The published object. Assumes an exponential time to failure with mean `mtbf` (the seed's "MTBF"
 * is used as MTTF, as everywhere in faultline); repair enters only `availability`.
 * Reference for the formulas: Barlow & Proschan, *Statistical Theory of Reliability and Life
 * Testing*, 1975, ch. 1–2.
 */
export interface NodeReliabilityModel {
  /** The seed's "MTBF", hours, used as the mean up time. */
  readonly mtbf: number;
  /** `1.0 / mtbf_hours`, per hour. */
  readonly failureRate: number;
  /** `math.exp(-self.failure_rate * time_hours)`: P(no failure in [0, t]); no repair. */
  reliabilityAtTime(timeHours: number): number;
  /** `mtbf / (mtbf + mttr_hours)`, default MTTR 4 h: steady-state availability with repair. */
  availability(mttrHours?: number): number;
  /** `1 - reliability_at_time(t)`, kept as the subtraction the seed writes. */
  probabilityOfFailure(timeHours: number): number;
}

/**
 * `NodeReliabilityModel(mtbf_hours=8760)` translated line by line.
 *
 * @example nodeReliabilityModel(8760).reliabilityAtTime(24) // 0.9972640235968593
 */
export function nodeReliabilityModel(mtbfHours = 8760): NodeReliabilityModel {
  requirePositive('mtbfHours', mtbfHours);
  const failureRate = 1.0 / mtbfHours;
  const reliabilityAtTime = (timeHours: number): number => {
    requireNonNegative('timeHours', timeHours);
    return Math.exp(-failureRate * timeHours);
  };
  return {
    mtbf: mtbfHours,
    failureRate,
    reliabilityAtTime,
    availability: (mttrHours = 4) => mtbfHours / (mtbfHours + requireNonNegative('mttrHours', mttrHours)),
    probabilityOfFailure: (timeHours) => 1 - reliabilityAtTime(timeHours),
  };
}

export const nodeReliabilityModelInfo: readonly PublishedModelInfo[] = [
  {
    id: 'NodeReliabilityModel.reliability_at_time',
    claims: 'R(t) = e^(−λt), the probability that one node has not failed by t hours',
    assumes: ['exponential time to failure with mean mtbf_hours (the "MTBF" is the mean up time)', 'no repair: the time to the first failure'],
    flaws: [],
    compareWith: 'the fraction of replications in which a single node (exponential, mean mtbf) has its first failure after t',
  },
  {
    id: 'NodeReliabilityModel.availability',
    claims: 'steady-state availability A = MTBF/(MTBF + MTTR), default MTTR 4 h',
    assumes: ['"MTBF" is the mean up time (MTTF); if it were the mean cycle length MTTF + MTTR, A would be 1 − MTTR/MTBF', 'repair restores the node as good as new (alternating renewal; any distributions with these means)'],
    flaws: [],
    compareWith: 'the long-run fraction of time a repaired node is up (time average over a long horizon)',
  },
  {
    id: 'NodeReliabilityModel.probability_of_failure',
    claims: 'F(t) = 1 − R(t), the probability that one node has failed by t hours',
    assumes: ['as reliability_at_time: exponential, no repair'],
    flaws: ['numerical only: 1 − e^(−λt) cancels, leaving a relative error of about 1e-16/(λt) (−expm1(−λt) is exact); harmless at λt ≈ 1e-3'],
    compareWith: 'the fraction of replications in which a single node (exponential, mean mtbf) has failed at least once by t',
  },
];
