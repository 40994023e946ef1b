/**
 * The timing-fault cross-checks (docs/fault-modes.md, "Slow periods" and "Link latency") on
 * sims/slow-periods.json: the pairs exist, their analytic values are the hand-computed closed
 * forms, and none is refuted at a fixed seed (the check's own Student-t test on the ratio
 * estimator over replications, Holm-adjusted, 99.9% family-wise).
 */
import { describe, expect, it } from 'vitest';
import { bundledScenarioPath } from '../../src/io/bundledScenarios.js';
import { loadScenario } from '../../src/io/loadScenario.js';
import { runScenario } from '../../src/run/runScenario.js';
import { decide, pairsFor } from '../../src/check/crossCheck.js';
import { workloadClaims } from '../../src/check/workloadPairs.js';

const scenario = () => loadScenario(bundledScenarioPath('slow-periods'));
const analytic = (metric: string) => workloadClaims(scenario()).find((c) => c.metric === metric && c.type !== 'quantile') as { analytic: number; formula: string } | undefined;

/** The hypoexponential CDF with distinct rates (per hour). */
function hypoCdf(rates: number[], x: number): number {
  let s = 0;
  rates.forEach((li, i) => {
    let c = 1;
    rates.forEach((lj, j) => {
      if (j !== i) c *= lj / (lj - li);
    });
    s += c * Math.exp(-li * x);
  });
  return 1 - s;
}

describe('timing faults: the closed forms of slow-periods', () => {
  it('slow_exponential: P(timeout) = (1 − p̄)e^{−4} + p̄e^{−1}, p̄ the exact mean of s(1 − e^{−ct}) over the measured arrivals', () => {
    // Every 9 min, for 1 min: s = 0.1, c = 1/9 + 1 per minute; arrivals measured over [0, 110] min.
    const s = 0.1;
    const c = 1 / 9 + 1;
    const b = 110;
    const p = s - (s * (1 - Math.exp(-c * b))) / (c * b);
    const claim = analytic('queries.slow_exponential.failure_ratio.timeout');
    expect(claim?.formula).toMatch(/slow periods/);
    expect(claim?.analytic).toBeCloseTo((1 - p) * Math.exp(-4) + p * Math.exp(-1), 12);
  });

  it('link_exponential: the round trip is hypoexponential; all three attempts time out with F̄³', () => {
    const H = 3600;
    const F = hypoCdf([H / 0.02, H / 0.05, H / 0.03], 0.2 / H);
    expect(analytic('queries.link_exponential.failure_ratio.timeout')?.analytic).toBeCloseTo((1 - F) ** 3, 10);
    expect(analytic('queries.link_exponential.attempts_per_query')?.analytic).toBeCloseTo(1 + (1 - F) + (1 - F) ** 2, 10);
  });

  it('no pair refuted at seed 11 over 4 replications (`faultline check slow-periods --reps 40` has all 23 consistent)', () => {
    const sc = scenario();
    const rows = decide(pairsFor(sc, runScenario(sc, { seed: 11, replications: 4 }), { confidence: 0.999 }), 11, 0.999).filter((r) => r.metric.startsWith('queries.'));
    expect(rows.length).toBe(23);
    expect(rows.filter((r) => r.verdict === 'refuted').map((r) => `${r.metric} z=${r.zScore}`)).toEqual([]);
    // Below 30 replications a pair is refuted or inconclusive, never consistent (docs/statistics.md); 4 keep the test cheap.
    expect(rows.every((r) => r.verdict === 'inconclusive')).toBe(true);
  });
});
