/**
 * The workload's cross-checks on the bundled query scenarios: every correct formula consistent
 * (none refuted) at a fixed seed, and seed 000's QueryTimeoutModel claims refuted where they are
 * wrong. Each verdict is the check's own: a Student-t test on the ratio estimator over
 * replications (the independent unit), Holm-adjusted over the run, at 99.9% family-wise.
 */
import { describe, expect, it } from 'vitest';
import { bundledScenarioPath } from '../../src/io/bundledScenarios.js';
import { loadScenario } from '../../src/io/loadScenario.js';
import { runScenario } from '../../src/run/runScenario.js';
import { decide, pairsFor, type CheckRow } from '../../src/check/crossCheck.js';
import { validateScenario } from '../../src/scenario/validateScenario.js';

function check(name: string, replications: number, seed = 11): CheckRow[] {
  const scenario = loadScenario(bundledScenarioPath(name));
  const acc = runScenario(scenario, { seed, replications });
  return decide(pairsFor(scenario, acc, { confidence: 0.999 }), seed, 0.999);
}

const workloadRows = (rows: CheckRow[]) => rows.filter((r) => /^(queries|breakers|memory)\./.test(r.metric));

describe('workload cross-checks on the bundled scenarios', () => {
  it('query-timeouts: lognormal latency, truncated at the timeouts; success ratios, attempts and latency with retries and backoff; seed 000 refuted where wrong', () => {
    const rows = workloadRows(check('query-timeouts', 32));
    const correct = rows.filter((r) => r.kind === 'correct');
    expect(correct.length).toBeGreaterThan(40);
    expect(correct.filter((r) => r.verdict !== 'consistent').map((r) => `${r.metric} ${r.verdict} z=${r.zScore}`)).toEqual([]);
    const refuted = rows.filter((r) => r.kind === 'published' && r.verdict === 'refuted').map((r) => r.formula);
    expect(refuted).toContain('QueryTimeoutModel comment: simple_select "~2.7s mean"');
    expect(refuted).toContain('QueryTimeoutModel.timeout_probability(simple_select, 15.6426)');
    expect(refuted.filter((f) => f.includes('optimal_timeout_strategy') && f.includes('0.98'))).toHaveLength(4);
    // At the model's own 0.95 target its timeout is right: consistent.
    expect(rows.filter((r) => r.kind === 'published' && r.formula.includes(', 0.95)')).every((r) => r.verdict === 'consistent')).toBe(true);
  });

  it('query-outages: a query of length w succeeds with P(up throughout w) = A·e^(−w/MTTF)', () => {
    const rows = workloadRows(check('query-outages', 3000));
    expect(rows.length).toBe(4);
    expect(rows.map((r) => r.verdict)).toEqual(['consistent', 'consistent', 'consistent', 'consistent']);
  });

  it('memory: Erlang B with admission, M/G/∞ without; a bulkhead without queue: Erlang B; executors: M/M/c (Erlang C)', () => {
    const rowsOf = new Map<string, CheckRow[]>();
    for (const name of ['memory-admission', 'memory-pressure', 'executor-queue']) {
      const rows = workloadRows(check(name, 150));
      rowsOf.set(name, rows);
      expect(rows.length).toBeGreaterThanOrEqual(1);
      expect(rows.filter((r) => r.kind === 'correct' && r.verdict !== 'consistent').map((r) => `${name} ${r.metric} ${r.verdict}`)).toEqual([]);
    }
    // Seed 000's step function of utilisation, averaged over the Poisson number running, claims 0.123; the time exhausted is 0.111.
    const published = (rowsOf.get('memory-pressure') as CheckRow[]).filter((r) => r.kind === 'published');
    expect(published.map((r) => [r.metric, r.verdict])).toEqual([['memory.exhausted_time', 'refuted']]);
  });

  it('breaker-fallback: the consecutive breaker against its renewal-reward open fraction and openings, and seed 003\'s (1 − f)^m', () => {
    const rows = workloadRows(check('breaker-fallback', 30));
    expect(rows.map((r) => r.metric)).toEqual(['breakers.flaky_breaker.open_fraction', 'breakers.flaky_breaker.opens', 'breakers.flaky_breaker.half_open_close_ratio', 'queries.flaky.success_ratio']);
    expect(rows.map((r) => r.verdict)).toEqual(['consistent', 'consistent', 'consistent', 'consistent']);
  });
});

describe('workload cross-checks on inline scenarios', () => {
  it('executors with a queue limit: M/M/c/K blocking', () => {
    const scenario = validateScenario({
      name: 'mmck',
      description: 'M/M/4/6',
      horizon: 2,
      warmup: 0.1,
      groups: { executors: { kind: 'executor', count: 2, failure: { type: 'deterministic', value: '100y' } } },
      services: { cluster: { atLeast: 1, of: 'executors' } },
      workload: { drain: 0.1, executors: { group: 'executors', slots: 2, queueLimit: 2 }, classes: { q: { rate: '3.5/s', execution: { type: 'exponential', mean: '1s' } } } },
    });
    const acc = runScenario(scenario, { seed: 5, replications: 40 });
    const rows = decide(pairsFor(scenario, acc, { confidence: 0.999 }), 5, 0.999).filter((r) => r.metric.startsWith('queries.'));
    expect(rows.map((r) => [r.metric, r.formula.slice(0, 19), r.verdict])).toEqual([['queries.q.failure_ratio.rejected', 'M/M/c/K blocking, c', 'consistent']]);
    // M/M/4/6 at a = 3.5 (Kleinrock 1975, §3.6): p_K/Σp_n.
    expect(rows[0]?.analytic).toBeCloseTo(0.139642, 5);
  });
});
