/** Leader election in a coordinator group: the leader's crash, its detection, rounds of randomized election timeouts, split votes, and leader metrics. */
import { ReloadableTychei } from '../../random/ReloadableTychei.js';
import type { StreamKey, ReplicationStreams } from '../../random/streams.js';
import type { ElectionSpec } from '../../scenario/resolveElection.js';
import type { Scenario } from '../../scenario/validateScenario.js';
import { UP } from '../kernel/ComponentTable.js';
import type { Kernel, Module } from '../kernel/Kernel.js';
import { declareElectionMetrics, electionParams, RoundDraw, type ElectionSlots } from './electionCommon.js';

/** A probe for tests: called at each leader change (−1: no leader) with the time. */
export type LeaderProbe = (leader: number, time: number) => void;

/**
 * Semantics (docs/fault-modes.md, "Leader election"). Member 0 of the group leads at time 0 (if it is UP;
 * else an election starts at 0). When the leader leaves UP, or (under `majority`) fewer than a
 * strict majority of the group are UP, the group has no leader; `detection`
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
  private readonly detection: number;
  private readonly warmup: number;
  private readonly key: StreamKey;
  private readonly stream = new ReloadableTychei();
  private readonly draw: RoundDraw;
  private readonly votes = (i: number): boolean => this.table.state[this.first + i] === UP;
  private readonly detectKind: number;
  private readonly roundKind: number;
  private readonly slots: ElectionSlots;

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
    const p = electionParams(kernel, scenario, spec);
    this.first = p.first;
    this.n = p.n;
    this.need = p.need;
    this.detection = p.detection;
    this.warmup = kernel.warmup;
    this.key = p.key;
    this.draw = new RoundDraw(p);
    this.detectKind = this.engine.on(() => this.onDetect());
    this.roundKind = this.engine.on(() => this.onRoundEnd());
    kernel.bus.listenGroup(p.group, () => this.onMove());
    this.slots = declareElectionMetrics(kernel, spec.group, false);
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
      // A leader keeps leading while it is UP and a strict majority is (under `majority`): without
      // one it can commit nothing and steps down, as SidedElection's leader cut off from a majority.
      if (this.table.state[this.first + this.leader] === UP && (this.need === 1 || this.alive() >= this.need)) return;
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
    const d = this.draw;
    d.run(this.votes, this.stream.draw);
    this.candidate = d.candidate;
    this.split = d.split;
    this.roundEnd = this.engine.now + d.earliest;
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
