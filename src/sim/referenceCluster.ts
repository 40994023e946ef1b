/** Scenario R: seed 000's reference cluster as a series of k-of-n groups, with exponential failures and independent repair. */
import { exponential } from '../random/distributions/index.js';
import type { GroupSystemSpec } from './GroupSystem.js';

/**
 * Seed 000's cluster: 3 coordinators (MTTF 8760 h) of which 2 must be up, and 6 executors
 * (MTTF 4380 h) of which 2 must be up; exponential repair with mean 4 h, one repairer per
 * component; one year. `mttfDivisor` divides every MTTF (R/100 is the benchmark's busy case).
 */
export function referenceClusterSpec(mttfDivisor = 1, horizon = 8760): GroupSystemSpec {
  const repair = exponential({ mean: 4 });
  return {
    horizon,
    groups: [
      { name: 'coordinators', count: 3, atLeast: 2, failure: exponential({ mean: 8760 / mttfDivisor }), repair },
      { name: 'executors', count: 6, atLeast: 2, failure: exponential({ mean: 4380 / mttfDivisor }), repair },
    ],
  };
}
