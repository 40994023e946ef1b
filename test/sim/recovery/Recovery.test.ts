// One recovery incident per replication (src/sim/recovery/Recovery.ts): hand-worked totals with
// deterministic steps (parallel: the maximum; dependencies: the critical path), the bundled
// seed-000 table against E[max] of lognormals and the published RecoveryTimeModel, validation errors.
import { describe, expect, it } from 'vitest';
import { expectedMaximumLognormal, normalNegativeProbability } from '../../../src/analytic/parallelRecovery.js';
import { decide, pairsFor } from '../../../src/check/crossCheck.js';
import { recoveryClaims } from '../../../src/check/recoveryPairs.js';
import { bundledScenarioPath } from '../../../src/io/bundledScenarios.js';
import { loadScenario } from '../../../src/io/loadScenario.js';
import { runScenario } from '../../../src/run/runScenario.js';
import { validateScenario } from '../../../src/scenario/validateScenario.js';
import { Simulation } from '../../../src/sim/Simulation.js';
import { binOf } from '../../../src/stats/LogHistogram.js';

const fixed = (minutes: number) => ({ duration: { type: 'deterministic', value: `${minutes}min` } });

function scenario(recovery: Record<string, unknown>) {
  return validateScenario({
    name: 'hand',
    description: 'a hand-worked recovery',
    horizon: '1h',
    groups: { host: { failure: { type: 'deterministic', value: '1000y' } } },
    services: { platform: { all: ['host'] } },
    recovery,
  });
}

function valuesOf(s: ReturnType<typeof validateScenario>, rep = 0): { values: Record<string, number>; histogram: Float64Array } {
  const sim = new Simulation(s);
  sim.run(1, rep);
  const values: Record<string, number> = {};
  sim.registry.quantities.forEach((q, i) => (values[q.key] = sim.values[i] as number));
  return { values, histogram: Float64Array.from(sim.histograms) };
}

describe('Recovery: hand-worked', () => {
  it('parallel: the total is the longest step', () => {
    const { values, histogram } = valuesOf(scenario({ mode: 'parallel', steps: { a: fixed(5), b: fixed(30), c: fixed(2) } }));
    expect(values['recovery.total']).toBeCloseTo(30, 12);
    expect(values['recovery.b.time']).toBeCloseTo(30, 12);
    // The histogram (hours) holds one value, the total, in its bin.
    expect(histogram[binOf(0.5)]).toBe(1);
    expect(histogram.reduce((a, b) => a + b, 0)).toBe(1);
    // A point mass: never negative, always ≤ its mean, never above mean + 2.326·0 nor above its own 99th percentile.
    expect([values['recovery.a.negative'], values['recovery.a.within_mean'], values['recovery.a.over_normal_p99'], values['recovery.a.over_p99']]).toEqual([0, 1, 0, 0]);
  });

  it('dependencies: the total is the critical path', () => {
    // net 10 → coord 5 → exec 3 → refl 30 (48) ; net 10 → src 2 → refl (42): the first is critical.
    const s = scenario({
      mode: 'dependencies',
      steps: {
        refl: { ...fixed(30), after: ['exec', 'src'] },
        exec: { ...fixed(3), after: ['coord'] },
        coord: { ...fixed(5), after: ['net'] },
        src: { ...fixed(2), after: ['net'] },
        net: fixed(10),
      },
    });
    expect(s.recovery?.steps.map((x) => x.name)).toEqual(['net', 'coord', 'src', 'exec', 'refl']); // passes over the file order until every step is placed
    expect(valuesOf(s).values['recovery.total']).toBeCloseTo(48, 12);
    // A longer source reconnect (20 min) makes its branch critical: 10 + 20 + 30 = 60.
    const longer = scenario({ mode: 'dependencies', steps: { net: fixed(10), src: { ...fixed(20), after: ['net'] }, coord: { ...fixed(5), after: ['net'] }, refl: { ...fixed(30), after: ['src', 'coord'] } } });
    expect(valuesOf(longer).values['recovery.total']).toBeCloseTo(60, 12);
  });
});

describe('Recovery: the bundled seed-000 table', () => {
  const table = [
    ['coordinator_restart', 5, 2],
    ['executor_restart', 3, 1],
    ['reflection_rebuild', 30, 15],
    ['source_reconnect', 2, 0.5],
    ['network_healing', 10, 5],
  ] as const;

  it('mean total of the parallel lognormals within 5 standard errors of E[max] (expectedMaximumLognormal)', () => {
    const s = loadScenario(bundledScenarioPath('recovery-times'));
    const sim = new Simulation(s);
    const slot = sim.registry.quantities.findIndex((q) => q.key === 'recovery.total');
    let sum = 0;
    let sq = 0;
    const R = 4000;
    for (let rep = 0; rep < R; rep++) {
      sim.run(11, rep);
      const t = sim.values[slot] as number;
      sum += t;
      sq += t * t;
    }
    const mean = sum / R;
    const se = Math.sqrt((sq / R - mean * mean) / (R - 1));
    const exact = expectedMaximumLognormal(
      table.map(([, m, sd]) => {
        const s2 = Math.log(1 + (sd * sd) / (m * m));
        return { mu: Math.log(m) - s2 / 2, sigma: Math.sqrt(s2) };
      }),
    );
    expect(Math.abs(mean - exact)).toBeLessThan(5 * se);
    expect(exact).toBeGreaterThan(30); // E[max] > max of the means (Jensen)
  });

  it('check: E[max] and the lognormal laws consistent; max + 0.3 (sum − max), the normal’s P(T < 0), ½ and 0.01 refuted', () => {
    const s = loadScenario(bundledScenarioPath('recovery-times'));
    const acc = runScenario(s, { seed: 3, replications: 3000 });
    const rows = decide(pairsFor(s, acc, { confidence: 0.999 }), 3, 0.999).filter((r) => r.metric.startsWith('recovery.'));
    const verdict = (metric: string, kind: string, formula = '') => rows.filter((r) => r.metric === metric && r.kind === kind && r.formula.includes(formula)).map((r) => r.verdict);
    expect(verdict('recovery.total', 'correct')).toEqual(['consistent']);
    expect(verdict('recovery.total', 'published', 'max + 0.3')).toEqual(['refuted']);
    expect(rows.filter((r) => r.kind === 'correct').every((r) => r.verdict === 'consistent')).toBe(true);
    // Φ(−2) = 2.3 %: 3000 incidents without a negative reflection rebuild refute the normal model.
    expect(verdict('recovery.reflection_rebuild.negative', 'published')).toEqual(['refuted']);
    expect(rows.find((r) => r.metric === 'recovery.reflection_rebuild.negative' && r.kind === 'published')?.analytic).toBeCloseTo(normalNegativeProbability(30, 15), 15);
    expect(verdict('recovery.reflection_rebuild.within_mean', 'published')).toEqual(['refuted']);
    expect(verdict('recovery.reflection_rebuild.over_normal_p99', 'published')).toEqual(['refuted']);
  });

  it('the published means are the table’s: max 30 min, max + 0.3 (sum − max) = 36 min, also for the truncated normals (parent means)', () => {
    for (const name of ['recovery-times', 'recovery-times-truncated']) {
      const claims = recoveryClaims(loadScenario(bundledScenarioPath(name))).filter((c) => c.metric === 'recovery.total' && c.kind === 'published');
      expect(claims.map((c) => c.analytic)).toEqual([expect.closeTo(30, 10), expect.closeTo(36, 10)]);
    }
  });
});

describe('Recovery: the critical path (mode dependencies)', () => {
  it('recovery-times-dependencies: a correct E[critical path] of 48.00002 min (criticalPathLaw), consistent with 2000 incidents', () => {
    const s = loadScenario(bundledScenarioPath('recovery-times-dependencies'));
    const correct = recoveryClaims(s).filter((c) => c.metric === 'recovery.total' && c.kind === 'correct');
    expect(correct.map((c) => c.formula)).toEqual([expect.stringContaining('criticalPathLaw')]);
    expect(correct[0]?.analytic).toBeCloseTo(48.00002, 4);
    const acc = runScenario(s, { seed: 5, replications: 2000 });
    const rows = decide(pairsFor(s, acc, { confidence: 0.999 }), 3, 0.999).filter((r) => r.metric === 'recovery.total' && r.kind === 'correct');
    expect(rows.map((r) => r.verdict)).toEqual(['consistent']);
  });

  it('an order with an N (c after a; d after a and b) has no correct pair: the paths share a and d', () => {
    const exp = (mean: string) => ({ duration: { type: 'exponential', mean } });
    const s = scenario({ mode: 'dependencies', steps: { a: exp('5min'), b: exp('5min'), c: { ...exp('5min'), after: ['a'] }, d: { ...exp('5min'), after: ['a', 'b'] } } });
    expect(recoveryClaims(s).filter((c) => c.metric === 'recovery.total').map((c) => c.kind)).toEqual(['published']);
    // Without the N (d after a only) the order is series–parallel: a + max(c, d) and b.
    const sp = scenario({ mode: 'dependencies', steps: { a: exp('5min'), b: exp('5min'), c: { ...exp('5min'), after: ['a'] }, d: { ...exp('5min'), after: ['a'] } } });
    const claim = recoveryClaims(sp).find((c) => c.metric === 'recovery.total' && c.kind === 'correct');
    // E[max(a + max(c, d), b)] in units of 5 min, by the Markov chain on the finished steps: 8/3 (a + max(c, d) alone: 1 + 3/2).
    expect(claim?.analytic).toBeCloseTo((5 * 8) / 3, 4);
  });
});

describe('Recovery: the critical path’s lattice bound', () => {
  const chain = (shape: number) =>
    scenario({ mode: 'dependencies', steps: { a: { duration: { type: 'weibull', shape, scale: '1min' } }, b: { duration: { type: 'exponential', mean: '5min' }, after: ['a'] } } });
  const correct = (s: ReturnType<typeof scenario>) => recoveryClaims(s).filter((c) => c.metric === 'recovery.total' && c.kind === 'correct');

  it('a long tail stretches the lattice: Weibull(½) then exponential needs 2^19 points, and gives Γ(3) + 5 = 7 min', () => {
    const claims = correct(chain(0.5));
    expect(claims.map((c) => c.source)).toEqual([expect.stringContaining('2^19 points')]);
    expect(claims[0]?.analytic).toBeCloseTo(7, 4);
  });

  it('a longer tail (Weibull shape 0.3: its 1 − 1e-12 quantile 6·10⁴ min) leaves the bound above 1e-3 of the mean: no pair', () => {
    expect(correct(chain(0.3))).toEqual([]);
  });
});

describe('Recovery: validation', () => {
  const fails = (recovery: Record<string, unknown>, message: RegExp) => expect(() => scenario(recovery)).toThrow(message);

  it('names dependencies in mode parallel, unknown, self and repeated dependencies', () => {
    fails({ mode: 'parallel', steps: { a: fixed(1), b: { ...fixed(1), after: ['a'] } } }, /recovery\.steps\.b\.after: expected no dependencies in mode "parallel"/);
    fails({ mode: 'dependencies', steps: { a: { ...fixed(1), after: ['nope'] } } }, /recovery\.steps\.a\.after\.0: expected the name of a listed step, got "nope"/);
    fails({ mode: 'dependencies', steps: { a: { ...fixed(1), after: ['a'] } } }, /recovery\.steps\.a\.after\.0: expected another step, got "a"/);
    fails({ mode: 'dependencies', steps: { a: fixed(1), b: { ...fixed(1), after: ['a', 'a'] } } }, /recovery\.steps\.b\.after\.1: expected each step once, got "a" again/);
  });

  it('names a cycle, an empty incident and an unknown mode', () => {
    fails({ mode: 'dependencies', steps: { a: { ...fixed(1), after: ['b'] }, b: { ...fixed(1), after: ['a'] } } }, /recovery\.steps\.a\.after: expected an acyclic order, got a cycle among a, b/);
    fails({ mode: 'parallel', steps: {} }, /recovery\.steps: expected at least one step, got none/);
    fails({ mode: 'serial', steps: { a: fixed(1) } }, /recovery\.mode/);
  });
});
