/** Test-only helpers for the random layer: a small seeded generator and sample statistics. */

import type { Stream } from '../../src/random/Stream.js';

/**
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit state generator, ample for tests and
 * independent of the library's own streams. Returns multiples of 2^-32 in [0, 1), like `Stream`.
 */
export function mulberry32(seed: number): Stream {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stream that replays `values` in order (then throws), to pin exact draws in unit tests. */
export function replay(values: readonly number[]): Stream {
  let i = 0;
  return () => {
    const value = values[i++];
    if (value === undefined) throw new Error(`replay: only ${values.length} values`);
    return value;
  };
}

/** Draws `n` samples into a new array. */
export function drawSamples(sample: (rng: Stream) => number, rng: Stream, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = sample(rng);
  return out;
}

export interface SampleMoments {
  readonly mean: number;
  /** Divided by n − 1. */
  readonly variance: number;
}

export function sampleMoments(xs: Float64Array): SampleMoments {
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / xs.length;
  let squares = 0;
  for (const x of xs) squares += (x - mean) * (x - mean);
  return { mean, variance: squares / (xs.length - 1) };
}

/** The fraction of `sample` that is ≤ x, by plain counting (an oracle apart from the binary search under test). */
export function ecdf(sample: Float64Array, x: number): number {
  let count = 0;
  for (const v of sample) if (v <= x) count++;
  return count / sample.length;
}

/** The Kolmogorov–Smirnov statistic sup |F_n − F| of ascending continuous data against `cdf`. */
export function ksStatistic(sorted: Float64Array, cdf: (x: number) => number): number {
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]!);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/**
 * The asymptotic 99% critical value of the one-sample KS statistic, 1.628/√n: the 0.99 quantile
 * of the Kolmogorov distribution is 1.6276 (Smirnov 1948; e.g. scipy.stats.kstwobign.ppf(0.99)).
 */
export function ksCritical99(n: number): number {
  return 1.628 / Math.sqrt(n);
}

/** |got − want| / |want|, and 0 when they are equal (including both infinite). */
export function relErr(got: number, want: number): number {
  if (got === want) return 0;
  return Math.abs(got - want) / Math.abs(want);
}

/** Solves A x = b by Gaussian elimination with partial pivoting (small dense systems): an independent solver for tests of chains. */
export function solveLinear(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = m[r]![col]! / m[col]![col]!;
      for (let c = col; c <= n; c++) m[r]![c]! -= factor * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}
