// The detector pairs of `check` (src/check/detectorPairs.ts): which claims each bundled detector scenario gets, and their values.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectorClaims } from '../../src/check/detectorPairs.js';
import { validateScenario } from '../../src/scenario/validateScenario.js';

const bundled = (name: string) => validateScenario(JSON.parse(readFileSync(new URL(`../../sims/${name}.json`, import.meta.url), 'utf8')));

describe('detector claims', () => {
  it('heartbeat-loss: ℓ^n, (1 − ℓ)ℓ^n/Δ and the mean latency Σ_{j<n}(1 − ℓ)ℓ^j(T − (j + ½)Δ)', () => {
    const claims = detectorClaims(bundled('heartbeat-loss'));
    const by = new Map(claims.map((c) => [c.metric, c.analytic]));
    expect(by.get('coordinators.suspected_alive_fraction')).toBeCloseTo(0.2 ** 5, 15);
    expect(by.get('coordinators.mistakes_per_hour')).toBeCloseTo(0.8 * 0.2 ** 5 * 3600, 12);
    let latency = 0;
    for (let j = 0; j < 5; j++) latency += 0.8 * 0.2 ** j * (5 - (j + 0.5));
    expect(by.get('coordinators.detection_latency')).toBeCloseTo(latency, 10); // 4.25024 s
  });

  it('phi-accrual: t* − Δ/2 per variant (Akka 4.5226 s, normal 1.5612 s, Cassandra 18.4207 s after the last heartbeat)', () => {
    const by = new Map(detectorClaims(bundled('phi-accrual')).map((c) => [c.metric, c.analytic]));
    expect(by.get('akka.detection_latency')).toBeCloseTo(4.5226 - 0.5, 3);
    expect(by.get('normal.detection_latency')).toBeCloseTo(1.5612 - 0.5, 3);
    expect(by.get('cassandra.detection_latency')).toBeCloseTo(18.4207 - 0.5, 3);
  });

  it('makes no latency claim when crashes are not uniform within a period (deterministic failures) or repairs can beat the timeout', () => {
    const s = JSON.parse(readFileSync(new URL('../../sims/heartbeat-loss.json', import.meta.url), 'utf8'));
    s.groups.coordinators.repair = { type: 'exponential', mean: '10min' };
    expect(detectorClaims(validateScenario(s)).map((c) => c.metric)).not.toContain('coordinators.detection_latency');
  });
});

describe('detector claims with per-node loss', () => {
  // Each member's closed form written out independently here: ℓ_i = 1 − (1 − s_i)(1 − r), n = 5, Δ = 1 s.
  const losses = [0, 0.1, 0.3].map((s) => 1 - (1 - s) * (1 - 0.05)); // 0.05, 0.145, 0.335
  const latencyOf = (l: number) => {
    let sum = 0;
    for (let j = 0; j < 5; j++) sum += (1 - l) * l ** j * (5 - (j + 0.5));
    return sum;
  };
  const mean = (f: (l: number) => number) => losses.reduce((sum, l) => sum + f(l), 0) / losses.length;

  it('heartbeat-node-loss: the plain mean over the members of ℓ_i^n, (1 − ℓ_i)ℓ_i^n/Δ and Σ_{j<n}(1 − ℓ_i)ℓ_i^j(T − (j + ½)Δ) (ratios of sums over members with one failure law)', () => {
    const by = new Map(detectorClaims(bundled('heartbeat-node-loss')).map((c) => [c.metric, c.analytic]));
    expect([...by.keys()].sort()).toEqual(['coordinators.detection_latency', 'coordinators.mistakes_per_hour', 'coordinators.suspected_alive_fraction']);
    expect(by.get('coordinators.suspected_alive_fraction')).toBeCloseTo(mean((l) => l ** 5), 15); // 1.42785e-3
    expect(by.get('coordinators.mistakes_per_hour')).toBeCloseTo(mean((l) => (1 - l) * l ** 5 * 3600), 10); // 3.43299
    expect(by.get('coordinators.detection_latency')).toBeCloseTo(mean(latencyOf), 10); // 4.25943 s
    expect(by.get('coordinators.detection_latency')).toBeCloseTo(4.25943, 5);
  });

  it('{ "send": x } claims the same values as "loss": x; a per-node loss of 0 everywhere claims T − Δ/2 and no false suspicions', () => {
    const file = JSON.parse(readFileSync(new URL('../../sims/heartbeat-loss.json', import.meta.url), 'utf8'));
    const values = (loss: unknown) => detectorClaims(validateScenario({ ...file, detectors: [{ ...file.detectors[0], loss }] })).map((c) => [c.metric, c.analytic]);
    expect(values({ send: 0.2 })).toEqual(values(0.2));
    expect(values({ send: { default: 0.2 } })).toEqual(values(0.2));
    expect(values({ send: 0 })).toEqual([['coordinators.detection_latency', 4.5]]);
  });
});

describe('detector claims with jittered heartbeats', () => {
  it('phi-jitter: the per-check forms for each phi variant and the heartbeat detector, and none of the constant-interval claims', () => {
    const claims = detectorClaims(bundled('phi-jitter'));
    const by = new Map(claims.map((c) => [c.metric, c.analytic]));
    expect([...by.keys()].sort()).toEqual(
      ['akka.mistakes_per_hour', 'cassandra.mistakes_per_hour', 'monitored.detection_latency', 'monitored.mistakes_per_hour', 'monitored.suspected_alive_fraction', 'normal.mistakes_per_hour'].sort(),
    );
    expect(by.get('normal.mistakes_per_hour')).toBeCloseTo(0.100374 * 3600, 1); // P(T_999 > z₁√(999/1001)) per check, one check a second
    expect(by.get('cassandra.mistakes_per_hour')).toBeCloseTo(0.100265 * 3600, 1); // (1 + ln 10/1000)^−1000
    expect(by.get('monitored.mistakes_per_hour')).toBeCloseTo(0.00620967 * 3600, 3); // Φ̄(2.5)
    expect(by.get('monitored.detection_latency')).toBeCloseTo(1.5 - 1.04 / 2, 1); // T − (μ² + σ²)/(2μ), less the tail beyond T
  });

  it('no phi claim without a full window (a warmup shorter than 2Wμ) or with an acceptable pause', () => {
    const s = JSON.parse(readFileSync(new URL('../../sims/phi-jitter.json', import.meta.url), 'utf8'));
    s.warmup = '0.5h';
    expect(detectorClaims(validateScenario(s)).map((c) => c.metric)).toEqual(['monitored.mistakes_per_hour', 'monitored.suspected_alive_fraction', 'monitored.detection_latency']);
    s.warmup = '1h';
    s.detectors[0].phi.acceptablePause = '1s';
    expect(detectorClaims(validateScenario(s)).map((c) => c.metric)).not.toContain('normal.mistakes_per_hour');
  });
});
