// End-to-end: spawns the built binary (npm test builds first) as a user would.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const faultline = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

describe('faultline CLI', () => {
  it('--help shows the command and an example, exit 0', () => {
    const run = faultline('check', '--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--reps <n>');
    expect(run.stdout).toContain('Examples:');
  });

  it('check simulates, cross-checks and writes check.csv, check.md, summary.csv, timeseries.csv', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-check-'));
    const run = faultline('check', 'tmr', 'reference-cluster-norepair', '--reps', '3000', '--seed', '5', '--out', dir, '--json');
    expect(run.status).toBe(0);
    const rows = JSON.parse(run.stdout) as { scenario: string; kind: string; verdict: string; formula: string }[];
    expect(rows.filter((r) => r.kind === 'correct' && r.verdict === 'refuted')).toEqual([]);
    expect(rows.some((r) => r.kind === 'published' && r.verdict === 'refuted')).toBe(true);
    for (const f of ['check.csv', 'check.md', 'tmr/summary.csv', 'tmr/timeseries.csv']) expect(existsSync(join(dir, f))).toBe(true);
    expect(readFileSync(join(dir, 'tmr', 'summary.csv'), 'utf8')).toMatch(/tmr\.availability,[^\n]*,consistent\n/);
    // --strict turns a refuted published formula into a failure.
    expect(faultline('check', 'reference-cluster-norepair', '--reps', '2000', '--out', dir, '--strict').status).toBe(1);
  });

  it('is reproducible: the same seed prints the same JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-check-'));
    expect(faultline('check', 'tmr', '--reps', '500', '--json', '--out', dir).stdout).toBe(faultline('check', 'tmr', '--reps', '500', '--json', '--workers', '1', '--out', dir).stdout);
  });

  it('validate checks the bundled scenarios, and names the field of a bad file (exit 2)', () => {
    const ok = faultline('validate');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('reference-cluster, 9 components, 3 services');
    const bad = faultline('validate', fileURLToPath(new URL('../../package.json', import.meta.url)));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/package\.json: \d+ problems:/);
    expect(bad.stderr).toContain('version: unknown field');
  });

  it('run writes the outputs; --json reports events and speed; merge combines shards', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-cli-'));
    const run = faultline('run', 'tmr', '--reps', '3000', '--workers', '2', '--out', join(dir, 'one'), '--json');
    expect(run.status).toBe(0);
    type JsonMetric = { metric: string; estimate: number; std_error: number | null; ci_low: number | null; ci_high: number | null; low_information: boolean | null; analytic: number | null; verdict: string | null };
    const [summary] = JSON.parse(run.stdout) as { replications: number; events: number; events_per_second: number; wall_seconds: number; metrics: JsonMetric[] }[];
    expect(summary?.replications).toBe(3000);
    expect(summary?.events).toBeGreaterThan(0);
    expect(summary?.events_per_second).toBeGreaterThan(0);
    // Every metric of summary.csv, with its interval, flag and (from the oracle) exact value and verdict.
    const csv = readFileSync(join(dir, 'one', 'summary.csv'), 'utf8').trim().split('\n').slice(1);
    expect(summary?.metrics.map((m) => m.metric)).toEqual(csv.map((line) => line.split(',')[3]));
    const availability = summary?.metrics.find((m) => m.metric === 'tmr.availability');
    expect(availability?.estimate).toBeGreaterThan(0.99);
    expect(availability?.low_information).toBe(false);
    expect(availability?.analytic).toBeGreaterThan(0.99);
    expect(availability?.verdict).toBe('consistent');
    expect(availability?.ci_low).toBeLessThan(availability?.ci_high as number);
    for (const f of ['summary.csv', 'timeseries.csv', 'manifest.json']) expect(existsSync(join(dir, 'one', f))).toBe(true);
    for (const i of [0, 1]) expect(faultline('run', 'tmr', '--reps', '3000', '--shard', `${i}/2`, '--out', join(dir, `p${i}`)).status).toBe(0);
    const merged = faultline('merge', join(dir, 'p1', 'partial.json'), join(dir, 'p0', 'partial.json'), '--out', join(dir, 'merged'));
    expect(merged.status).toBe(0);
    expect(readFileSync(join(dir, 'merged', 'summary.csv'), 'utf8')).toBe(readFileSync(join(dir, 'one', 'summary.csv'), 'utf8'));
  });

  it('a failing run exits 1, names the replication, and leaves no outputs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-cli-'));
    const run = spawnSync(process.execPath, [bin, 'run', 'tmr', '--reps', '5000', '--out', dir], {
      encoding: 'utf8',
      env: { ...process.env, FAULTLINE_TEST_FAIL_REP: '1500' },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/faultline: run failed: tmr: seed 1, rep 1500: .* \d+ of 5000 replications were finished/);
    expect(existsSync(join(dir, 'summary.csv'))).toBe(false);
    expect(existsSync(join(dir, 'manifest.json'))).toBe(false);
  });

  it('analytic shows the published annual availability beside the exact one, and why they differ', () => {
    const run = faultline('analytic', 'sims/reference-cluster.json');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/steady-state availability +0\.99999937525/);
    expect(run.stdout).toContain('ClusterReliabilityModel(3, 6).system_availability(8760) = 0.0581');
    expect(run.stdout).toMatch(/why they differ: .*without any repair/);
    const json = JSON.parse(faultline('analytic', 'reference-network', '--json').stdout) as { exact: { service: string; reason?: string }[] };
    expect(json.exact.find((e) => e.service === 'cluster')?.reason).toMatch(/links/);
  });

  it('analytic prints the closed forms of a workload\'s query metrics', () => {
    const run = faultline('analytic', 'memory-admission');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/queries\.dashboard_refresh\.failure_ratio\.rejected: 0\.1216\d+\n +formula: Erlang B\(10, λE\[X\]\)/);
    const json = JSON.parse(faultline('analytic', 'memory-admission', '--json').stdout) as { queries: { metric: string; analytic: number }[] };
    expect(json.queries.find((q) => q.metric === 'memory.exhausted_time')?.analytic).toBeCloseTo(0.117162, 5);
  });

  it('analytic lists the closed forms of a pipeline, of reflections and of recovery times, each with its source and assumptions', () => {
    const pipe = faultline('analytic', 'dataquarantine-breaker');
    expect(pipe.status).toBe(0);
    expect(pipe.stdout).toMatch(/Pipeline \(docs\/pipelines\.md[^\n]*\n\n {2}pipeline\.lost: 0 {2}\(published\)\n +formula: seed 004 §2\.1–§3\.1, §8: "Data Loss: ZERO"\n +source: seed 004[^\n]*\n +assumes: replication factor 3, acks=all/);
    expect(pipe.stdout).toMatch(/pipeline\.consumer\.recovery_over_30s: 0\.13686\d* {2}\(correct\)\n +formula: P\(T > 30 s\)[^\n]*\n +source: [^\n]*lognormal[^\n]*\n +assumes: the consumer group has its own repairer/);
    expect(pipe.stdout).toMatch(/pipeline\.breaker\.operator_response: (1800|1799\.9+\d*) {2}\(correct\)\n[^\n]*\n +source: Wald's identity/);
    const json = JSON.parse(faultline('analytic', 'dataquarantine-breaker', '--json').stdout) as { pipeline: { metric: string; analytic: number; source: string; assumes: string }[] };
    expect(json.pipeline.find((c) => c.metric === 'pipeline.breaker.operator_response')?.analytic).toBeCloseTo(1800, 9);
    expect(json.pipeline.every((c) => c.source.length > 0 && c.assumes.length > 0)).toBe(true);
    const refl = JSON.parse(faultline('analytic', 'reflections', '--json').stdout) as { reflections: { metric: string; kind: string; analytic: number }[] };
    expect(refl.reflections.find((c) => c.metric === 'daily_sales.stale_fraction' && c.kind === 'correct')?.analytic).toBeCloseTo(1 - 0.949 * 0.95, 12);
    const rec = faultline('analytic', 'recovery-times');
    expect(rec.stdout).toMatch(/Recovery times \(docs\/reflections-and-recovery\.md, "Recovery times"\):\n\n {2}recovery\.total: 30\.234\d* {2}\(correct\)\n +formula: E\[max\][^\n]*\n +source: [^\n]*\n +assumes: each step’s duration an independent draw/);
    expect(rec.stdout).toMatch(/recovery\.total: 36 {2}\(published\)\n(?: +[^\n]*\n){3} +where it goes wrong: the 0\.3 is invented/);
  });

  it('list names the bundled scenarios', () => {
    const run = faultline('list');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^reference-cluster +Seed 000's/m);
  });

  it('schema prints the JSON Schema of scenario files', () => {
    const run = faultline('schema');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ type: 'object', additionalProperties: false });
  });

  it('bad usage: one line naming the option and the value on stderr, exit 2', () => {
    for (const args of [['--reps', 'abc'], ['--seed', '-1'], ['--confidence', '1.5'], ['--nope'], ['run', 'tmr', '--shard', '3/2'], ['run', 'tmr', '--workers', '0'], ['run']]) {
      const run = faultline(...args);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/error: /);
    }
    expect(faultline('--reps', 'abc').stderr).toContain('--reps: expected an integer >= 2, got "abc"');
  });
});
