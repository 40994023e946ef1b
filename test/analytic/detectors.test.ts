import { describe, expect, it } from 'vitest';
import {
  consecutiveRunProbability,
  expectedCallsUntilOpen,
  heartbeatFalseSuspicionProbability,
  heartbeatFalseSuspicionRate,
  heartbeatMeanDetectionLatency,
  heartbeatSuspectedFraction,
  phi,
  phiSuspicionTime,
} from '../../src/analytic/detectors.js';
import { solveLinear } from '../support/helpers.js';


/** Every binary sequence of length n with its probability (bit = 1 with probability p). */
function* sequences(n: number, p: number): Generator<[number[], number]> {
  for (let mask = 0; mask < 2 ** n; mask++) {
    const bits = Array.from({ length: n }, (_, i) => (mask >> i) & 1);
    yield [bits, bits.reduce((prob, b) => prob * (b ? p : 1 - p), 1)];
  }
}

const longestRun = (bits: number[]): number => {
  let best = 0;
  let run = 0;
  for (const b of bits) {
    run = b ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
};

describe('consecutive-failure circuit breaker', () => {
  it('expected calls until open = (1 − p^k)/((1 − p)p^k), against the absorbing-chain linear system', () => {
    for (const [p, k] of [
      [0.5, 5],
      [0.1, 3],
      [0.9, 10],
      [0.999, 4],
    ] as const) {
      // E_j = 1 + p·E_{j+1} + (1 − p)·E_0 for j < k, E_k = 0 (j = current run of failures).
      const a = Array.from({ length: k }, (_, j) =>
        Array.from({ length: k }, (_, c) => (c === j ? 1 : 0) - (c === j + 1 ? p : 0) - (c === 0 ? 1 - p : 0)),
      );
      const expected = solveLinear(a, Array.from({ length: k }, () => 1))[0]!;
      expect(expectedCallsUntilOpen(p, k) / expected).toBeCloseTo(1, 10);
      expect(expectedCallsUntilOpen(p, k) / ((1 - p ** k) / ((1 - p) * p ** k))).toBeCloseTo(1, 10);
    }
    expect(expectedCallsUntilOpen(0.5, 5)).toBe(62);
    expect(expectedCallsUntilOpen(1, 7)).toBe(7);
    expect(expectedCallsUntilOpen(0, 3)).toBe(Infinity);
    expect(() => expectedCallsUntilOpen(0.5, 0)).toThrow(/^k: expected/);
  });

  it('P(opens within n calls) matches enumeration of all 2^n call outcomes', () => {
    for (const [p, k, n] of [
      [0.5, 3, 10],
      [0.2, 2, 12],
      [0.7, 5, 13],
      [0.3, 1, 6],
    ] as const) {
      let exact = 0;
      for (const [bits, prob] of sequences(n, p)) if (longestRun(bits) >= k) exact += prob;
      expect(consecutiveRunProbability(p, k, n) / exact).toBeCloseTo(1, 12);
    }
    expect(consecutiveRunProbability(0.5, 3, 2)).toBe(0);
    expect(consecutiveRunProbability(0.5, 3, 0)).toBe(0);
  });

  it('keeps relative precision when tiny, against a forward run-length recursion', () => {
    // Independent O(n·k) recursion: distribution of the current run, absorbed mass accumulated.
    const forward = (p: number, k: number, n: number): number => {
      let state: number[] = Array.from({ length: k }, (_, j) => (j === 0 ? 1 : 0));
      let absorbed = 0;
      for (let t = 0; t < n; t++) {
        const next = Array.from({ length: k }, () => 0);
        state.forEach((mass, j) => {
          next[0]! += mass * (1 - p);
          if (j + 1 === k) absorbed += mass * p;
          else next[j + 1]! += mass * p;
        });
        state = next;
      }
      return absorbed;
    };
    for (const [p, k, n] of [
      [1e-3, 5, 3600],
      [1e-6, 8, 10_000],
      [0.3, 4, 5000],
    ] as const) {
      expect(consecutiveRunProbability(p, k, n) / forward(p, k, n)).toBeCloseTo(1, 11);
    }
    expect(consecutiveRunProbability(1e-6, 8, 10_000)).toBeLessThan(1e-40);
  });
});

describe('heartbeat detector', () => {
  const H = { interval: 1 / 3600, lossProbability: 0.01, missedToSuspect: 3 };

  it('suspected fraction ℓ^k and onset rate (1 − ℓ)ℓ^k/Δ, against enumeration', () => {
    expect(heartbeatSuspectedFraction(H)).toBeCloseTo(1e-6, 20);
    expect(heartbeatFalseSuspicionRate(H)).toBeCloseTo(0.99 * 1e-6 * 3600, 15);
    // Expected onsets (a slot closing a run of exactly k losses after a received heartbeat) in
    // slots k+1…n of a sequence: (n − k)(1 − ℓ)ℓ^k.
    const loss = 0.3;
    const k = 2;
    const n = 12;
    let onsets = 0;
    for (const [bits, prob] of sequences(n, loss)) {
      for (let i = k; i < n; i++) {
        const run = bits.slice(i - k + 1, i + 1).every((b) => b === 1);
        if (run && bits[i - k] === 0) onsets += prob;
      }
    }
    const h = { interval: 2, lossProbability: loss, missedToSuspect: k };
    expect((heartbeatFalseSuspicionRate(h) * h.interval * (n - k)) / onsets).toBeCloseTo(1, 12);
  });

  it('P(false suspicion within an hour) ≈ rate × hour when rare', () => {
    const p = heartbeatFalseSuspicionProbability(H, 1);
    // 3600 slots; first onset needs only k losses at the start (no received heartbeat before,
    // the last one just arrived), so the exact mean count is ℓ^k + (3600 − k)(1 − ℓ)ℓ^k.
    expect(p / (1e-6 + 3597 * 0.99e-6)).toBeCloseTo(1, 2);
    expect(p).toBe(consecutiveRunProbability(0.01, 3, 3600));
  });

  it('mean detection latency, against enumerating loss patterns and integrating the crash instant', () => {
    for (const h of [
      { interval: 1, lossProbability: 0, missedToSuspect: 3 },
      { interval: 1, lossProbability: 0.2, missedToSuspect: 3 },
      { interval: 0.5, lossProbability: 0.4, missedToSuspect: 2, delay: 0.7 },
    ]) {
      const delay = h.delay ?? 0;
      const m = 8; // heartbeats sent at −7Δ … 0: an older last arrival could not outlast the crash here
      let expected = 0;
      for (const [bits, prob] of sequences(m, h.lossProbability)) {
        // bits[i] = 1: heartbeat sent at −iΔ was lost.
        const last = bits.indexOf(0);
        const suspicion = last === -1 ? -Infinity : -last * h.interval + delay + h.missedToSuspect * h.interval;
        const cells = 20_000; // midpoint rule over the crash instant c ∈ (0, Δ)
        let sum = 0;
        for (let c = 0; c < cells; c++) sum += Math.max(0, suspicion - ((c + 0.5) / cells) * h.interval);
        expected += (prob * sum) / cells;
      }
      expect(heartbeatMeanDetectionLatency(h)).toBeCloseTo(expected, 8);
    }
    expect(heartbeatMeanDetectionLatency({ interval: 1, lossProbability: 0, missedToSuspect: 3 })).toBe(2.5);
  });

  it('names bad parameters', () => {
    expect(() => heartbeatSuspectedFraction({ ...H, interval: 0 })).toThrow(/^interval: expected/);
    expect(() => heartbeatMeanDetectionLatency({ ...H, delay: -1 })).toThrow(/^delay: expected/);
    expect(() => heartbeatFalseSuspicionProbability(H, -1)).toThrow(/^horizon: expected/);
  });
});

describe('phi accrual', () => {
  it('is −log10 Φ̄((t − mean)/sd) (mpmath, 30 digits), finite far beyond 37 sd', () => {
    const reference: Array<[number, number]> = [
      [0, 0.3010299956639812],
      [1, 0.7995455414919705],
      [2, 1.643016080140937],
      [3, 2.869699035929369],
      [10, 23.118053405486076],
      [37, 299.24218117860992],
      [40, 349.43700645934584],
      [100, 2173.8715428690344],
    ];
    for (const [z, value] of reference) expect(phi(1 + 0.25 * z, 1, 0.25) / value).toBeCloseTo(1, 12);
    // Both sides of the switch to the continued fraction agree.
    expect(phi(36.999999, 0, 1) / phi(37, 0, 1)).toBeCloseTo(1, 6);
  });

  it('suspicion time inverts phi at the threshold, without cancellation', () => {
    for (const threshold of [0.5, 1, 8, 16, 100, 299]) {
      const t = phiSuspicionTime(threshold, 1, 0.2);
      expect(phi(t, 1, 0.2) / threshold).toBeCloseTo(1, 11);
    }
    // Φ̄(z) = 1e-8 at z = 5.612001244174789 (mpmath).
    expect(phiSuspicionTime(8, 0, 1)).toBeCloseTo(5.612001244174789, 12);
    expect(() => phiSuspicionTime(0, 1, 1)).toThrow(/^threshold: expected/);
  });
});
