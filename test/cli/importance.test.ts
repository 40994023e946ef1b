import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromCsv } from '../../src/io/csv.js';
import { faultline, smallScenario, tempDir, writeScenario } from '../support/cli.js';

describe('faultline importance', () => {
  it('writes importance.csv with intervals beside the exact values, which they contain (2 of 3, independent exponential)', async () => {
    // Steady 2-of-3 with component unavailability q = 10/1010, p = 1 − q: I_B(component) = 2pq,
    // RAW(component) = (1 − p²)/U, with U = 3q² − 2q³ (Birnbaum 1969; the exact column averages over the year from all up).
    const dir = tempDir('importance');
    const file = writeScenario(dir, 'small', smallScenario());
    const out = join(dir, 'imp.csv');
    const run = faultline(['importance', file, '--reps', '600', '--out', out]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/small +modules\[0\] +birnbaum/);
    const rows = await fromCsv(readFileSync(out, 'utf8'));
    const of = (unit: string, measure: string) => rows.find((r) => r['unit'] === unit && r['measure'] === measure);
    for (const [unit, measure] of [['modules[0]', 'birnbaum'], ['modules[0]', 'criticality'], ['modules[0]', 'raw'], ['small', 'unavailability']] as const) {
      const r = of(unit, measure);
      const exact = Number(r?.['exact']);
      expect(Number.isFinite(exact), `${unit} ${measure}`).toBe(true);
      // 95% intervals: widened to 5 standard errors so that the test cannot flake.
      expect(Math.abs(Number(r?.['estimate']) - exact), `${unit} ${measure}`).toBeLessThan(5 * Number(r?.['std_error']));
    }
    const q = 10 / 1010;
    expect(Number(of('modules[0]', 'birnbaum')?.['exact'])).toBeCloseTo(2 * (1 - q) * q, 3);
    expect(Number(of('modules', 'downtime_share')?.['estimate'])).toBe(1);
  }, 60_000);

  it('says why there is no exact value', () => {
    const dir = tempDir('importance-none');
    const shocked = writeScenario(dir, 'shocked', smallScenario((s) => (s.shocks = { rack: { every: { type: 'exponential', mean: '2000h' }, members: ['modules'] } })));
    const run = faultline(['importance', shocked, '--reps', '50', '--out', join(dir, 'a.csv')]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/No exact values: the scenario has common-cause shocks/);
  }, 60_000);
});
