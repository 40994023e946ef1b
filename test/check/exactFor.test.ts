import { describe, expect, it } from 'vitest';
import { kOfNGroupsIntervalUnavailability, kOfNGroupsUnavailability } from '../../src/analytic/kOfNGroups.js';
import { clusterReliabilityModel } from '../../src/analytic/published/clusterReliabilityModel.js';
import { exactFor, exactForGroups, isExact, type ExactService } from '../../src/check/exactFor.js';
import { publishedFor } from '../../src/check/publishedFor.js';
import { bundledScenarioPath } from '../../src/io/bundledScenarios.js';
import { loadScenario } from '../../src/io/loadScenario.js';
import { validateScenario } from '../../src/scenario/validateScenario.js';

const load = (name: string) => loadScenario(bundledScenarioPath(name));
const service = (name: string, s: string): ExactService => {
  const result = exactFor(load(name)).find((r) => r.service === s);
  if (!result || !isExact(result)) throw new Error(`${name}.${s} is not exact`);
  return result;
};
const R = [
  { count: 3, atLeast: 2, mttf: 8760, mttr: 4 },
  { count: 6, atLeast: 2, mttf: 4380, mttr: 4 },
];

describe('exactFor (the scenario oracle)', () => {
  it('reference cluster: the CTMC agrees with the binomial closed forms (a second derivation)', () => {
    const cluster = service('reference-cluster', 'cluster');
    expect((1 - (cluster.steadyStateAvailability as number)) / kOfNGroupsUnavailability(R)).toBeCloseTo(1, 9);
    expect(cluster.steadyStateAvailability).toBeCloseTo(0.99999937525, 11);
    expect((1 - cluster.intervalAvailability) / kOfNGroupsIntervalUnavailability(R, 8760)).toBeCloseTo(1, 6);
    expect(cluster.pointAvailability[0]).toBe(1);
  });

  it('crash-stop cluster: R(8760) is exactly what seed 000 prints as "annual system availability"', () => {
    const cluster = service('reference-cluster-norepair', 'cluster');
    expect(cluster.steadyStateAvailability).toBeNull();
    expect(cluster.reliability.at(-1)).toBeCloseTo(clusterReliabilityModel(3, 6).systemAvailability(8760), 12);
    // 2-of-3 without repair: MTTF = 5/(6λ) (Trivedi 2002, TMR).
    expect(service('reference-cluster-norepair', 'coordinator_quorum').mttf).toBeCloseTo((5 / 6) * 8760, 6);
  });

  it('one crew: the birth–death steady state; TMR with repair: MTTF = (5λ + μ)/(6λ²)', () => {
    const r = 10 / 1000;
    const pi = [1, 3 * r, 6 * r * r, 6 * r ** 3];
    const oneCrew = service('tmr-one-crew', 'tmr');
    expect(1 - (oneCrew.steadyStateAvailability as number)).toBeCloseTo(((pi[2] as number) + (pi[3] as number)) / pi.reduce((a, b) => a + b), 14);
    // Independent repair with 3 repairers: the first passage to 2 failed is that of TMR with
    // repair only while one module is down, so MTTF = (5λ + μ)/(6λ²) (Trivedi 2002, ch. 8).
    const lambda = 1 / 1000;
    const mu = 1 / 10;
    expect(service('tmr', 'tmr').mttf).toBeCloseTo((5 * lambda + mu) / (6 * lambda * lambda), 4);
  });

  it('a coordinator-only majority (Raft, 5 nodes): the steady state is the 3-of-5 binomial sum', () => {
    const raft = validateScenario({
      name: 'raft',
      description: 'five coordinators, a majority of them',
      horizon: 8760,
      groups: { coordinators: { kind: 'coordinator', count: 5, failure: { type: 'exponential', mean: 1000 }, repair: { type: 'exponential', mean: 10 } } },
      services: { cluster: { quorum: { coordinators: 'coordinators' } } },
    });
    const [e] = exactFor(raft);
    if (e === undefined || !isExact(e)) throw new Error('expected exact values');
    const a = 1000 / 1010;
    const binomial = (k: number) => [1, 5, 10, 10, 5, 1][k]! * a ** k * (1 - a) ** (5 - k);
    expect(e.steadyStateAvailability).toBeCloseTo(binomial(3) + binomial(4) + binomial(5), 14);
  });

  it('stationary sources: steady state and interval availability are the product of availabilities', () => {
    const bi = service('federated-sources', 'bi_dashboard');
    expect(bi.steadyStateAvailability).toBeCloseTo(0.9999 * 0.999, 14);
    expect(bi.intervalAvailability).toBeCloseTo(0.9999 * 0.999, 12);
    expect(bi.pointAvailability.every((a) => Math.abs(a - 0.9999 * 0.999) < 1e-12)).toBe(true);
  });

  it('says plainly what is not exact, and why', () => {
    const network = exactFor(load('reference-network'));
    const cluster = network.find((r) => r.service === 'cluster');
    expect(cluster && !isExact(cluster) && cluster.reason).toMatch(/depends on which links are up/);
    expect(cluster && !isExact(cluster) && cluster.partial?.[0]?.value).toBeCloseTo(9e-32, 40);
    const sharedCrew = structuredClone(load('tmr-one-crew')) as any;
    sharedCrew.groups.push({ ...sharedCrew.groups[0], name: 'spare', path: 'groups.spare' });
    expect(exactFor(sharedCrew)[0]).toMatchObject({ reason: expect.stringMatching(/crew crew is shared by modules, spare/) });
  });

  it('pairs published values with the exact value of what they claim', () => {
    const rows = publishedFor(load('reference-cluster'));
    const annual = rows.find((r) => r.published.endsWith('system_availability(8760)') && r.metric === 'availability');
    expect(annual?.publishedValue).toBeCloseTo(0.0581, 4);
    // Compared with what it claims over the span it claims: availability over [0, 8760] h from an all-up start.
    expect(annual).toMatchObject({ horizon: 8760 });
    expect(annual?.exactValue).toBeCloseTo(0.99999937568, 11);
    expect(annual?.why).toMatch(/without any repair/);
    const day = rows.filter((r) => r.published.endsWith('system_availability(24)'));
    expect(day.map((r) => [r.metric, r.horizon])).toEqual([['availability', 24], ['no_outage', 24]]);
    // Over [0, 24] h with 4 h repairs: U ≈ 4.7e-7, and P(an outage) ≈ 6.2e-6, far from the published 2.2e-5.
    expect(1 - (day[0]?.exactValue as number)).toBeCloseTo(4.6916e-7, 10);
    expect(1 - (day[1]?.exactValue as number)).toBeCloseTo(6.2467e-6, 9);
    const split = rows.find((r) => r.published.includes('split_brain'));
    expect(split?.exactValue).toBe(0);
    const partition = publishedFor(load('reference-network')).find((r) => r.published.includes('partition_probability'));
    expect(partition?.publishedValue).toBeGreaterThan(1e-3);
    expect(partition?.exactValue).toBeLessThan(1e-30);
  });
});

describe('exactFor: outages, downtime, no-outage and first-failure values against closed forms', () => {
  // One component, exponential up (mean 1/λ) and repair (mean 1/μ), from an all-up start.
  const lambda = 1 / 50;
  const mu = 1 / 2;
  const H = 100;
  const single = (warmup: number, extra: Record<string, unknown> = {}) =>
    validateScenario({
      name: 'single',
      description: 'one repairable component',
      horizon: H,
      warmup,
      grid: { times: [0, 10, H] },
      groups: { c: { failure: { type: 'exponential', mean: 1 / lambda }, repair: { type: 'exponential', mean: 1 / mu }, ...extra } },
      services: { up: { all: ['c'] } },
    });
  const s = lambda + mu;
  const A = (t: number) => mu / s + (lambda / s) * Math.exp(-s * t);
  const upTime = (a: number, b: number) => (mu / s) * (b - a) + (lambda / (s * s)) * (Math.exp(-s * a) - Math.exp(-s * b)); // ∫_a^b A(t) dt

  it('from 0: E[outages] = λ∫A, E[downtime] = T − ∫A, P(no outage) = e^(−λT), E[min(T1, H)] = (1 − e^(−λH))/λ', () => {
    const e = exactFor(single(0))[0] as ExactService;
    expect(e.expectedOutages).toBeCloseTo(lambda * upTime(0, H), 12);
    expect(e.expectedDowntime).toBeCloseTo(H - upTime(0, H), 11);
    expect(e.noOutageProbability).toBeCloseTo(Math.exp(-lambda * H), 14);
    expect(e.restrictedMeanFirstFailure).toBeCloseTo((1 - Math.exp(-lambda * H)) / lambda, 10);
    expect(e.failedByHorizon).toBeCloseTo(1 - Math.exp(-lambda * H), 14);
    expect(e.mttf).toBeCloseTo(1 / lambda, 9);
  });

  it('with a warm-up w: P(down at w) + λ∫_w^H A, and P(up at w)·e^(−λ(H − w))', () => {
    const w = 30;
    const e = exactFor(single(w))[0] as ExactService;
    expect(e.expectedOutages).toBeCloseTo(1 - A(w) + lambda * upTime(w, H), 12);
    expect(e.noOutageProbability).toBeCloseTo(A(w) * Math.exp(-lambda * (H - w)), 14);
    expect(e.intervalAvailability).toBeCloseTo(upTime(w, H) / (H - w), 12);
    // First failures count from 0 whatever the warm-up.
    expect(e.restrictedMeanFirstFailure).toBeCloseTo((1 - Math.exp(-lambda * H)) / lambda, 10);
  });

  it('groups: n independent components fail n times as often; a crew of one slows repair (birth–death)', () => {
    const one = exactForGroups(single(0))[0];
    expect(one?.componentUp).toBeCloseTo(upTime(0, H) / H, 12);
    expect(one?.expectedFailures).toBeCloseTo(lambda * upTime(0, H), 12);
    const three = exactForGroups(
      validateScenario({
        name: 'three',
        description: 'three components',
        horizon: H,
        crews: { ops: 1 },
        groups: {
          free: { count: 3, failure: { type: 'exponential', mean: 1 / lambda }, repair: { type: 'exponential', mean: 1 / mu } },
          crewed: { count: 3, failure: { type: 'exponential', mean: 1 / lambda }, repair: { type: 'exponential', mean: 1 / mu }, crew: 'ops' },
        },
        services: { up: { all: ['free'] } },
      }),
    );
    expect(three[0]?.expectedFailures).toBeCloseTo(3 * lambda * upTime(0, H), 11);
    expect(three[0]?.crew).toBeNull();
    expect(three[1]?.componentUp).toBeLessThan(three[0]?.componentUp as number);
    // A busy repairer is a failed component being repaired: utilisation = E[min(failed, 1)], ≤ 3(1 − up).
    expect(three[1]?.crew?.utilization).toBeGreaterThan(0);
    expect(three[1]?.crew?.utilization).toBeLessThan(3 * (1 - (three[1]?.componentUp as number)));
  });
});
