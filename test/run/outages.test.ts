import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromCsv } from '../../src/io/csv.js';
import { faultline, smallScenario, tempDir, writeScenario } from '../support/cli.js';

const read = async (path: string) => fromCsv(readFileSync(path, 'utf8'));

describe('--outages: outages.csv', () => {
  it('records a hand-worked sequence exactly: starts, ends, durations within [warmup, horizon], the changes, a clipped end', async () => {
    // One component: up 10 h, down 2 h, deterministic; horizon 23 h, warmup 1 h. Outages [10, 12]
    // and [22, 23 (clipped)]: durations 2 and 1.
    const dir = tempDir('outages-hand');
    const file = writeScenario(dir, 'one', {
      name: 'one',
      description: 'a single component, deterministic',
      horizon: '23h',
      warmup: '1h',
      groups: { box: { failure: { type: 'deterministic', value: '10h' }, repair: { type: 'deterministic', value: '2h' } } },
      services: { svc: { all: ['box'] } },
    });
    const out = join(dir, 'out');
    const run = faultline(['run', file, '--reps', '2', '--workers', '1', '--outages', '--out', out]);
    expect(run.status, run.stderr).toBe(0);
    const rows = await read(join(out, 'outages.csv'));
    expect(rows.filter((r) => r['rep'] === '0')).toEqual([
      { scenario: 'one', seed: '1', rep: '0', service: 'svc', start_hours: '10', end_hours: '12', duration_hours: '2', clipped: 'false', start_component: 'box/0', start_group: 'box', start_state: 'down', start_cause: 'failure', end_component: 'box/0', end_group: 'box', end_state: 'up', end_cause: 'repair' },
      { scenario: 'one', seed: '1', rep: '0', service: 'svc', start_hours: '22', end_hours: '23', duration_hours: '1', clipped: 'true', start_component: 'box/0', start_group: 'box', start_state: 'down', start_cause: 'failure', end_component: undefined, end_group: undefined, end_state: undefined, end_cause: 'end of run' },
    ]);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).files).toContain('outages.csv');
  });

  it('adds up to each replication’s downtime and outages, names shocks as causes, and is the same bits on 1 or 2 workers', async () => {
    const dir = tempDir('outages-sum');
    const file = writeScenario(
      dir,
      'small',
      smallScenario((s) => {
        s.shocks = { rack: { every: { type: 'exponential', mean: '2000h' }, members: ['modules'] } };
      }),
    );
    const one = join(dir, 'one');
    const two = join(dir, 'two');
    for (const [out, workers] of [[one, '1'], [two, '2']] as const) {
      const run = faultline(['run', file, '--reps', '300', '--chunk-size', '50', '--workers', workers, '--outages', '--per-rep', '--out', out]);
      expect(run.status, run.stderr).toBe(0);
    }
    expect(readFileSync(join(one, 'outages.csv'), 'utf8')).toBe(readFileSync(join(two, 'outages.csv'), 'utf8'));
    const outages = await read(join(one, 'outages.csv'));
    const reps = await read(join(one, 'replications.csv'));
    for (const r of reps) {
      const mine = outages.filter((o) => o['rep'] === r['rep']);
      expect(mine.length).toBe(Number(r['small.outages']));
      expect(mine.reduce((t, o) => t + Number(o['duration_hours']), 0)).toBeCloseTo(Number(r['small.downtime_hours']), 9);
    }
    expect(outages.some((o) => o['start_cause'] === 'shock')).toBe(true);
    expect(outages.some((o) => o['start_cause'] === 'failure')).toBe(true);
  }, 60_000);

  it('is not written without --outages, and a later run without it removes an old one', () => {
    const dir = tempDir('outages-none');
    const file = writeScenario(dir, 'small', smallScenario());
    const out = join(dir, 'out');
    expect(faultline(['run', file, '--reps', '100', '--workers', '1', '--outages', '--out', out]).status).toBe(0);
    expect(existsSync(join(out, 'outages.csv'))).toBe(true);
    expect(faultline(['run', file, '--reps', '100', '--workers', '1', '--out', out]).status).toBe(0);
    expect(existsSync(join(out, 'outages.csv'))).toBe(false);
  }, 60_000);
});
