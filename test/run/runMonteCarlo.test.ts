// The runner's contracts: the pool equals serial, shards merged equal one run, failures leave no
// finished-looking output, target precision is deterministic, CSVs read back exactly.
// The pool runs the compiled worker (dist/), which `npm test` builds first.
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseString } from 'fast-csv';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledScenarioPath } from '../../src/io/bundledScenarios.js';
import { loadScenario } from '../../src/io/loadScenario.js';
import { runChunk } from '../../src/run/runChunk.js';
import { estimateMetric } from '../../src/run/summarize.js';
import { runMonteCarlo, shardRange } from '../../src/run/runMonteCarlo.js';
import { mergePartials, runToDirectory } from '../../src/run/runToDirectory.js';
import { runScenario } from '../../src/run/runScenario.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-run-'));
const tmr = loadScenario(bundledScenarioPath('tmr-one-crew'));
const read = (path: string) => readFileSync(path, 'utf8');

afterAll(() => {
  delete process.env['FAULTLINE_TEST_FAIL_REP'];
});

describe('runMonteCarlo', () => {
  it('the pool gives byte-identical summary.csv and timeseries.csv for 1 and 2 workers, and equals a serial loop', async () => {
    const one = await runToDirectory(tmr, { seed: 5, replications: 5000, workers: 1, chunkSize: 700, out: join(dir, 'w1') });
    await runToDirectory(tmr, { seed: 5, replications: 5000, workers: 2, chunkSize: 700, out: join(dir, 'w2') });
    for (const file of ['summary.csv', 'timeseries.csv']) expect(read(join(dir, 'w2', file))).toBe(read(join(dir, 'w1', file)));
    // Serial, in this thread, one replication at a time.
    expect(JSON.stringify(one.accumulator)).toBe(JSON.stringify(runScenario(tmr, { seed: 5, replications: 5000 })));
  });

  it('a workload scenario (ratios, histograms): byte-identical for 1 and 2 workers and for shards merged', async () => {
    const memory = loadScenario(bundledScenarioPath('memory-admission'));
    await runToDirectory(memory, { seed: 4, replications: 24, workers: 1, chunkSize: 5, out: join(dir, 'm1') });
    await runToDirectory(memory, { seed: 4, replications: 24, workers: 2, chunkSize: 5, out: join(dir, 'm2') });
    await Promise.all([0, 1].map((index) => runToDirectory(memory, { seed: 4, replications: 24, workers: 1, chunkSize: 5, out: join(dir, `mp${index}`), shard: { index, count: 2 } })));
    await mergePartials([1, 0].map((i) => join(dir, `mp${i}`, 'partial.json')), join(dir, 'mmerged'));
    for (const file of ['summary.csv', 'timeseries.csv']) {
      expect(read(join(dir, 'm2', file))).toBe(read(join(dir, 'm1', file)));
      expect(read(join(dir, 'mmerged', file))).toBe(read(join(dir, 'm1', file)));
    }
    expect(read(join(dir, 'm1', 'summary.csv'))).toMatch(/queries\.etl_pipeline\.latency\.p99,/);
  });

  it('shards 0/3, 1/3, 2/3 merged equal a single run, byte for byte', async () => {
    const whole = join(dir, 'whole');
    await runToDirectory(tmr, { seed: 9, replications: 4000, workers: 2, chunkSize: 300, out: whole });
    const parts = await Promise.all(
      [0, 1, 2].map((index) => runToDirectory(tmr, { seed: 9, replications: 4000, workers: 1, chunkSize: 300, out: join(dir, `part${index}`), shard: { index, count: 3 } })),
    );
    expect(parts.map((p) => p.replications)).toEqual([1200, 1500, 1300]); // 14 chunks split 4/5/5
    await mergePartials([2, 0, 1].map((i) => join(dir, `part${i}`, 'partial.json')), join(dir, 'merged'));
    for (const file of ['summary.csv', 'timeseries.csv']) expect(read(join(dir, 'merged', file))).toBe(read(join(whole, file)));
    await expect(mergePartials([join(dir, 'part0', 'partial.json'), join(dir, 'part2', 'partial.json')], join(dir, 'gap'))).rejects.toThrow(/a shard is missing/);
  });

  it('shard ranges are contiguous and cover every chunk once', () => {
    for (const chunks of [1, 2, 7, 100]) {
      for (const count of [1, 2, 3, 8]) {
        const ranges = Array.from({ length: count }, (_, index) => shardRange(chunks, { index, count }));
        expect(ranges[0]?.[0]).toBe(0);
        expect(ranges.at(-1)?.[1]).toBe(chunks);
        for (let i = 1; i < count; i++) expect(ranges[i]?.[0]).toBe(ranges[i - 1]?.[1]);
      }
    }
  });

  it('a worker error stops the run, says how far it got, and leaves no complete-looking output', async () => {
    process.env['FAULTLINE_TEST_FAIL_REP'] = '2345';
    const out = join(dir, 'failed');
    await expect(runToDirectory(tmr, { seed: 1, replications: 6000, workers: 2, chunkSize: 500, out, perRep: true })).rejects.toThrow(
      /run failed: tmr-one-crew: seed 1, rep 2345: failure injected .*; \d+ of 6000 replications were finished/,
    );
    delete process.env['FAULTLINE_TEST_FAIL_REP'];
    expect(readdirSync(out)).toEqual([]);
  });

  it('an abort stops the run cleanly, saying it was interrupted', async () => {
    const controller = new AbortController();
    const out = join(dir, 'aborted');
    const run = runToDirectory(tmr, {
      seed: 1,
      replications: 200_000,
      workers: 2,
      chunkSize: 500,
      out,
      signal: controller.signal,
      onProgress: (done) => {
        if (done >= 1000) controller.abort(new Error('test'));
      },
    });
    await expect(run).rejects.toThrow(/run interrupted; \d+ of 200000 replications were finished/);
    expect(existsSync(join(out, 'summary.csv'))).toBe(false);
  });

  it('--target-precision stops at the same replication count, whatever the workers', async () => {
    const busy = loadScenario(bundledScenarioPath('tmr'));
    const runs = await Promise.all(
      [1, 2].map((workers) => runMonteCarlo(busy, { seed: 3, replications: 200_000, workers, chunkSize: 1000, targetPrecision: 0.05 })),
    );
    const [a, b] = runs as [(typeof runs)[0], (typeof runs)[0]];
    expect(a.stoppedBy).toBe('precision');
    expect(a.accumulator.replications).toBeLessThan(200_000);
    expect(b.accumulator.replications).toBe(a.accumulator.replications);
    expect(JSON.stringify(b.accumulator)).toBe(JSON.stringify(a.accumulator));
  });

  it('per-replication rows arrive in replication order and match the chunk runner', async () => {
    const out = join(dir, 'perrep');
    await runToDirectory(tmr, { seed: 2, replications: 2500, workers: 2, chunkSize: 400, out, perRep: true });
    const rows = await parse(read(join(out, 'replications.csv')));
    expect(rows).toHaveLength(2500);
    expect(rows.map((r) => Number(r['rep']))).toEqual(Array.from({ length: 2500 }, (_, i) => i));
    const direct = runChunk({ scenario: tmr, seed: 2, firstRep: 1234, count: 1, perRep: true });
    expect(Number(rows[1234]?.['tmr.availability'])).toBe(direct.values[0]);
  });

  it('CSV numbers read back (fast-csv parser) to exactly the values written', async () => {
    const out = join(dir, 'w1');
    const summary = await parse(read(join(out, 'summary.csv')));
    const acc = (await runMonteCarlo(tmr, { seed: 5, replications: 5000, workers: 1, chunkSize: 700 })).accumulator;
    const u = summary.find((r) => r['metric'] === 'tmr.unavailability');
    const e = estimateMetric(acc, acc.of('tmr.unavailability').metric, 0.99);
    expect(Number(u?.['estimate'])).toBe(e.estimate);
    expect(Number(u?.['std_error'])).toBe(e.stdError);
    expect(Number(u?.['ci_low'])).toBe(e.low);
    expect(Number(u?.['ci_high'])).toBe(e.high);
    expect(Object.keys(summary[0] ?? {})).toEqual([
      'scenario', 'seed', 'replications', 'metric', 'estimate', 'std_error', 'ci_low', 'ci_high', 'confidence', 'low_information', 'analytic', 'z_score', 'verdict',
    ]);
    const series = await parse(read(join(out, 'timeseries.csv')));
    expect(series).toHaveLength(2 * tmr.grid.length);
    expect(Number(series[0]?.['estimate'])).toBe((acc.curve('tmr.point_availability')?.[0] as number) / 5000);
  });
});

function parse(text: string): Promise<Record<string, string>[]> {
  return new Promise((resolve, reject) => {
    const rows: Record<string, string>[] = [];
    parseString(text, { headers: true })
      .on('data', (row: Record<string, string>) => rows.push(row))
      .on('error', reject)
      .on('end', () => resolve(rows));
  });
}
