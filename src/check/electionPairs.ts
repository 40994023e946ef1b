/** Leader election's closed forms (rounds, election time, unavailability per leader failure, leader availability, leader failures) paired with the simulated election metrics, where the scenario meets their assumptions. */
import { electionMixture } from '../analytic/election.js';
import { electionSeesPartitions } from '../scenario/resolveElection.js';
import type { Scenario } from '../scenario/validateScenario.js';
import { exponentialMean } from './exactFor.js';

const SECONDS_PER_HOUR = 3600;

/** One election pair before it meets the run: a metric (a mean or a ratio) and its predicted value. */
export interface ElectionClaim {
  readonly metric: string;
  readonly formula: string;
  readonly kind: 'correct';
  readonly analytic: number;
  readonly why: string;
}

/**
 * The pairs of a scenario's election (docs/fault-modes.md, "Leader election", "The pairs in
 * check"), each from `electionMixture`: the means over the number k of the other members UP at a
 * leader's crash, Binomial(n − 1, A), each term exact for k voters (split votes by uniform
 * spacings, Wald's identity for the time), and for k below the quorum the birth–death wait for it.
 * Made only where that mixture is the exact mean: a whole run; the group's failures and repairs
 * exponential, one repairer per member (crew null), no standby, no shocks on it;
 * and an election that does not see partitions (with partitions the voters are a side's, and a
 * leader also steps down when cut off). What remains outside the formula: the others' states at a
 * crash are conditioned on the last election (they relax with factor λ/(2λ + μ) over the leader's
 * life) and a member may move during the detection or the rounds (a second against moves hours
 * apart): both far below what a run resolves (quantified in the docs).
 */
export function electionClaims(scenario: Scenario): ElectionClaim[] {
  const e = scenario.election;
  if (e === undefined || scenario.stopAt !== null || electionSeesPartitions(scenario)) return [];
  const g = scenario.groups.find((x) => x.name === e.group);
  if (g === undefined || g.failure.type !== 'exponential' || g.repair === null || g.repair.type !== 'exponential') return [];
  if (g.crew !== null || g.standby !== null) return [];
  if ((scenario.shocks ?? []).some((s) => s.components.some((c) => c.group === g.name))) return [];
  const mttf = exponentialMean(g.failure);
  const mttr = exponentialMean(g.repair);
  const n = g.count;
  const need = e.policy === 'majority' ? (n >> 1) + 1 : 1;
  const a = e.timeout.min;
  const b = e.timeout.max;
  const d = e.voteDelay;
  if (!(mttf > 0 && mttr > 0 && b > a && d < b - a)) return [];
  const mix = electionMixture({ n, need, mttf, mttr }, e.detection, a, b, d);
  const wait = mix.weights.reduce((sum, w, k) => sum + (k < need ? w : 0), 0);
  const G = e.group;
  const span = scenario.horizon - scenario.warmup;
  const mixText = `mixture over k of the ${n - 1} others UP at a crash, Binomial(${n - 1}, ${(mttf / (mttf + mttr)).toPrecision(6)})`;
  const waitText = `P(k < ${need}: the election waits for a repair) = ${wait.toPrecision(3)}`;
  const why = 'exponential member laws, own repairers; the others stationary at a leader crash; no member moving within a second of detection and rounds';
  return [
    {
      metric: `${G}.election_rounds`,
      formula: `Σ_k w_k/(1 − δ/(b − a))^max(k, ${need}) (${mixText}; faultline analytic electionMixture)`,
      kind: 'correct',
      analytic: mix.rounds,
      why,
    },
    {
      metric: `${G}.election_time`,
      formula: `Σ_k w_k·[(a + (b − a)/(m + 1))/(1 − δ/(b − a))^m + wait_k], m = max(k, ${need}) (Wald; ${mixText}; ${waitText}, birth–death passage)`,
      kind: 'correct',
      analytic: mix.electionTime * SECONDS_PER_HOUR,
      why,
    },
    {
      metric: `${G}.unavailability_per_failure`,
      formula: `detection + E[election time] (${mixText})`,
      kind: 'correct',
      analytic: mix.unavailabilityPerFailure * SECONDS_PER_HOUR,
      why,
    },
    {
      metric: `${G}.leader_availability`,
      formula: 'MTTF/(MTTF + detection + E[election time]) (renewal reward, Ross 1996 Thm 3.6.1)',
      kind: 'correct',
      analytic: mix.leaderAvailability,
      why,
    },
    {
      metric: `${G}.leader_failures`,
      formula: '(horizon − warmup)·A_leader/MTTF (leader crashes at rate 1/MTTF while a leader is up)',
      kind: 'correct',
      analytic: (span * mix.leaderAvailability) / mttf,
      why,
    },
  ];
}
