import { describe, expect, it } from 'vitest';
import { checkKOfN, kOfNGroupsOf } from '../../src/check/checkKOfN.js';
import { FaultlineError } from '../../src/errors.js';
import { bundledScenarioPath } from '../../src/io/bundledScenarios.js';
import { loadScenario } from '../../src/io/loadScenario.js';
import { normalQuantile } from '../../src/math/normal.js';

describe('checkKOfN (simulation against the exact k-of-n closed form)', () => {
  // Oracle: kOfNGroupsIntervalUnavailability, the binomial k-of-n formula with each component's
  // point availability A(t) = A + (1 − A)e^{−(λ+μ)t}, integrated over the year (Barlow & Proschan).
  const confidence = 0.999;
  const critical = normalQuantile(1 - (1 - confidence) / 2);
  const busy = loadScenario(bundledScenarioPath('reference-cluster-busy'));
  const check = checkKOfN(busy, 'cluster', { seed: 1, replications: 4000, confidence });

  it('R/100: the simulated interval unavailability agrees with the exact value within its interval', () => {
    expect(check.verdict).toBe('consistent');
    expect(Math.abs(check.estimate - check.analytic)).toBeLessThanOrEqual(critical * check.stdError);
    expect(check.low).toBeLessThanOrEqual(check.analytic);
    expect(check.high).toBeGreaterThanOrEqual(check.analytic);
    expect((check.high - check.low) / check.analytic).toBeLessThan(0.05); // informative
  });

  it('the same interval refutes a value 5% off (the test has power)', () => {
    expect(Math.abs(check.estimate - 1.05 * check.analytic)).toBeGreaterThan(critical * check.stdError);
  });

  it('R with few replications sees too few outages and says inconclusive, never consistent', () => {
    const rare = checkKOfN(loadScenario(bundledScenarioPath('reference-cluster')), 'cluster', { seed: 1, replications: 2000, confidence });
    expect(rare.repsWithOutage).toBeLessThan(30);
    expect(rare.verdict).toBe('inconclusive');
  });

  it('maps quorum, atLeast and all-of-groups services to series of k-of-n groups', () => {
    expect(kOfNGroupsOf(busy, 'cluster')).toEqual([
      { count: 3, atLeast: 2, mttf: 87.6, mttr: 4 },
      { count: 6, atLeast: 2, mttf: 43.8, mttr: 4 },
    ]);
    expect(kOfNGroupsOf(busy, 'executor_pool')).toEqual([{ count: 6, atLeast: 2, mttf: 43.8, mttr: 4 }]);
    const sources = loadScenario(bundledScenarioPath('federated-sources'));
    expect(() => kOfNGroupsOf(sources, 'bi_dashboard')).toThrow(/does not start up/);
  });

  it('refuses scenarios the formula does not describe, saying why', () => {
    const cases: [string, string, RegExp][] = [
      ['reference-network', 'cluster', /the quorum depends on the network/],
      ['tmr-one-crew', 'tmr', /shares a repair crew/],
      ['reference-network', 'network_connected', /a connected gate is not a series/],
      ['reference-cluster-norepair', 'cluster', /needs exponential failure and repair/],
    ];
    for (const [file, service, why] of cases) {
      const act = () => kOfNGroupsOf(loadScenario(bundledScenarioPath(file)), service);
      expect(act).toThrow(FaultlineError);
      expect(act).toThrow(why);
    }
  });
});
