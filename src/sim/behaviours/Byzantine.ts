/** Byzantine faults: components that, while byzantine, still answer (they stay UP for crash gates) but answer wrongly; and the time a wrong answer would be accepted. */
import type { Distribution } from '../../random/distributions/Distribution.js';
import { fromSpec } from '../../random/distributions/fromSpec.js';
import { ReloadableTychei } from '../../random/ReloadableTychei.js';
import { StreamKey, type ReplicationStreams } from '../../random/streams.js';
import type { Scenario } from '../../scenario/validateScenario.js';
import { UP } from '../kernel/ComponentTable.js';
import type { Kernel, Module } from '../kernel/Kernel.js';
import type { ServiceListener } from '../kernel/Services.js';

/**
 * Each component with a byzantine law (docs/fault-modes.md, "Byzantine faults") alternates honest and
 * byzantine periods from time 0 (honest first): honest for a draw of `failure` (stream
 * `byzantine/<group>/<i>`, purpose `enter`), byzantine for a draw of `repair` (`leave`), whatever
 * its crash state (the two alternating renewal processes are independent). The flags live in the
 * kernel's view (`view.byzantine`), never in `ComponentTable.state`: a byzantine component is UP
 * for crash gates. Each flip re-evaluates the services watching its group.
 *
 * Declares, per service over a group with a byzantine law (whole runs only),
 * `<service>.wrong_answer_time`: the fraction of [warmup, horizon] during which a wrong answer
 * would be accepted. A crash gate (`quorum` coordinators, `atLeast k of` a group) authenticates
 * no answer: a client takes one reply (from the leader, or any replica of a read), so a wrong
 * answer is accepted while the service is up and at least one up replica is byzantine. A `bft`
 * gate accepts an answer only with 2f + 1 matching replies, and two such quorums meet in an
 * honest replica while at most f up replicas lie: a wrong answer can be accepted only while more
 * than f up replicas are byzantine (Castro and Liskov 1999, §4.1), whether or not the gate is up.
 * The same condition, per service, is kept in `wrongNow` for the workload, which reads it when an
 * answer is delivered (`queries.<class>.wrong_answers`; docs/fault-modes.md, "Wrong answers to queries").
 */
export class Byzantine implements Module, ServiceListener {
  private readonly engine: Kernel['engine'];
  private readonly flags: Uint8Array;
  private readonly enterKind: number;
  private readonly leaveKind: number;
  /** Per byzantine-capable component j: its component id, group, laws and streams. */
  private readonly comp: Int32Array;
  private readonly groupOf: Int32Array;
  private readonly honest: Distribution[];
  private readonly lying: Distribution[];
  private readonly keys: { enter: StreamKey; leave: StreamKey }[];
  private readonly enter: ReloadableTychei[];
  private readonly leave: ReloadableTychei[];
  /** Per tracked service t: its index, group, f (−1: a crash gate), and its open wrong period. */
  private readonly tracked: Int32Array;
  private readonly trackedGroup: Int32Array;
  private readonly trackedF: Int32Array;
  private readonly wrongSince: Float64Array;
  private readonly wrongTime: Float64Array;
  private readonly slots: Int32Array;
  /**
   * Per service (the scenario's order), 1 while a wrong answer would be accepted now (the
   * condition of `wrong_answer_time`, kept at every flip, crash and service change); 0 for a
   * service this module does not track. The workload reads it when an answer is delivered
   * (docs/fault-modes.md, "Wrong answers to queries").
   */
  readonly wrongNow: Uint8Array;
  /** Per service, 1 if tracked (over a group with a byzantine law, by a bft or crash gate). */
  readonly tracks: Uint8Array;
  /** Per group, its byzantine-capable components are comp[groupFirst[g] .. groupFirst[g] + groupCapable[g]) (component ids contiguous). */
  private readonly groupFirst: Int32Array;
  private readonly groupCapable: Int32Array;

  constructor(
    private readonly kernel: Kernel,
    scenario: Scenario,
  ) {
    this.engine = kernel.engine;
    this.flags = kernel.view.byzantine as Uint8Array;
    const specs = scenario.byzantine ?? [];
    const groupIndex = new Map(scenario.groups.map((g, i) => [g.name, i]));
    const comps: number[] = [];
    const groups: number[] = [];
    this.honest = [];
    this.lying = [];
    this.keys = [];
    this.groupFirst = new Int32Array(scenario.groups.length);
    this.groupCapable = new Int32Array(scenario.groups.length);
    for (const b of specs) {
      const g = groupIndex.get(b.group) as number;
      const honest = fromSpec(b.failure, `${b.path}.failure`);
      const lying = fromSpec(b.repair, `${b.path}.repair`);
      this.groupFirst[g] = kernel.table.groupStart[g] as number;
      this.groupCapable[g] = b.count;
      for (let i = 0; i < b.count; i++) {
        comps.push((kernel.table.groupStart[g] as number) + i);
        groups.push(g);
        this.honest.push(honest);
        this.lying.push(lying);
        const label = `byzantine/${b.group}/${i}`;
        this.keys.push({ enter: new StreamKey(label, 'enter'), leave: new StreamKey(label, 'leave') });
      }
    }
    this.comp = Int32Array.from(comps);
    this.groupOf = Int32Array.from(groups);
    this.enter = comps.map(() => new ReloadableTychei());
    this.leave = comps.map(() => new ReloadableTychei());
    const tracked: { s: number; g: number; f: number }[] = [];
    scenario.services.forEach((s, i) => {
      const group = s.gate === 'bft' || s.gate === 'kOfGroup' ? s.group : s.gate === 'quorum' ? s.coordinators : undefined;
      const g = group === undefined ? undefined : groupIndex.get(group);
      if (g === undefined || this.groupCapable[g] === 0) return;
      tracked.push({ s: i, g, f: s.gate === 'bft' ? s.f : -1 });
    });
    this.tracked = Int32Array.from(tracked, (t) => t.s);
    this.trackedGroup = Int32Array.from(tracked, (t) => t.g);
    this.trackedF = Int32Array.from(tracked, (t) => t.f);
    this.wrongSince = new Float64Array(tracked.length).fill(-1);
    this.wrongTime = new Float64Array(tracked.length);
    this.wrongNow = new Uint8Array(scenario.services.length);
    this.tracks = new Uint8Array(scenario.services.length);
    for (const t of tracked) this.tracks[t.s] = 1;
    const r = kernel.registry;
    const span = kernel.span;
    this.slots =
      scenario.stopAt === null
        ? Int32Array.from(tracked, (t) => {
            const name = (scenario.services[t.s] as { name: string }).name;
            const q = r.quantity(`${name}.wrong_answer_time`, { range: span, kind: 'amount' });
            const why =
              t.f < 0
                ? 'fraction of [warmup, horizon] up with at least one up replica byzantine (a crash quorum takes one reply)'
                : `fraction of [warmup, horizon] with more than f = ${t.f} up replicas byzantine (PBFT safety lost)`;
            r.mean(`${name}.wrong_answer_time`, '1', 'fraction', q, 0, 1 / span, why);
            return q;
          })
        : new Int32Array(0);
    this.enterKind = this.engine.on(this.onEnter);
    this.leaveKind = this.engine.on(this.onLeave);
    // A crash of a byzantine replica changes what it can answer: follow every move of these groups (byzantine scenarios only).
    for (const g of new Set(groups)) kernel.bus.listenGroup(g, this.onGroupMove);
    kernel.services.listen(this);
  }

  start(streams: ReplicationStreams): void {
    this.flags.fill(0);
    this.wrongNow.fill(0);
    this.wrongSince.fill(-1);
    this.wrongTime.fill(0);
    for (let j = 0; j < this.comp.length; j++) {
      const keys = this.keys[j] as { enter: StreamKey; leave: StreamKey };
      const enter = this.enter[j] as ReloadableTychei;
      streams.loadInto(keys.enter, enter);
      streams.loadInto(keys.leave, this.leave[j] as ReloadableTychei);
      this.engine.schedule((this.honest[j] as Distribution).sample(enter.draw), this.enterKind, j);
    }
  }

  private readonly onEnter = (j: number): void => {
    this.flags[this.comp[j] as number] = 1;
    this.engine.schedule((this.lying[j] as Distribution).sample((this.leave[j] as ReloadableTychei).draw), this.leaveKind, j);
    this.kernel.bus.reevaluate(this.groupOf[j] as number);
  };

  private readonly onLeave = (j: number): void => {
    this.flags[this.comp[j] as number] = 0;
    this.engine.schedule((this.honest[j] as Distribution).sample((this.enter[j] as ReloadableTychei).draw), this.enterKind, j);
    this.kernel.bus.reevaluate(this.groupOf[j] as number);
  };

  /** Up replicas of group g that are byzantine now. */
  private liars(g: number): number {
    const state = this.kernel.table.state;
    const first = this.groupFirst[g] as number;
    const last = first + (this.groupCapable[g] as number);
    let n = 0;
    for (let c = first; c < last; c++) if (state[c] === UP && this.flags[c] === 1) n++;
    return n;
  }

  /** Opens or closes each tracked service's wrong period at the engine's time. */
  private update(): void {
    const now = this.engine.now;
    const up = this.kernel.view.serviceUp;
    for (let t = 0; t < this.tracked.length; t++) {
      const f = this.trackedF[t] as number;
      const liars = this.liars(this.trackedGroup[t] as number);
      const wrong = f < 0 ? up[this.tracked[t] as number] === 1 && liars >= 1 : liars > f;
      const since = this.wrongSince[t] as number;
      this.wrongNow[this.tracked[t] as number] = wrong ? 1 : 0;
      if (wrong && since < 0) this.wrongSince[t] = now;
      else if (!wrong && since >= 0) {
        this.accrue(t, since, now);
        this.wrongSince[t] = -1;
      }
    }
  }

  private accrue(t: number, from: number, to: number): void {
    const a = Math.max(from, this.kernel.warmup);
    const b = Math.min(to, this.kernel.horizon);
    if (b > a) this.wrongTime[t] = (this.wrongTime[t] as number) + (b - a);
  }

  private readonly onGroupMove = (): void => this.update();

  serviceStarted(): void {
    this.update();
  }

  serviceChanged(): void {
    this.update();
  }

  close(end: number, whole: boolean): void {
    for (let t = 0; t < this.tracked.length; t++) {
      const since = this.wrongSince[t] as number;
      if (since >= 0) this.accrue(t, since, end);
    }
    if (!whole) return;
    const values = this.kernel.values;
    for (let t = 0; t < this.slots.length; t++) values[this.slots[t] as number] = this.wrongTime[t] as number;
  }
}
