/** Leader election with randomized timeouts (Raft): split-vote probability, expected rounds and election time, unavailability per leader failure, long-run leader availability. */

import { invalidParameter, requireFinite, requirePositive } from '../errors.js';

function requireVoters(m: number): void {
  if (!(Number.isInteger(m) && m >= 1)) invalidParameter('m', 'an integer >= 1', m);
}

function requireTimeouts(a: number, b: number, delta: number): void {
  requireFinite('a', a);
  if (!(a >= 0)) invalidParameter('a', 'a number >= 0', a);
  if (!(b > a && b < Infinity)) invalidParameter('b', `a finite number > a (${a})`, b);
  if (!(delta >= 0 && delta < b - a)) invalidParameter('delta', `a number in [0, b − a) = [0, ${b - a})`, delta);
}

/**
 * Probability that a round of m voters splits: the second-earliest of m i.i.d. uniform(a, b)
 * timeouts fires within δ of the earliest, P(U₍₂₎ − U₍₁₎ < δ) = 1 − (1 − δ/(b − a))^m for m ≥ 2,
 * 0 for m = 1. Each spacing of m uniform order statistics on (0, 1) is Beta(1, m), P(> x) = (1 − x)^m
 * (H. A. David & H. N. Nagaraja, *Order Statistics*, 3rd ed. 2003, §6.4). The split vote is
 * Raft's (D. Ongaro & J. Ousterhout, "In Search of an Understandable Consensus Algorithm",
 * USENIX ATC 2014, §5.2: randomized election timeouts make split votes rare; §9.3: measured
 * election times for 150–300 ms timeouts).
 *
 * Assumes: every alive member's timeout is a fresh uniform draw each round (the simulation's
 * model, docs/fault-modes.md, "Leader election"); votes are instantaneous; no message loss.
 * @example splitVoteProbability(4, 0.15, 0.3, 0.01) // 1 − (14/15)⁴ ≈ 0.2412
 */
export function splitVoteProbability(m: number, a: number, b: number, delta: number): number {
  requireVoters(m);
  requireTimeouts(a, b, delta);
  if (m === 1) return 0;
  return 1 - Math.pow(1 - delta / (b - a), m);
}

/** Expected rounds of an election among m voters: geometric, 1/(1 − P(split)) (rounds are i.i.d.). */
export function expectedElectionRounds(m: number, a: number, b: number, delta: number): number {
  return 1 / (1 - splitVoteProbability(m, a, b, delta));
}

/**
 * Expected election time (start to win) among m alive voters with i.i.d. uniform(a, b)
 * timeouts and split window δ: a round lasts the earliest timeout, E[U₍₁₎] = a + (b − a)/(m + 1);
 * it is repeated while it splits. The number of rounds N is a stopping time of the i.i.d.
 * rounds, so by Wald's identity E[Σᵢ≤N U₍₁₎,ᵢ] = E[N]·E[U₍₁₎] even though a round's length and
 * its split are dependent: E[T] = (a + (b − a)/(m + 1)) / (1 − δ/(b − a))^m (for m ≥ 2; m = 1:
 * (a + b)/2). Sources: Ongaro & Ousterhout 2014, §5.2 and §9.3 (the model); David & Nagaraja
 * 2003 (the order statistics).
 *
 * Assumes: m fixed during the election (member failures and repairs are slow next to timeouts);
 * a win is instantaneous at the candidate's timeout (no vote round trip); no partitions.
 * @example expectedElectionTime(4, 0.15, 0.3, 0.01) // 0.18 / (14/15)⁴ ≈ 0.2372 (seconds in, seconds out)
 */
export function expectedElectionTime(m: number, a: number, b: number, delta: number): number {
  const earliest = a + (b - a) / (m + 1);
  return earliest * expectedElectionRounds(m, a, b, delta);
}

/**
 * Expected time without a leader per leader failure: detection + E[election time]
 * ({@link expectedElectionTime}), Ongaro & Ousterhout 2014 §9.3 (their measured downtime is the
 * detection timeout plus the election).
 * Assumes: a majority stays alive through the election (else it waits for a repair).
 */
export function unavailabilityPerLeaderFailure(detection: number, m: number, a: number, b: number, delta: number): number {
  requireFinite('detection', detection);
  if (!(detection >= 0)) invalidParameter('detection', 'a number >= 0', detection);
  return detection + expectedElectionTime(m, a, b, delta);
}

/**
 * Long-run fraction of time with a leader, by the renewal-reward theorem (S. M. Ross,
 * *Stochastic Processes*, 2nd ed. 1996, Thm 3.6.1) over cycles "leader up, then leaderless":
 * E[up]/(E[up] + detection + E[election]) with E[up] the leader's MTTF.
 * Assumes: exponential failures, so the new leader (an alive member) has again an exponential
 * remaining life of mean MTTF (memorylessness), and the leaderless periods are i.i.d.; a
 * majority alive at each election (a leaderless wait for repairs is ignored); the same time unit
 * for every argument.
 * @example leaderAvailability(500 * 3600, 1, 4, 0.15, 0.3, 0.01) // ≈ 1 − 6.87e-7
 */
export function leaderAvailability(mttf: number, detection: number, m: number, a: number, b: number, delta: number): number {
  requirePositive('mttf', mttf);
  const down = unavailabilityPerLeaderFailure(detection, m, a, b, delta);
  return mttf / (mttf + down);
}

/** A coordinator group's members and their laws, for {@link electionMixture}: n members, each failing at rate 1/mttf while up and repaired at rate 1/mttr by its own repairer. */
export interface ElectionGroup {
  readonly n: number;
  /** Members UP an election needs: ⌊n/2⌋ + 1 under `majority`, 1 under `naive`. */
  readonly need: number;
  readonly mttf: number;
  readonly mttr: number;
}

/** What {@link electionMixture} returns: the means over leader crashes, in the unit of its arguments (rounds: a count). */
export interface ElectionMixture {
  /** P(k of the n − 1 other members UP at a leader's crash), k = 0 … n − 1, in the long run from crash to crash. */
  readonly weights: readonly number[];
  /** Mean rounds per election. */
  readonly rounds: number;
  /** Mean time from the election's start (detection) to its win, the wait for a majority included. */
  readonly electionTime: number;
  /** detection + electionTime. */
  readonly unavailabilityPerFailure: number;
  /** mttf/(mttf + unavailabilityPerFailure). */
  readonly leaderAvailability: number;
}

/**
 * Expected time for a birth–death chain of the group's UP count u (n members: u·λ down, (n − u)·μ
 * up, λ = 1/mttf, μ = 1/mttr, independent repairers) to first reach `need` from k < need:
 * Σ_{u=k}^{need−1} τ_u with τ_0 = 1/(nμ), τ_u = (1 + uλ·τ_{u−1})/((n − u)μ), the expected time from
 * u to u + 1 (first-step analysis; H. M. Taylor & S. Karlin, *An Introduction to Stochastic
 * Modeling*, 3rd ed. 1998, §VI.7, mean first passage times of birth and death processes).
 */
export function birthDeathPassage(n: number, k: number, need: number, mttf: number, mttr: number): number {
  const lambda = 1 / mttf;
  const mu = 1 / mttr;
  let step = 0;
  let total = 0;
  for (let u = 0; u < need; u++) {
    step = (1 + u * lambda * step) / ((n - u) * mu);
    if (u >= k) total += step;
  }
  return total;
}

/** The binomial pmf: P(X = k) for X ~ Binomial(n, p), k = 0 … n. */
function binomialPmf(n: number, p: number): number[] {
  const out: number[] = [];
  let choose = 1;
  for (let k = 0; k <= n; k++) {
    out.push(choose * Math.pow(p, k) * Math.pow(1 - p, n - k));
    choose = (choose * (n - k)) / (k + 1);
  }
  return out;
}

/**
 * The long-run law of k, the number of the other n − 1 members UP at a leader's crash: the
 * stationary law of the chain of k from crash to crash. At a term's start the old leader is down
 * (it has just crashed) and the others are as the previous crash left them (the election lasts a
 * second), or, after a wait for a majority, exactly `need` members are UP; over the term
 * L ~ exp(λ) each non-leader moves as its own two-state chain, so that given L a member down at
 * the start is down at the next crash with π_d + π_u·e^{−(λ+μ)L} and one up with
 * π_d·(1 − e^{−(λ+μ)L}), π_d = 1 − A (the two-state chain's forward equations), independently
 * of the others given L; the law of k is averaged over L jointly. The stationary Binomial(n − 1, A) would treat the old leader as a member at a random time:
 * it is down at the next crash about twice as often.
 */
function crashWeights(n: number, need: number, mttf: number, mttr: number): number[] {
  const lambda = 1 / mttf;
  const mu = 1 / mttr;
  const kappa = lambda + mu;
  const down = mttr / (mttf + mttr);
  const others = n - 1;
  // The members move independently given the term's length L, not unconditionally (a short term
  // finds the old leader and those down at its start still down together): the law at the term's
  // end is averaged over L jointly. In t = κL, L's density is (λ/κ)e^{−(λ/κ)t}, and the members'
  // laws depend on L through e^{−t} alone: composite Simpson over t ∈ [0, 60], and e^{−t} = 0 beyond.
  const endLaw = (d0: number, e: number): number[] => {
    const fromDown = binomialPmf(d0, down + (1 - down) * e);
    const fromUp = binomialPmf(others - d0, down * (1 - e));
    const law = new Array<number>(others + 1).fill(0);
    fromDown.forEach((pd, i) => fromUp.forEach((pu, j) => (law[others - i - j] = (law[others - i - j] as number) + pd * pu)));
    return law;
  };
  const rate = lambda / kappa;
  const T = 60;
  const panels = 6000;
  const h = T / panels;
  // next[d0][k]: from d0 of the n − 1 non-leaders down at a term's start, P(k UP at its end).
  const next = Array.from({ length: others + 1 }, (_, d0) => {
    const law = new Array<number>(others + 1).fill(0);
    for (let i = 0; i <= panels; i++) {
      const t = i * h;
      const weight = ((i === 0 || i === panels ? 1 : i % 2 === 1 ? 4 : 2) * h) / 3;
      const density = rate * Math.exp(-rate * t);
      endLaw(d0, Math.exp(-t)).forEach((p, k) => (law[k] = (law[k] as number) + weight * density * p));
    }
    const tail = Math.exp(-rate * T);
    endLaw(d0, 0).forEach((p, k) => (law[k] = (law[k] as number) + tail * p));
    // The quadrature's mass error (below 1e-12) is not probability: normalise.
    const mass = law.reduce((x, y) => x + y, 0);
    return law.map((x) => x / mass);
  });
  // From k UP at a crash, the non-leaders down at the next term's start: the old leader and the
  // n − 2 − (k − 1) others still down; after a wait, n − need.
  const startDown = (k: number) => (k >= need ? others - k + 1 : n - need);
  let w = binomialPmf(others, 1 - down);
  for (let step = 0; step < 500; step++) {
    const v = new Array<number>(others + 1).fill(0);
    w.forEach((wk, k) => (next[startDown(k)] as number[]).forEach((p, k2) => (v[k2] = (v[k2] as number) + wk * p)));
    const moved = v.reduce((m, x, i) => Math.max(m, Math.abs(x - (w[i] as number))), 0);
    w = v;
    if (moved < 1e-17) break;
  }
  return w;
}

/**
 * The election means of a coordinator group whose voter count varies (docs/fault-modes.md,
 * "Leader election", "The pairs in check"): a mixture over the number k of the other n − 1
 * members UP at the leader's crash, weighted by its long-run law from crash to crash
 * (`crashWeights`; not the stationary Binomial(n − 1, A): the previous leader is among
 * them, and down at the term's start). With
 * k ≥ need the election is k voters' ({@link expectedElectionTime}, {@link expectedElectionRounds});
 * with k < need it waits until the group's UP count (the crashed leader's repair included) reaches
 * `need` ({@link birthDeathPassage}) and then runs among exactly `need` voters. Then
 * unavailability per failure = detection + E[election time] and, by renewal reward over cycles
 * "leader up (exponential, mean mttf), leaderless", availability = mttf/(mttf + detection + E[T])
 * (Ross 1996, Thm 3.6.1; the cycles are Markov-modulated by k, and the long-run ratio takes its
 * means over the cycles' stationary mix, which is the weights).
 *
 * Assumes: exponential failures and repairs, one repairer per member, no shocks, no partitions;
 * no member moving during the detection or the rounds (each of those lasts a second or less,
 * against moves hours apart); a leader left without a majority while up (rare: it steps down)
 * not counted; the first term (from time 0, all up) weighed as the long run. The approximations
 * are quantified in docs/fault-modes.md, "Leader election".
 * @example electionMixture({ n: 5, need: 3, mttf: 500, mttr: 1 }, 1 / 3600, 0.15 / 3600, 0.3 / 3600, 0.01 / 3600).rounds // ≈ 1.31694
 */
export function electionMixture(group: ElectionGroup, detection: number, a: number, b: number, delta: number): ElectionMixture {
  const { n, need, mttf, mttr } = group;
  requireVoters(n);
  if (!(Number.isInteger(need) && need >= 1 && need <= n)) invalidParameter('need', `an integer in [1, n] = [1, ${n}]`, need);
  requirePositive('mttf', mttf);
  requirePositive('mttr', mttr);
  const weights = crashWeights(n, need, mttf, mttr);
  let rounds = 0;
  let time = 0;
  weights.forEach((w, k) => {
    if (w === 0) return;
    const m = Math.max(k, need);
    rounds += w * expectedElectionRounds(m, a, b, delta);
    time += w * (expectedElectionTime(m, a, b, delta) + (k < need ? birthDeathPassage(n, k, need, mttf, mttr) : 0));
  });
  const unavailabilityPerFailure = detection + time;
  return { weights, rounds, electionTime: time, unavailabilityPerFailure, leaderAvailability: mttf / (mttf + unavailabilityPerFailure) };
}

/**
 * E[e^{−s·T}], the Laplace transform of the election time T among m voters (timeouts uniform in
 * [a, b], split window δ): a round's first timeout U₁ has density m(b − u)^{m−1}/(b − a)^m, and it
 * wins iff the other m − 1 (uniform on (u, b) given U₁ = u) all exceed u + δ, so
 * φ_win = ∫_a^{b−δ} m(b − u − δ)^{m−1}/(b − a)^m·e^{−su} du, φ_all = ∫_a^b m(b − u)^{m−1}/(b − a)^m·e^{−su} du,
 * and, rounds being i.i.d. and a split starting the next, E[e^{−sT}] = φ_win/(1 − (φ_all − φ_win))
 * (the geometric sum over the splits). The integrals by composite Simpson's rule on 2000 panels
 * (smooth polynomial·exponential integrands: error far below 1e-12 for s(b − a) ≤ 1). m = 1 has no split.
 */
export function electionTimeLaplace(m: number, a: number, b: number, delta: number, s: number): number {
  requireVoters(m);
  requireTimeouts(a, b, delta);
  requireFinite('s', s);
  const w = b - a;
  const d = m === 1 ? 0 : delta;
  const integral = (to: number, shift: number): number => {
    const panels = 2000;
    const h = (to - a) / panels;
    if (!(h > 0)) return 0;
    const f = (u: number) => (m * Math.pow(Math.max(0, b - u - shift), m - 1) * Math.exp(-s * u)) / Math.pow(w, m);
    let sum = f(a) + f(to);
    for (let i = 1; i < panels; i++) sum += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
    return (sum * h) / 3;
  };
  const win = integral(b - d, d);
  const all = integral(b, 0);
  return win / (1 - (all - win));
}

/**
 * The share of a naive partition's time in split brain, E[e^{−X/d}] with X = detection + T
 * (`electionTimeLaplace` at s = 1/d), averaged over the sides that elect: the elections
 * alternate sides (at the heal the later-elected leader stays, so the next partition finds it on
 * the side that elected), so with side sizes a and b the long-run share is the mean of the two.
 * See {@link naiveSplitBrain}.
 */
export function naiveSplitShare(meanDuration: number, detection: number, sides: readonly number[], a: number, b: number, delta: number): number {
  requirePositive('meanDuration', meanDuration);
  const s = 1 / meanDuration;
  let sum = 0;
  for (const m of sides) sum += Math.exp(-s * detection) * electionTimeLaplace(m, a, b, delta, s);
  return sum / sides.length;
}

/**
 * Split brain under the `naive` policy (docs/fault-modes.md, "Leader election", "Partitions"):
 * while a partition is active, the side without the leader elects its own `detection` + T later
 * (T its election time) and the two lead until the heal. With an exponential partition duration
 * D of mean d (memoryless: P(D > x) = e^{−x/d}, E[(D − x)⁺] = d·e^{−x/d}), each partition gives a
 * split brain with probability E[e^{−X/d}] and, in time, a fraction E[e^{−X/d}] of its duration,
 * X = detection + T: so split_brain_time = partitioned_time·share and split_brains =
 * partitions·share, share = E[e^{−X/d}] ({@link naiveSplitShare}, exact; 1 − E[X]/d to first order).
 * Assumes: members never down (no failure before the horizon), one partition process, every
 * network node on one of its sides and links that never fail, so that the members' sides are
 * exactly the partition's; a partition that ends before its election (probability 1 − share)
 * leaves the leader where it was, and the alternation of sides then skips one: the mean of the
 * two sides' shares is then off by (1 − share)·|share_a − share_b|/2 at most, below 1e-9 for
 * second-long elections in hour-long partitions (the pair is made only there); edge effects at
 * warmup and horizon of order E[X]/(horizon − warmup).
 */
export function naiveSplitBrain(partitionedTime: number, partitions: number, share: number): { time: number; episodes: number } {
  return { time: partitionedTime * share, episodes: partitions * share };
}
