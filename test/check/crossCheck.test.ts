import { describe, expect, it } from 'vitest';
import { binomialPValue, decide, pairsFor, type Pair } from '../../src/check/crossCheck.js';
import { bundledScenarioPath } from '../../src/io/bundledScenarios.js';
import { loadScenario } from '../../src/io/loadScenario.js';
import type { ScenarioAccumulator } from '../../src/run/ScenarioAccumulator.js';
import { runScenario } from '../../src/run/runScenario.js';
import type { Scenario } from '../../src/scenario/validateScenario.js';

/** A serial run, in this thread: the accumulators the check reads. */
const simulate = (scenario: Scenario, replications: number): ScenarioAccumulator => runScenario(scenario, { seed: 1, replications });

function check(name: string, replications: number, extra: (pairs: Pair[], acc: ScenarioAccumulator) => Pair[] = (p) => p) {
  const scenario = loadScenario(bundledScenarioPath(name));
  const acc = simulate(scenario, replications);
  const pairs = extra(pairsFor(scenario, acc), acc);
  return decide(pairs, 1, 0.99);
}

describe('binomialPValue (exact two-sided test)', () => {
  it('matches hand-computed binomial tails', () => {
    // 0 successes of 10 at p = 0.5: P(X ≤ 0) = 2^-10, two-sided 2^-9.
    expect(binomialPValue(0, 10, 0.5)).toBeCloseTo(2 ** -9, 15);
    // 5 of 10 at p = 0.5: both tails ≥ 1/2, capped at 1.
    expect(binomialPValue(5, 10, 0.5)).toBe(1);
    // 3 of 3 at p = 0.9: P(X ≥ 3) = 0.729, two-sided 1 (capped); 0 of 3 at p = 0.9: 2·0.001.
    expect(binomialPValue(0, 3, 0.9)).toBeCloseTo(0.002, 14);
    expect(binomialPValue(3, 3, 1)).toBe(1);
    expect(binomialPValue(2, 3, 1)).toBe(0);
  });
});

describe('the cross-check', () => {
  it('every correct model is consistent or inconclusive on the busy reference cluster; the published ones are refuted', () => {
    const rows = check('reference-cluster-busy', 3000);
    const correct = rows.filter((r) => r.kind === 'correct');
    expect(correct.length).toBeGreaterThan(40); // availability ×3 formulas and A(t), R(t) on the grid
    expect(correct.filter((r) => r.verdict === 'refuted')).toEqual([]);
    expect(correct.filter((r) => r.verdict === 'consistent').length).toBeGreaterThan(20);
    // The published cluster model fixes its nodes' MTBF at 8760 h and 4380 h: it describes no busy cluster.
    expect(rows.filter((r) => r.kind === 'published')).toEqual([]);
    const reference = check('reference-cluster', 5000).filter((r) => r.kind === 'published');
    expect(reference.map((r) => [r.metric, r.verdict])).toEqual([
      ['cluster.availability', 'refuted'],
      ['cluster.no_outage', 'refuted'],
    ]);
    expect(reference[0]?.why).toMatch(/without any repair/);
  });

  it('refutes a deliberately wrong model: availability without repair, for a repairable system', () => {
    // The wrong model: each component's availability taken as its no-repair survival to the
    // horizon, e^(−t/MTTF), in the exact k-of-n formula (what seed 000 does); here as a correct-kind
    // formula, so that refuting it would fail the run.
    const rows = check('tmr', 3000, (pairs) => {
      const base = pairs.find((p) => p.metric === 'tmr.availability') as Pair;
      const r = Math.exp(-8760 / 1000);
      const wrong = r ** 3 + 3 * r * r * (1 - r);
      return [...pairs, { ...base, formula: 'wrong: no repair', analytic: wrong }];
    });
    const wrong = rows.find((r) => r.formula === 'wrong: no repair');
    expect(wrong?.verdict).toBe('refuted');
    expect(rows.filter((r) => r.formula !== 'wrong: no repair' && r.kind === 'correct' && r.verdict === 'refuted')).toEqual([]);
  });

  it('with too few replications says inconclusive, with the replications needed, never consistent', () => {
    const rows = check('reference-cluster', 500);
    const cluster = rows.filter((r) => r.metric === 'cluster.availability' && r.kind === 'correct');
    expect(cluster.length).toBe(2);
    for (const r of cluster) {
      expect(r.verdict).toBe('inconclusive');
      expect(r.repsNeeded).toBeGreaterThan(500);
    }
  });

  it('a network partition of 1e-31 is too rare to check: inconclusive, not consistent', () => {
    const rows = check('reference-network', 300);
    const mesh = rows.find((r) => r.formula.startsWith('full mesh connected'));
    expect(mesh?.verdict).toBe('inconclusive');
    expect(mesh?.repsNeeded).toBeGreaterThan(1e30);
  });
});
