/** Network partitions as events: processes that cut the links between two node sets for a while, beside the links' own failures; and the AP services' stale time. */
import type { Distribution } from '../../random/distributions/Distribution.js';
import { fromSpec } from '../../random/distributions/fromSpec.js';
import { ReloadableTychei } from '../../random/ReloadableTychei.js';
import { StreamKey, type ReplicationStreams } from '../../random/streams.js';
import type { Scenario } from '../../scenario/validateScenario.js';
import type { Kernel, Module } from '../kernel/Kernel.js';
import type { ServiceListener } from '../kernel/Services.js';

/** An AP service whose stale time is measured, and the probe (built by the plan from the network) that says whether some up replica is cut off from the majority. */
export interface StaleProbe {
  readonly service: number;
  readonly name: string;
  readonly cutOff: () => boolean;
}

/**
 * Each partition (docs/fault-modes.md, "Partitions and CAP") is an alternating renewal process from time 0:
 * a draw of `every` (stream `partition/<name>`, purpose `every`) until it starts, a draw of
 * `duration` (`duration`) until it ends, then `every` again. While it is active, every link with
 * one end on each side is *cut*: `view.cut[link]` counts the partitions cutting it, and the
 * network reads a link as usable iff it is UP and uncut. The cut never touches
 * `ComponentTable.state`, so a link keeps its own failure and repair: one that fails by its own
 * law during a partition is still down after it, until its repair. Gates need a request and its
 * reply, so an asymmetric partition (the first side cannot reach the second) cuts a two-way
 * exchange exactly as a symmetric one: for `quorum` and `connected` the two are the same (the
 * direction is kept in the spec for one-way observers). At each start and end the services on
 * the link group are re-evaluated; while the scenario has partitions every move of a link (and
 * of an AP group's replica) is followed, since the count shortcut no longer proves connectivity.
 *
 * Declares (whole runs only), per partition, `<name>.partitions` (starts in [warmup, horizon])
 * and `<name>.partitioned_time` (fraction of [warmup, horizon] active), and per probed service
 * `<service>.stale_time` (fraction of [warmup, horizon] up with some up replica cut off from
 * every connected set holding a strict majority of its group).
 */
export class Partitions implements Module, ServiceListener {
  private readonly engine: Kernel['engine'];
  private readonly cut: Uint8Array;
  private readonly cutLinks: Int32Array;
  private readonly startKind: number;
  private readonly endKind: number;
  private readonly linkGroup: number;
  private readonly every: Distribution[];
  private readonly duration: Distribution[];
  private readonly keys: { every: StreamKey; duration: StreamKey }[];
  private readonly everyStream: ReloadableTychei[];
  private readonly durationStream: ReloadableTychei[];
  /** Partition p cuts links crossing[crossingStart[p] .. crossingStart[p + 1]) (component ids). */
  private readonly crossingStart: Int32Array;
  private readonly crossing: Int32Array;
  private readonly since: Float64Array;
  private readonly count: Float64Array;
  private readonly activeTime: Float64Array;
  private readonly slots: { count: number; time: number }[];
  private readonly staleSince: Float64Array;
  private readonly staleTime: Float64Array;
  private readonly staleSlots: Int32Array;

  constructor(
    private readonly kernel: Kernel,
    scenario: Scenario,
    private readonly probes: readonly StaleProbe[],
  ) {
    this.engine = kernel.engine;
    this.cut = kernel.view.cut as Uint8Array;
    this.cutLinks = kernel.view.cutLinks as Int32Array;
    const net = scenario.network;
    if (net === null) throw new Error('Partitions: a scenario with partitions has a network (validateScenario checks)');
    const specs = scenario.partitions ?? [];
    this.linkGroup = scenario.groups.findIndex((g) => g.name === net.linkGroup);
    const firstLink = kernel.table.groupStart[this.linkGroup] as number;
    this.every = specs.map((p) => fromSpec(p.every, `${p.path}.every`));
    this.duration = specs.map((p) => fromSpec(p.duration, `${p.path}.duration`));
    this.keys = specs.map((p) => ({ every: new StreamKey(`partition/${p.name}`, 'every'), duration: new StreamKey(`partition/${p.name}`, 'duration') }));
    this.everyStream = specs.map(() => new ReloadableTychei());
    this.durationStream = specs.map(() => new ReloadableTychei());
    const crossing: number[] = [];
    this.crossingStart = new Int32Array(specs.length + 1);
    specs.forEach((p, i) => {
      const a = new Set(p.sides[0]);
      const b = new Set(p.sides[1]);
      net.endpoints.forEach(([x, y], l) => {
        if ((a.has(x) && b.has(y)) || (a.has(y) && b.has(x))) crossing.push(firstLink + l);
      });
      this.crossingStart[i + 1] = crossing.length;
    });
    this.crossing = Int32Array.from(crossing);
    this.since = new Float64Array(specs.length).fill(-1);
    this.count = new Float64Array(specs.length);
    this.activeTime = new Float64Array(specs.length);
    this.staleSince = new Float64Array(probes.length).fill(-1);
    this.staleTime = new Float64Array(probes.length);
    const r = kernel.registry;
    const span = kernel.span;
    const whole = scenario.stopAt === null;
    this.slots = whole
      ? specs.map((p) => {
          const count = r.quantity(`${p.name}.partitions`, { range: Infinity, kind: 'count' });
          r.mean(`${p.name}.partitions`, 'partitions', 'count', count, 0, 1, 'partitions started in [warmup, horizon]');
          const time = r.quantity(`${p.name}.partitioned_time`, { range: span, kind: 'amount' });
          r.mean(`${p.name}.partitioned_time`, '1', 'fraction', time, 0, 1 / span, 'fraction of [warmup, horizon] with the partition active');
          return { count, time };
        })
      : [];
    this.staleSlots = whole
      ? Int32Array.from(probes, (p) => {
          const q = r.quantity(`${p.name}.stale_time`, { range: span, kind: 'amount' });
          r.mean(`${p.name}.stale_time`, '1', 'fraction', q, 0, 1 / span, 'fraction of [warmup, horizon] up with some up replica cut off from every majority-connected set (may serve stale data)');
          return q;
        })
      : new Int32Array(0);
    this.startKind = this.engine.on(this.onStart);
    this.endKind = this.engine.on(this.onEnd);
    // With a cut, a link move anywhere can change connectivity: follow them all (partition scenarios only).
    kernel.bus.listenGroup(this.linkGroup, this.onMove);
    if (probes.length > 0) {
      for (const g of net.nodeGroups) kernel.bus.listenGroup(scenario.groups.findIndex((x) => x.name === g), this.onMove);
      kernel.services.listen(this);
    }
  }

  start(streams: ReplicationStreams): void {
    this.cut.fill(0);
    this.cutLinks[0] = 0;
    this.since.fill(-1);
    this.count.fill(0);
    this.activeTime.fill(0);
    this.staleSince.fill(-1);
    this.staleTime.fill(0);
    for (let p = 0; p < this.every.length; p++) {
      const keys = this.keys[p] as { every: StreamKey; duration: StreamKey };
      const every = this.everyStream[p] as ReloadableTychei;
      streams.loadInto(keys.every, every);
      streams.loadInto(keys.duration, this.durationStream[p] as ReloadableTychei);
      this.engine.schedule((this.every[p] as Distribution).sample(every.draw), this.startKind, p);
    }
  }

  private readonly onStart = (p: number): void => {
    const now = this.engine.now;
    this.since[p] = now;
    if (now >= this.kernel.warmup) this.count[p] = (this.count[p] as number) + 1;
    for (let i = this.crossingStart[p] as number; i < (this.crossingStart[p + 1] as number); i++) {
      const l = this.crossing[i] as number;
      const was = this.cut[l] as number;
      this.cut[l] = was + 1;
      if (was === 0) this.cutLinks[0] = (this.cutLinks[0] as number) + 1;
    }
    this.engine.schedule((this.duration[p] as Distribution).sample((this.durationStream[p] as ReloadableTychei).draw), this.endKind, p);
    this.kernel.bus.reevaluate(this.linkGroup);
  };

  private readonly onEnd = (p: number): void => {
    this.accrue(this.activeTime, p, this.since[p] as number, this.engine.now);
    this.since[p] = -1;
    for (let i = this.crossingStart[p] as number; i < (this.crossingStart[p + 1] as number); i++) {
      const l = this.crossing[i] as number;
      const left = (this.cut[l] as number) - 1;
      this.cut[l] = left;
      if (left === 0) this.cutLinks[0] = (this.cutLinks[0] as number) - 1;
    }
    this.engine.schedule((this.every[p] as Distribution).sample((this.everyStream[p] as ReloadableTychei).draw), this.startKind, p);
    this.kernel.bus.reevaluate(this.linkGroup);
  };

  private accrue(into: Float64Array, i: number, from: number, to: number): void {
    const a = Math.max(from, this.kernel.warmup);
    const b = Math.min(to, this.kernel.horizon);
    if (b > a) into[i] = (into[i] as number) + (b - a);
  }

  /** Opens or closes each probed service's stale period at the engine's time. */
  private readonly onMove = (): void => {
    const probes = this.probes;
    if (probes.length === 0) return;
    const view = this.kernel.view;
    const now = this.engine.now;
    for (let t = 0; t < probes.length; t++) {
      const probe = probes[t] as StaleProbe;
      const stale = view.serviceUp[probe.service] === 1 && probe.cutOff();
      const since = this.staleSince[t] as number;
      if (stale && since < 0) this.staleSince[t] = now;
      else if (!stale && since >= 0) {
        this.accrue(this.staleTime, t, since, now);
        this.staleSince[t] = -1;
      }
    }
  };

  serviceStarted(): void {
    this.onMove();
  }

  serviceChanged(): void {
    this.onMove();
  }

  close(end: number, whole: boolean): void {
    for (let p = 0; p < this.since.length; p++) if ((this.since[p] as number) >= 0) this.accrue(this.activeTime, p, this.since[p] as number, end);
    for (let t = 0; t < this.staleSince.length; t++) if ((this.staleSince[t] as number) >= 0) this.accrue(this.staleTime, t, this.staleSince[t] as number, end);
    if (!whole) return;
    const values = this.kernel.values;
    this.slots.forEach((s, p) => {
      values[s.count] = this.count[p] as number;
      values[s.time] = this.activeTime[p] as number;
    });
    for (let t = 0; t < this.staleSlots.length; t++) values[this.staleSlots[t] as number] = this.staleTime[t] as number;
  }
}
