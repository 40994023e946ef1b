// The oracle with common-cause shocks, against closed forms derived by hand (each named below).
import { describe, expect, it } from 'vitest';
import { exactFor, exactForGroups, exactForShocks, isExact, type ExactService } from '../../src/check/exactFor.js';
import { bundledScenarioPath } from '../../src/io/bundledScenarios.js';
import { loadScenario } from '../../src/io/loadScenario.js';
import { validateScenario, type Scenario } from '../../src/scenario/validateScenario.js';

const exact = (scenario: Scenario, name: string): ExactService => {
  const e = exactFor(scenario).find((r) => r.service === name);
  if (e === undefined || !isExact(e)) throw new Error(`${name}: not exact`);
  return e;
};

const lambda = 1 / 500;
const mu = 1 / 200;

/** Two components in parallel ("any"), each failing at rate λ on its own, and a shock at rate μ hitting both with probability p. */
function pair(p: number, repair: unknown = null, extra: Record<string, unknown> = {}): Scenario {
  return validateScenario({
    name: 'pair',
    description: 'a parallel pair under a common shock',
    horizon: 1000,
    grid: { times: [0, 100, 400, 1000] },
    groups: { unit: { count: 2, failure: { type: 'exponential', rate: lambda }, repair } },
    services: { pair: { atLeast: 1, of: 'unit' }, both: { atLeast: 2, of: 'unit' } },
    shocks: { common: { every: { type: 'exponential', rate: mu }, members: ['unit'], probability: p } },
    ...extra,
  });
}

describe('exactFor with shocks (crash-stop pairs: closed forms)', () => {
  it('β-factor pair (p = 1): the Marshall–Olkin bivariate exponential, R(t) = e^(−μt)(1 − (1 − e^(−λt))²)', () => {
    // Marshall & Olkin (1967): T_i = min(X_i, Z) with X_i ~ Exp(λ) own and Z ~ Exp(μ) common.
    const e = exact(pair(1), 'pair');
    const R = (t: number) => Math.exp(-mu * t) * (1 - (1 - Math.exp(-lambda * t)) ** 2);
    [0, 100, 400, 1000].forEach((t, g) => expect(e.reliability[g]).toBeCloseTo(R(t), 12));
    // MTTF = ∫ R = 2/(λ + μ) − 1/(2λ + μ).
    expect(e.mttf / (2 / (lambda + mu) - 1 / (2 * lambda + mu))).toBeCloseTo(1, 10);
    // The series pair fails at the first of three exponential clocks: MTTF 1/(2λ + μ).
    expect(exact(pair(1), 'both').mttf * (2 * lambda + mu)).toBeCloseTo(1, 10);
  });

  it('binomial failure rate pair (p < 1): MTTF = 1/(a + b) + b/((a + b)(λ + μp)), a = μp², b = 2λ + 2μp(1 − p)', () => {
    // Hand-derived from the three states (Atwood 1986's model): both up, one down, both down.
    // From both up: both fail with a shock hitting both (μp²); one fails by itself or by a
    // shock hitting one only (2λ + 2μp(1 − p)). From one down: the other fails at λ + μp.
    const p = 0.3;
    const a = mu * p * p;
    const b = 2 * lambda + 2 * mu * p * (1 - p);
    expect(exact(pair(p), 'pair').mttf / (1 / (a + b) + b / ((a + b) * (lambda + mu * p)))).toBeCloseTo(1, 10);
    // Each component alone fails at λ + μp: the first of the pair at 2λ + μ(1 − (1 − p)²).
    expect(exact(pair(p), 'both').mttf * (2 * lambda + mu * (1 - (1 - p) ** 2))).toBeCloseTo(1, 10);
  });

  it('expected shocks μ·span; components failed μ·p·∫ E[members up] dt (crash-stop: each up until min(X, first hit))', () => {
    const p = 0.3;
    const [s] = exactForShocks(pair(p));
    expect(s?.expectedShocks).toBeCloseTo(mu * 1000, 12);
    // A member is up at t with probability e^(−(λ + μp)t): ∫₀^T = (1 − e^(−(λ + μp)T))/(λ + μp), two members.
    const r = lambda + mu * p;
    expect((s?.expectedComponentsFailed as number) / (mu * p * 2 * (1 - Math.exp(-r * 1000)) / r)).toBeCloseTo(1, 10);
  });
});

describe('exactFor with shocks (repairable)', () => {
  it('β-factor arithmetic: one component at rate λ equals one at (1 − β)λ with a shock at βλ (same availability, failures, outages)', () => {
    const one = (beta: number) =>
      validateScenario({
        name: 'one',
        description: 'one repairable component',
        horizon: 1000,
        groups: { unit: { failure: { type: 'exponential', rate: (1 - beta) * lambda }, repair: { type: 'exponential', mean: 20 } } },
        services: { up: { all: ['unit'] } },
        ...(beta > 0 ? { shocks: { common: { every: { type: 'exponential', rate: beta * lambda }, members: ['unit/0'] } } } : {}),
      });
    const plain = exact(one(0), 'up');
    const split = exact(one(0.25), 'up');
    // A = ρ/(λ + ρ) (Barlow & Proschan 1975), whatever the split of λ.
    expect(split.steadyStateAvailability as number).toBeCloseTo((1 / 20) / (lambda + 1 / 20), 12);
    expect(split.intervalAvailability).toBeCloseTo(plain.intervalAvailability, 12);
    expect(split.expectedOutages).toBeCloseTo(plain.expectedOutages, 10);
    expect(exactForGroups(one(0.25))[0]?.expectedFailures).toBeCloseTo(exactForGroups(one(0))[0]?.expectedFailures as number, 10);
  });

  it('a scenario without shocks gives the values it gave before shocks existed (reference cluster)', () => {
    const cluster = exact(loadScenario(bundledScenarioPath('reference-cluster')), 'cluster');
    expect(cluster.steadyStateAvailability).toBe(0.9999993752527729);
    expect(cluster.intervalAvailability).toBe(0.9999993756804499);
    expect(cluster.expectedOutages).toBe(0.002734728280493649);
  });

  it('reference-cluster-zones: zone outages (one per zone per year) cost the quorum 4.0× the unavailability of independent failures', () => {
    // The cluster service alone (the other two only cost solving time here).
    const bundled = loadScenario(bundledScenarioPath('reference-cluster-zones'));
    const zones = { ...bundled, services: bundled.services.filter((s) => s.name === 'cluster') };
    const { shocks, ...noZones } = zones;
    void shocks;
    const withZones = exact(zones, 'cluster');
    const without = exact(noZones, 'cluster');
    expect(1 - without.intervalAvailability).toBeCloseTo(6.2432e-7, 10);
    expect(1 - withZones.intervalAvailability).toBeCloseTo(2.4944e-6, 9);
    expect((1 - withZones.intervalAvailability) / (1 - without.intervalAvailability)).toBeCloseTo(3.996, 2);
    expect(withZones.method).toMatch(/classes of components by the shocks that hit them, with 3 shock processes/);
  });

  it('says why not where the counts do not decide: a small crew across classes, a shock that is not exponential', () => {
    const base = { name: 'split', description: 'a pair, one of them under a shock', horizon: 100, services: { pair: { atLeast: 1, of: 'unit' } } };
    const unit = { count: 2, failure: { type: 'exponential', rate: lambda }, repair: { type: 'exponential', mean: 5 }, crew: 'ops' };
    const split = validateScenario({ ...base, crews: { ops: 1 }, groups: { unit }, shocks: { half: { every: { type: 'exponential', rate: mu }, members: ['unit/0'] } } });
    expect(exactFor(split)[0]).toMatchObject({ reason: expect.stringMatching(/^crew ops serves components of unit that different shocks hit/) });
    expect(exactForGroups(split)).toEqual([]);
    // A crew over a group that every shock hits alike is still a birth–death chain.
    const whole = validateScenario({ ...base, crews: { ops: 1 }, groups: { unit }, shocks: { all: { every: { type: 'exponential', rate: mu }, members: ['unit'] } } });
    expect(isExact(exactFor(whole)[0] as ReturnType<typeof exactFor>[number])).toBe(true);
    expect(exactForGroups(whole)).toHaveLength(1);
    const weibull = validateScenario({ ...base, groups: { unit: { count: 2, failure: { type: 'exponential', rate: lambda } } }, shocks: { s: { every: { type: 'weibull', shape: 2, scale: 50 }, members: ['unit'] } } });
    expect(exactFor(weibull)[0]).toMatchObject({ reason: 'shocks.s.every is weibull, not exponential: the state is not Markov in the failed counts' });
    expect(exactForShocks(weibull)).toEqual([]);
  });
});
