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
