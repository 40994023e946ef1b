/** One replication of a series of k-of-n groups of components that fail and are repaired independently. */
import { Engine } from '../engine/Engine.js';
import { invalidParameter, requirePositive } from '../errors.js';
import type { Distribution } from '../random/distributions/Distribution.js';
import { ReloadableTychei } from '../random/ReloadableTychei.js';
import { StreamDeriver, StreamKey, type ReplicationStreams } from '../random/streams.js';

/** A group of identical components; the system needs at least `atLeast` of them up. */
export interface ComponentGroup {
  readonly name: string;
  readonly count: number;
  readonly atLeast: number;
  /** Time to failure (up time), hours. */
  readonly failure: Distribution;
  /** Time to repair (down time), hours; `null` for crash-stop components that never come back. */
  readonly repair: Distribution | null;
}

export interface GroupSystemSpec {
  readonly groups: readonly ComponentGroup[];
  /** Length of the simulated interval [0, horizon], hours. */
  readonly horizon: number;
}

/** What one replication measured; times in hours. */
export interface GroupSystemRecord {
  /** Fraction of [0, horizon] the system was up. */
  readonly intervalAvailability: number;
  readonly downtime: number;
  /** Number of up→down transitions of the system. */
  readonly outages: number;
  /** Time of the first system failure, or `horizon` when there was none (censored). */
  readonly firstFailure: number;
  readonly events: number;
}

/**
 * A system of component groups on the event engine. Every component starts up, fails after a
 * draw from its group's `failure` distribution, is repaired after a draw from `repair` (one
 * repairer per component: no queueing), and comes back as good as new. Components keep ageing
 * while the system is down. Each component draws its up times and its repair times from two
 * streams of its own (purposes `ttf` and `ttr`), keyed by `group/index`.
 *
 * One instance reuses its engine and arrays across replications; `run` is a pure function of
 * the replication's streams.
 */
export class GroupSystem {
  readonly horizon: number;
  private readonly engine = new Engine();
  private readonly failKind: number;
  private readonly repairKind: number;
  private readonly componentGroup: Int32Array;
  private readonly groupUp: Int32Array;
  private readonly groupNeed: Int32Array;
  private readonly failure: Distribution[];
  private readonly repair: (Distribution | null)[];
  private readonly ttfKeys: StreamKey[];
  private readonly ttrKeys: StreamKey[];
  // One stream object per (component, purpose) for the whole run, reloaded per replication.
  private readonly ttf: ReloadableTychei[];
  private readonly ttr: ReloadableTychei[];
  private readonly initialUp: Int32Array;
  // Per-replication state.
  private groupsShort = 0;
  private outages = 0;
  private downSince = 0;
  private downtime = 0;
  private firstFailure = 0;

  constructor(spec: GroupSystemSpec) {
    this.horizon = requirePositive('horizon', spec.horizon);
    if (spec.groups.length === 0) invalidParameter('groups', 'at least one group', spec.groups);
    const names = new Set<string>();
    let n = 0;
    spec.groups.forEach((g, i) => {
      if (names.has(g.name)) invalidParameter(`groups[${i}].name`, 'a unique group name', g.name);
      names.add(g.name);
      if (!Number.isInteger(g.count) || g.count < 1) invalidParameter(`groups.${g.name}.count`, 'an integer >= 1', g.count);
      if (!Number.isInteger(g.atLeast) || g.atLeast < 0 || g.atLeast > g.count) {
        invalidParameter(`groups.${g.name}.atLeast`, `an integer in [0, ${g.count}]`, g.atLeast);
      }
      n += g.count;
    });
    this.componentGroup = new Int32Array(n);
    this.groupUp = new Int32Array(spec.groups.length);
    this.groupNeed = new Int32Array(spec.groups.length);
    this.initialUp = new Int32Array(spec.groups.length);
    this.failure = [];
    this.repair = [];
    this.ttfKeys = [];
    this.ttrKeys = [];
    let c = 0;
    spec.groups.forEach((g, gi) => {
      this.groupNeed[gi] = g.atLeast;
      this.initialUp[gi] = g.count;
      for (let i = 0; i < g.count; i++, c++) {
        this.componentGroup[c] = gi;
        this.failure.push(g.failure);
        this.repair.push(g.repair);
        this.ttfKeys.push(new StreamKey(`${g.name}/${i}`, 'ttf'));
        this.ttrKeys.push(new StreamKey(`${g.name}/${i}`, 'ttr'));
      }
    });
    this.ttf = Array.from({ length: n }, () => new ReloadableTychei());
    this.ttr = Array.from({ length: n }, () => new ReloadableTychei());
    this.failKind = this.engine.on((component) => this.onFailure(component));
    this.repairKind = this.engine.on((component) => this.onRepair(component));
  }

  private deriver: StreamDeriver | undefined;

  /** Replication `rep` of the run with seed `seed`: a pure function of (spec, seed, rep). */
  replicate(seed: number, rep: number): GroupSystemRecord {
    if (this.deriver?.seed !== seed) this.deriver = new StreamDeriver(seed);
    return this.run(this.deriver.replication(rep));
  }

  /** One replication drawing from the given streams. */
  run(streams: ReplicationStreams): GroupSystemRecord {
    const engine = this.engine;
    engine.reset();
    this.groupUp.set(this.initialUp);
    this.groupsShort = 0;
    this.outages = 0;
    this.downtime = 0;
    this.firstFailure = this.horizon;
    for (let c = 0; c < this.componentGroup.length; c++) {
      const ttf = this.ttf[c] as ReloadableTychei;
      streams.loadInto(this.ttfKeys[c] as StreamKey, ttf);
      streams.loadInto(this.ttrKeys[c] as StreamKey, this.ttr[c] as ReloadableTychei);
      engine.schedule((this.failure[c] as Distribution).sample(ttf.draw), this.failKind, c);
    }
    engine.runUntil(this.horizon);
    if (this.groupsShort > 0) this.downtime += this.horizon - this.downSince;
    return {
      intervalAvailability: 1 - this.downtime / this.horizon,
      downtime: this.downtime,
      outages: this.outages,
      firstFailure: this.firstFailure,
      events: engine.eventsProcessed,
    };
  }

  private onFailure(c: number): void {
    const engine = this.engine;
    const g = this.componentGroup[c] as number;
    const left = (this.groupUp[g] as number) - 1;
    this.groupUp[g] = left;
    if (left === (this.groupNeed[g] as number) - 1 && this.groupsShort++ === 0) {
      if (this.outages++ === 0) this.firstFailure = engine.now;
      this.downSince = engine.now;
    }
    const repair = this.repair[c];
    if (repair !== null && repair !== undefined) {
      engine.schedule(repair.sample((this.ttr[c] as ReloadableTychei).draw), this.repairKind, c);
    }
  }

  private onRepair(c: number): void {
    const engine = this.engine;
    const g = this.componentGroup[c] as number;
    const back = (this.groupUp[g] as number) + 1;
    this.groupUp[g] = back;
    if (back === (this.groupNeed[g] as number) && --this.groupsShort === 0) {
      this.downtime += engine.now - this.downSince;
    }
    engine.schedule((this.failure[c] as Distribution).sample((this.ttf[c] as ReloadableTychei).draw), this.failKind, c);
  }
}
