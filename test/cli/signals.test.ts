// Interruptions: a signal at start-up, during a run, twice, and SIGKILL at seeded pseudo-random
// moments. Nothing that looks finished is left behind; the next run into the folder succeeds.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultline, faultlineAsync, hasStackTrace, tempDir } from '../support/cli.js';
import { mulberry32 } from '../support/helpers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `predicate` holds (polled), or rejects after `ms`. */
async function until(predicate: () => boolean, ms = 20_000): Promise<void> {
  for (const start = Date.now(); !predicate(); await sleep(10)) {
    if (Date.now() - start > ms) throw new Error('timed out waiting');
  }
}

const temporaries = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.partial')) : []);

/**
 * What a results folder may hold after any interruption: either no manifest.json (nothing looks
 * finished; temporaries may remain after SIGKILL, for the next run to remove), or a manifest
 * that lists exactly the results there, every one of its own run (its seed).
 */
function expectNothingFalse(dir: string): void {
  if (!existsSync(join(dir, 'manifest.json'))) return;
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { seed: number; replications: number; files: string[] };
  const results = readdirSync(dir).filter((f) => !f.endsWith('.partial'));
  expect(results.sort()).toEqual([...manifest.files].sort());
  for (const file of manifest.files.filter((f) => f.endsWith('.csv'))) {
    const rows = readFileSync(join(dir, file), 'utf8').trimEnd().split('\n').slice(1);
    expect(rows.every((row) => row.split(',')[1] === String(manifest.seed))).toBe(true);
    if (file === 'replications.csv') expect(rows).toHaveLength(manifest.replications);
  }
}

describe('signals', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s during start-up: one line, exit %i (once killed silently)', async (signal, code) => {
    const out = tempDir('startup');
    const { child, done } = faultlineAsync(['run', 'tmr', '--out', out], { FAULTLINE_TEST_STARTUP_PAUSE_MS: '20000' });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    await until(() => stderr.includes('start-up paused'));
    child.kill(signal);
    const result = await done;
    expect(result.status).toBe(code);
    expect(result.stderr.split('\n').slice(1)).toEqual([`faultline: stopped by ${signal} during start-up; nothing was written`, '']);
  });

  it('SIGINT during a run: stops cleanly, says how far it got, exit 130, no temporaries, earlier results intact', async () => {
    const out = tempDir('interrupted');
    expect(faultline(['run', 'tmr', '--reps', '500', '--per-rep', '--workers', '1', '--out', out]).status).toBe(0);
    const before = readFileSync(join(out, 'replications.csv'), 'utf8');
    const { child, done } = faultlineAsync(['run', 'tmr', '--reps', '50000000', '--seed', '2', '--per-rep', '--workers', '1', '--out', out]);
    await until(() => temporaries(out).includes('replications.csv.partial'));
    child.kill('SIGINT');
    const result = await done;
    expect(result.status).toBe(130);
    expect(result.stderr).toMatch(/^faultline: stopped by SIGINT: run interrupted; \d+ of 50000000 replications were finished; nothing was written to .* \(temporary files removed; earlier results there are unchanged\)\n$/);
    expect(temporaries(out)).toEqual([]);
    expect(readFileSync(join(out, 'replications.csv'), 'utf8')).toBe(before);
    expectNothingFalse(out);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('a second %s still cleans up: exit %i, one line, no temporaries', async (signal, code) => {
    const out = tempDir('twice');
    const { child, done } = faultlineAsync(['run', 'tmr', '--reps', '50000000', '--per-rep', '--workers', '2', '--out', out]);
    await until(() => temporaries(out).includes('replications.csv.partial'));
    child.kill(signal);
    await sleep(5);
    child.kill(signal);
    const result = await done;
    expect(result.status).toBe(code);
    // The second arrives during the clean stop (or, on a fast machine, after it).
    expect(result.stderr).toMatch(new RegExp(`^faultline: (stopped by a second signal \\(${signal}\\) at once(; \\d+ unfinished files? removed)?|stopped by ${signal}: run interrupted; .*)\\n$`));
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(temporaries(out)).toEqual([]);
  });
});

describe('SIGKILL at pseudo-random moments (seeded)', () => {
  // Seed 11: the kill delays, in ms after spawning, over start-up, the run and its end.
  const next = mulberry32(11);
  const lanes = [0, 1].map((lane) => ({ lane, out: tempDir(`kill-${lane}`), delays: Array.from({ length: 6 }, () => Math.round(150 + 1100 * next())) }));

  it('12 runs killed with -9: nothing complete-looking left; the next run into each folder removes the temporaries and succeeds', async () => {
    await Promise.all(
      lanes.map(async ({ lane, out, delays }) => {
        for (const [i, delay] of delays.entries()) {
          // Alternate plain runs, --per-rep streams and shards, each with its own seed.
          const extra = i % 3 === 0 ? ['--per-rep'] : i % 3 === 1 ? ['--shard', '0/2'] : [];
          const { child, done } = faultlineAsync(['run', 'tmr', '--reps', '60000', '--seed', String(100 * lane + i), '--workers', '1', '--out', out, ...extra]);
          await sleep(delay);
          child.kill('SIGKILL');
          await done;
          expectNothingFalse(out);
        }
        const last = faultline(['run', 'tmr', '--reps', '2000', '--seed', '999', '--per-rep', '--workers', '1', '--out', out]);
        expect(last.status).toBe(0);
        expect(readdirSync(out).sort()).toEqual(['manifest.json', 'replications.csv', 'summary.csv', 'timeseries.csv']);
        expectNothingFalse(out);
      }),
    );
  }, 120_000);
});
