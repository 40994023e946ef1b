/** Exact availability of a series of k-of-n groups of independent, independently repaired exponential components. */

/** One group: `count` identical components, of which at least `atLeast` must be up. */
export interface KOfNGroup {
  readonly count: number;
  readonly atLeast: number;
  /** Mean time to failure (mean up time), hours. */
  readonly mttf: number;
  /** Mean time to repair (mean down time), hours. */
  readonly mttr: number;
}

/**
 * P(exactly i of n independent components are up), i = 0..n, each up with probability `a` and down
 * with probability `q = 1 − a`; `q` is passed in rather than formed as 1 − a, so that tiny
 * probabilities keep full relative precision.
 */
export function binomialProbabilities(n: number, a: number, q: number): number[] {
  const out: number[] = [];
  let choose = 1; // C(n, i)
  for (let i = 0; i <= n; i++) {
    out.push(choose * a ** i * q ** (n - i));
    choose = (choose * (n - i)) / (i + 1);
  }
  return out;
}

/**
 * P(fewer than k of n independent components are up). Summing the lower tail directly keeps full
 * relative precision when the result is 1e-15.
 */
export function binomialLowerTail(n: number, k: number, a: number, q: number): number {
  let sum = 0;
  const p = binomialProbabilities(n, a, q);
  for (let i = 0; i < k && i <= n; i++) sum += p[i] as number;
  return sum;
}

/** Combines group unavailabilities in series: 1 − Π(1 − U_g), without cancellation. */
function seriesUnavailability(groupUnavailability: readonly number[]): number {
  let logUp = 0;
  for (const u of groupUnavailability) logUp += Math.log1p(-u);
  return 0 - Math.expm1(logUp); // 0 − x, not −x: no negative zero when every group is up
}

/**
 * Steady-state unavailability of a series of k-of-n groups.
 *
 * Assumes: exponential up and down times (the steady state holds for any distributions with
 * these means, by the alternating-renewal theorem, since components are independent);
 * components fail and are repaired independently (one repairer per component, so no queueing
 * for repair); components keep ageing while the system is down. Component availability is
 * A = MTTF/(MTTF+MTTR); the group is up iff a Binomial(n, A) count is ≥ k (Barlow & Proschan,
 * *Statistical Theory of Reliability and Life Testing*, 1975, ch. 2).
 *
 * @example kOfNGroupsUnavailability([{count: 3, atLeast: 2, mttf: 8760, mttr: 4},
 *          {count: 6, atLeast: 2, mttf: 4380, mttr: 4}]) // ≈ 6.2475e-7
 */
export function kOfNGroupsUnavailability(groups: readonly KOfNGroup[]): number {
  return seriesUnavailability(
    groups.map((g) => {
      const sum = g.mttf + g.mttr;
      return binomialLowerTail(g.count, g.atLeast, g.mttf / sum, g.mttr / sum);
    }),
  );
}

/**
 * System unavailability at time t when every component starts up at time 0. Each component's
 * point unavailability is q(t) = q·(1 − e^{−(λ+μ)t}) (two-state Markov chain), and components
 * are independent at every t, so the binomial formula applies at each instant.
 */
export function kOfNGroupsPointUnavailability(groups: readonly KOfNGroup[], t: number): number {
  return seriesUnavailability(
    groups.map((g) => {
      const sum = g.mttf + g.mttr;
      const decay = -Math.expm1(-(sum / (g.mttf * g.mttr)) * t);
      const q = (g.mttr / sum) * decay;
      return binomialLowerTail(g.count, g.atLeast, 1 - q, q);
    }),
  );
}

/**
 * Expected fraction of [from, horizon] the system is down, all components up at 0: the mean of
 * kOfNGroupsPointUnavailability over the interval. The transient dies out on the scale of the
 * slowest 1/(λ+μ); it is integrated with composite Simpson (4096 panels) over 60 such time
 * constants and the rest is steady state, where the integrand is constant to e^{-60}.
 */
export function kOfNGroupsIntervalUnavailability(groups: readonly KOfNGroup[], horizon: number, from = 0): number {
  return (integratedUnavailability(groups, horizon) - integratedUnavailability(groups, from)) / (horizon - from);
}

/** ∫₀ᵀ U(t) dt for an all-up start. */
function integratedUnavailability(groups: readonly KOfNGroup[], horizon: number): number {
  if (horizon <= 0) return 0;
  let tau = 0;
  for (const g of groups) tau = Math.max(tau, (g.mttf * g.mttr) / (g.mttf + g.mttr));
  const transient = Math.min(horizon, 60 * tau);
  const panels = 4096;
  const h = transient / panels;
  let integral = kOfNGroupsPointUnavailability(groups, 0) + kOfNGroupsPointUnavailability(groups, transient);
  for (let i = 1; i < panels; i++) {
    integral += (i % 2 === 1 ? 4 : 2) * kOfNGroupsPointUnavailability(groups, i * h);
  }
  return (integral * h) / 3 + (horizon - transient) * kOfNGroupsUnavailability(groups);
}
