// Reflections refreshed every cycle (src/sim/reflections/Reflections.ts): hand-worked staleness
// counts replayed from the refresh stream, the bundled seed-000 graph against the exact
// 1 − Π(1 − p) over each reflection's closure, validation errors, and the check pairs.
import { describe, expect, it } from 'vitest';
import { decide, pairsFor } from '../../../src/check/crossCheck.js';
import { reflectionClaims } from '../../../src/check/reflectionPairs.js';
import { reflectionStaleProbability } from '../../../src/analytic/reflectionDag.js';
import { bundledScenarioPath } from '../../../src/io/bundledScenarios.js';
import { loadScenario } from '../../../src/io/loadScenario.js';
import { deriveStream } from '../../../src/random/streams.js';
import { runScenario } from '../../../src/run/runScenario.js';
import { validateScenario } from '../../../src/scenario/validateScenario.js';
import { Simulation } from '../../../src/sim/Simulation.js';

const NEVER = { type: 'deterministic', value: '1000y' };

function scenario(reflections: Record<string, unknown>, horizon: string | number = '10h', warmup?: string) {
  return validateScenario({
    name: 'hand',
    description: 'hand-worked reflections',
    horizon,
    ...(warmup === undefined ? {} : { warmup }),
    groups: { host: { failure: NEVER } },
    services: { platform: { all: ['host'] } },
    reflections,
  });
}

function staleFractions(s: ReturnType<typeof validateScenario>, seed: number, rep: number): Record<string, number> {
  const sim = new Simulation(s);
  sim.run(seed, rep);
  const out: Record<string, number> = {};
  sim.registry.quantities.forEach((q, i) => {
    if (q.key.endsWith('.stale_fraction')) out[q.key.replace('.stale_fraction', '')] = sim.values[i] as number;
  });
  return out;
}

describe('Reflections: hand-worked', () => {
  it('a reflection that never fails, above one that never fails, is never stale', () => {
    const s = scenario({ every: '1h', a: { refreshFailure: 0 }, b: { refreshFailure: 0, dependsOn: ['a'] } });
    expect(staleFractions(s, 1, 0)).toEqual({ a: 0, b: 0 });
  });

  it('counts exactly the cycles whose refresh, or an upstream refresh, failed (replayed from the refresh stream)', () => {
    // Cycles end at 1 h … 10 h; warmup 3.5 h measures cycles 4 … 10 (7 cycles). One uniform per
    // reflection per measured cycle, in file order a, b, c: a fails iff u < 0.3, b (reads a) iff
    // u < 0.4, c (reads a and b) iff u < 0.5; stale(b) = fail(b) ∨ stale(a), stale(c) = fail(c) ∨ stale(a) ∨ stale(b).
    const s = scenario({ every: '1h', a: { refreshFailure: 0.3 }, b: { refreshFailure: 0.4, dependsOn: ['a'] }, c: { refreshFailure: 0.5, dependsOn: ['a', 'b'] } }, '10h', '3.5h');
    for (const [seed, rep] of [[1, 0], [7, 3], [42, 11]] as const) {
      const u = deriveStream(seed, rep, 'reflections', 'refresh');
      const count = { a: 0, b: 0, c: 0 };
      for (let k = 4; k <= 10; k++) {
        const fa = u() < 0.3;
        const fb = u() < 0.4;
        const fc = u() < 0.5;
        const sa = fa;
        const sb = fb || sa;
        const sc = fc || sa || sb;
        count.a += sa ? 1 : 0;
        count.b += sb ? 1 : 0;
        count.c += sc ? 1 : 0;
      }
      expect(staleFractions(s, seed, rep)).toEqual({ a: count.a / 7, b: count.b / 7, c: count.c / 7 });
    }
  });

  it('applies seed 000’s rates: base rate × (1 + 0.02 per direct dependency)', () => {
    const spec = loadScenario(bundledScenarioPath('reflections')).reflections;
    const rates = spec?.reflections.map((r) => r.refreshFailure) ?? [];
    [0.05, 0.05 * 1.02, 0.1 * 1.02, 0.1 * 1.04].forEach((p, i) => expect(rates[i]).toBeCloseTo(p, 14));
  });
});

describe('Reflections: the bundled seed-000 graph against the exact staleness', () => {
  it('each stale_fraction is within 5 standard errors of 1 − Π over its closure of (1 − p)', () => {
    // 200 replications × 365 daily cycles, every cycle an independent Bernoulli(s): the mean of the
    // per-replication fractions has standard error sqrt(s (1 − s) / (365 · 200)).
    const s = loadScenario(bundledScenarioPath('reflections'));
    const graph = (s.reflections?.reflections ?? []).map((r) => ({ id: r.name, refreshFailure: r.refreshFailure, dependsOn: r.dependsOn }));
    const sum: Record<string, number> = {};
    const R = 200;
    const sim = new Simulation(s);
    for (let rep = 0; rep < R; rep++) {
      sim.run(5, rep);
      sim.registry.quantities.forEach((q, i) => {
        if (q.key.endsWith('.stale_fraction')) sum[q.key] = (sum[q.key] ?? 0) + (sim.values[i] as number);
      });
    }
    for (const r of graph) {
      const exact = reflectionStaleProbability(graph, r.id);
      const se = Math.sqrt((exact * (1 - exact)) / (365 * R));
      expect(Math.abs((sum[`${r.id}.stale_fraction`] as number) / R - exact)).toBeLessThan(5 * se);
    }
    // The diamond: quarterly_report reads daily_sales directly and through monthly_sales, counted once.
    expect(reflectionStaleProbability(graph, 'quarterly_report')).toBeCloseTo(1 - 0.95 * 0.949 * 0.898 * 0.896, 12);
  });

  it('check: the exact value is consistent, seed 000’s cascade and path-product rule are refuted where they differ', () => {
    const s = loadScenario(bundledScenarioPath('reflections'));
    const acc = runScenario(s, { seed: 3, replications: 400 });
    const rows = decide(pairsFor(s, acc, { confidence: 0.999 }), 3, 0.999).filter((r) => r.metric.endsWith('.stale_fraction'));
    const verdicts = rows.map((r) => [r.metric, r.kind, r.analytic.toFixed(5), r.verdict]);
    expect(verdicts).toEqual([
      ['raw_sales.stale_fraction', 'correct', '0.05000', 'consistent'],
      ['raw_sales.stale_fraction', 'published', '0.05000', 'consistent'],
      ['daily_sales.stale_fraction', 'correct', '0.09845', 'consistent'],
      // The shared mutable default `visited`: raw_sales was evaluated first, so it counts 0 here.
      ['daily_sales.stale_fraction', 'published', '0.05100', 'refuted'],
      ['monthly_sales.stale_fraction', 'correct', '0.19041', 'consistent'],
      ['monthly_sales.stale_fraction', 'published', '0.10200', 'refuted'],
      ['quarterly_report.stale_fraction', 'correct', '0.27461', 'consistent'],
      // 1 − 0.896 · (1 − 0.19041) · (1 − 0.09845): daily_sales (and raw_sales) counted twice.
      ['quarterly_report.stale_fraction', 'published', '0.34602', 'refuted'],
      ['quarterly_report.stale_fraction', 'published', '0.10400', 'refuted'],
    ]);
  });

  it('no published cascade when a reflection gives its probability rather than a refresh type', () => {
    const s = scenario({ every: '1h', a: { refreshFailure: 0.1 }, b: { refreshFailure: 0.1, dependsOn: ['a'] } });
    expect(reflectionClaims(s).map((c) => [c.metric, c.kind])).toEqual([
      ['a.stale_fraction', 'correct'],
      ['b.stale_fraction', 'correct'],
    ]);
  });
});

describe('Reflections: validation', () => {
  const fails = (reflections: Record<string, unknown>, message: RegExp, horizon: string = '10h') => expect(() => scenario(reflections, horizon)).toThrow(message);

  it('names an unknown dependency, a self-dependency and a repeated one', () => {
    fails({ every: '1h', a: { refreshFailure: 0.1, dependsOn: ['nope'] } }, /reflections\.a\.dependsOn\.0: expected the name of a listed reflection, got "nope"/);
    fails({ every: '1h', a: { refreshFailure: 0.1, dependsOn: ['a'] } }, /reflections\.a\.dependsOn\.0: expected another reflection .*got "a"/);
    fails({ every: '1h', a: { refreshFailure: 0.1 }, b: { refreshFailure: 0.1, dependsOn: ['a', 'a'] } }, /reflections\.b\.dependsOn\.1: expected each dependency once, got "a" again/);
  });

  it('names a cycle', () => {
    fails(
      { every: '1h', a: { refreshFailure: 0.1, dependsOn: ['c'] }, b: { refreshFailure: 0.1, dependsOn: ['a'] }, c: { refreshFailure: 0.1, dependsOn: ['b'] } },
      /reflections\.a\.dependsOn: expected an acyclic graph, got the cycle a → c → b → a/,
    );
  });

  it('names a probability outside [0, 1)', () => {
    fails({ every: '1h', a: { refreshFailure: 1 } }, /reflections\.a\.refreshFailure: expected a probability in \[0, 1\), got 1/);
    fails({ every: '1h', a: { refreshFailure: -0.1 } }, /reflections\.a\.refreshFailure: expected a probability in \[0, 1\), got -0\.1/);
  });

  it('names a period with no cycle, and a graph with no reflection', () => {
    fails({ every: '2d', a: { refreshFailure: 0.1 } }, /reflections\.every: expected a period with at least one cycle end in \[warmup, horizon\]/);
    fails({ every: '1h' }, /reflections: expected at least one reflection besides "every", got none/);
  });
});
