import { describe, expect, it } from 'vitest';
import {
  consecutiveBreakerHalfOpenFraction,
  consecutiveBreakerOpenFraction,
  consecutiveBreakerOpensPerHour,
  halfOpenCloseProbability,
  rateBreakerHalfOpenCloseProbability,
  rateBreakerTripProbability,
  type ConsecutiveBreakerLoad,
} from '../../src/analytic/breakers.js';
import { deriveStream } from '../../src/random/streams.js';
import { ConsecutiveBreaker } from '../../src/sim/workload/policies/ConsecutiveBreaker.js';
import { SlidingWindowBreaker } from '../../src/sim/workload/policies/SlidingWindowBreaker.js';
import { OPEN } from '../../src/sim/workload/policies/breakerState.js';
import { solveLinear } from '../support/helpers.js';


/**
 * The breaker as a semi-Markov process, solved independently of the renewal argument: states
 * CLOSED with j failures (j < k), OPEN, HALF_OPEN with i successes (i < m); holding times 1/λ
 * (until the next call) except OPEN's W; time fractions ∝ π_s·h_s with π the embedded chain's
 * stationary law (Ross 1996 §4.8, semi-Markov limiting probabilities).
 */
function semiMarkov(b: ConsecutiveBreakerLoad): { open: number; halfOpen: number } {
  const { threshold: k, halfOpenSuccesses: m, failureProbability: f } = b;
  const n = k + 1 + m;
  const OPEN_STATE = k;
  const half = (i: number): number => k + 1 + i;
  const p = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < k; j++) {
    p[j]![j + 1 === k ? OPEN_STATE : j + 1]! += f;
    p[j]![0]! += 1 - f;
  }
  p[OPEN_STATE]![half(0)] = 1;
  for (let i = 0; i < m; i++) {
    p[half(i)]![i + 1 === m ? 0 : half(i + 1)]! += 1 - f;
    p[half(i)]![OPEN_STATE]! += f;
  }
  // π(P − I) = 0 with Σπ = 1: replace the last equation by the normalisation.
  const a = Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => (r === n - 1 ? 1 : p[c]![r]! - (r === c ? 1 : 0))));
  const rhs = Array.from({ length: n }, (_, r) => (r === n - 1 ? 1 : 0));
  const pi = solveLinear(a, rhs);
  const hold = pi.map((x, s) => x * (s === OPEN_STATE ? b.resetTimeout : 1 / b.rate));
  const total = hold.reduce((x, y) => x + y, 0);
  return { open: hold[OPEN_STATE]! / total, halfOpen: hold.slice(k + 1).reduce((x, y) => x + y, 0) / total };
}

const load: ConsecutiveBreakerLoad = { rate: 100, failureProbability: 0.4, threshold: 3, resetTimeout: 0.05, halfOpenSuccesses: 2 };

describe('consecutive breaker (seed 003)', () => {
  it('half-open close probability (1 − f)^m', () => {
    expect(halfOpenCloseProbability(0.1, 3)).toBeCloseTo(0.729, 15);
    expect(halfOpenCloseProbability(1, 2)).toBe(0);
  });

  it('open fraction: the hand value of the example, 0.6', () => {
    expect(consecutiveBreakerOpenFraction({ rate: 100, failureProbability: 0.5, threshold: 2, resetTimeout: 0.06, halfOpenSuccesses: 1 })).toBeCloseTo(0.6, 14);
  });

  it('open and half-open fractions agree with an independently solved semi-Markov chain', () => {
    for (const b of [load, { ...load, failureProbability: 0.9, halfOpenSuccesses: 5 }, { ...load, failureProbability: 0.05, threshold: 2, halfOpenSuccesses: 1 }]) {
      const chain = semiMarkov(b);
      expect(consecutiveBreakerOpenFraction(b)).toBeCloseTo(chain.open, 12);
      expect(consecutiveBreakerHalfOpenFraction(b)).toBeCloseTo(chain.halfOpen, 12);
    }
  });

  it('limits: f = 0 never opens; f = 1 is open W/(W + 1/λ) of the time', () => {
    expect(consecutiveBreakerOpenFraction({ ...load, failureProbability: 0 })).toBe(0);
    expect(consecutiveBreakerOpenFraction({ ...load, failureProbability: 1 })).toBeCloseTo(0.05 / (0.05 + 0.01), 14);
  });

  it('agrees with a Monte Carlo of ConsecutiveBreaker under Poisson calls (open fraction and opens per hour, 5 standard errors of batch means)', () => {
    const rng = deriveStream(31, 0, 'analytic-breakers', 'consecutive');
    const breaker = new ConsecutiveBreaker({ type: 'consecutive', name: 'b', threshold: load.threshold, resetTimeout: load.resetTimeout, halfOpenSuccesses: load.halfOpenSuccesses, failureCauses: [] });
    const batches = 40;
    const batchLength = 50; // hours: ~5000 calls, ~100 openings per batch
    const fractions: number[] = [];
    const rates: number[] = [];
    let now = 0;
    breaker.reset(0, 0);
    for (let batch = 0; batch < batches; batch++) {
      const start = now;
      const open0 = breaker.openTime(now);
      const opens0 = breaker.opens;
      const end = start + batchLength;
      for (;;) {
        now += -Math.log(1 - rng()) / load.rate;
        if (now > end) break;
        if (!breaker.allow(now)) continue;
        if (rng() < load.failureProbability) breaker.onFailure(now);
        else breaker.onSuccess(now);
      }
      fractions.push((breaker.openTime(end) - open0) / batchLength);
      rates.push((breaker.opens - opens0) / batchLength);
      now = end; // Poisson: restarting the gap at the batch boundary changes nothing
    }
    const check = (xs: number[], exact: number): void => {
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
      expect(Math.abs(mean - exact)).toBeLessThan((5 * sd) / Math.sqrt(xs.length));
    };
    check(fractions, consecutiveBreakerOpenFraction(load));
    check(rates, consecutiveBreakerOpensPerHour(load));
  });

  it('names the parameter it refuses', () => {
    expect(() => consecutiveBreakerOpenFraction({ ...load, rate: 0 })).toThrow(/rate/);
    expect(() => consecutiveBreakerOpenFraction({ ...load, threshold: 0 })).toThrow(/threshold/);
    expect(() => consecutiveBreakerOpenFraction({ ...load, resetTimeout: Number.NaN })).toThrow(/resetTimeout/);
    expect(() => halfOpenCloseProbability(0.5, 0)).toThrow(/m:/);
  });
});

/** P(Bin(n, f) ≥ j) by the explicit sum of C(n, i) f^i (1 − f)^{n−i}. */
function binomialTail(n: number, f: number, j: number): number {
  let sum = 0;
  let choose = 1;
  for (let i = 0; i <= n; i++) {
    if (i >= j) sum += choose * f ** i * (1 - f) ** (n - i);
    choose = (choose * (n - i)) / (i + 1);
  }
  return sum;
}

describe('resilience4j count-window breaker', () => {
  it('first-evaluation trip: P(Bin(10, ½) ≥ 5) = 638/1024 (hand value)', () => {
    expect(rateBreakerTripProbability(10, 0.5, 0.5)).toBeCloseTo(638 / 1024, 14);
    expect(rateBreakerHalfOpenCloseProbability(10, 0.5, 0.5)).toBeCloseTo(386 / 1024, 14);
  });

  it('the float32 tie: θ = 0.14, 50 calls trips at 7 failures (⌈θn⌉ = ⌈7.000000000000001⌉ would say 8)', () => {
    expect(rateBreakerTripProbability(50, 0.1, 0.14)).toBeCloseTo(binomialTail(50, 0.1, 7), 13);
    expect(rateBreakerTripProbability(50, 0.1, 0.14)).not.toBeCloseTo(binomialTail(50, 0.1, 8), 4);
  });

  it('agrees with every outcome sequence fed to SlidingWindowBreaker (n = 8, several thresholds)', () => {
    const n = 8;
    const f = 0.3;
    for (const threshold of [0.125, 0.3, 0.375, 0.5, 1]) {
      let trip = 0;
      for (let mask = 0; mask < 2 ** n; mask++) {
        const b = new SlidingWindowBreaker({
          type: 'slidingWindow', name: 'b', window: 'count', size: n, minimumCalls: n, failureRateThreshold: threshold,
          slowCallRateThreshold: 1, slowCallDuration: 1, permittedInHalfOpen: 1, waitInOpen: 1, failureCauses: [],
        });
        let failures = 0;
        for (let i = 0; i < n; i++) {
          const failed = ((mask >> i) & 1) === 1;
          failures += failed ? 1 : 0;
          b.onResult(0, failed, 0);
        }
        if (b.state === OPEN) trip += f ** failures * (1 - f) ** (n - failures);
      }
      expect(rateBreakerTripProbability(n, f, threshold)).toBeCloseTo(trip, 13);
      expect(rateBreakerHalfOpenCloseProbability(n, f, threshold)).toBeCloseTo(1 - trip, 13);
    }
  });

  it('f = 0 and f = 1', () => {
    expect(rateBreakerTripProbability(10, 0, 0.5)).toBe(0);
    expect(rateBreakerTripProbability(10, 1, 0.5)).toBe(1);
    expect(rateBreakerHalfOpenCloseProbability(10, 0, 0.5)).toBe(1);
    expect(rateBreakerHalfOpenCloseProbability(10, 1, 0.5)).toBe(0);
  });

  it('names the parameter it refuses', () => {
    expect(() => rateBreakerTripProbability(0, 0.5, 0.5)).toThrow(/calls/);
    expect(() => rateBreakerTripProbability(10, 2, 0.5)).toThrow(/f:/);
    expect(() => rateBreakerTripProbability(10, 0.5, 0)).toThrow(/threshold/);
  });
});
