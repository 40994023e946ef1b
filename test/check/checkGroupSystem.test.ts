import { describe, expect, it } from 'vitest';
import { checkGroupSystem } from '../../src/check/checkGroupSystem.js';
import { FaultlineError } from '../../src/errors.js';
import { normalQuantile } from '../../src/math/normal.js';
import { weibull } from '../../src/random/distributions/index.js';
import { referenceClusterSpec } from '../../src/sim/referenceCluster.js';

describe('checkGroupSystem (simulation against the exact k-of-n closed form)', () => {
  // Oracle: kOfNGroupsIntervalUnavailability, the binomial k-of-n formula with each component's
  // point availability A(t) = A + (1 − A)e^{−(λ+μ)t}, integrated over the year (Barlow & Proschan).
  const confidence = 0.999;
  const critical = normalQuantile(1 - (1 - confidence) / 2);
  const check = checkGroupSystem(referenceClusterSpec(100), { seed: 1, replications: 4000, confidence });

  it('R/100: the simulated interval unavailability agrees with the exact value within its interval', () => {
    expect(check.verdict).toBe('consistent');
    expect(Math.abs(check.estimate - check.analytic)).toBeLessThanOrEqual(critical * check.stdError);
    expect(check.low).toBeLessThanOrEqual(check.analytic);
    expect(check.high).toBeGreaterThanOrEqual(check.analytic);
    // The interval is informative: narrower than 5% of the value (3.1% with this seed).
    expect((check.high - check.low) / check.analytic).toBeLessThan(0.05);
  });

  it('the same interval refutes a value 5% off (the test has power)', () => {
    expect(Math.abs(check.estimate - 1.05 * check.analytic)).toBeGreaterThan(critical * check.stdError);
  });

  it('R with few replications sees too few outages and says inconclusive, never consistent', () => {
    const rare = checkGroupSystem(referenceClusterSpec(1), { seed: 1, replications: 2000, confidence });
    expect(rare.repsWithOutage).toBeLessThan(30);
    expect(rare.verdict).toBe('inconclusive');
  });

  it('refuses non-exponential components, for which the formula is not exact', () => {
    const spec = referenceClusterSpec(100);
    const bent = { ...spec, groups: spec.groups.map((g) => ({ ...g, failure: weibull({ shape: 2, scale: 100 }) })) };
    expect(() => checkGroupSystem(bent, { seed: 1, replications: 10, confidence })).toThrow(FaultlineError);
    expect(() => checkGroupSystem(bent, { seed: 1, replications: 10, confidence })).toThrow(/groups.coordinators: .* exponential/);
  });
});
