import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors.js';
import { generators, type GeneratorName } from '../../src/random/generators.js';
import { StreamDeriver, StreamKey, deriveStream } from '../../src/random/streams.js';

const draws = (stream: () => number, n: number): number[] => Array.from({ length: n }, () => stream());

describe('stream derivation', () => {
  it('same key path, same draws; a fresh stream restarts the sequence', () => {
    const a = draws(deriveStream(42, 3, 'coordinators/1', 'ttf'), 50);
    const b = draws(new StreamDeriver(42).replication(3).stream(new StreamKey('coordinators/1', 'ttf')), 50);
    expect(a).toEqual(b);
    const rs = new StreamDeriver(42).replication(3);
    const key = new StreamKey('coordinators/1', 'ttf');
    const first = rs.stream(key);
    first();
    first();
    expect(draws(rs.stream(key), 50)).toEqual(a);
  });

  it('pins the derivation: these values change only on purpose (every result depends on them)', () => {
    expect(draws(deriveStream(1, 0, 'coordinators/0', 'ttf'), 3)).toMatchInlineSnapshot(`
      [
        0.7457854419481009,
        0.6663168116938323,
        0.7421647007577121,
      ]
    `);
  });

  it('each part of the key path changes the stream', () => {
    const base = draws(deriveStream(1, 0, 'executors/0', 'ttf'), 8);
    for (const other of [
      deriveStream(2, 0, 'executors/0', 'ttf'),
      deriveStream(1, 1, 'executors/0', 'ttf'),
      deriveStream(1, 0, 'executors/1', 'ttf'),
      deriveStream(1, 0, 'executors/0', 'ttr'),
      deriveStream(2 ** 32 + 1, 0, 'executors/0', 'ttf'), // high word of the seed matters
      deriveStream(1, 2 ** 32, 'executors/0', 'ttf'), // high word of the rep matters
    ]) {
      expect(draws(other, 8)).not.toEqual(base);
    }
  });

  it('adding components does not change the draws of existing ones (common random numbers)', () => {
    const rs = new StreamDeriver(9).replication(17);
    const before = draws(rs.stream(new StreamKey('s3', 'ttf')), 20);
    // Derive many other streams (new components, other purposes) and draw from them first.
    for (let i = 0; i < 100; i++) draws(rs.stream(new StreamKey(`executor-${i}`, 'ttf')), 5);
    const again = new StreamDeriver(9).replication(17);
    again.stream(new StreamKey('snowflake', 'ttr'))();
    expect(draws(again.stream(new StreamKey('s3', 'ttf')), 20)).toEqual(before);
  });

  it('draws are in [0, 1) with 32-bit resolution', () => {
    const xs = draws(deriveStream(5, 0, 'c', 'p'), 10_000);
    for (const x of xs) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      expect(Number.isInteger(x * 2 ** 32)).toBe(true);
    }
  });

  it('first draws across replications look independent uniform (mean, lag-1 correlation)', () => {
    // Per-replication streams must not be correlated through the key hashing: take the first
    // draw of each of n consecutive replications. For i.i.d. U(0,1), the mean has SD
    // sqrt(1/12/n) and the lag-1 sample correlation has SD ≈ 1/sqrt(n); allow 4.5 SD.
    const n = 100_000;
    const deriver = new StreamDeriver(1);
    const key = new StreamKey('coordinators/0', 'ttf');
    const xs = Array.from({ length: n }, (_, rep) => deriver.replication(rep).stream(key)());
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4.5 * Math.sqrt(1 / 12 / n));
    let cov = 0;
    let v = 0;
    for (let i = 0; i < n; i++) {
      v += ((xs[i] as number) - mean) ** 2;
      if (i > 0) cov += ((xs[i] as number) - mean) * ((xs[i - 1] as number) - mean);
    }
    expect(Math.abs(cov / v)).toBeLessThan(4.5 / Math.sqrt(n));
    // Ten equal bins: chi-square with 9 degrees of freedom stays below its 99.9% point, 27.88.
    const bins = new Array<number>(10).fill(0);
    for (const x of xs) bins[Math.floor(x * 10)]! += 1;
    const chi2 = bins.reduce((s, c) => s + (c - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(27.88);
  });

  it('every benchmarked generator loads from hashed state and is reproducible', () => {
    for (const name of Object.keys(generators) as GeneratorName[]) {
      const make = () => new StreamDeriver(3, name).replication(0).stream(new StreamKey('x', 'y'));
      const a = draws(make(), 10);
      expect(draws(make(), 10)).toEqual(a);
      expect(new Set(a).size).toBe(10);
    }
  });

  it('rejects bad seeds, reps and keys with the field named', () => {
    expect(() => new StreamDeriver(-1)).toThrow(FaultlineError);
    expect(() => new StreamDeriver(-1)).toThrow(/seed: expected a non-negative safe integer, got -1/);
    expect(() => new StreamDeriver(1.5)).toThrow(/seed/);
    expect(() => new StreamDeriver(2 ** 53)).toThrow(/seed/);
    expect(() => new StreamDeriver(1).replication(Number.NaN)).toThrow(/rep: .* got NaN/);
    expect(() => new StreamKey('', 'ttf')).toThrow(/streamKey.component/);
    expect(() => new StreamKey('a', '')).toThrow(/streamKey.purpose/);
    expect(() => new StreamDeriver(1, 'mt' as GeneratorName)).toThrow(/generator/);
  });
});
