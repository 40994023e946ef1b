import { describe, expect, it } from 'vitest';
import {
  binomialLowerTail,
  kOfNGroupsIntervalUnavailability,
  kOfNGroupsPointUnavailability,
  kOfNGroupsUnavailability,
} from '../../src/analytic/kOfNGroups.js';

const R = [
  { count: 3, atLeast: 2, mttf: 8760, mttr: 4 },
  { count: 6, atLeast: 2, mttf: 4380, mttr: 4 },
];

describe('k-of-n groups, exact', () => {
  it('reproduces the issue-stated exact availability of scenario R, 0.99999937525', () => {
    // Issue 2: binomial tails with A = MTTF/(MTTF+MTTR). By hand: q = 4/8764, 3q²(1−q) + q³
    // = 6.2475e-7 for the coordinators; the executors add ~4e-15.
    expect(1 - kOfNGroupsUnavailability(R)).toBeCloseTo(0.99999937525, 11);
    const q = 4 / 8764;
    expect(kOfNGroupsUnavailability([R[0]!])).toBeCloseTo(3 * q * q * (1 - q) + q ** 3, 22);
  });

  it('binomial lower tail sums to one over all outcomes and matches a hand count', () => {
    expect(binomialLowerTail(6, 7, 0.3, 0.7)).toBeCloseTo(1, 14);
    // P(X < 2), X ~ Bin(6, 0.9): 0.1^6 + 6·0.9·0.1^5
    expect(binomialLowerTail(6, 2, 0.9, 0.1) / (1e-6 + 6 * 0.9 * 1e-5)).toBeCloseTo(1, 14);
    expect(binomialLowerTail(5, 0, 0.5, 0.5)).toBe(0);
  });

  it('point unavailability starts at 0 and tends to the steady state', () => {
    expect(kOfNGroupsPointUnavailability(R, 0)).toBe(0);
    expect(kOfNGroupsPointUnavailability(R, 1e4)).toBeCloseTo(kOfNGroupsUnavailability(R), 20);
  });

  it('interval unavailability of one component matches q(1 − (1 − e^{−sT})/(sT))', () => {
    // Two-state Markov chain started up: q(t) = q(1 − e^{−st}), s = λ + μ; its mean over [0, T].
    const mttf = 50;
    const mttr = 5;
    const s = 1 / mttf + 1 / mttr;
    const q = mttr / (mttf + mttr);
    for (const T of [1, 10, 100, 1000]) {
      const exact = q * (1 - -Math.expm1(-s * T) / (s * T));
      expect(kOfNGroupsIntervalUnavailability([{ count: 1, atLeast: 1, mttf, mttr }], T) / exact).toBeCloseTo(1, 9);
    }
  });

  it('interval unavailability of R is just below the steady state (start-up transient)', () => {
    const interval = kOfNGroupsIntervalUnavailability(R, 8760);
    const steady = kOfNGroupsUnavailability(R);
    expect(interval).toBeLessThan(steady);
    expect(interval / steady).toBeGreaterThan(0.998);
  });
});
