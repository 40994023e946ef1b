import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors.js';
import { ExactSum, bigIntToDouble } from '../../src/stats/ExactSum.js';
import { Moments } from '../../src/stats/Moments.js';
import { mulberry32 } from '../support/helpers.js';

function data(seed: number, n: number, offset = 300, spread = 10): number[] {
  const u = mulberry32(seed);
  return Array.from({ length: n }, () => offset + spread * u());
}

function of(xs: readonly number[]): Moments {
  const m = new Moments();
  for (const x of xs) m.add(x);
  return m;
}

function bits(m: Moments): unknown[] {
  return [m.count, m.mean, m.m2, m.m3, m.min, m.max, m.nonzero, m.few, JSON.stringify(m)];
}

/** Splits xs at the given cut points. */
function cut(xs: readonly number[], at: readonly number[]): number[][] {
  return [0, ...at].map((start, i) => xs.slice(start, at[i] ?? xs.length));
}

describe('ExactSum', () => {
  it('sums exactly where floating-point addition loses everything', () => {
    const s = new ExactSum();
    for (const x of [1e308, 1, -1e308, 2 ** -1074, 1e-300, -1e-300]) s.add(x);
    expect(s.toBigInt()).toBe((1n << 1074n) + 1n); // 1 + 2^-1074, in units of 2^-1074
    expect(s.valueOf()).toBe(1);
  });

  it('is independent of order and grouping, and survives many carries', () => {
    const xs = data(3, 20_000, 0, 1).map((x, i) => (i % 3 === 0 ? -x * 1e6 : x * 1e-9));
    const forward = new ExactSum();
    for (const x of xs) forward.add(x);
    const backward = new ExactSum();
    for (const x of [...xs].reverse()) backward.add(x);
    const parts = cut(xs, [7, 5000, 5001]).map((part) => {
      const s = new ExactSum();
      for (const x of part) s.add(x);
      return s;
    });
    const merged = new ExactSum();
    for (const p of [parts[2]!, parts[0]!, parts[3]!, parts[1]!]) merged.merge(p);
    expect(backward.toBigInt()).toBe(forward.toBigInt());
    expect(merged.toBigInt()).toBe(forward.toBigInt());
    const many = new ExactSum();
    for (let i = 0; i < 3 * 2 ** 19 + 5; i++) many.add(0.75);
    expect(many.valueOf()).toBe(0.75 * (3 * 2 ** 19 + 5));
  });

  it('round-trips through BigInt, including negative values', () => {
    const s = new ExactSum();
    for (const x of [-3.5, 1e-310, -(2 ** 900)]) s.add(x);
    const t = new ExactSum();
    t.setBigInt(s.toBigInt());
    expect(t.toBigInt()).toBe(s.toBigInt());
    expect(t.valueOf()).toBe(-(2 ** 900));
  });

  it('rounds BigInts to the nearest double, ties to even', () => {
    expect(bigIntToDouble(3n, 0)).toBe(3);
    expect(bigIntToDouble((1n << 53n) + 1n, 0)).toBe(2 ** 53); // tie → even
    expect(bigIntToDouble((1n << 53n) + 3n, 0)).toBe(2 ** 53 + 4); // tie → even
    expect(bigIntToDouble((1n << 200n) + (1n << 147n) + 1n, -200)).toBe(1 + 2 ** -52); // above the tie
    expect(bigIntToDouble(-5n, -1074)).toBe(-5 * 2 ** -1074);
    expect(bigIntToDouble(1n, 2000)).toBe(Infinity);
  });

  it('rejects non-finite numbers naming x', () => {
    expect(() => new ExactSum().add(NaN)).toThrow(/^x: expected a finite number, got NaN/);
  });
});

describe('Moments', () => {
  it('gives textbook values on a small sample', () => {
    const m = of([2, 4, 4, 4, 5, 5, 7, 9]);
    // Mean 5, Σ(x − 5)² = 32 (the classic population-sd-2 example); sample variance 32/7.
    expect(m.count).toBe(8);
    expect(m.mean).toBe(5);
    expect(m.m2).toBe(32);
    expect(m.variance).toBe(32 / 7);
    expect(m.stdDev).toBe(Math.sqrt(32 / 7));
    expect(m.standardError).toBe(Math.sqrt(32 / 7) / Math.sqrt(8));
    expect(m.min).toBe(2);
    expect(m.max).toBe(9);
  });

  it('is NaN where undefined: empty mean, variance with fewer than two observations', () => {
    const m = new Moments();
    expect(m.mean).toBeNaN();
    expect(m.variance).toBeNaN();
    m.add(3);
    expect(m.mean).toBe(3);
    expect(m.m2).toBe(0);
    expect(m.variance).toBeNaN();
  });

  it('merge of parts equals one pass, exactly, for any cut and any merge order', () => {
    const xs = data(7, 3000);
    const whole = bits(of(xs));
    for (const at of [[1], [1, 1000, 1001], [2999], [17, 18, 1500, 2000]]) {
      const parts = cut(xs, at).map(of);
      const inOrder = new Moments();
      for (const p of parts) inOrder.merge(p);
      expect(bits(inOrder)).toEqual(whole);
      const reversed = new Moments();
      for (const p of [...parts].reverse()) reversed.merge(p);
      expect(bits(reversed)).toEqual(whole);
    }
    // Shuffled one-pass input gives the same bits too.
    const shuffled = [...xs].sort((a, b) => (a * 7919) % 1 - (b * 7919) % 1);
    expect(bits(of(shuffled))).toEqual(whole);
  });

  it('is exact where the naive formula and Welford are not: a tiny spread on a large offset', () => {
    // x = 1e9 + k/1024 for k = 0..1023: every x is a double; the exact mean is 1e9 + 1023/2048
    // and M2 = Σ (k/1024 − 1023/2048)² = (n³ − n)/12 / 1024² with n = 1024 (sum of squares of a
    // centred arithmetic progression).
    const xs = Array.from({ length: 1024 }, (_, k) => 1e9 + k / 1024);
    const m = of(xs);
    expect(m.mean).toBe(1e9 + 1023 / 2048);
    expect(m.m2).toBe((1024 ** 3 - 1024) / 12 / 1024 ** 2);
  });

  it('treats merging an empty accumulator as an exact identity, both ways round', () => {
    const m = of(data(9, 100));
    const before = bits(m);
    m.merge(new Moments());
    expect(bits(m)).toEqual(before);
    expect(bits(new Moments().merge(m))).toEqual(before);
    expect(bits(new Moments().merge(new Moments()))).toEqual(bits(new Moments()));
  });

  it('does not change the accumulator it merges from', () => {
    const a = of(data(1, 50));
    const b = of(data(2, 50));
    const before = bits(b);
    a.merge(b);
    expect(bits(b)).toEqual(before);
  });

  it('round-trips exactly through toJSON / JSON text / fromJSON, including when empty and negative', () => {
    const m = of(data(11, 257, -5, 3));
    const restored = Moments.fromJSON(JSON.parse(JSON.stringify(m)));
    expect(bits(restored)).toEqual(bits(m));
    const empty = Moments.fromJSON(JSON.parse(JSON.stringify(new Moments())));
    expect(empty.count).toBe(0);
    expect(bits(empty.merge(m))).toEqual(bits(m));
  });

  it('rejects bad observations and malformed data with named FaultlineErrors', () => {
    expect(() => new Moments().add(NaN)).toThrow(/^x: expected/);
    expect(() => new Moments().add(Infinity)).toThrow(FaultlineError);
    expect(() => new Moments().add(1e200)).toThrow(/2\^340, got 1e\+200/);
    const good = { count: 2, sum: '0', sumSquares: '0', sumCubes: '0', min: 0, max: 0, nonzero: 0, few: [] };
    expect(() => Moments.fromJSON({ ...good, count: 1.5 })).toThrow(/^count: expected/);
    expect(() => Moments.fromJSON({ ...good, sum: '1.5' })).toThrow(/^sum: expected a decimal integer string, got "1.5"/);
    expect(() => Moments.fromJSON({ ...good, sumSquares: '-1' })).toThrow(/^sumSquares:/);
    expect(() => Moments.fromJSON({ ...good, min: 3, max: 1 })).toThrow(/^min, max:/);
    expect(() => Moments.fromJSON({ ...good, nonzero: 3 })).toThrow(/^nonzero: expected an integer in \[0, 2\]/);
    expect(() => Moments.fromJSON({ ...good, nonzero: 1 })).toThrow(/^few: expected 1 nonzero finite numbers/);
  });

  it('gives the textbook third central moment, exactly, also on a large offset', () => {
    // Σ(x − 5)³ for 2, 4, 4, 4, 5, 5, 7, 9: −27 − 1 − 1 − 1 + 0 + 0 + 8 + 64 = 42.
    expect(of([2, 4, 4, 4, 5, 5, 7, 9]).m3).toBe(42);
    // On 1e6 + those values the naive power sums lose everything; the exact ones do not.
    expect(of([2, 4, 4, 4, 5, 5, 7, 9].map((x) => 1e6 + x)).m3).toBe(42);
    // A symmetric sample has no skew; a single observation none either.
    expect(of([-3, -1, 1, 3]).m3).toBe(0);
    expect(of([7]).m3).toBe(0);
  });

  it('counts the nonzero observations and lists them while there are fewer than 30', () => {
    const m = new Moments();
    for (let i = 0; i < 1000; i++) m.add(i % 100 === 7 ? i / 1000 : 0);
    expect(m.count).toBe(1000);
    expect(m.nonzero).toBe(10);
    expect(m.few).toEqual([7, 107, 207, 307, 407, 507, 607, 707, 807, 907].map((i) => i / 1000));
    for (let i = 0; i < 19; i++) m.add(-1 - i);
    expect(m.nonzero).toBe(29);
    expect(m.few?.[0]).toBe(-19);
    m.add(5);
    expect(m.nonzero).toBe(30);
    expect(m.few).toBeNull();
    expect(m.add(0).nonzero).toBe(30);
  });

  it('keeps the nonzero list through merges and states, in any order, and drops it past 29', () => {
    const sparse = (seed: number, n: number, every: number) => {
      const u = mulberry32(seed);
      return Array.from({ length: n }, (_, i) => (i % every === 0 ? u() : 0));
    };
    const xs = sparse(4, 500, 25); // 20 nonzero
    const whole = bits(of(xs));
    const parts = cut(xs, [3, 250, 251]).map(of);
    const viaState = new Moments();
    for (const p of [parts[3]!, parts[1]!, parts[0]!, parts[2]!]) {
      const state = new Float64Array(Moments.STATE_SIZE);
      p.writeState(state, 0);
      viaState.mergeState(state, 0);
    }
    expect(bits(viaState)).toEqual(whole);
    // The written state is canonical: the same bits whatever the merge order.
    const a = new Float64Array(Moments.STATE_SIZE);
    const b = new Float64Array(Moments.STATE_SIZE);
    of(xs).writeState(a, 0);
    viaState.writeState(b, 0);
    expect(Array.from(b)).toEqual(Array.from(a));
    const many = of(sparse(5, 2000, 25)); // 80 nonzero
    const merged = parts.reduce((m, p) => m.merge(p), new Moments()).merge(many);
    expect(merged.nonzero).toBe(100);
    expect(merged.few).toBeNull();
    expect(Moments.fromJSON(JSON.parse(JSON.stringify(merged))).few).toBeNull();
  });
});
