// Output locations checked before simulating, write failures (injected, and a real full disk on
// a small tmpfs where mounting is permitted), two scenarios of one name, and --workers capped.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { faultline, hasStackTrace, smallScenario, snapshot, tempDir, writeScenario } from '../support/cli.js';

const dir = tempDir('outputs');

/** Mounts a tmpfs of `size` at a new folder, or says why it cannot. */
function mountTmpfs(size: string): { path: string } | { skip: string } {
  const path = tempDir('tmpfs');
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', path], { encoding: 'utf8' });
  return mount.status === 0 ? { path } : { skip: `mounting a tmpfs is not permitted here (${(mount.stderr || mount.error?.message || 'mount failed').trim()})` };
}

const mounts: string[] = [];
afterAll(() => {
  for (const path of mounts) spawnSync('umount', [path]);
});

describe('a bad --out is refused before simulating: exit 2, a message, no stack trace', () => {
  const file = join(dir, 'a-file');
  writeFileSync(file, 'not a folder');
  // 10^8 replications: were the location checked after simulating, these would not finish.
  const huge = ['--reps', '100000000', '--workers', '1'];
  const cases: [string, string[], RegExp][] = [
    ['an existing file', ['run', 'tmr', ...huge, '--out', file], /--out: expected a folder, got ".*a-file", which is a file/],
    ['a path under a file', ['run', 'tmr', ...huge, '--out', join(file, 'sub')], /--out: expected a folder that can be written, got ".*a-file\/sub" \(a path under a file\)/],
    ['""', ['run', 'tmr', ...huge, '--out', ''], /--out: expected a folder, got ""/],
    ['"" for check', ['check', 'tmr', ...huge, '--out', ''], /--out: expected a folder, got ""/],
    ['a file for merge', ['merge', file, '--out', file], /--out: expected a folder, got ".*a-file", which is a file/],
    ['schema --out a folder', ['schema', '--out', dir], /--out: expected a file, got ".*", which is a folder/],
  ];
  it.each(cases)('%s', (_name, args, message) => {
    const run = faultline(args);
    expect(run.stderr).toMatch(message);
    expect(run.status).toBe(2);
    expect(hasStackTrace(run.stderr)).toBe(false);
  });

  it('an unwritable folder', () => {
    let folder: string;
    if (process.getuid?.() !== 0) {
      folder = join(dir, 'read-only');
      mkdirSync(folder);
      chmodSync(folder, 0o500);
    } else {
      // root writes through permission bits: use a read-only mount, where permitted.
      const mount = mountTmpfs('64k');
      if ('skip' in mount) {
        console.warn(`skipped the unwritable-folder case: running as root and ${mount.skip}`);
        return;
      }
      mounts.push(mount.path);
      expect(spawnSync('mount', ['-o', 'remount,ro', mount.path]).status).toBe(0);
      folder = mount.path;
    }
    const run = faultline(['run', 'tmr', ...huge, '--out', folder]);
    expect(run.stderr).toMatch(/--out: expected a folder that can be written, got ".*" \((EACCES|EROFS): /);
    expect(run.status).toBe(2);
  });
});

describe('write failures stop the run: exit 1, every temporary removed, earlier results intact', () => {
  it('an injected ENOSPC in the --per-rep stream (once an unhandled error event)', () => {
    const out = join(dir, 'per-rep');
    expect(faultline(['run', 'tmr', '--reps', '1000', '--per-rep', '--workers', '1', '--out', out]).status).toBe(0);
    const before = snapshot(out);
    const run = faultline(['run', 'tmr', '--reps', '5000', '--seed', '2', '--per-rep', '--workers', '1', '--out', out], { FAULTLINE_TEST_WRITE_FAIL: 'replications.csv:ENOSPC' });
    expect(run.stderr).toMatch(/^faultline: cannot write .*replications\.csv \(ENOSPC: .*\); nothing was written to .*per-rep \(temporary files removed; earlier results there are unchanged\)\n$/);
    expect(run.status).toBe(1);
    expect(snapshot(out)).toEqual(before);
  });

  it('several scenarios: says which were written and which not', () => {
    const out = join(dir, 'several');
    const run = faultline(['run', 'tmr', 'tmr-one-crew', 'kafka-rf3', '--reps', '500', '--workers', '1', '--out', out], { FAULTLINE_TEST_WRITE_FAIL: 'tmr-one-crew/timeseries.csv:EIO' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/cannot write .*tmr-one-crew\/timeseries\.csv \(EIO: .*; nothing was written to .*tmr-one-crew .*\. Written before it: .*several\/tmr; not run: .*several\/kafka-rf3\n$/);
    expect(readdirSync(join(out, 'tmr')).sort()).toEqual(['manifest.json', 'summary.csv', 'timeseries.csv']);
    expect(readdirSync(join(out, 'tmr-one-crew'))).toEqual([]);
    const twice = faultline(['run', 'tmr', 'tmr-one-crew', '--reps', '500', '--workers', '1', '--out', out], { FAULTLINE_TEST_WRITE_FAIL: 'manifest.json:EIO' });
    expect(twice.status).toBe(1);
    expect(twice.stderr).toMatch(/cannot write .*tmr\/manifest\.json \(EIO/);
    // The earlier run's results of tmr are still there, whole.
    expect(readdirSync(join(out, 'tmr')).sort()).toEqual(['manifest.json', 'summary.csv', 'timeseries.csv']);
  });

  const mount = mountTmpfs('512k');
  const skip = 'skip' in mount ? mount.skip : undefined;
  if (skip !== undefined) console.warn(`skipped the tmpfs cases: ${skip}`);
  else mounts.push((mount as { path: string }).path);
  const disk = 'path' in mount ? mount.path : '';

  it.skipIf(skip !== undefined)('a real full disk (tmpfs of 512 KiB): --per-rep stream, then summary.csv; the next run succeeds', () => {
    const out = join(disk, 'tmr');
    expect(faultline(['run', 'tmr', '--reps', '200', '--per-rep', '--workers', '1', '--out', out]).status).toBe(0);
    const before = snapshot(out);
    // About 2.4 MB of rows for a 512 KiB disk.
    const full = faultline(['run', 'tmr', '--reps', '20000', '--seed', '3', '--per-rep', '--workers', '1', '--out', out]);
    expect(full.stderr).toMatch(/cannot write .*replications\.csv \(ENOSPC: no space left on device\); nothing was written/);
    expect(full.status).toBe(1);
    expect(snapshot(out)).toEqual(before);
    // A disk full but for a few hundred bytes: the summary itself cannot be written.
    const filler = join(disk, 'filler');
    spawnSync('sh', ['-c', `head -c 600000 /dev/zero > ${filler}`]);
    const summary = faultline(['run', 'tmr', '--reps', '200', '--seed', '4', '--workers', '1', '--out', out]);
    expect(summary.stderr).toMatch(/cannot write .*(summary|timeseries)\.csv \(ENOSPC: no space left on device\)/);
    expect(summary.status).toBe(1);
    expect(snapshot(out)).toEqual(before);
    rmSync(filler);
    expect(faultline(['run', 'tmr', '--reps', '200', '--seed', '5', '--per-rep', '--workers', '1', '--out', out]).status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['manifest.json', 'replications.csv', 'summary.csv', 'timeseries.csv']);
  });
});

describe('one command, one folder per scenario', () => {
  it('two scenarios with the same name are refused (they would share a folder), before simulating', () => {
    const a = writeScenario(dir, 'same-a', smallScenario());
    const b = writeScenario(dir, 'same-b', smallScenario());
    for (const command of ['run', 'check']) {
      const run = faultline([command, a, b, '--reps', '100000000', '--out', join(dir, `same-${command}`)]);
      expect(run.stderr).toMatch(/same-b\.json: name: expected a name no other scenario of this command has \(they would share an output folder\), got "small", as .*same-a\.json has/);
      expect(run.status).toBe(2);
    }
    expect(existsSync(join(dir, 'same-run', 'small', 'summary.csv'))).toBe(false);
  });

  it('--workers above the cores is capped with a warning; the results do not change', () => {
    const out = join(dir, 'workers');
    const run = faultline(['run', 'tmr', '--reps', '2000', '--workers', '1000', '--out', out, '--json']);
    expect(run.stderr).toContain(`faultline: warning: --workers 1000 is more than the ${availableParallelism()} cores; using ${availableParallelism()}`);
    expect(run.status).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).workers).toBe(availableParallelism());
  });
});
