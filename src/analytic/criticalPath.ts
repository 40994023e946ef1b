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
   * lattice one (L = the most steps on one path), so |E[T] − mean| ≤ errorBound and, with the
   * interpolation of `cdf`, cdf(x − errorBound − h/2) ≤ P(T ≤ x) ≤ cdf(x + errorBound + 3h/2) (up
   * to the 1e-12 tail cut per step and the FFT's rounding, about 1e-14 absolute).
   */
  readonly errorBound: number;
}

/** The tail beyond each law's 1 − 1e-12 quantile is folded into its last lattice point. */
const TAIL = 1e-12;
/** Lattice points over the range [0, Σ cut quantiles] by default. */
const DEFAULT_POINTS = 1 << 16;

/** An arc of the two-terminal network: the lattice pmf of its length (a step, or a sum or maximum of steps). */
interface Arc {
  from: number;
  to: number;
  pmf: Float64Array;
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
 * D_v, when the dependency order is series–parallel; `undefined` when it is not.
 *
 * Method (J. J. Martin, "Distribution of the time through a directed, acyclic network",
 * Operations Research 13(1) (1965), 46–66: series and parallel reductions of an activity network
 * are exact for independent arcs; J. Valdes, R. E. Tarjan, E. L. Lawler, "The recognition of
 * series parallel digraphs", SIAM J. Computing 11(2) (1982), 298–313: an order is series–parallel
 * iff it has no induced N, and then its activity-on-arc network is two-terminal series–parallel).
 * Each step v becomes an arc tail(v) → head(v) of length D_v. The order is transitively reduced
 * (an `after` implied by another changes nothing), and for every remaining dependency p → v,
 * head(p) and tail(v) are the same node; the tails of steps without `after` are the source s, the
 * heads of steps nothing waits for the sink t. This network keeps every path of the order and adds
 * one exactly when the order has an N (c after a, d after a and b: merging head(a) = tail(c) =
 * tail(d) = head(b) would put c after b), which the method detects by
 * comparing the network's reachability with the order's: then T = max(D_a + max(D_c, D_d),
 * D_b + D_d) shares D_a and D_d between paths that no series or parallel step separates (a
 * Wheatstone bridge), its law would need conditioning on the shared steps, and none is given.
 * Otherwise, while possible: two arcs with the same ends become one, the maximum of the two (CDFs
 * multiply); a node other than s and t with one arc in and one out is removed, its two arcs joined
 * into their sum (pmfs convolve). Every arc's length is a function of its own disjoint set of
 * steps, so the independence each reduction needs holds throughout, and a series–parallel network
 * ends as one arc s → t whose law is T's.
 *
 * Numerics: every law is rounded to the nearest point of the lattice {k·h}, h = (Σ of the laws'
 * 1 − 1e-12 quantiles)/points; series and parallel are exact on the lattice (convolution by FFT,
 * rounding about 1e-15 absolute per mass). Rounding moves each D_v by at most h/2 and T is
 * 1-Lipschitz in each D_v along its longest path, so the lattice T is within L·h/2 of the true one
 * in every realisation (`errorBound`); the error of the mean is in practice of order h² (midpoint
 * rounding of smooth laws: below 1e-7 h on the bundled scenario at 2^12 points already).
 *
 * Assumes: independent durations, each ≥ 0 with a finite 1 − 1e-12 quantile; no resource limit (a
 * step starts as soon as the steps it waits for are done); an acyclic order (any step order).
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming the step for an unknown dependency, a cycle, a
 * law with mass below 0 or an infinite quantile, or `points` when it is not an integer ≥ 16.
 */
export function criticalPathLaw(steps: readonly CriticalPathStep[], points = DEFAULT_POINTS): CriticalPathLaw | undefined {
  if (steps.length === 0) invalidParameter('steps', 'at least one step', '[]');
  if (!(Number.isInteger(points) && points >= 16)) invalidParameter('points', 'an integer >= 16', points);
  const n = steps.length;
  const index = new Map(steps.map((s, i) => [s.name, i]));
  steps.forEach((s) => {
    if (s.law.cdf(-Number.MIN_VALUE) > 0) invalidParameter(`steps.${s.name}.law`, 'a law of non-negative durations', s.law.cdf(-Number.MIN_VALUE));
    s.after.forEach((d, j) => {
      if (!index.has(d)) invalidParameter(`steps.${s.name}.after[${j}]`, 'the name of another step', d);
    });
  });
  const preds = steps.map((s) => s.after.map((d) => index.get(d) as number));
  // below[v][u]: u must finish before v starts (the transitive closure of `after`).
  const below = steps.map(() => new Uint8Array(n));
  const state = new Uint8Array(n); // 0 unseen, 1 on the stack, 2 done
  const close = (v: number): void => {
    if (state[v] === 2) return;
    if (state[v] === 1) invalidParameter(`steps.${steps[v]!.name}.after`, 'an acyclic order', 'a cycle');
    state[v] = 1;
    for (const u of preds[v]!) {
      close(u);
      below[v]![u] = 1;
      for (let w = 0; w < n; w++) if (below[u]![w]) below[v]![w] = 1;
    }
    state[v] = 2;
  };
  for (let v = 0; v < n; v++) close(v);
  // Nodes: s = 0, t = 1, tail(i) = 2 + 2i, head(i) = 3 + 2i, merged by union–find.
  const parent = Int32Array.from({ length: 2 + 2 * n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  const union = (x: number, y: number): void => {
    const [a, b] = [find(x), find(y)].sort((p, q) => p - q) as [number, number];
    parent[b] = a; // the smaller root wins, so s and t stay 0 and 1
  };
  const waitedFor = new Uint8Array(n);
  for (let v = 0; v < n; v++) {
    if (preds[v]!.length === 0) union(0, 2 + 2 * v);
    for (const u of preds[v]!) {
      waitedFor[u] = 1;
      // Transitive reduction: u → v is implied when some other predecessor of v is after u.
      if (!preds[v]!.some((w) => w !== u && below[w]![u])) union(3 + 2 * u, 2 + 2 * v);
    }
  }
  for (let v = 0; v < n; v++) if (!waitedFor[v]) union(1, 3 + 2 * v);
  // The network must keep the order exactly: u before v iff head(u) reaches tail(v).
  const tails = steps.map((_, v) => find(2 + 2 * v));
  const heads = steps.map((_, v) => find(3 + 2 * v));
  for (let u = 0; u < n; u++) {
    const reached = new Set<number>([heads[u]!]);
    const frontier = [heads[u]!];
    while (frontier.length > 0) {
      const x = frontier.pop()!;
      for (let w = 0; w < n; w++) {
        if (tails[w] === x && !reached.has(heads[w]!)) {
          reached.add(heads[w]!);
          frontier.push(heads[w]!);
        }
      }
    }
    // A merged node can put a step after itself (a cycle) or after a step it does not wait for.
    if (reached.has(tails[u]!)) return undefined;
    for (let v = 0; v < n; v++) if (v !== u && reached.has(tails[v]!) !== (below[v]![u] === 1)) return undefined;
  }
  const span = steps.reduce((sum, s) => sum + Math.max(0, s.law.quantile(1 - TAIL)), 0);
  const h = span > 0 ? span / points : 1;
  const arcs: Arc[] = steps.map((s, v) => ({ from: tails[v]!, to: heads[v]!, pmf: discretize(s.law, h, s.name), depth: 1 }));
  const reduced = reduce(arcs);
  if (reduced === undefined) return undefined;
  return lawOf(reduced.pmf, h, (reduced.depth * h) / 2);
}

/** Series–parallel reduction of the two-terminal network (s = 0, t = 1) to one arc, or undefined. */
function reduce(initial: Arc[]): Arc | undefined {
  let arcs = initial;
  for (;;) {
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
        other.pmf = maximum(other.pmf, a.pmf);
        other.depth = Math.max(other.depth, a.depth);
      }
    }
    const merged = next.length < arcs.length;
    arcs = next;
    if (arcs.length === 1 && arcs[0]!.from === 0 && arcs[0]!.to === 1) return arcs[0];
    const into = new Map<number, Arc[]>();
    const outOf = new Map<number, Arc[]>();
    for (const a of arcs) {
      (into.get(a.to) ?? into.set(a.to, []).get(a.to)!).push(a);
      (outOf.get(a.from) ?? outOf.set(a.from, []).get(a.from)!).push(a);
    }
    // Series: every node other than s and t with one arc in and one out (disjoint pairs per pass).
    const used = new Set<Arc>();
    const joined: Arc[] = [];
    for (const [node, ins] of into) {
      const outs = outOf.get(node);
      if (node <= 1 || ins.length !== 1 || outs?.length !== 1) continue;
      const a = ins[0]!;
      const b = outs[0]!;
      if (used.has(a) || used.has(b)) continue;
      used.add(a).add(b);
      joined.push({ from: a.from, to: b.to, pmf: convolve(a.pmf, b.pmf), depth: a.depth + b.depth });
    }
    // Neither a parallel nor a series step applies: not series–parallel.
    if (!merged && joined.length === 0) return undefined;
    arcs = [...arcs.filter((x) => !used.has(x)), ...joined];
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
