// End-to-end: spawns the built binary (npm test builds first) as a user would.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const faultline = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

describe('faultline CLI', () => {
  it('--help shows the command and an example, exit 0', () => {
    const run = faultline('reference', '--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--reps <n>');
    expect(run.stdout).toContain('Examples:');
  });

  it('runs the reference check and prints JSON with both cases', () => {
    const run = faultline('--reps', '3000', '--seed', '5', '--json');
    expect(run.status).toBe(0);
    const rows = JSON.parse(run.stdout) as { case: string; replications: number; seed: number; verdict: string }[];
    expect(rows.map((r) => r.case)).toEqual(['R', 'R/100']);
    expect(rows.every((r) => r.replications === 3000 && r.seed === 5)).toBe(true);
    expect(rows[0]?.verdict).toBe('inconclusive'); // 3000 years of R see too few outages
    expect(rows[1]?.verdict).toBe('consistent');
  });

  it('is reproducible: the same seed prints the same JSON', () => {
    expect(faultline('--reps', '500', '--json').stdout).toBe(faultline('--reps', '500', '--json').stdout);
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

  it('schema prints the JSON Schema of scenario files', () => {
    const run = faultline('schema');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ type: 'object', additionalProperties: false });
  });

  it('bad usage: one line naming the option and the value on stderr, exit 2', () => {
    for (const args of [['--reps', 'abc'], ['--seed', '-1'], ['--confidence', '1.5'], ['--nope']]) {
      const run = faultline(...args);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/error: /);
    }
    expect(faultline('--reps', 'abc').stderr).toContain('--reps: expected an integer >= 2, got "abc"');
  });
});
