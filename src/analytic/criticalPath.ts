/**
 * The law of the critical path of a DAG of steps with independent random durations (docs/reflections-and-recovery.md,
 * "Recovery times"), exact up to a stated grid error when the DAG is series–parallel reducible.
 */

import { invalidParameter } from '../errors.js';

/** What the method needs of a step's duration law (hours, or any unit used consistently): its CDF and quantiles. */
export interface DurationLaw {
  /** P(D ≤ x). */
  cdf(x: number): number;
  /** The smallest x with cdf(x) ≥ p. */
  quantile(p: number): number;
}

/** One step: its law, and the steps (by name) that must finish before it starts. */
export interface CriticalPathStep {
  readonly name: string;
  readonly law: DurationLaw;
  readonly after: readonly string[];
}

/** The law of the total time T = the latest completion, on the lattice {k·h}. */
export interface CriticalPathLaw {
  /** E[T]. */
  readonly mean: number;
  /** P(T ≤ x), by linear interpolation of the lattice CDF between the cell edges (k + ½)h. */
  cdf(x: number): number;
  /** The smallest x with cdf(x) ≥ p (the inverse of `cdf`). */
  quantile(p: number): number;
  /** The lattice step h. */
  readonly step: number;
  /**
   * A bound on the rounding error: every realisation of T is within `errorBound` = L·h/2 of the
   * lattice one (L = the most steps on one path), so |E[T] − mean| ≤ errorBound and
   * cdf(x − errorBound) ≲ P(T ≤ x) ≲ cdf(x + errorBound) (up to the 1e-12 tail cut per step and
   * the FFT's rounding, about 1e-14 absolute).
   */
  readonly errorBound: number;
}

/** The tail beyond each law's 1 − 1e-12 quantile is folded into its last lattice point. */
const TAIL = 1e-12;
/** Lattice points over the range [0, Σ cut quantiles] by default. */
const DEFAULT_POINTS = 1 << 16;

/** An arc of the two-terminal network: a lattice pmf (undefined: a zero-length dummy arc). */
interface Arc {
  from: number;
  to: number;
  pmf: Float64Array | undefined;
  /** The most steps on one path through this arc's sub-network (for the error bound). */
  depth: number;
}

/** In-place iterative radix-2 complex FFT (Cooley–Tukey); `inverse` conjugates the twiddles (no 1/n). */
function fft(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i]!;
      re[i] = re[j]!;
      re[j] = t;
      t = im[i]!;
      im[i] = im[j]!;
      im[j] = t;
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const angle = ((inverse ? 2 : -2) * Math.PI) / len;
    const half = len >> 1;
    for (let k = 0; k < half; k++) {
      // Twiddles computed directly (not by recurrence) to keep the rounding at a few ulps.
      const wr = Math.cos(angle * k);
      const wi = Math.sin(angle * k);
      for (let i = k; i < n; i += len) {
        const j = i + half;
        const xr = re[j]! * wr - im[j]! * wi;
        const xi = re[j]! * wi + im[j]! * wr;
        re[j] = re[i]! - xr;
        im[j] = im[i]! - xi;
        re[i] = re[i]! + xr;
        im[i] = im[i]! + xi;
      }
    }
  }
}

/** Trailing (near-)zeros dropped: the pmf up to its last positive mass. */
function trim(p: Float64Array): Float64Array {
  let end = p.length;
  while (end > 1 && !(p[end - 1]! > 0)) end--;
  return end === p.length ? p : p.slice(0, end);
}

/** The pmf of the sum of two independent lattice variables: direct for small supports, by FFT otherwise. */
function convolve(a: Float64Array, b: Float64Array): Float64Array {
  const size = a.length + b.length - 1;
  const out = new Float64Array(size);
  if (a.length * b.length <= 1 << 16) {
    for (let i = 0; i < a.length; i++) {
      const ai = a[i]!;
      if (ai === 0) continue;
      for (let j = 0; j < b.length; j++) out[i + j] = out[i + j]! + ai * b[j]!;
    }
    return trim(out);
  }
  let n = 1;
  while (n < size) n <<= 1;
  const ar = new Float64Array(n);
  const ai = new Float64Array(n);
  const br = new Float64Array(n);
  const bi = new Float64Array(n);
  ar.set(a);
  br.set(b);
  fft(ar, ai, false);
  fft(br, bi, false);
  for (let k = 0; k < n; k++) {
    const r = ar[k]! * br[k]! - ai[k]! * bi[k]!;
    ai[k] = ar[k]! * bi[k]! + ai[k]! * br[k]!;
    ar[k] = r;
  }
  fft(ar, ai, true);
  // Rounding leaves masses of about ±1e-17 where the exact ones are 0: clamp them.
  for (let k = 0; k < size; k++) out[k] = Math.max(0, ar[k]! / n);
  return trim(out);
}

/** The pmf of the maximum of two independent lattice variables: the CDFs multiply. */
function maximum(a: Float64Array, b: Float64Array): Float64Array {
  const size = Math.max(a.length, b.length);
  const out = new Float64Array(size);
  let fa = 0;
  let fb = 0;
  let previous = 0;
  for (let k = 0; k < size; k++) {
    fa = k < a.length ? fa + a[k]! : 1;
    fb = k < b.length ? fb + b[k]! : 1;
    const f = Math.min(1, fa) * Math.min(1, fb);
    out[k] = Math.max(0, f - previous);
    previous = f;
  }
  return trim(out);
}

/** A law rounded to the nearest lattice point: mass F((k + ½)h) − F((k − ½)h) at kh, the tail beyond its 1 − 1e-12 quantile folded into the last point. */
function discretize(law: DurationLaw, h: number, name: string): Float64Array {
  const cut = law.quantile(1 - TAIL);
  if (!Number.isFinite(cut)) invalidParameter(`steps.${name}.law`, 'a law with a finite 1 − 1e-12 quantile', cut);
  const points = Math.round(cut / h) + 1;
  const pmf = new Float64Array(points);
  let previous = 0;
  for (let k = 0; k < points - 1; k++) {
    const f = law.cdf((k + 0.5) * h);
    pmf[k] = Math.max(0, f - previous);
    previous = Math.max(previous, f);
  }
  pmf[points - 1] = Math.max(0, 1 - previous);
  return pmf;
}

/**
 * The law of T = max over steps v of completion(v), completion(v) = D_v + max over p in
 * after(v) of completion(p) (0 when after(v) is empty), for independent non-negative durations
 * D_v, when the DAG is series–parallel reducible; `undefined` when it is not.
 *
 * Method (activity-on-arc reduction of a stochastic activity network: J. J. Martin, "Distribution
 * of the time through a directed, acyclic network", Operations Research 13(1) (1965), 46–66,
 * whose series and parallel reductions are exact for independent arcs; recognition of
 * series–parallel graphs by repeated reduction, J. Valdes, R. E. Tarjan, E. L. Lawler, "The
 * recognition of series parallel digraphs", SIAM J. Computing 11(2) (1982), 298–313): each step v
 * becomes an arc v_in → v_out of length D_v, each dependency p → v a zero-length arc p_out → v_in,
 * each step without `after` hangs from a source s and each step nothing waits for leads to a
 * sink t. Then, while possible: two arcs with the same ends become one, the maximum of the two
 * (their lengths are independent: CDFs multiply); a node other than s and t with one arc in and
 * one out is removed, the two arcs joined into their sum (pmfs convolve); a zero-length arc
 * u → w is contracted when w has no other arc in or u none out (every path through it is kept,
 * none added). Every arc's length is then a function of its own disjoint set of steps, so the
 * independence each reduction needs holds throughout. If one arc s → t remains, its law is T's;
 * otherwise the DAG contains a Wheatstone bridge (e.g. c after a, d after a and b: T = max(D_a +
 * max(D_c, D_d), D_b + D_d) shares D_a and D_d between paths that no series or parallel step
 * separates) and the answer would need conditioning on the shared steps, so none is given.
 *
 * Numerics: every law is rounded to the nearest point of the lattice {k·h}, h = (Σ of the laws'
 * 1 − 1e-12 quantiles)/points; series and parallel are exact on the lattice (convolution by FFT,
 * rounding about 1e-15 absolute per mass). Rounding moves each D_v by at most h/2 and T is
 * 1-Lipschitz in each D_v along its longest path, so the lattice T is within L·h/2 of the true one
 * in every realisation (`errorBound`); the error of the mean is in practice of order h² (midpoint
 * rounding of smooth laws).
 *
 * Assumes: independent durations, each ≥ 0 with a finite 1 − 1e-12 quantile; no resource limit (a
 * step starts as soon as the steps it waits for are done); topological order is not required.
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming the step for an unknown dependency, a law
 * with mass below 0 or an infinite quantile, or `points` when it is not an integer ≥ 16.
 */
export function criticalPathLaw(steps: readonly CriticalPathStep[], points = DEFAULT_POINTS): CriticalPathLaw | undefined {
  if (steps.length === 0) invalidParameter('steps', 'at least one step', '[]');
  if (!(Number.isInteger(points) && points >= 16)) invalidParameter('points', 'an integer >= 16', points);
  const index = new Map(steps.map((s, i) => [s.name, i]));
  steps.forEach((s) => {
    if (s.law.cdf(-Number.MIN_VALUE) > 0) invalidParameter(`steps.${s.name}.law`, 'a law of non-negative durations', s.law.cdf(-Number.MIN_VALUE));
    s.after.forEach((d, j) => {
      if (!index.has(d)) invalidParameter(`steps.${s.name}.after[${j}]`, 'the name of another step', d);
    });
  });
  const span = steps.reduce((sum, s) => sum + Math.max(0, s.law.quantile(1 - TAIL)), 0);
  const h = span > 0 ? span / points : 1;
  // Nodes: s = 0, t = 1, step i: in = 2 + 2i, out = 3 + 2i.
  const arcs: Arc[] = [];
  const waitedFor = new Set(steps.flatMap((s) => s.after));
  steps.forEach((s, i) => {
    arcs.push({ from: 2 + 2 * i, to: 3 + 2 * i, pmf: discretize(s.law, h, s.name), depth: 1 });
    if (s.after.length === 0) arcs.push({ from: 0, to: 2 + 2 * i, pmf: undefined, depth: 0 });
    for (const d of s.after) arcs.push({ from: 3 + 2 * (index.get(d) as number), to: 2 + 2 * i, pmf: undefined, depth: 0 });
    if (!waitedFor.has(s.name)) arcs.push({ from: 3 + 2 * i, to: 1, pmf: undefined, depth: 0 });
  });
  const reduced = reduce(arcs);
  if (reduced === undefined) return undefined;
  const pmf = reduced.pmf ?? Float64Array.of(1);
  return lawOf(pmf, h, (reduced.depth * h) / 2);
}

/** Series–parallel reduction of the two-terminal network (s = 0, t = 1) to one arc, or undefined. */
function reduce(initial: Arc[]): Arc | undefined {
  let arcs = initial;
  for (;;) {
    if (arcs.length === 1 && arcs[0]!.from === 0 && arcs[0]!.to === 1) return arcs[0];
    const before = arcs.length;
    // Parallel: arcs with the same ends merged into their maximum.
    const byEnds = new Map<string, Arc>();
    const next: Arc[] = [];
    for (const a of arcs) {
      const key = `${a.from}>${a.to}`;
      const other = byEnds.get(key);
      if (other === undefined) {
        byEnds.set(key, a);
        next.push(a);
      } else {
        // A zero arc is the identity of the maximum of non-negative lengths.
        other.pmf = other.pmf === undefined ? a.pmf : a.pmf === undefined ? other.pmf : maximum(other.pmf, a.pmf);
        other.depth = Math.max(other.depth, a.depth);
      }
    }
    arcs = next;
    const into = new Map<number, Arc[]>();
    const outOf = new Map<number, Arc[]>();
    for (const a of arcs) {
      (into.get(a.to) ?? into.set(a.to, []).get(a.to)!).push(a);
      (outOf.get(a.from) ?? outOf.set(a.from, []).get(a.from)!).push(a);
    }
    // Series: one node with one arc in and one out (one per pass keeps the maps valid).
    let changed = arcs.length < before;
    for (const [node, ins] of into) {
      if (node <= 1) continue;
      const outs = outOf.get(node) ?? [];
      const a = ins[0]!;
      if (ins.length === 1 && outs.length === 1) {
        const b = outs[0]!;
        const joined: Arc = { from: a.from, to: b.to, pmf: a.pmf === undefined ? b.pmf : b.pmf === undefined ? a.pmf : convolve(a.pmf, b.pmf), depth: a.depth + b.depth };
        arcs = arcs.filter((x) => x !== a && x !== b);
        arcs.push(joined);
        changed = true;
        break;
      }
      // A zero arc into a node nothing else enters: the node merges into the arc's tail.
      if (ins.length === 1 && a.pmf === undefined && a.from !== node) {
        arcs = arcs.filter((x) => x !== a);
        for (const b of outs) b.from = a.from;
        changed = true;
        break;
      }
      // A zero arc out of a node nothing else leaves: the node merges into the arc's head.
      const z = outs.length === 1 && outs[0]!.pmf === undefined ? outs[0]! : undefined;
      if (z !== undefined) {
        arcs = arcs.filter((x) => x !== z);
        for (const b of ins) b.to = z.to;
        changed = true;
        break;
      }
    }
    if (!changed) return undefined;
  }
}

/** Mean, CDF and quantile of the lattice pmf (mass p_k at kh, kh standing for the cell [(k − ½)h, (k + ½)h)). */
function lawOf(pmf: Float64Array, h: number, errorBound: number): CriticalPathLaw {
  let total = 0;
  let moment = 0;
  for (let k = 0; k < pmf.length; k++) {
    total += pmf[k]!;
    moment += k * pmf[k]!;
  }
  const mean = (moment / total) * h;
  // cumulative[k] = P(T ≤ (k + ½)h), the CDF at the right edge of cell k.
  const cumulative = new Float64Array(pmf.length);
  let running = 0;
  for (let k = 0; k < pmf.length; k++) {
    running += pmf[k]! / total;
    cumulative[k] = Math.min(1, running);
  }
  cumulative[pmf.length - 1] = 1;
  const cdf = (x: number): number => {
    if (Number.isNaN(x)) invalidParameter('x', 'a number', x);
    const u = x / h + 0.5; // cell edges at integers: P(T ≤ (k + ½)h) = cumulative[k] at u = k + 1
    if (u <= 0) return 0;
    const k = Math.floor(u);
    if (k >= pmf.length) return 1;
    const lo = k === 0 ? 0 : cumulative[k - 1]!;
    return lo + (cumulative[k]! - lo) * (u - k);
  };
  const quantile = (p: number): number => {
    if (!(p >= 0 && p <= 1)) invalidParameter('p', 'a probability in [0, 1]', p);
    let lo = 0;
    let hi = pmf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! >= p) hi = mid;
      else lo = mid + 1;
    }
    const below = lo === 0 ? 0 : cumulative[lo - 1]!;
    const mass = cumulative[lo]! - below;
    const fraction = mass > 0 ? (p - below) / mass : 0;
    return Math.max(0, (lo - 0.5 + Math.max(0, Math.min(1, fraction))) * h);
  };
  return { mean, cdf, quantile, step: h, errorBound };
}
