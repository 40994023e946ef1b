import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors.js';
import { Welford } from '../../src/stats/Welford.js';

/** mulberry32 (Tommy Ettinger, public domain): a fixed, seeded test generator (no global randomness). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function data(seed: number, n: number): number[] {
  const u = mulberry32(seed);
  // An offset of 100 standard deviations costs the naive Σx² - (Σx)²/n formula four digits; the
  // updates used here lose nothing comparable.
  return Array.from({ length: n }, () => 300 + 10 * u());
}

function bits(w: Welford): number[] {
  return [w.count, w.mean, w.m2, w.min, w.max];
}

describe('Welford', () => {
  it('gives textbook values on a small sample', () => {
    const w = new Welford();
    for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) w.add(x);
    // Mean 5, Σ(x - 5)² = 32 (the classic population-sd-2 example); sample variance 32/7.
    expect(w.count).toBe(8);
    expect(w.mean).toBe(5);
    expect(w.m2).toBe(32);
    expect(w.variance).toBe(32 / 7);
    expect(w.stdDev).toBe(Math.sqrt(32 / 7));
    expect(w.standardError).toBe(Math.sqrt(32 / 7) / Math.sqrt(8));
    expect(w.min).toBe(2);
    expect(w.max).toBe(9);
  });

  it('is NaN where undefined: empty mean, variance with fewer than two observations', () => {
    const w = new Welford();
    expect(w.mean).toBeNaN();
    expect(w.variance).toBeNaN();
    w.add(3);
    expect(w.mean).toBe(3);
    expect(w.variance).toBeNaN();
  });

  it('merges parts into the one-pass result up to rounding (relative 1e-12)', () => {
    const xs = data(7, 3000);
    const whole = new Welford();
    for (const x of xs) whole.add(x);
    const parts = [xs.slice(0, 1), xs.slice(1, 1000), xs.slice(1000, 1001), xs.slice(1001)].map((chunk) => {
      const w = new Welford();
      for (const x of chunk) w.add(x);
      return w;
    });
    const merged = new Welford();
    for (const p of parts) merged.merge(p);
    expect(merged.count).toBe(whole.count);
    expect(Math.abs(merged.mean - whole.mean) / whole.mean).toBeLessThan(1e-12);
    expect(Math.abs(merged.m2 - whole.m2) / whole.m2).toBeLessThan(1e-12);
    expect(merged.min).toBe(whole.min);
    expect(merged.max).toBe(whole.max);
    // Population variance of U(0, 10) is 100/12: the offset did not destroy precision.
    expect(Math.abs(whole.variance - 100 / 12)).toBeLessThan(0.5);
  });

  it('is deterministic: the same parts merged in the same order give the same bits', () => {
    const build = (): number[] => {
      const parts = [data(1, 500), data(2, 17), data(3, 1200)].map((chunk) => {
        const w = new Welford();
        for (const x of chunk) w.add(x);
        return w;
      });
      const merged = new Welford();
      for (const p of parts) merged.merge(p);
      return bits(merged);
    };
    expect(build()).toEqual(build());
  });

  it('treats merging an empty accumulator as an exact identity, both ways round', () => {
    const w = new Welford();
    for (const x of data(9, 100)) w.add(x);
    const before = bits(w);
    w.merge(new Welford());
    expect(bits(w)).toEqual(before);
    const fresh = new Welford().merge(w);
    expect(bits(fresh)).toEqual(before);
    expect(bits(new Welford().merge(new Welford()))).toEqual(bits(new Welford()));
  });

  it('round-trips exactly through toJSON / JSON text / fromJSON, including when empty', () => {
    const w = new Welford();
    for (const x of data(11, 257)) w.add(x);
    const restored = Welford.fromJSON(JSON.parse(JSON.stringify(w)));
    expect(bits(restored)).toEqual(bits(w));
    const empty = Welford.fromJSON(JSON.parse(JSON.stringify(new Welford())));
    expect(empty.count).toBe(0);
    expect(bits(empty.merge(w))).toEqual(bits(w));
  });

  it('rejects non-finite observations and malformed data with named FaultlineErrors', () => {
    expect(() => new Welford().add(NaN)).toThrow(/^x: expected/);
    expect(() => new Welford().add(Infinity)).toThrow(FaultlineError);
    expect(() => Welford.fromJSON({ count: 1.5, mean: 0, m2: 0, min: 0, max: 0 })).toThrow(/^count: expected/);
    expect(() => Welford.fromJSON({ count: 2, mean: 0, m2: -1, min: 0, max: 0 })).toThrow(/^m2: expected/);
    expect(() => Welford.fromJSON({ count: 2, mean: 0, m2: 1, min: null, max: 0 })).toThrow(FaultlineError);
  });
});
