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
 * model, README "Leader election"); votes are instantaneous; no message loss.
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
  /** P(k of the n − 1 other members UP at a leader's crash), k = 0 … n − 1: Binomial(n − 1, A), A = mttf/(mttf + mttr). */
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

/**
 * The election means of a coordinator group whose voter count varies (docs/fault-modes.md,
 * "Leader election", "The pairs in check"): a mixture over the number k of the other n − 1
 * members UP at the leader's crash, weighted by Binomial(n − 1, A), A = mttf/(mttf + mttr). With
 * k ≥ need the election is k voters' ({@link expectedElectionTime}, {@link expectedElectionRounds});
 * with k < need it waits until the group's UP count (the crashed leader's repair included) reaches
 * `need` ({@link birthDeathPassage}) and then runs among exactly `need` voters. Then
 * unavailability per failure = detection + E[election time] and, by renewal reward over cycles
 * "leader up (exponential, mean mttf), leaderless", availability = mttf/(mttf + detection + E[T])
 * (Ross 1996, Thm 3.6.1; the cycles are Markov-modulated by k, and the long-run ratio takes its
 * means over the cycles' stationary mix, which is the weights).
 *
 * Assumes: exponential failures and repairs, one repairer per member, no shocks, no partitions;
 * the other members' states at a leader's crash stationary (exact for a crash at a random time of
 * the stationary process; the leader's own state is not part of them, and its crash, an
 * exponential clock, is independent of them); no member moving during the detection or the rounds
 * (each of those lasts a second or less, against moves hours apart). Both approximations are
 * quantified in docs/fault-modes.md, "Leader election".
 * @example electionMixture({ n: 5, need: 3, mttf: 500, mttr: 1 }, 1 / 3600, 0.15 / 3600, 0.3 / 3600, 0.01 / 3600).rounds // ≈ 1.3163
 */
export function electionMixture(group: ElectionGroup, detection: number, a: number, b: number, delta: number): ElectionMixture {
  const { n, need, mttf, mttr } = group;
  requireVoters(n);
  if (!(Number.isInteger(need) && need >= 1 && need <= n)) invalidParameter('need', `an integer in [1, n] = [1, ${n}]`, need);
  requirePositive('mttf', mttf);
  requirePositive('mttr', mttr);
  const A = mttf / (mttf + mttr);
  const weights: number[] = [];
  let choose = 1;
  for (let k = 0; k <= n - 1; k++) {
    weights.push(choose * Math.pow(A, k) * Math.pow(1 - A, n - 1 - k));
    choose = (choose * (n - 1 - k)) / (k + 1);
  }
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
 * Split brain under the `naive` policy (docs/fault-modes.md, "Leader election", "Partitions"):
 * while a partition is active, the side without the leader elects its own `detection` + T later
 * (T its election time) and the two lead until the heal. With an exponential partition duration
 * D of mean d (memoryless: P(D > x) = e^{−x/d}, E[(D − x)⁺] = d·e^{−x/d}), each partition gives a
 * split brain with probability E[e^{−X/d}] and, in time, a fraction E[e^{−X/d}] of its duration,
 * X = detection + T: so split_brain_time = partitioned_time·E[e^{−X/d}] and split_brains =
 * partitions·E[e^{−X/d}]. Returned with E[e^{−X/d}] ≈ 1 − E[X]/d, whose error is at most
 * E[X²]/(2d²) (1 − x ≤ e^{−x} ≤ 1 − x + x²/2): below 1e-8 for second-long elections and
 * hour-long partitions. E[T] is `sideElectionTime`: with side sizes a and b and the leader
 * starting on one of them, the elections alternate sides (at the heal the later-elected leader
 * stays, so the next partition finds it on the side that elected), and the long-run mean is
 * (E[T_a] + E[T_b])/2 ({@link expectedElectionTime} with m = a, b).
 * Assumes: members never down (no failure before the horizon), one partition process, every
 * network node on one of its sides and links that never fail, so that the members' sides are
 * exactly the partition's; the partition's edge effects (an election straddling warmup or
 * horizon) of order E[X]/(horizon − warmup), below 1e-7 for a year.
 */
export function naiveSplitBrain(partitionedTime: number, partitions: number, meanDuration: number, detection: number, sideElectionTime: number): { time: number; episodes: number } {
  requirePositive('meanDuration', meanDuration);
  const share = 1 - (detection + sideElectionTime) / meanDuration;
  return { time: partitionedTime * share, episodes: partitions * share };
}
