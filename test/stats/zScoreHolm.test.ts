import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors.js';
import { holm } from '../../src/stats/holm.js';
import { twoSidedPValue, zScore } from '../../src/stats/zScore.js';

describe('zScore', () => {
  it('is (estimate - reference) / stdError', () => {
    expect(zScore(0.52, 0.5, 0.01)).toBe((0.52 - 0.5) / 0.01);
    expect(zScore(3, 5, 2)).toBe(-1);
  });

  it('treats stdError = 0 as an exact estimate: 0 on a match, ±Infinity otherwise', () => {
    expect(zScore(1, 1, 0)).toBe(0);
    expect(zScore(1.5, 1, 0)).toBe(Infinity);
    expect(zScore(0.5, 1, 0)).toBe(-Infinity);
  });

  it('throws FaultlineErrors naming estimate, reference or stdError', () => {
    expect(() => zScore(NaN, 1, 1)).toThrow(/^estimate: expected/);
    expect(() => zScore(1, Infinity, 1)).toThrow(/^reference: expected/);
    expect(() => zScore(1, 1, -1)).toThrow(/^stdError: expected/);
    expect(() => zScore(1, 1, NaN)).toThrow(FaultlineError);
  });
});

describe('twoSidedPValue', () => {
  it('is 2(1 - Φ(|z|)) with full precision in the tail (mpmath 50 digits: erfc(|z|/√2))', () => {
    expect(Math.abs(twoSidedPValue(1.959963984540054) - 0.05)).toBeLessThan(1e-15);
    expect(twoSidedPValue(0)).toBe(1);
    expect(twoSidedPValue(-3)).toBe(twoSidedPValue(3));
    // erfc(10/√2) = 1.523970604832105e-23 (mpmath, 50 digits).
    expect(Math.abs(twoSidedPValue(10) / 1.523970604832105e-23 - 1)).toBeLessThan(1e-14);
    expect(twoSidedPValue(Infinity)).toBe(0);
    expect(() => twoSidedPValue(NaN)).toThrow(/^z: expected/);
  });
});

describe('holm', () => {
  it("reproduces the worked example of Holm's procedure (Wikipedia, Holm–Bonferroni method)", () => {
    // p = (0.01, 0.04, 0.03, 0.005), m = 4. Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06,
    // 0.04·1 = 0.04 → raised to the running maximum 0.06. Worked by hand; R's p.adjust(p, "holm")
    // gives the same. At α = 0.05, H1 and H4 are rejected, H2 and H3 are not.
    const adjusted = holm([0.01, 0.04, 0.03, 0.005]);
    const want = [0.03, 0.06, 0.06, 0.02];
    adjusted.forEach((a, i) => expect(a).toBeCloseTo(want[i]!, 15));
  });

  it('is monotone in the sorted order, capped at 1, and handles ties and empty input', () => {
    expect(holm([])).toEqual([]);
    expect(holm([0.5, 0.5, 0.9])).toEqual([1, 1, 1]);
    expect(holm([0.2, 0.01, 0.2])).toEqual([0.4, 0.03, 0.4]);
    const ps = [0.001, 0.2, 0.03, 0.04, 0.0005, 0.7];
    const adj = holm(ps);
    const order = ps.map((_, i) => i).sort((i, j) => ps[i]! - ps[j]!);
    for (let k = 1; k < order.length; k++) expect(adj[order[k]!]!).toBeGreaterThanOrEqual(adj[order[k - 1]!]!);
    adj.forEach((a, i) => {
      expect(a).toBeGreaterThanOrEqual(ps[i]!);
      expect(a).toBeLessThanOrEqual(1);
    });
  });

  it('throws a FaultlineError naming the offending entry', () => {
    expect(() => holm([0.1, 1.2])).toThrow(/^pValues\[1\]: expected/);
    expect(() => holm([NaN])).toThrow(FaultlineError);
  });
});
