/** Expected time to recover from concurrent failures repaired in parallel: the mean of a maximum. */

import { invalidParameter, requireFinite, requirePositive } from '../errors.js';
import { normalCdf, normalSurvival } from '../math/normal.js';
import type { Lognormal } from './lognormalLatency.js';

/** A normally distributed duration (hours, or any unit used consistently). */
export interface NormalDuration {
  readonly mean: number;
  readonly sd: number;
}

// Gauss–Kronrod 15-point rule (QUADPACK qk15): abscissae, Kronrod weights, and the weights of the
// embedded 7-point Gauss rule on the odd-indexed abscissae.
const XGK = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926,
  0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0,
] as const;
const WGK = [
  0.02293532201052922496373200805897, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518,
  0.140653259715525918745189590510238, 0.16900472663926790282658342659855, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
] as const;
const WG = [
  0.129484966168869693270611432679082, 0.27970539148927666790146777142378, 0.381830050505118944950369775488975,
  0.417959183673469387755102040816327,
] as const;

/** One G7K15 panel: the Kronrod estimate and |Kronrod − Gauss| as its error bound. */
function kronrodPanel(f: (x: number) => number, lo: number, hi: number): { value: number; error: number } {
  const center = (lo + hi) / 2;
  const half = (hi - lo) / 2;
  const fc = f(center);
  let kronrod = fc * WGK[7];
  let gauss = fc * WG[3];
  for (let j = 0; j < 7; j++) {
    const dx = half * XGK[j]!;
    const pair = f(center - dx) + f(center + dx);
    kronrod += WGK[j]! * pair;
    if (j % 2 === 1) gauss += WG[(j - 1) / 2]! * pair;
  }
  return { value: kronrod * half, error: Math.abs((kronrod - gauss) * half) };
}

/**
 * ∫ f over [breaks[0], breaks[last]] by adaptive Gauss–Kronrod (Piessens et al., QUADPACK, 1983),
 * bisecting a panel until its error bound is below its share of `tolerance`. The breakpoints put
 * panel edges where the integrand changes on different scales.
 */
function integrate(f: (x: number) => number, breaks: readonly number[], tolerance: number): number {
  const a = breaks[0]!;
  const width = breaks[breaks.length - 1]! - a;
  if (!(width > 0)) return 0;
  let total = 0;
  const stack: Array<[number, number, number]> = [];
  for (let i = breaks.length - 1; i > 0; i--) if (breaks[i]! > breaks[i - 1]!) stack.push([breaks[i - 1]!, breaks[i]!, 0]);
  while (stack.length > 0) {
    const [lo, hi, depth] = stack.pop()!;
    const panel = kronrodPanel(f, lo, hi);
    // Also accept at the rounding floor, so an over-strict tolerance cannot bisect forever.
    const floor = 1e-15 * Math.abs(panel.value);
    if (panel.error <= (tolerance * (hi - lo)) / width || panel.error <= floor || depth >= 40) {
      total += panel.value;
    } else {
      const mid = (lo + hi) / 2;
      stack.push([mid, hi, depth + 1], [lo, mid, depth + 1]);
    }
  }
  return total;
}

/** log Φ(z), accurate in both tails. */
function logNormalCdf(z: number): number {
  return z > 0 ? Math.log1p(-normalSurvival(z)) : Math.log(normalCdf(z));
}

/** Sorted, de-duplicated breakpoints inside [lo, hi]: the ends plus centre ± {0, 1, 3, 8} scales. */
function breakpoints(lo: number, hi: number, centres: readonly number[], scales: readonly number[]): number[] {
  const points = [lo, hi];
  centres.forEach((c, i) => {
    for (const k of [-8, -3, -1, 0, 1, 3, 8]) points.push(c + k * scales[i]!);
  });
  return [...new Set(points.filter((x) => x >= lo && x <= hi))].sort((x, y) => x - y);
}

/**
 * E[max(X_1…X_n)] from the CDF F(x) = Π Φ(z_i(x)) on the line (z_i affine in x, weight w(x) ≥ 0),
 * as pivot + ∫_pivot^hi w(1 − F) − ∫_lo^pivot w F, so that both integrands are small far from the
 * pivot and 1 − F = −expm1(Σ log Φ) keeps its precision.
 */
function maxByQuadrature(
  z: (x: number) => number[],
  weight: (x: number) => number,
  range: { lo: number; pivot: number; hi: number; centres: number[]; scales: number[]; tolerance: number },
): { below: number; above: number } {
  const logF = (x: number): number => z(x).reduce((sum, zi) => sum + logNormalCdf(zi), 0);
  const below = integrate(
    (x) => weight(x) * Math.exp(logF(x)),
    breakpoints(range.lo, range.pivot, range.centres, range.scales),
    range.tolerance,
  );
  const above = integrate(
    (x) => weight(x) * -Math.expm1(logF(x)),
    breakpoints(range.pivot, range.hi, range.centres, range.scales),
    range.tolerance,
  );
  return { below, above };
}

// Beyond 38 standard deviations Φ is below 3e-316: the tails contribute nothing representable.
const TAIL_Z = 38;

function requireNonEmpty(name: string, list: readonly unknown[]): void {
  if (list.length === 0) invalidParameter(name, 'at least one duration', '[]');
}

/**
 * E[max of independent normal durations]: the expected time until all of them are done when
 * the recoveries run in parallel, E = a + ∫_a^∞ (1 − Π Φ_i) dx − ∫_{−∞}^a Π Φ_i dx (a = the
 * largest mean), by adaptive Gauss–Kronrod to about 1e-13 of the largest sd. It exceeds the
 * largest mean (Jensen), which seed 000 reports as the "best case parallel" time. For two
 * durations it equals Clark's closed form (C. E. Clark, "The greatest of a finite set of random
 * variables", Operations Research 9 (1961), 145–162).
 *
 * Assumes: independent durations; normal laws taken at face value, negative values included
 * (see {@link normalNegativeProbability} for how often that happens); unlimited repair crews
 * (every recovery starts at once).
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming `durations` or the offending field.
 */
export function expectedMaximumNormal(durations: readonly NormalDuration[]): number {
  requireNonEmpty('durations', durations);
  durations.forEach((d, i) => {
    requireFinite(`durations[${i}].mean`, d.mean);
    requirePositive(`durations[${i}].sd`, d.sd);
  });
  const centres = durations.map((d) => d.mean);
  const scales = durations.map((d) => d.sd);
  const pivot = Math.max(...centres);
  const lo = Math.max(...durations.map((d) => d.mean - TAIL_Z * d.sd));
  const hi = Math.max(...durations.map((d) => d.mean + TAIL_Z * d.sd));
  const { below, above } = maxByQuadrature(
    (x) => durations.map((d) => (x - d.mean) / d.sd),
    () => 1,
    { lo, pivot, hi, centres, scales, tolerance: 1e-13 * Math.max(...scales) },
  );
  return pivot + above - below;
}

/**
 * E[max of independent lognormal durations] = ∫_0^∞ (1 − Π F_i(x)) dx, integrated in y = ln x
 * (dx = e^y dy) and scaled by e^a, a = max μ_i: E = e^a (1 − ∫_{−∞}^0 e^u G du + ∫_0^∞ e^u (1 − G) du),
 * G(u) = Π Φ((a + u − μ_i)/σ_i). Relative accuracy about 1e-12.
 *
 * Assumes: independent lognormal durations (positive, unlike normals); unlimited repair crews;
 * σ_i ≤ 10 (beyond, the tail beyond e^{μ+σ²} overflows doubles).
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming `durations` or the offending field.
 */
export function expectedMaximumLognormal(durations: readonly Lognormal[]): number {
  requireNonEmpty('durations', durations);
  durations.forEach((d, i) => {
    requireFinite(`durations[${i}].mu`, d.mu);
    if (!(d.sigma > 0 && d.sigma <= 10)) invalidParameter(`durations[${i}].sigma`, 'a number in (0, 10]', d.sigma);
  });
  const a = Math.max(...durations.map((d) => d.mu));
  const centres = durations.map((d) => d.mu - a);
  const scales = durations.map((d) => d.sigma);
  // The upper tail of e^u·Φ̄((u − c)/σ) is that of a normal centred at c + σ².
  const lo = Math.max(...durations.map((d, i) => centres[i]! - TAIL_Z * d.sigma));
  const hi = Math.max(...durations.map((d, i) => centres[i]! + d.sigma * d.sigma + TAIL_Z * d.sigma));
  // E/e^a is at least the largest mean over e^a: absolute tolerances are set against it.
  const meanScale = Math.max(...durations.map((d, i) => Math.exp(centres[i]! + (d.sigma * d.sigma) / 2)));
  const tiltedCentres = [...centres, ...durations.map((d, i) => centres[i]! + d.sigma * d.sigma)];
  const { below, above } = maxByQuadrature(
    (u) => durations.map((d, i) => (u - centres[i]!) / d.sigma),
    Math.exp,
    { lo, pivot: 0, hi, centres: tiltedCentres, scales: [...scales, ...scales], tolerance: 1e-14 * meanScale },
  );
  return Math.exp(a) * (1 - below + above);
}

/**
 * E[max of n i.i.d. exponential durations with rate λ] = H_n/λ, H_n = Σ_{k=1}^n 1/k (the gaps
 * between order statistics are exponential with rates nλ, (n−1)λ, …; Rényi 1953; Trivedi 2002, §3.6).
 *
 * Assumes: independence; unlimited repair crews.
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming `n` or `rate`.
 */
export function expectedMaximumIidExponential(n: number, rate: number): number {
  if (!(Number.isInteger(n) && n >= 1)) invalidParameter('n', 'an integer >= 1', n);
  requirePositive('rate', rate);
  let harmonic = 0;
  for (let k = n; k >= 1; k--) harmonic += 1 / k;
  return harmonic / rate;
}

/**
 * E[max of independent exponential durations with rates λ_i]. Equal by inclusion–exclusion to
 * Σ_{∅≠S} (−1)^{|S|+1}/Σ_{i∈S} λ_i, but computed by the equivalent first-step recursion of the
 * Markov chain on the set S of recoveries still running, T(S) = (1 + Σ_{i∈S} λ_i T(S∖{i}))/Λ_S,
 * whose terms are all positive (the alternating sum loses digits to cancellation). O(n·2^n).
 *
 * Assumes: independence; unlimited repair crews; at most 20 durations.
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming `rates`.
 */
export function expectedMaximumExponential(rates: readonly number[]): number {
  if (rates.length === 0 || rates.length > 20) invalidParameter('rates', 'between 1 and 20 rates', rates.length);
  rates.forEach((r, i) => requirePositive(`rates[${i}]`, r));
  const n = rates.length;
  const t = new Float64Array(1 << n);
  for (let set = 1; set < 1 << n; set++) {
    let total = 0;
    let weighted = 1;
    for (let i = 0; i < n; i++) {
      if (set & (1 << i)) {
        total += rates[i]!;
        weighted += rates[i]! * t[set ^ (1 << i)]!;
      }
    }
    t[set] = weighted / total;
  }
  return t[(1 << n) - 1]!;
}

/**
 * P(a normal duration is negative) = Φ(−mean/sd): how often a normal recovery-time model (as in
 * seed 000, sd = mean/2 gives Φ(−2) ≈ 2.3%) produces an impossible negative duration.
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming `mean` or `sd`.
 * @example normalNegativeProbability(30, 15) // Φ(−2) = 0.022750131948179195
 */
export function normalNegativeProbability(mean: number, sd: number): number {
  requireFinite('mean', mean);
  requirePositive('sd', sd);
  return normalCdf(-mean / sd);
}
