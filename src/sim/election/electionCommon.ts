/** What the two election modules share: the parameters read from the spec, the metrics they declare, and one round's draw of Raft timeouts. */
import { StreamKey } from '../../random/streams.js';
import type { ElectionSpec } from '../../scenario/resolveElection.js';
import type { Scenario } from '../../scenario/validateScenario.js';
import type { Kernel } from '../kernel/Kernel.js';

const SECONDS_PER_HOUR = 3600;

/** The election's group and timing, as both modules read them (docs/fault-modes.md, "Leader election"). */
export interface ElectionParams {
  /** The group's index, its first component and its size. */
  readonly group: number;
  readonly first: number;
  readonly n: number;
  /** Members UP needed to elect: a strict majority of the whole group under `majority`, one under `naive`. */
  readonly need: number;
  /** Timeouts are min + width·u. */
  readonly min: number;
  readonly width: number;
  readonly detection: number;
  readonly voteDelay: number;
  /** The stream of the timeouts: (`election/<group>`, `timeout`). */
  readonly key: StreamKey;
}

export function electionParams(kernel: Kernel, scenario: Scenario, spec: ElectionSpec): ElectionParams {
  const group = scenario.groups.findIndex((x) => x.name === spec.group);
  const n = kernel.table.groupCount[group] as number;
  return {
    group,
    first: kernel.table.groupStart[group] as number,
    n,
    need: spec.policy === 'majority' ? (n >> 1) + 1 : 1,
    min: spec.timeout.min,
    width: spec.timeout.max - spec.timeout.min,
    detection: spec.detection,
    voteDelay: spec.voteDelay,
    key: new StreamKey(`election/${spec.group}`, 'timeout'),
  };
}

/** The registry slots of an election's per-replication sums (split-brain ones only when sided). */
export interface ElectionSlots {
  readonly leaderless: number;
  readonly failures: number;
  readonly elections: number;
  readonly electionTime: number;
  readonly outage: number;
  readonly rounds: number;
  readonly splitTime: number;
  readonly splits: number;
}

/**
 * Declares `<group>.leader_availability`, `.leader_failures`, `.elections`, `.election_time`
 * (s), `.election_rounds` and `.unavailability_per_failure` (s), and with `sided` (partitions can
 * split the group) `.split_brain_time`, `.split_brains` and `.split_brain_duration` (h); the
 * split slots are −1 without.
 */
export function declareElectionMetrics(kernel: Kernel, group: string, sided: boolean): ElectionSlots {
  const r = kernel.registry;
  const span = kernel.span;
  const q = (name: string, kind: 'amount' | 'count') => r.quantity(`${group}.${name}`, { range: kind === 'amount' ? span : Infinity, kind });
  const s: ElectionSlots = {
    leaderless: q('leaderless_time', 'amount'),
    failures: q('leader_failures', 'count'),
    elections: q('elections', 'count'),
    electionTime: q('election_time', 'amount'),
    outage: q('leader_outage_time', 'amount'),
    rounds: q('election_rounds', 'count'),
    splitTime: sided ? q('split_brain_time', 'amount') : -1,
    splits: sided ? q('split_brains', 'count') : -1,
  };
  r.mean(`${group}.leader_availability`, '1', 'fraction', s.leaderless, 1, -1 / span, sided ? 'fraction of [warmup, horizon] some member leads' : 'fraction of [warmup, horizon] the group has a leader');
  r.mean(`${group}.leader_failures`, 'failures', 'count', s.failures, 0, 1, sided ? 'leaders lost (down, or cut off from a majority) at times in [warmup, horizon]' : 'leader losses at times in [warmup, horizon]');
  r.mean(`${group}.elections`, 'elections', 'count', s.elections, 0, 1, 'elections won at times in [warmup, horizon]');
  r.ratio(`${group}.election_time`, 's', 'duration', s.electionTime, s.elections, SECONDS_PER_HOUR, 'mean time from the start of an election (detection) to its win: Σ election time / elections won in [warmup, horizon]');
  r.ratio(`${group}.election_rounds`, 'rounds', 'count', s.rounds, s.elections, 1, 'mean rounds per election won in [warmup, horizon]');
  r.ratio(
    `${group}.unavailability_per_failure`,
    's',
    'duration',
    s.outage,
    s.elections,
    SECONDS_PER_HOUR,
    sided ? "mean time from a side's loss of its leader to its next leader: Σ / elections won in [warmup, horizon]" : "mean time from the leader's loss to the next leader: Σ / elections won in [warmup, horizon]",
  );
  if (sided) {
    r.mean(`${group}.split_brain_time`, '1', 'fraction', s.splitTime, 0, 1 / span, 'fraction of [warmup, horizon] with two or more leaders at once');
    r.mean(`${group}.split_brains`, 'episodes', 'count', s.splits, 0, 1, 'split-brain episodes (two or more leaders) starting in [warmup, horizon]');
    r.ratio(`${group}.split_brain_duration`, 'h', 'duration', s.splitTime, s.splits, 1, 'mean split-brain duration: time with two or more leaders in [warmup, horizon] / episodes starting there');
  }
  return s;
}

/**
 * One round's timeouts: each voter, in index order, draws min + width·u; the earliest is the
 * candidate, and the round splits when the second earliest is within `voteDelay` of it. The
 * result is kept in the fields (no allocation per round).
 */
export class RoundDraw {
  /** The candidate's member index (−1: no voter), the earliest timeout, and whether the vote splits. */
  candidate = -1;
  earliest = Infinity;
  split = false;

  constructor(private readonly p: ElectionParams) {}

  /** Draws the round among the members for which `votes(i)` holds, from `draw`. */
  run(votes: (i: number) => boolean, draw: () => number): void {
    const { n, min, width } = this.p;
    let t1 = Infinity;
    let t2 = Infinity;
    let best = -1;
    for (let i = 0; i < n; i++) {
      if (!votes(i)) continue;
      const t = min + width * draw();
      if (t < t1) {
        t2 = t1;
        t1 = t;
        best = i;
      } else if (t < t2) t2 = t;
    }
    this.candidate = best;
    this.earliest = t1;
    this.split = t2 - t1 < this.p.voteDelay;
  }
}
