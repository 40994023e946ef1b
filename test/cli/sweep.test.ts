import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultline, hasStackTrace, smallScenario, tempDir, writeScenario } from '../support/cli.js';

describe('faultline sweep and --set', () => {
  it('sweeps a grid into per-point folders and sweep.csv, and resumes', () => {
    const dir = tempDir('cli-sweep');
    const file = writeScenario(dir, 'small', smallScenario());
    const out = join(dir, 'out');
    const first = faultline(['sweep', file, '--set', 'groups.modules.repair.mean=5h,10h', '--reps', '200', '--workers', '1', '--out', out]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/small: 2 points × 200 replications, seed 1: ran 2 → .*out\/sweep\.csv/);
    expect(readFileSync(join(out, 'sweep.csv'), 'utf8').split('\n')[0]).toBe('groups.modules.repair.mean_hours,point,scenario,seed,replications,metric,estimate,std_error,ci_low,ci_high,confidence,low_information,analytic,z_score,verdict');
    expect(existsSync(join(out, 'mean=10h', 'summary.csv'))).toBe(true);
    const again = faultline(['sweep', file, '--set', 'groups.modules.repair.mean=5h,10h', '--reps', '200', '--workers', '1', '--out', out]);
    expect(again.stderr).toMatch(/ran 0; 2 already complete, not re-run \(--rerun runs them\)/);
  }, 60_000);

  it('refuses a sweep without --set, and a bad path, with exit 2 and no stack trace', () => {
    const dir = tempDir('cli-sweep-bad');
    const file = writeScenario(dir, 'small', smallScenario());
    const none = faultline(['sweep', file]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/--set <path=value>.*not specified/);
    const typo = faultline(['sweep', file, '--set', 'groups.modles.count=3,4', '--out', join(dir, 'out')]);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toMatch(/--set groups\.modles\.count: no field "modles" in groups \(it has: modules\)/);
    expect(hasStackTrace(typo.stderr)).toBe(false);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('sets one value on run (recorded in manifest.json) and check, and refuses a list there', () => {
    const dir = tempDir('cli-set');
    const file = writeScenario(dir, 'small', smallScenario());
    const out = join(dir, 'run');
    const run = faultline(['run', file, '--set', 'groups.modules.repair.mean=2h', '--reps', '200', '--workers', '1', '--out', out]);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).overrides).toEqual({ 'groups.modules.repair.mean': '2h' });
    const list = faultline(['run', file, '--set', 'groups.modules.repair.mean=2h,3h', '--out', out]);
    expect(list.status).toBe(2);
    expect(list.stderr).toMatch(/--set groups\.modules\.repair\.mean: expected one value here \(several values make a sweep: faultline sweep\), got 2/);
    const check = faultline(['check', file, '--set', 'groups.modules.count=5', '--set', 'services.small.atLeast=3', '--reps', '200', '--workers', '1', '--out', join(dir, 'check')]);
    expect(check.status, check.stderr).toBe(0);
    expect(readFileSync(join(dir, 'check', 'check.csv'), 'utf8')).toMatch(/small\.availability/);
  }, 60_000);

  it('has --help with examples', () => {
    const help = faultline(['sweep', '--help']);
    expect(help.stdout).toMatch(/Examples:\n {2}\$ faultline sweep tmr --set groups\.modules\.repair\.mean=1h,2h,4h,8h/);
  });
});
