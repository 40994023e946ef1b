/** Leader election in a coordinator group whose members a partition can split: one election per connected side, step-down when cut off from a majority, and split brain (two leaders at once) under `naive`. */
import { ReloadableTychei } from '../../random/ReloadableTychei.js';
import type { StreamKey, ReplicationStreams } from '../../random/streams.js';
import type { ElectionSpec } from '../../scenario/resolveElection.js';
import type { Scenario } from '../../scenario/validateScenario.js';
import { UP } from '../kernel/ComponentTable.js';
import type { Kernel, Module } from '../kernel/Kernel.js';
import type { Network } from '../gates/Network.js';
import { declareElectionMetrics, electionParams, RoundDraw, type ElectionSlots } from './electionCommon.js';

/** A probe for tests: called at each change of the set of leaders (a bit mask over the group's members) with the time. */
export type LeadersProbe = (leaders: number, time: number) => void;

function bits(mask: number): number {
  let m = mask - ((mask >>> 1) & 0x55555555);
  m = (m & 0x33333333) + ((m >>> 2) & 0x33333333);
  return (((m + (m >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * Semantics (docs/fault-modes.md, "Leader election", "Partitions"). Member 0 leads at time 0 if it
 * is UP (else the members are orphaned at 0 and elect at `detection`). A member's *side* is the set
 * of UP members it reaches over UP, uncut links through UP nodes (the quorum gate's rule). After
 * every move of a member or a link and every partition start or end:
 * 1. a leader that is down loses leadership (a leader failure); under `majority` so does a leader
 *    whose side holds fewer than ⌊n/2⌋ + 1 members UP (it is cut off: it can no longer commit,
 *    and steps down at that instant; also a leader failure); when two leaders find themselves on
 *    one side (a partition healed), the one elected last keeps leading and the other steps down
 *    (the higher term wins, as in Raft; not a failure);
 * 2. an UP member with no leader on its side is *orphaned* since the first instant it was so;
 * 3. each side with no leader and `need` members UP (a strict majority of the whole group under
 *    `majority`, one under `naive`) runs an election among its members: it starts `detection`
 *    after the side's earliest orphaned instant (at once if that is past), and proceeds in rounds
 *    as in `Election` (each member of the side, in index order, draws its timeout from stream
 *    `election/<group>`, `timeout`; the earliest wins unless the second earliest is within
 *    `voteDelay`). A side whose membership changes has its election (or round) cancelled and
 *    started again for its new membership, from the same start.
 * Under `majority` two sides cannot both hold a strict majority, so there is never more than one
 * leader; under `naive` each side of a partition elects its own: split brain, until the heal.
 * Metrics as `Election`'s (leader availability: some leader exists), plus `<group>.split_brain_time`
 * (fraction of [warmup, horizon] with two or more leaders), `<group>.split_brains` (episodes
 * starting in [warmup, horizon]) and `<group>.split_brain_duration` (h: their time in the window
 * over their count). Built only when `electionSeesPartitions` (Plan.ts); at most 30 members.
 */
export class SidedElection implements Module {
  private readonly engine: Kernel['engine'];
  private readonly state: Uint8Array;
  private readonly first: number;
  private readonly n: number;
  private readonly need: number;
  private readonly detection: number;
  private readonly warmup: number;
  private readonly key: StreamKey;
  private readonly stream = new ReloadableTychei();
  private readonly draw: RoundDraw;
  /** The side of the round being drawn (a bit mask), for `votes`. */
  private voters = 0;
  private readonly votes = (i: number): boolean => (this.voters & (1 << i)) !== 0;
  private readonly detectKind: number;
  private readonly roundKind: number;
  /** Member i's node index in the network. */
  private readonly node: Int32Array;
  /** Scratch: member i's side as a bit mask of members (0: down). */
  private readonly side: Int32Array;
  private readonly root: Int32Array;
  /** Per member: its leader's term (0: not a leader); the instant it was first orphaned (−1: it has a leader, or is down). */
  private readonly term: Float64Array;
  private readonly orphaned: Float64Array;
  /** Per election slot (at most one per side, so n): its side (0: free), start, earliest orphaned instant, event, whether a round runs, the round's candidate and split. */
  private readonly slotSide: Int32Array;
  private readonly slotStart: Float64Array;
  private readonly slotLost: Float64Array;
  private readonly slotEvent: Float64Array;
  private readonly slotCandidate: Int32Array;
  private readonly slotSplit: Uint8Array;
  private readonly slots: ElectionSlots;

  /** A test's window on the leaders: called at each change of the set. */
  probe: LeadersProbe | undefined = undefined;
  /** The leaders, as a bit mask over the members. */
  leaders = 0;
  private terms = 0;
  private leaderlessSince = -1;
  private splitSince = -1;
  private values = { leaderless: 0, failures: 0, elections: 0, electionTime: 0, outage: 0, rounds: 0, splitTime: 0, splits: 0 };

  constructor(
    private readonly kernel: Kernel,
    scenario: Scenario,
    spec: ElectionSpec,
    private readonly net: Network,
  ) {
    this.engine = kernel.engine;
    this.state = kernel.table.state;
    const p = electionParams(kernel, scenario, spec);
    const g = p.group;
    this.first = p.first;
    this.n = p.n;
    if (this.n > 30) throw new Error('SidedElection: at most 30 members (validateScenario checks)');
    this.need = p.need;
    this.detection = p.detection;
    this.warmup = kernel.warmup;
    this.key = p.key;
    this.draw = new RoundDraw(p);
    this.node = new Int32Array(this.n).fill(-1);
    net.nodeComp.forEach((c, v) => {
      const i = c - this.first;
      if (i >= 0 && i < this.n) this.node[i] = v;
    });
    const n = this.n;
    this.side = new Int32Array(n);
    this.root = new Int32Array(n);
    this.term = new Float64Array(n);
    this.orphaned = new Float64Array(n);
    this.slotSide = new Int32Array(n);
    this.slotStart = new Float64Array(n);
    this.slotLost = new Float64Array(n);
    this.slotEvent = new Float64Array(n).fill(-1);
    this.slotCandidate = new Int32Array(n);
    this.slotSplit = new Uint8Array(n);
    this.detectKind = this.engine.on((slot) => this.round(slot));
    this.roundKind = this.engine.on((slot) => this.onRoundEnd(slot));
    kernel.bus.listenGroup(g, () => this.evaluate());
    kernel.bus.listenGroup(net.linkGroup, () => this.evaluate());
    this.slots = declareElectionMetrics(kernel, spec.group, true);
  }

  start(streams: ReplicationStreams): void {
    streams.loadInto(this.key, this.stream);
    for (const k of Object.keys(this.values) as (keyof typeof this.values)[]) this.values[k] = 0;
    this.term.fill(0);
    this.orphaned.fill(-1);
    this.slotSide.fill(0);
    this.slotEvent.fill(-1);
    this.terms = 0;
    this.leaders = 0;
    this.leaderlessSince = 0;
    this.splitSince = -1;
    this.lastProbed = -1;
    if (this.state[this.first] === UP) this.lead(0, 0);
    this.evaluate();
    this.changed(0);
  }

  /** Steps 1–3 of the semantics at the engine's time. */
  private evaluate(): void {
    const now = this.engine.now;
    const n = this.n;
    const net = this.net;
    const side = this.side;
    const root = this.root;
    net.connect(this.kernel.view, true);
    for (let i = 0; i < n; i++) {
      side[i] = 0;
      root[i] = this.state[this.first + i] === UP ? net.find(this.node[i] as number) : -1;
    }
    for (let i = 0; i < n; i++) {
      if ((root[i] as number) < 0) continue;
      for (let j = 0; j < n; j++) if (root[j] === root[i]) side[i] = (side[i] as number) | (1 << j);
    }
    const before = this.leaders;
    // 1. Leaders down or cut off from a majority; two on one side: the later term stays.
    for (let i = 0; i < n; i++) {
      if ((this.leaders & (1 << i)) === 0) continue;
      if (side[i] === 0 || bits(side[i] as number) < this.need) {
        this.stepDown(i);
        if (now >= this.warmup) this.values.failures++;
      }
    }
    for (let i = 0; i < n; i++) {
      if ((this.leaders & (1 << i)) === 0) continue;
      const rivals = this.leaders & (side[i] as number) & ~(1 << i);
      for (let j = 0; j < n; j++) {
        if ((rivals & (1 << j)) !== 0 && (this.term[j] as number) > (this.term[i] as number)) {
          this.stepDown(i);
          break;
        }
      }
    }
    // 2. Orphaned members.
    for (let i = 0; i < n; i++) {
      if (side[i] === 0) this.orphaned[i] = -1;
      else if ((this.leaders & (side[i] as number)) !== 0) this.orphaned[i] = -1;
      else if ((this.orphaned[i] as number) < 0) this.orphaned[i] = now;
    }
    // 3. Elections: cancel those whose side is gone or has a leader; start one per leaderless side with `need` members.
    for (let s = 0; s < n; s++) {
      const m = this.slotSide[s] as number;
      if (m === 0) continue;
      const lowest = 31 - Math.clz32(m & -m);
      if (side[lowest] !== m || (this.leaders & m) !== 0 || bits(m) < this.need) this.free(s);
    }
    for (let i = 0; i < n; i++) {
      const m = side[i] as number;
      if (m === 0 || (m & -m) !== 1 << i || (this.leaders & m) !== 0 || bits(m) < this.need) continue; // once per side, at its lowest member
      if (this.slotOf(m) >= 0) continue;
      let lost = Infinity;
      for (let j = 0; j < n; j++) if ((m & (1 << j)) !== 0) lost = Math.min(lost, this.orphaned[j] as number);
      const s = this.slotOf(0);
      this.slotSide[s] = m;
      this.slotLost[s] = lost;
      this.slotStart[s] = lost + this.detection;
      if (lost + this.detection > now) this.slotEvent[s] = this.engine.scheduleAt(lost + this.detection, this.detectKind, s);
      else this.round(s);
    }
    if (this.leaders !== before) this.changed(now);
  }

  private slotOf(side: number): number {
    for (let s = 0; s < this.n; s++) if (this.slotSide[s] === side) return s;
    return -1;
  }

  private free(s: number): void {
    const e = this.slotEvent[s] as number;
    if (e >= 0) this.engine.cancel(e);
    this.slotEvent[s] = -1;
    this.slotSide[s] = 0;
  }

  /** A round among slot s's side: each member, in index order, draws its timeout. */
  private round(s: number): void {
    const d = this.draw;
    this.voters = this.slotSide[s] as number;
    d.run(this.votes, this.stream.draw);
    this.slotCandidate[s] = d.candidate;
    this.slotSplit[s] = d.split ? 1 : 0;
    this.slotEvent[s] = this.engine.scheduleAt(this.engine.now + d.earliest, this.roundKind, s);
  }

  /** The round's end: a split starts the next round; otherwise the candidate leads its side (its membership unchanged since, or the slot would be gone). */
  private onRoundEnd(s: number): void {
    const now = this.engine.now;
    this.slotEvent[s] = -1;
    if (now >= this.warmup) this.values.rounds++;
    if (this.slotSplit[s] === 1) {
      this.round(s);
      return;
    }
    const c = this.slotCandidate[s] as number;
    if (now >= this.warmup) {
      this.values.elections++;
      this.values.electionTime += now - (this.slotStart[s] as number);
      this.values.outage += now - (this.slotLost[s] as number);
    }
    this.slotSide[s] = 0;
    this.lead(c, now);
    this.evaluate();
    this.changed(now);
  }

  private lead(i: number, now: number): void {
    this.leaders |= 1 << i;
    this.term[i] = ++this.terms;
    if (this.leaderlessSince >= 0) {
      this.accrue('leaderless', this.leaderlessSince, now);
      this.leaderlessSince = -1;
    }
    if (bits(this.leaders) >= 2 && this.splitSince < 0) {
      this.splitSince = now;
      if (now >= this.warmup) this.values.splits++;
    }
  }

  private stepDown(i: number): void {
    const now = this.engine.now;
    this.leaders &= ~(1 << i);
    this.term[i] = 0;
    if (this.leaders === 0 && this.leaderlessSince < 0) this.leaderlessSince = now;
    if (bits(this.leaders) < 2 && this.splitSince >= 0) {
      this.accrue('splitTime', this.splitSince, now);
      this.splitSince = -1;
    }
  }

  private lastProbed = -1;

  /** Tells the probe of a new set of leaders. */
  private changed(now: number): void {
    if (this.leaders === this.lastProbed) return;
    this.lastProbed = this.leaders;
    this.probe?.(this.leaders, now);
  }

  private accrue(what: 'leaderless' | 'splitTime', from: number, to: number): void {
    const a = Math.max(from, this.warmup);
    if (to > a) this.values[what] += to - a;
  }

  close(end: number): void {
    if (this.leaderlessSince >= 0) this.accrue('leaderless', this.leaderlessSince, end);
    if (this.splitSince >= 0) this.accrue('splitTime', this.splitSince, end);
    const v = this.kernel.values;
    const s = this.slots;
    for (const k of Object.keys(s) as (keyof typeof s)[]) v[s[k]] = this.values[k];
  }
}
