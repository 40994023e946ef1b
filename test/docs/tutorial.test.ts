import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromCsv } from '../../src/io/csv.js';
import { bin, tempDir } from '../support/cli.js';

/**
 * docs/tutorial.md runs as written: its blocks in order, in an empty folder — ```json file=X
 * writes X, ```json patch=X adds its fields to X, each line of a ```sh block is run — with
 * `--reps 2000` for speed and one worker. Then what the text says is checked on the results.
 */
const tutorial = readFileSync(resolve(import.meta.dirname, '../../docs/tutorial.md'), 'utf8');

describe('docs/tutorial.md', () => {
  it('runs every block, and the results say what the text says', async () => {
    const dir = tempDir('tutorial');
    const blocks = [...tutorial.matchAll(/```(\w+)([^\n]*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1] as string, info: (m[2] as string).trim(), body: m[3] as string }));
    expect(blocks.filter((b) => b.lang === 'sh').length).toBeGreaterThanOrEqual(5);
    for (const b of blocks) {
      if (b.lang === 'json' && b.info.startsWith('file=')) writeFileSync(join(dir, b.info.slice(5)), b.body);
      else if (b.lang === 'json' && b.info.startsWith('patch=')) {
        const path = join(dir, b.info.slice(6));
        const file = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
        writeFileSync(path, JSON.stringify({ ...file, ...(JSON.parse(`{${b.body}}`) as Record<string, unknown>) }, null, 2));
      } else if (b.lang === 'sh') {
        for (const line of b.body.split('\n').filter((l) => l.trim() !== '')) {
          const args = line.trim().split(/\s+/);
          expect(args[0], line).toBe('faultline');
          const rest = args.slice(1).map((a, i, all) => (all[i - 1] === '--reps' ? '2000' : a));
          if (['run', 'check', 'sweep'].includes(rest[0] as string)) rest.push('--workers', '1');
          const r = spawnSync(process.execPath, [bin, ...rest], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
          expect(r.status, `${line}\n${r.stderr}`).toBe(0);
        }
      }
    }
    const check = await fromCsv(readFileSync(join(dir, 'results', 'check.csv'), 'utf8'));
    expect(check.find((r) => r['formula']?.includes('vendor SLA'))?.['verdict']).toBe('refuted');
    expect(check.filter((r) => r['kind'] === 'correct' && r['verdict'] === 'refuted')).toEqual([]);
    const sweep = await fromCsv(readFileSync(join(dir, 'results', 'my-cluster-sweep', 'sweep.csv'), 'utf8'));
    expect(sweep.filter((r) => r['metric'] === 'cluster.availability').map((r) => r['groups.s3.availability'])).toEqual(['0.9999', '0.99999', '0.999999']);
    expect(existsSync(join(dir, 'results', 'my-cluster-sweep', 'report.html'))).toBe(true);
    expect(existsSync(join(dir, 'results', 'my-cluster', 'report.html'))).toBe(true);
    const outages = await fromCsv(readFileSync(join(dir, 'results', 'my-cluster', 'outages.csv'), 'utf8'));
    const total = outages.reduce((t, o) => t + Number(o['duration_hours']), 0);
    const s3 = outages.filter((o) => o['start_group'] === 's3').reduce((t, o) => t + Number(o['duration_hours']), 0);
    expect(s3 / total).toBeGreaterThan(0.8);
  }, 180_000);
});
