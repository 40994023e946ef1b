import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromCsv } from '../../src/io/csv.js';
import { parseOverride } from '../../src/scenario/overrides.js';
import { runSweep, sweepPoints } from '../../src/run/runSweep.js';
import { smallScenario, tempDir, writeScenario } from '../support/cli.js';

const options = { seed: 3, replications: 400, confidence: 0.99, workers: 1 };

describe('runSweep', () => {
  it('runs every point into its own folder and writes one tidy sweep.csv, the swept value in its own column', async () => {
    const dir = tempDir('sweep');
    const file = writeScenario(dir, 'small', smallScenario());
    const overrides = [parseOverride('groups.modules.repair.mean=5h,10h'), parseOverride('groups.modules.count=3,5')];
    const out = join(dir, 'out');
    const points = sweepPoints(file, overrides, out);
    expect(points.map((p) => p.label)).toEqual(['mean=5h,count=3', 'mean=5h,count=5', 'mean=10h,count=3', 'mean=10h,count=5']);
    const outcome = await runSweep(points, overrides, out, options);
    expect(outcome.ran).toHaveLength(4);
    const rows = await fromCsv(readFileSync(join(out, 'sweep.csv'), 'utf8'));
    const perPoint = (await fromCsv(readFileSync(join(out, 'mean=5h,count=3', 'summary.csv'), 'utf8'))).length;
    expect(rows).toHaveLength(4 * perPoint);
    const first = rows.find((r) => r['point'] === 'mean=10h,count=5' && r['metric'] === 'small.availability');
    expect(first).toMatchObject({ 'groups.modules.repair.mean_hours': '10', 'groups.modules.count': '5', scenario: 'small', seed: '3', replications: '400' });
    const json = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as { common_random_numbers: boolean; points: unknown[] };
    expect(json.common_random_numbers).toBe(true);
    expect(json.points).toHaveLength(4);
  }, 60_000);

  it('is resumable: a complete point is not run again, a changed run is, and rerun runs all', async () => {
    const dir = tempDir('sweep-resume');
    const file = writeScenario(dir, 'small', smallScenario());
    const out = join(dir, 'out');
    const two = [parseOverride('groups.modules.repair.mean=5h,10h')];
    await runSweep(sweepPoints(file, two, out), two, out, options);
    const stamp = statSync(join(out, 'mean=5h', 'manifest.json')).mtimeMs;
    const three = [parseOverride('groups.modules.repair.mean=5h,10h,20h')];
    const again = await runSweep(sweepPoints(file, three, out), three, out, options);
    expect(again.skipped).toEqual(['mean=5h', 'mean=10h']);
    expect(again.ran).toEqual(['mean=20h']);
    expect(statSync(join(out, 'mean=5h', 'manifest.json')).mtimeMs).toBe(stamp);
    const moreReps = await runSweep(sweepPoints(file, three, out), three, out, { ...options, replications: 500 });
    expect(moreReps.ran).toHaveLength(3);
    const rerun = await runSweep(sweepPoints(file, three, out), three, out, { ...options, replications: 500, rerun: true });
    expect(rerun.ran).toHaveLength(3);
  }, 60_000);

  it('refuses a bad value before running anything, naming the point and the field', () => {
    const dir = tempDir('sweep-bad');
    const file = writeScenario(dir, 'small', smallScenario());
    expect(() => sweepPoints(file, [parseOverride('groups.modules.repair.mean=5h,-2h')], join(dir, 'out'))).toThrow(/sweep point mean=-2h: .*groups\.modules\.repair\.mean: expected a positive duration/);
    expect(() => sweepPoints(file, [parseOverride('horizon=1y'), parseOverride('horizon=2y')], join(dir, 'out'))).toThrow(/--set horizon: expected each path once/);
  });

  it('uses common random numbers: the paired difference between two points has a narrower interval than either point alone', async () => {
    // Every point draws from the same keyed streams, so replication r of both points sees the
    // same failure times and repair uniforms; only the repair scale differs. The difference of
    // their downtimes is then estimated from paired replications: Var(X − Y) = Var X + Var Y − 2 Cov(X, Y).
    const dir = tempDir('sweep-crn');
    const file = writeScenario(dir, 'small', smallScenario());
    const out = join(dir, 'out');
    const overrides = [parseOverride('groups.modules.repair.mean=10h,12h')];
    await runSweep(sweepPoints(file, overrides, out), overrides, out, { ...options, replications: 2000, perRep: true });
    const column = 'small.downtime_hours';
    const read = async (p: string) => (await fromCsv(readFileSync(join(out, p, 'replications.csv'), 'utf8'))).map((r) => Number(r[column]));
    const x = await read('mean=10h');
    const y = await read('mean=12h');
    expect(x).toHaveLength(2000);
    const se = (v: readonly number[]) => {
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1) / v.length);
    };
    const diff = x.map((xi, i) => (y[i] as number) - xi);
    const seDiff = se(diff);
    expect(seDiff).toBeLessThan(se(x));
    expect(seDiff).toBeLessThan(se(y));
    // Far narrower than independent runs would give (√(se_x² + se_y²)).
    expect(seDiff).toBeLessThan(0.5 * Math.hypot(se(x), se(y)));
    // And the difference is resolved: the longer repairs cost more downtime, beyond 4 paired standard errors.
    const meanDiff = diff.reduce((a, b) => a + b, 0) / diff.length;
    expect(meanDiff).toBeGreaterThan(4 * seDiff);
  }, 60_000);
});
