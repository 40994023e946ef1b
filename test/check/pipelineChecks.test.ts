/**
 * Seed 004's claims in `check` (src/check/pipelinePairs.ts): "Data Loss: ZERO" paired on the
 * configurations that claim it (acks=all, manual commits) and refuted by one replication that
 * loses one message; "Recovery Time: < 30 seconds" as the fraction of consumer restarts over 30 s,
 * refuted when the restart law puts mass beyond 30 s. Verdicts at 99.9% family-wise (Holm).
 */
import { describe, expect, it } from 'vitest';
import { decide, pairsFor, type CheckRow } from '../../src/check/crossCheck.js';
import { pipelineClaims } from '../../src/check/pipelinePairs.js';
import { bundledScenarioPath } from '../../src/io/bundledScenarios.js';
import { loadScenario } from '../../src/io/loadScenario.js';
import { runScenario } from '../../src/run/runScenario.js';

function check(name: string, replications: number, seed = 3): CheckRow[] {
  const scenario = loadScenario(bundledScenarioPath(name));
  const acc = runScenario(scenario, { seed, replications });
  return decide(pairsFor(scenario, acc, { confidence: 0.999 }), seed, 0.999).filter((r) => r.metric.startsWith('pipeline.'));
}

const verdict = (rows: CheckRow[], metric: string) => rows.find((r) => r.metric === metric && r.kind === 'published')?.verdict;

describe('seed 004 claims', () => {
  it('are made of the configurations that claim zero loss (acks=all, manual commits) only; recovery of every pipeline', () => {
    const metrics = (name: string) => pipelineClaims(loadScenario(bundledScenarioPath(name))).filter((c) => c.kind === 'published').map((c) => c.metric);
    const all = ['pipeline.lost', 'pipeline.loss_ratio', 'pipeline.consumer.recovery_over_30s'];
    expect(metrics('dataquarantine')).toEqual(all);
    expect(metrics('dataquarantine-small-fallback-disk')).toEqual(all);
    expect(metrics('dataquarantine-producer-buffer')).toEqual(all);
    expect(metrics('dataquarantine-acks-1')).toEqual(['pipeline.consumer.recovery_over_30s']);
    expect(metrics('dataquarantine-auto-commit')).toEqual(['pipeline.consumer.recovery_over_30s']);
  });

  it('dataquarantine: zero loss is not refuted (nothing lost), the 30 s recovery is (lognormal restarts, mean 20 s, sd 10 s)', () => {
    const rows = check('dataquarantine', 40);
    expect(verdict(rows, 'pipeline.lost')).not.toBe('refuted');
    expect(rows.find((r) => r.metric === 'pipeline.lost')?.estimate).toBe(0);
    expect(verdict(rows, 'pipeline.loss_ratio')).toBe('consistent');
    // P(T > 30 s) for the lognormal of mean 20 s, sd 10 s: σ² = ln 1.25, μ = ln 20 − σ²/2 → 1 − Φ((ln 30 − μ)/σ) = 0.137.
    const recovery = rows.filter((r) => r.metric === 'pipeline.consumer.recovery_over_30s');
    expect(recovery.map((r) => [r.kind, r.verdict])).toEqual([
      ['published', 'refuted'],
      ['correct', 'consistent'],
    ]);
    expect(recovery[1]?.analytic).toBeCloseTo(0.136860, 6);
  });

  it('a small fallback disk refutes zero loss', () => {
    const rows = check('dataquarantine-small-fallback-disk', 40);
    expect(verdict(rows, 'pipeline.lost')).toBe('refuted');
  });
});
