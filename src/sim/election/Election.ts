/** Leader election in a coordinator group: the leader's crash, its detection, rounds of randomized election timeouts, split votes, and leader metrics. */
import { ReloadableTychei } from '../../random/ReloadableTychei.js';
import { StreamKey, type ReplicationStreams } from '../../random/streams.js';
import type { ElectionSpec } from '../../scenario/resolveElection.js';
import type { Scenario } from '../../scenario/validateScenario.js';
import { UP } from '../kernel/ComponentTable.js';
import type { Kernel, Module } from '../kernel/Kernel.js';

const SECONDS_PER_HOUR = 3600;

/** A probe for tests: called at each leader change (−1: no leader) with the time. */
export type LeaderProbe = (leader: number, time: number) => void;

/**
 * Semantics (docs/fault-modes.md, "Leader election"). Member 0 of the group leads at time 0 (if it is UP;
 * else an election starts at 0). When the leader leaves UP, the group has no leader; `detection`
 * later an election starts. It needs `need` members UP (a strict majority of the group under
 * `majority`, one under `naive`); with fewer it waits, and starts at the move that brings the
 * count to `need`. A round at time t: each member UP, in index order, draws its timeout
 * min + (max − min)·u, u from stream (`election/<group>`, `timeout`); the earliest T₁ is the
 * candidate, the second earliest T₂. The round ends at t + T₁: a split vote (T₂ − T₁ < voteDelay,
 * two or more voters) starts the next round then; otherwise the candidate, if still UP with
 * `need` members UP, becomes leader at t + T₁ (else a new round, or the wait). Every member
 * reaches every other: a scenario whose partitions can split the group runs `SidedElection` instead. The election's time is from its start to the win;
 * the leader's unavailability from the crash to the win.
 * Cost: nothing per component move unless the group is leaderless or its leader moved.
 */
export class Election implements Module {
  private readonly engine: Kernel['engine'];
  private readonly table: Kernel['table'];
  private readonly first: number;
  private readonly n: number;
  private readonly need: number;
  private readonly min: number;
  private readonly width: number;
  private readonly detection: number;
  private readonly voteDelay: number;
  private readonly warmup: number;
  private readonly key: StreamKey;
  private readonly stream = new ReloadableTychei();
  private readonly detectKind: number;
  private readonly roundKind: number;
  private readonly slots: { leaderless: number; failures: number; elections: number; electionTime: number; outage: number; rounds: number };

  /** A test's window on the leader: called at each change. */
  probe: LeaderProbe | undefined = undefined;
  /** The leader's index in the group, or −1. */
  leader = -1;
  /** 0: a leader; 1: leaderless, awaiting detection; 2: waiting for `need` members; 3: a round is running. */
  private phase = 0;
  private lostAt = 0;
  private electionStart = 0;
  private roundEnd = 0;
  private candidate = -1;
  private split = false;
  // This replication's accumulators.
  private leaderless = 0;
  private failures = 0;
  private elections = 0;
  private electionTime = 0;
  private outage = 0;
  private rounds = 0;

  constructor(
    private readonly kernel: Kernel,
    scenario: Scenario,
    spec: ElectionSpec,
  ) {
    this.engine = kernel.engine;
    this.table = kernel.table;
    const g = scenario.groups.findIndex((x) => x.name === spec.group);
    this.first = kernel.table.groupStart[g] as number;
    this.n = kernel.table.groupCount[g] as number;
    this.need = spec.policy === 'majority' ? (this.n >> 1) + 1 : 1;
    this.min = spec.timeout.min;
    this.width = spec.timeout.max - spec.timeout.min;
    this.detection = spec.detection;
    this.voteDelay = spec.voteDelay;
    this.warmup = kernel.warmup;
    this.key = new StreamKey(`election/${spec.group}`, 'timeout');
    this.detectKind = this.engine.on(() => this.onDetect());
    this.roundKind = this.engine.on(() => this.onRoundEnd());
    kernel.bus.listenGroup(g, () => this.onMove());
    const r = kernel.registry;
    const G = spec.group;
    const span = kernel.span;
    const leaderless = r.quantity(`${G}.leaderless_time`, { range: span, kind: 'amount' });
    const failures = r.quantity(`${G}.leader_failures`, { range: Infinity, kind: 'count' });
    const elections = r.quantity(`${G}.elections`, { range: Infinity, kind: 'count' });
    const electionTime = r.quantity(`${G}.election_time`, { range: span, kind: 'amount' });
    const outage = r.quantity(`${G}.leader_outage_time`, { range: span, kind: 'amount' });
    const rounds = r.quantity(`${G}.election_rounds`, { range: Infinity, kind: 'count' });
    r.mean(`${G}.leader_availability`, '1', 'fraction', leaderless, 1, -1 / span, 'fraction of [warmup, horizon] the group has a leader');
    r.mean(`${G}.leader_failures`, 'failures', 'count', failures, 0, 1, 'leader losses at times in [warmup, horizon]');
    r.mean(`${G}.elections`, 'elections', 'count', elections, 0, 1, 'elections won at times in [warmup, horizon]');
    r.ratio(`${G}.election_time`, 's', 'duration', electionTime, elections, SECONDS_PER_HOUR, 'mean time from the start of an election (detection) to its win: Σ election time / elections won in [warmup, horizon]');
    r.ratio(`${G}.election_rounds`, 'rounds', 'count', rounds, elections, 1, 'mean rounds per election won in [warmup, horizon]');
    r.ratio(`${G}.unavailability_per_failure`, 's', 'duration', outage, elections, SECONDS_PER_HOUR, "mean time from the leader's loss to the next leader: Σ / elections won in [warmup, horizon]");
    this.slots = { leaderless, failures, elections, electionTime, outage, rounds };
  }

  start(streams: ReplicationStreams): void {
    streams.loadInto(this.key, this.stream);
    this.leaderless = 0;
    this.failures = 0;
    this.elections = 0;
    this.electionTime = 0;
    this.outage = 0;
    this.rounds = 0;
    this.candidate = -1;
    if (this.table.state[this.first] === UP) {
      this.leader = 0;
      this.phase = 0;
    } else {
      this.lose(0);
      this.phase = 1;
      this.engine.scheduleAt(0, this.detectKind, 0);
    }
    this.probe?.(this.leader, 0);
  }

  private lose(now: number): void {
    this.leader = -1;
    this.lostAt = now;
    this.probe?.(-1, now);
  }

  /** Every move of the group's up count. */
  private onMove(): void {
    if (this.phase === 0) {
      if (this.table.state[this.first + this.leader] === UP) return;
      const now = this.engine.now;
      if (now >= this.warmup) this.failures++;
      this.lose(now);
      this.phase = 1;
      this.engine.schedule(this.detection, this.detectKind, 0);
    } else if (this.phase === 2 && this.alive() >= this.need) {
      this.round();
    }
  }

  private alive(): number {
    let up = 0;
    const state = this.table.state;
    for (let i = 0; i < this.n; i++) if (state[this.first + i] === UP) up++;
    return up;
  }

  private onDetect(): void {
    this.electionStart = this.engine.now;
    this.begin();
  }

  /** A round if `need` members are UP, else the wait. */
  private begin(): void {
    if (this.alive() >= this.need) this.round();
    else this.phase = 2;
  }

  private round(): void {
    this.phase = 3;
    const state = this.table.state;
    const draw = this.stream.draw;
    let t1 = Infinity;
    let t2 = Infinity;
    let best = -1;
    for (let i = 0; i < this.n; i++) {
      if (state[this.first + i] !== UP) continue;
      const t = this.min + this.width * draw();
      if (t < t1) {
        t2 = t1;
        t1 = t;
        best = i;
      } else if (t < t2) t2 = t;
    }
    this.candidate = best;
    this.split = t2 - t1 < this.voteDelay;
    this.roundEnd = this.engine.now + t1;
    this.engine.scheduleAt(this.roundEnd, this.roundKind, 0);
  }

  private onRoundEnd(): void {
    const now = this.engine.now;
    if (now >= this.warmup) this.rounds++;
    if (this.split || this.table.state[this.first + this.candidate] !== UP || this.alive() < this.need) {
      this.begin();
      return;
    }
    this.leader = this.candidate;
    this.phase = 0;
    if (now >= this.warmup) {
      this.elections++;
      this.electionTime += now - this.electionStart;
      this.outage += now - this.lostAt;
    }
    const from = Math.max(this.lostAt, this.warmup);
    if (now > from) this.leaderless += now - from;
    this.probe?.(this.leader, now);
  }

  close(end: number): void {
    const from = Math.max(this.lostAt, this.warmup);
    if (this.phase !== 0 && end > from) this.leaderless += end - from;
    const v = this.kernel.values;
    const s = this.slots;
    v[s.leaderless] = this.leaderless;
    v[s.failures] = this.failures;
    v[s.elections] = this.elections;
    v[s.electionTime] = this.electionTime;
    v[s.outage] = this.outage;
    v[s.rounds] = this.rounds;
  }
}
