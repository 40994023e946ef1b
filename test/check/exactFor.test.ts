import { describe, expect, it } from 'vitest';
import { kOfNGroupsIntervalUnavailability, kOfNGroupsUnavailability } from '../../src/analytic/kOfNGroups.js';
import { clusterReliabilityModel } from '../../src/analytic/published/clusterReliabilityModel.js';
import { exactFor, isExact, type ExactService } from '../../src/check/exactFor.js';
import { publishedFor } from '../../src/check/publishedFor.js';
import { bundledScenarioPath } from '../../src/io/bundledScenarios.js';
import { loadScenario } from '../../src/io/loadScenario.js';

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
    const annual = rows.find((r) => r.published.endsWith('system_availability(8760)'));
    expect(annual?.publishedValue).toBeCloseTo(0.0581, 4);
    expect(annual?.exactValue).toBeCloseTo(0.99999937525, 11);
    expect(annual?.why).toMatch(/without any repair/);
    const split = rows.find((r) => r.published.includes('split_brain'));
    expect(split?.exactValue).toBe(0);
    const partition = publishedFor(load('reference-network')).find((r) => r.published.includes('partition_probability'));
    expect(partition?.publishedValue).toBeGreaterThan(1e-3);
    expect(partition?.exactValue).toBeLessThan(1e-30);
  });
});
