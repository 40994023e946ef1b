/** Closed forms for byzantine replicas and partition processes: per-node state probabilities from two independent alternating renewal processes, their sums over nodes, and interval averages. */

/**
 * P(up at t) of an exponential alternating renewal process (mean up `up`, mean down `down`)
 * that starts up at time 0: A + (1 − A)·e^{−(λ+μ)t}, A = up/(up + down), λ = 1/up, μ = 1/down
 * (the two-state Markov chain's transient solution; Barlow and Proschan 1975, ch. 7). `up`
 * Infinity: always up.
 */
export function upAt(up: number, down: number, t: number): number {
  if (up === Infinity) return 1;
  const a = up / (up + down);
  return a + (1 - a) * Math.exp(-(1 / up + 1 / down) * t);
}

/** A node's state probabilities at one time: up and honest, up and byzantine, down. */
export interface NodeState {
  readonly honest: number;
  readonly byzantine: number;
  readonly down: number;
}

/**
 * The product form: a node's crash process (P(up) = a) and its byzantine process (P(honest) = h)
 * are independent, so P(up, honest) = a·h, P(up, byzantine) = a·(1 − h), P(down) = 1 − a (a down
 * node answers nothing, whichever its byzantine state).
 */
export function nodeState(a: number, h: number): NodeState {
  return { honest: a * h, byzantine: a * (1 - h), down: 1 - a };
}

/**
 * P(h up honest and b up byzantine nodes), as `out[h * (n + 1) + b]`, for independent nodes (a
 * trinomial when they are identical; a convolution over nodes otherwise).
 */
export function upHonestByzantine(nodes: readonly NodeState[]): Float64Array {
  const n = nodes.length;
  const w = n + 1;
  let p = new Float64Array(w * w);
  p[0] = 1;
  for (const s of nodes) {
    const next = new Float64Array(w * w);
    for (let h = 0; h <= n; h++) {
      for (let b = 0; h + b <= n; b++) {
        const x = p[h * w + b] as number;
        if (x === 0) continue;
        next[h * w + b] = (next[h * w + b] as number) + x * s.down;
        if (h < n) next[(h + 1) * w + b] = (next[(h + 1) * w + b] as number) + x * s.honest;
        if (b < n) next[h * w + b + 1] = (next[h * w + b + 1] as number) + x * s.byzantine;
      }
    }
    p = next;
  }
  return p;
}

/**
 * (1/(b − a))∫_a^b f(t) dt by composite Simpson's rule, with a fine grid over the first 30
 * relaxation times `tau` (where the exponential transients live) and a coarser one after (where
 * f is constant to e^{−30}).
 */
export function intervalAverage(f: (t: number) => number, a: number, b: number, tau: number): number {
  const simpson = (lo: number, hi: number, panels: number): number => {
    if (!(hi > lo)) return 0;
    const h = (hi - lo) / panels;
    let sum = f(lo) + f(hi);
    for (let i = 1; i < panels; i++) sum += (i % 2 === 1 ? 4 : 2) * f(lo + i * h);
    return (sum * h) / 3;
  };
  const mid = Math.min(b, Math.max(a, 30 * tau));
  return (simpson(a, mid, 600) + simpson(mid, b, 200)) / (b - a);
}

/**
 * A partition process that alternates `every` (off) and `duration` (on) periods from time 0,
 * starting off: P(on at t) = π(1 − e^{−(α+β)t}), π = E[duration]/(E[every] + E[duration]),
 * α = 1/E[every], β = 1/E[duration] (exponential laws; in the limit, π for any laws by the
 * renewal-reward theorem, Ross 1996, Thm 3.6.1).
 */
export function partitionedAt(every: number, duration: number, t: number): number {
  return (duration / (every + duration)) * -Math.expm1(-(1 / every + 1 / duration) * t);
}
