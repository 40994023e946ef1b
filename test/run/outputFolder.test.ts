// A results folder describes one run; a write failure (a full disk, an I/O error) on any path
// stops the run, removes every temporary file and leaves the earlier results as they were.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors.js';
import { bundledScenarioPath } from '../../src/io/bundledScenarios.js';
import { loadScenario } from '../../src/io/loadScenario.js';
import { runCheck } from '../../src/check/runCheck.js';
import { mergePartials, runToDirectory } from '../../src/run/runToDirectory.js';
import { writeTextAtomically } from '../../src/io/AtomicFiles.js';
import { snapshot, tempDir } from '../support/cli.js';

const tmr = loadScenario(bundledScenarioPath('tmr'));
const run = (out: string, extra: Partial<Parameters<typeof runToDirectory>[1]> = {}) =>
  runToDirectory(tmr, { seed: 1, replications: 2000, workers: 1, chunkSize: 500, out, ...extra });

function manifestFiles(dir: string): string[] {
  return (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: string[] }).files.sort();
}

afterEach(() => {
  delete process.env['FAULTLINE_TEST_WRITE_FAIL'];
});

describe('one run per results folder', () => {
  it('a run without --per-rep removes the replications.csv of an earlier run', async () => {
    const out = tempDir('stale');
    await run(out, { perRep: true, seed: 7 });
    expect(existsSync(join(out, 'replications.csv'))).toBe(true);
    await run(out, { seed: 8 });
    expect(readdirSync(out).sort()).toEqual(['manifest.json', 'summary.csv', 'timeseries.csv']);
    expect(manifestFiles(out)).toEqual(readdirSync(out).sort());
  });

  it('a full run removes an earlier shard partial.json, and a shard removes an earlier summary', async () => {
    const out = tempDir('stale-shard');
    await run(out, { shard: { index: 0, count: 2 } });
    await run(out);
    expect(readdirSync(out).sort()).toEqual(['manifest.json', 'summary.csv', 'timeseries.csv']);
    await run(out, { shard: { index: 1, count: 2 } });
    expect(readdirSync(out).sort()).toEqual(['manifest.json', 'partial.json']);
  });

  it('leaves files that are not results alone, and removes the temporaries a killed run left', async () => {
    const out = tempDir('foreign');
    writeFileSync(join(out, 'notes.txt'), 'mine');
    writeFileSync(join(out, 'replications.csv.partial'), 'left by a run killed with SIGKILL');
    await run(out);
    expect(readdirSync(out).sort()).toEqual(['manifest.json', 'notes.txt', 'summary.csv', 'timeseries.csv']);
  });
});

describe('a write failure on any path', () => {
  // Each file a run, a shard, a merge or a check writes, failing as a full disk or an I/O error would.
  const cases: [string, string, (out: string) => Promise<unknown>][] = [
    ['summary.csv', 'ENOSPC', (out) => run(out)],
    ['timeseries.csv', 'EIO', (out) => run(out)],
    ['manifest.json', 'ENOSPC', (out) => run(out)],
    ['replications.csv', 'ENOSPC', (out) => run(out, { perRep: true })],
    ['partial.json', 'EIO', (out) => run(out, { shard: { index: 0, count: 2 } })],
    ['check.csv', 'ENOSPC', (out) => runCheck([{ scenario: tmr, replications: 1000 }], { seed: 1, workers: 1, confidence: 0.99, out })],
    ['check.md', 'EIO', (out) => runCheck([{ scenario: tmr, replications: 1000 }], { seed: 1, workers: 1, confidence: 0.99, out })],
  ];

  it.each(cases)('%s (%s): stops with WRITE, removes every temporary, keeps the earlier results', async (file, code, write) => {
    const out = tempDir('write-fail');
    await write(out); // the earlier results
    if (file.startsWith('check')) mkdirSync(join(out, 'tmr'), { recursive: true });
    const before = snapshot(out);
    const beforeTmr = existsSync(join(out, 'tmr')) ? snapshot(join(out, 'tmr')) : {};
    process.env['FAULTLINE_TEST_WRITE_FAIL'] = `${file}:${code}`;
    const error = await write(out).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(FaultlineError);
    expect((error as FaultlineError).code).toBe('WRITE');
    expect((error as Error).message).toMatch(new RegExp(`cannot write .*${file.replace('.', '\\.')} \\(${code}: .*\\); nothing was written to .*earlier results there are unchanged`));
    expect(snapshot(out)).toEqual(before);
    if (existsSync(join(out, 'tmr'))) expect(snapshot(join(out, 'tmr'))).toEqual(beforeTmr);
  });

  it('merge and the schema file, too', async () => {
    const parts = tempDir('merge-fail');
    await run(join(parts, 'p0'), { shard: { index: 0, count: 1 } });
    const out = join(parts, 'merged');
    await mergePartials([join(parts, 'p0', 'partial.json')], out);
    const before = snapshot(out);
    process.env['FAULTLINE_TEST_WRITE_FAIL'] = 'summary.csv:ENOSPC';
    await expect(mergePartials([join(parts, 'p0', 'partial.json')], out)).rejects.toThrow(/cannot write .*summary\.csv \(ENOSPC: .*nothing was written/);
    expect(snapshot(out)).toEqual(before);
    process.env['FAULTLINE_TEST_WRITE_FAIL'] = 'schema.json:EIO';
    expect(() => writeTextAtomically(join(parts, 'schema.json'), '{}')).toThrow(/cannot write .*schema\.json \(EIO/);
    expect(readdirSync(parts).sort()).toEqual(['merged', 'p0']);
  });
});
