/** Leader election's closed forms (rounds, election time, unavailability per leader failure, leader availability, leader failures) paired with the simulated election metrics, where the scenario meets their assumptions. */
import { electionMixture, naiveSplitBrain, naiveSplitShare } from '../analytic/election.js';
import { faultClaims, meanOf } from './faultPairs.js';
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
 * leader's crash, weighted by k's law from crash to crash, each term exact for k voters (split votes by uniform
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
  if (e === undefined || scenario.stopAt !== null) return [];
  if (electionSeesPartitions(scenario)) return splitBrainClaims(scenario);
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
  const mixText = `mixture over k of the ${n - 1} others UP at a crash (k's law from crash to crash: the previous leader down at the term's start)`;
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

/**
 * Under `naive` with partitions, split_brain_time and split_brains from `naiveSplitBrain`
 * (docs/fault-modes.md, "Leader election", "Partitions"), where it is exact: one partition with an
 * exponential duration and its exact partitioned_time and partitions (faultPairs), every network
 * node on one of its sides, links and members that never fail before the horizon, members on
 * both sides.
 */
function splitBrainClaims(scenario: Scenario): ElectionClaim[] {
  const e = scenario.election;
  const net = scenario.network;
  const specs = scenario.partitions ?? [];
  const p = specs[0];
  if (e === undefined || e.policy !== 'naive' || net === null || specs.length !== 1 || p === undefined || p.duration.type !== 'exponential') return [];
  const nodes = net.nodeGroups.map((name) => scenario.groups.find((g) => g.name === name));
  if (nodes.some((g) => g === undefined || meanOf(g.failure, scenario.horizon) !== Infinity)) return [];
  const links = scenario.groups.find((g) => g.name === net.linkGroup);
  if (links === undefined || meanOf(links.failure, scenario.horizon) !== Infinity) return [];
  const total = nodes.reduce((sum, g) => sum + (g?.count ?? 0), 0);
  if (p.sides[0].length + p.sides[1].length !== total) return [];
  // The group's node indices: its members' place in the network's node list.
  let offset = 0;
  for (const name of net.nodeGroups) {
    if (name === e.group) break;
    offset += scenario.groups.find((g) => g.name === name)?.count ?? 0;
  }
  const n = scenario.groups.find((g) => g.name === e.group)?.count ?? 0;
  const onSide = (s: 0 | 1) => p.sides[s].filter((v) => v >= offset && v < offset + n).length;
  const a = onSide(0);
  const b = onSide(1);
  if (a === 0 || b === 0 || a + b !== n) return [];
  const fault = faultClaims(scenario);
  const on = fault.find((c) => c.metric === `${p.name}.partitioned_time`)?.analytic;
  const starts = fault.find((c) => c.metric === `${p.name}.partitions`)?.analytic;
  if (on === undefined || starts === undefined) return [];
  const d = meanOf(p.duration, Infinity);
  const share = naiveSplitShare(d, e.detection, [a, b], e.timeout.min, e.timeout.max, e.voteDelay);
  // The alternation of sides skips one when a partition ends before its election: only where that is negligible.
  if (!((1 - share) * Math.abs(naiveSplitShare(d, e.detection, [a], e.timeout.min, e.timeout.max, e.voteDelay) - naiveSplitShare(d, e.detection, [b], e.timeout.min, e.timeout.max, e.voteDelay)) < 1e-9)) return [];
  const split = naiveSplitBrain(on, starts, share);
  const G = e.group;
  const why = 'members and links never down; one exponential partition; every node on a side';
  return [
    { metric: `${G}.split_brain_time`, formula: `partitioned_time·(E[e^{−X/d}] over sides of ${a} and ${b}), X = detection + election time, d = E[D] (naive: the side without the leader elects its own; faultline analytic naiveSplitBrain)`, kind: 'correct', analytic: split.time, why },
    { metric: `${G}.split_brains`, formula: `partitions·E[e^{−X/d}] (P(the partition outlasts the election), memoryless D)`, kind: 'correct', analytic: split.episodes, why },
  ];
}
