/** One replication of a scenario on the event engine: components fail, queue for crews, are repaired; services and metrics follow. */
import { Engine } from '../engine/Engine.js';
import { FaultlineError } from '../errors.js';
import type { Distribution } from '../random/distributions/Distribution.js';
import { fromSpec } from '../random/distributions/fromSpec.js';
import { ReloadableTychei } from '../random/ReloadableTychei.js';
import type { Stream } from '../random/Stream.js';
import { StreamDeriver, StreamKey } from '../random/streams.js';
import type { Scenario, ServiceSpec } from '../scenario/validateScenario.js';

export type { Scenario };

/** What one replication measured about a service; times in hours. */
export interface ServiceRecord {
  /** Fraction of [warmup, horizon] the service was up (interval availability). */
  readonly availability: number;
  /** Time down within [warmup, horizon]. */
  readonly downtime: number;
  /** Outages (down periods) overlapping [warmup, horizon]. */
  readonly outages: number;
  /** The longest down period, clipped to [warmup, horizon]; 0 with none. */
  readonly longestOutage: number;
  /** Time of the first failure since 0 (0 when it starts down); the horizon when none (censored). */
  readonly firstFailure: number;
  /** Whether it failed at all by the horizon, the horizon itself included (false: `firstFailure` is censored). */
  readonly failed: boolean;
  /** 1 when up at each grid time, else 0 (the point-availability curve). */
  readonly pointUp: readonly number[];
  /** 1 when not yet failed at each grid time, else 0 (the reliability curve). */
  readonly reliable: readonly number[];
  /**
   * For each window length w of the scenario, the fraction of start times s in
   * [warmup, horizon − w] for which the service is up throughout [s, s + w].
   */
  readonly windowUp: readonly number[];
}

export interface ReplicationRecord {
  readonly scenario: string;
  readonly seed: number;
  readonly rep: number;
  readonly events: number;
  /**
   * Per service. With the scenario's `stopAt`, a replication measures first failures only: the
   * other fields are then NaN (availability, downtime, …) or empty (pointUp, windowUp).
   */
  readonly services: Readonly<Record<string, ServiceRecord>>;
  /** Per group, the fraction of [warmup, horizon] each component was up, and the component failures in [warmup, horizon]. */
  readonly groups: Readonly<Record<string, { readonly componentUp: readonly number[]; readonly failures: number }>>;
  /** Per crew pool: most repairers busy at once, longest queue, mean fraction of repairers busy. */
  readonly crews: Readonly<Record<string, { readonly maxBusy: number; readonly maxQueue: number; readonly utilization: number }>>;
}

const enum Gate {
  KOfMembers,
  KOfGroup,
  Quorum,
  Connected,
}

/** The default of `--max-events`: the most events one replication may process (README, "Limits"). */
export const DEFAULT_MAX_EVENTS = 10_000_000;

/** Overlap of [a, b] with [lo, hi]. */
function overlap(a: number, b: number, lo: number, hi: number): number {
  const d = Math.min(b, hi) - Math.max(a, lo);
  return d > 0 ? d : 0;
}

/**
 * A scenario compiled for simulation. Construction resolves distributions and stream keys and
 * sizes every array once; `replicate(seed, rep)` then runs one replication reusing them, so
 * nothing is allocated per event. A replication is a pure function of (scenario, seed, rep).
 *
 * Conventions (README, "Conventions"): components fail after a draw from their failure
 * distribution, are repaired as good as new after a draw from their repair distribution taken
 * when the repair starts, and keep failing while services are down. A component with a crew
 * waits, in first-come-first-served order of failure, until one of the pool's repairers is free.
 *
 * Edges: the run covers the closed interval [0, horizon] and every state is right-continuous.
 * An event at exactly the horizon happens: a service that goes down then has failed (first
 * failure at the horizon, R(horizon) = 0), is down at the horizon's grid time, and has an outage
 * of 0 hours. Every measure over [warmup, horizon] (time up, outages, component failures, crew
 * peaks) counts what holds at some time in that interval, warmup included.
 */
export class Simulation {
  readonly scenario: Scenario;
  /** The most events one replication may process; beyond it `run` throws LIMIT (an event storm, not a hang). */
  maxEvents = DEFAULT_MAX_EVENTS;
  private readonly engine = new Engine();
  private readonly failKind: number;
  private readonly repairKind: number;
  private readonly horizon: number;
  private readonly warmup: number;
  private readonly span: number;

  // Components.
  private readonly n: number;
  private readonly compGroup: Int32Array;
  private readonly compCrew: Int32Array;
  private readonly compUp: Uint8Array;
  private readonly compChangedAt: Float64Array;
  private readonly compUpTime: Float64Array;
  private readonly steady: Uint8Array;
  private readonly steadyDownProbability: Float64Array;
  private readonly failure: Distribution[];
  private readonly repair: (Distribution | null)[];
  private readonly keys: { ttf: StreamKey; ttr: StreamKey; init: StreamKey }[];
  private readonly ttf: ReloadableTychei[];
  private readonly ttr: ReloadableTychei[];
  // Their draw functions, one load nearer the handlers.
  private readonly ttfDraw: Stream[];
  private readonly ttrDraw: Stream[];
  private readonly init = new ReloadableTychei();

  // Groups.
  private readonly groupStart: Int32Array;
  private readonly groupCount: Int32Array;
  private readonly groupUp: Int32Array;
  /** Component failures at times in [warmup, horizon], per group. */
  private readonly groupFailures: Float64Array;
  /** Per group, the services to re-evaluate when one of its components changes, in dependency order. */
  private readonly affected: Int32Array[];
  /**
   * At `crossingBase[g] + t`, 1 for each count t of group g's up components such that moving
   * between t − 1 and t up can change a service (k-of-n gates change state only there); most
   * events cross none, and then no service is evaluated. Groups whose every change matters
   * (nodes and links of a network that a quorum or connectivity service reads) are all 1s.
   */
  private readonly crossing: Uint8Array;
  private readonly crossingBase: Int32Array;

  // Crews.
  private readonly crewCount: Int32Array;
  private readonly crewBusy: Int32Array;
  private readonly crewMaxBusy: Int32Array;
  private readonly crewBusyTime: Float64Array;
  private readonly crewChangedAt: Float64Array;
  private readonly crewQueue: Int32Array[];
  private readonly crewHead: Int32Array;
  private readonly crewLength: Int32Array;
  private readonly crewMaxQueue: Int32Array;

  // Network: nodes are components of the node groups; links are components of the link group.
  private readonly nodeComp: Int32Array;
  private readonly nodeGroupOf: Int32Array;
  private readonly linkComp: Int32Array;
  private readonly linkA: Int32Array;
  private readonly linkB: Int32Array;
  private readonly parent: Int32Array;
  private readonly rootCount: Int32Array;

  // Services, in dependency order.
  private readonly services: readonly ServiceSpec[];
  private readonly gate: Int32Array;
  private readonly gateK: Int32Array;
  private readonly memberIsService: Uint8Array[];
  private readonly memberIndex: Int32Array[];
  private readonly gateGroupA: Int32Array;
  private readonly gateGroupB: Int32Array;
  private readonly connectedGroups: Int32Array[];
  private readonly svcUp: Uint8Array;
  private readonly svcChangedAt: Float64Array;
  private readonly svcDowntime: Float64Array;
  private readonly svcOutages: Int32Array;
  private readonly svcLongest: Float64Array;
  /** Time of the first failure, Infinity while there is none. */
  private readonly svcFirstFailure: Float64Array;
  /** 1 for the services whose first failure `stopAt` waits for. */
  private readonly svcWatched: Uint8Array;
  /** Watched services that have not failed yet in this run: it stops when none is left. */
  private watchedLeft = 0;
  private readonly svcWindowGood: Float64Array;
  private readonly svcPointUp: Uint8Array;
  private readonly windows: Float64Array;
  private readonly grid: Float64Array;
  private nextGrid = 0;
  /** Time of the next grid point to record (Infinity when all are): one comparison per event. */
  private nextGridTime = Infinity;

  private deriver: StreamDeriver | undefined;

  constructor(scenario: Scenario) {
    this.scenario = scenario;
    this.horizon = scenario.horizon;
    this.warmup = scenario.warmup;
    this.span = scenario.horizon - scenario.warmup;
    const groups = scenario.groups;
    const groupIndex = new Map(groups.map((g, i) => [g.name, i]));
    const crewIndex = new Map(scenario.crews.map((c, i) => [c.name, i]));

    this.groupStart = new Int32Array(groups.length);
    this.groupCount = Int32Array.from(groups, (g) => g.count);
    this.groupUp = new Int32Array(groups.length);
    this.groupFailures = new Float64Array(groups.length);
    this.n = groups.reduce((sum, g) => sum + g.count, 0);
    this.compGroup = new Int32Array(this.n);
    this.compCrew = new Int32Array(this.n);
    this.compUp = new Uint8Array(this.n);
    this.compChangedAt = new Float64Array(this.n);
    this.compUpTime = new Float64Array(this.n);
    this.steady = new Uint8Array(this.n);
    this.steadyDownProbability = new Float64Array(this.n);
    this.failure = [];
    this.repair = [];
    this.keys = [];
    let c = 0;
    groups.forEach((g, gi) => {
      this.groupStart[gi] = c;
      const failure = fromSpec(g.failure, `${g.path}.failure`);
      const repair = g.repair === null ? null : fromSpec(g.repair, `${g.path}.repair`);
      for (let i = 0; i < g.count; i++, c++) {
        this.compGroup[c] = gi;
        this.compCrew[c] = g.crew === null ? -1 : (crewIndex.get(g.crew) as number);
        this.failure.push(failure);
        this.repair.push(repair);
        if (g.initial === 'steady' && repair !== null) {
          this.steady[c] = 1;
          this.steadyDownProbability[c] = repair.mean / (failure.mean + repair.mean);
        }
        const label = `${g.name}/${i}`;
        this.keys.push({ ttf: new StreamKey(label, 'ttf'), ttr: new StreamKey(label, 'ttr'), init: new StreamKey(label, 'init') });
      }
    });
    this.ttf = Array.from({ length: this.n }, () => new ReloadableTychei());
    this.ttr = Array.from({ length: this.n }, () => new ReloadableTychei());
    this.ttfDraw = this.ttf.map((stream) => stream.draw);
    this.ttrDraw = this.ttr.map((stream) => stream.draw);

    const crews = scenario.crews;
    this.crewCount = Int32Array.from(crews, (k) => k.count);
    this.crewBusy = new Int32Array(crews.length);
    this.crewMaxBusy = new Int32Array(crews.length);
    this.crewBusyTime = new Float64Array(crews.length);
    this.crewChangedAt = new Float64Array(crews.length);
    this.crewQueue = crews.map((_, k) => new Int32Array(Math.max(1, this.compCrew.filter((x) => x === k).length)));
    this.crewHead = new Int32Array(crews.length);
    this.crewLength = new Int32Array(crews.length);
    this.crewMaxQueue = new Int32Array(crews.length);

    const net = scenario.network;
    const nodeGroups = net?.nodeGroups.map((name) => groupIndex.get(name) as number) ?? [];
    const nodeComps: number[] = [];
    const nodeGroupOf: number[] = [];
    for (const gi of nodeGroups) {
      for (let i = 0; i < (this.groupCount[gi] as number); i++) {
        nodeComps.push((this.groupStart[gi] as number) + i);
        nodeGroupOf.push(gi);
      }
    }
    this.nodeComp = Int32Array.from(nodeComps);
    this.nodeGroupOf = Int32Array.from(nodeGroupOf);
    this.parent = new Int32Array(nodeComps.length);
    this.rootCount = new Int32Array(nodeComps.length);
    const linkGroup = net ? (groupIndex.get(net.linkGroup) as number) : -1;
    this.linkComp = Int32Array.from(net?.endpoints ?? [], (_, i) => (this.groupStart[linkGroup] as number) + i);
    this.linkA = Int32Array.from(net?.endpoints ?? [], (e) => e[0]);
    this.linkB = Int32Array.from(net?.endpoints ?? [], (e) => e[1]);

    this.services = scenario.services;
    const serviceIndex = new Map(this.services.map((s, i) => [s.name, i]));
    const S = this.services.length;
    this.gate = new Int32Array(S);
    this.gateK = new Int32Array(S);
    this.gateGroupA = new Int32Array(S).fill(-1);
    this.gateGroupB = new Int32Array(S).fill(-1);
    this.memberIsService = [];
    this.memberIndex = [];
    this.connectedGroups = [];
    // Which services each group's changes reach directly; closed over service members below.
    const direct: Set<number>[] = groups.map(() => new Set<number>());
    this.crossingBase = new Int32Array(groups.length);
    groups.forEach((g, gi) => {
      if (gi + 1 < groups.length) this.crossingBase[gi + 1] = (this.crossingBase[gi] as number) + g.count + 1;
    });
    this.crossing = new Uint8Array(groups.reduce((sum, g) => sum + g.count + 1, 0));
    const threshold = (gi: number, t: number): void => {
      if (t >= 1 && t <= (this.groupCount[gi] as number)) this.crossing[(this.crossingBase[gi] as number) + t] = 1;
    };
    const always = (gi: number): void => {
      for (let t = 1; t <= (this.groupCount[gi] as number); t++) threshold(gi, t);
    };
    const users: Set<number>[] = this.services.map(() => new Set<number>());
    this.services.forEach((s, si) => {
      let isService: number[] = [];
      let index: number[] = [];
      let connected: number[] = [];
      switch (s.gate) {
        case 'kOfMembers':
          this.gate[si] = Gate.KOfMembers;
          this.gateK[si] = s.k;
          isService = s.members.map((m) => (m.type === 'service' ? 1 : 0));
          index = s.members.map((m) => (m.type === 'service' ? (serviceIndex.get(m.name) as number) : (groupIndex.get(m.name) as number)));
          s.members.forEach((m, i) => {
            const target = index[i] as number;
            if (m.type === 'service') {
              users[target]?.add(si);
            } else {
              direct[target]?.add(si);
              threshold(target, this.groupCount[target] as number); // a group member is up when all its components are
            }
          });
          break;
        case 'kOfGroup':
          this.gate[si] = Gate.KOfGroup;
          this.gateK[si] = s.k;
          this.gateGroupA[si] = groupIndex.get(s.group) as number;
          direct[this.gateGroupA[si] as number]?.add(si);
          threshold(this.gateGroupA[si] as number, s.k);
          break;
        case 'quorum':
          this.gate[si] = Gate.Quorum;
          this.gateK[si] = s.executorsAtLeast;
          this.gateGroupA[si] = groupIndex.get(s.coordinators) as number;
          this.gateGroupB[si] = groupIndex.get(s.executors) as number;
          direct[this.gateGroupA[si] as number]?.add(si);
          direct[this.gateGroupB[si] as number]?.add(si);
          threshold(this.gateGroupA[si] as number, ((this.groupCount[this.gateGroupA[si] as number] as number) >> 1) + 1);
          threshold(this.gateGroupB[si] as number, s.executorsAtLeast);
          if (net) {
            for (const gi of [...nodeGroups, linkGroup]) {
              direct[gi]?.add(si);
              always(gi);
            }
          }
          break;
        case 'connected':
          this.gate[si] = Gate.Connected;
          connected = s.groups.map((name) => groupIndex.get(name) as number);
          direct[linkGroup]?.add(si); // node states do not matter: a partition is the links' doing
          always(linkGroup);
          break;
      }
      this.memberIsService.push(Uint8Array.from(isService));
      this.memberIndex.push(Int32Array.from(index));
      this.connectedGroups.push(Int32Array.from(connected));
    });
    this.affected = direct.map((set) => {
      // Closed over service members with an explicit stack: a long chain of services is no deeper a call.
      const reached = new Set<number>();
      const stack = [...set];
      while (stack.length > 0) {
        const si = stack.pop() as number;
        if (reached.has(si)) continue;
        reached.add(si);
        for (const user of users[si] ?? []) stack.push(user);
      }
      return Int32Array.from([...reached].sort((a, b) => a - b));
    });

    this.svcUp = new Uint8Array(S);
    this.svcChangedAt = new Float64Array(S);
    this.svcDowntime = new Float64Array(S);
    this.svcOutages = new Int32Array(S);
    this.svcLongest = new Float64Array(S);
    this.svcFirstFailure = new Float64Array(S);
    const stopAt = scenario.stopAt;
    this.svcWatched = Uint8Array.from(this.services, (svc) => (stopAt !== null && (stopAt.firstFailure === null || stopAt.firstFailure === svc.name) ? 1 : 0));
    this.windows = Float64Array.from(scenario.windows);
    this.svcWindowGood = new Float64Array(S * scenario.windows.length);
    this.grid = Float64Array.from(scenario.grid);
    this.svcPointUp = new Uint8Array(S * scenario.grid.length);

    this.failKind = this.engine.on(this.onFailure);
    this.repairKind = this.engine.on(this.onRepaired);
  }

  /** Replication `rep` of the run with seed `seed`, as a plain record. */
  replicate(seed: number, rep: number): ReplicationRecord {
    this.run(seed, rep);
    return this.record(seed, rep);
  }

  /**
   * Runs replication `rep` and leaves its metrics in the `metric*` arrays (valid until the next
   * run): the allocation-free path for runners that feed accumulators directly.
   */
  run(seed: number, rep: number): void {
    if (this.deriver?.seed !== seed) this.deriver = new StreamDeriver(seed);
    const streams = this.deriver.replication(rep);
    const engine = this.engine;
    engine.reset();
    this.groupUp.fill(0);
    this.groupFailures.fill(0);
    this.compUpTime.fill(0);
    this.compChangedAt.fill(0);
    if (this.crewCount.length > 0) {
      this.crewBusy.fill(0);
      this.crewMaxBusy.fill(0);
      this.crewBusyTime.fill(0);
      this.crewChangedAt.fill(0);
      this.crewHead.fill(0);
      this.crewLength.fill(0);
      this.crewMaxQueue.fill(0);
    }
    for (let c = 0; c < this.n; c++) {
      const keys = this.keys[c] as { ttf: StreamKey; ttr: StreamKey; init: StreamKey };
      const ttf = this.ttf[c] as ReloadableTychei;
      const ttr = this.ttr[c] as ReloadableTychei;
      streams.loadInto(keys.ttf, ttf);
      streams.loadInto(keys.ttr, ttr);
      let up = true;
      if (this.steady[c] === 1) {
        streams.loadInto(keys.init, this.init);
        up = this.init.draw() >= (this.steadyDownProbability[c] as number);
      }
      const g = this.compGroup[c] as number;
      if (up) {
        this.compUp[c] = 1;
        this.groupUp[g] = (this.groupUp[g] as number) + 1;
        engine.schedule((this.failure[c] as Distribution).sample(ttf.draw), this.failKind, c);
      } else {
        // Stationary and memoryless: the remaining repair time is a fresh repair time.
        this.compUp[c] = 0;
        engine.schedule((this.repair[c] as Distribution).sample(ttr.draw), this.repairKind, c);
      }
    }
    this.startServices();
    if (this.scenario.stopAt === null || this.watchedLeft > 0) {
      engine.runUntil(this.horizon, this.maxEvents);
      if (engine.eventsProcessed >= this.maxEvents && engine.peekTime() <= this.horizon) {
        throw new FaultlineError('LIMIT', `more than ${this.maxEvents} events in one replication; raise the limit with --max-events (or lengthen the scenario's failure and repair times)`);
      }
      // With stopAt only first failures are measured: nothing to close when the run stops early.
      if (this.scenario.stopAt === null) this.close();
    }
  }

  private startServices(): void {
    this.nextGrid = 0;
    this.svcDowntime.fill(0);
    this.svcOutages.fill(0);
    this.svcLongest.fill(0);
    // svcPointUp needs no clearing: flushGrid writes every grid time of every run.
    if (this.svcWindowGood.length > 0) this.svcWindowGood.fill(0);
    this.watchedLeft = 0;
    for (let s = 0; s < this.services.length; s++) {
      const up = this.evaluate(s);
      this.svcUp[s] = up ? 1 : 0;
      this.svcChangedAt[s] = 0;
      this.svcFirstFailure[s] = up ? Infinity : 0;
      if (up && this.svcWatched[s] === 1) this.watchedLeft++;
    }
    this.flushGrid(0, true);
  }

  // The two event handlers. They are the roots V8 compiles, and everything they call on the usual
  // path (the sample, the stream, the schedule) must fit its inlining budget, or doubles crossing
  // a call would be boxed, an allocation per event: so the rare paths (crews, service changes,
  // grid times) are calls of their own, and they take no doubles (they read `engine.now`), for
  // V8 boxes a double passed to several such calls once, ahead of them all, on every event.

  private readonly onFailure = (c: number): void => {
    if (this.engine.now > this.nextGridTime) this.passGridTimes();
    this.componentDown(c);
    const repair = this.repair[c];
    if (repair === null || repair === undefined) return; // crash-stop
    const k = this.compCrew[c] as number;
    if (k < 0) this.engine.schedule(repair.sample(this.ttrDraw[c] as Stream), this.repairKind, c);
    else this.requestCrew(c, k);
  };

  private readonly onRepaired = (c: number): void => {
    if (this.engine.now > this.nextGridTime) this.passGridTimes();
    this.componentUp(c);
    this.engine.schedule((this.failure[c] as Distribution).sample(this.ttfDraw[c] as Stream), this.failKind, c);
    const k = this.compCrew[c] as number;
    if (k >= 0) this.releaseCrew(k);
  };

  /** Component `c` failed and needs a repairer of pool `k`: starts its repair, or queues it. */
  private requestCrew(c: number, k: number): void {
    const now = this.engine.now;
    this.crewChanging(k, now);
    if ((this.crewBusy[k] as number) < (this.crewCount[k] as number)) {
      this.crewBusy[k] = (this.crewBusy[k] as number) + 1;
      this.startRepair(c);
    } else {
      const queue = this.crewQueue[k] as Int32Array;
      const length = this.crewLength[k] as number;
      queue[((this.crewHead[k] as number) + length) % queue.length] = c;
      this.crewLength[k] = length + 1;
    }
  }

  /** A repairer of pool `k` is free: it takes the component that has waited longest, if any. */
  private releaseCrew(k: number): void {
    this.crewChanging(k, this.engine.now);
    const length = this.crewLength[k] as number;
    if (length > 0) {
      const queue = this.crewQueue[k] as Int32Array;
      const head = this.crewHead[k] as number;
      this.crewHead[k] = (head + 1) % queue.length;
      this.crewLength[k] = length - 1;
      this.startRepair(queue[head] as number);
    } else {
      this.crewBusy[k] = (this.crewBusy[k] as number) - 1;
    }
  }

  private startRepair(c: number): void {
    this.engine.schedule((this.repair[c] as Distribution).sample(this.ttrDraw[c] as Stream), this.repairKind, c);
  }

  /**
   * Pool `k`'s busy count or queue is about to change at `now`: accounts for the state held since
   * its last change, over [changedAt, now). That state was seen in [warmup, horizon] if now > warmup
   * (right-continuity: a change at exactly warmup replaces it before it is measured).
   */
  private crewChanging(k: number, now: number): void {
    const busy = this.crewBusy[k] as number;
    this.crewBusyTime[k] = (this.crewBusyTime[k] as number) + busy * overlap(this.crewChangedAt[k] as number, now, this.warmup, this.horizon);
    this.crewChangedAt[k] = now;
    if (now > this.warmup) this.crewSeen(k);
  }

  /** Pool `k`'s present state is seen within [warmup, horizon]: counts it toward the peaks. */
  private crewSeen(k: number): void {
    if ((this.crewBusy[k] as number) > (this.crewMaxBusy[k] as number)) this.crewMaxBusy[k] = this.crewBusy[k] as number;
    if ((this.crewLength[k] as number) > (this.crewMaxQueue[k] as number)) this.crewMaxQueue[k] = this.crewLength[k] as number;
  }

  // These read the time themselves rather than take it: see the note on the handlers.

  private componentDown(c: number): void {
    const now = this.engine.now; // never after the horizon: the run stops there
    const from = Math.max(this.compChangedAt[c] as number, this.warmup);
    if (now > from) this.compUpTime[c] = (this.compUpTime[c] as number) + (now - from);
    this.compChangedAt[c] = now;
    this.compUp[c] = 0;
    const g = this.compGroup[c] as number;
    if (now >= this.warmup) this.groupFailures[g] = (this.groupFailures[g] as number) + 1;
    const before = this.groupUp[g] as number;
    this.groupUp[g] = before - 1;
    if (this.crossing[(this.crossingBase[g] as number) + before] === 1) this.reevaluate(g);
  }

  private componentUp(c: number): void {
    this.compChangedAt[c] = this.engine.now;
    this.compUp[c] = 1;
    const g = this.compGroup[c] as number;
    const after = (this.groupUp[g] as number) + 1;
    this.groupUp[g] = after;
    if (this.crossing[(this.crossingBase[g] as number) + after] === 1) this.reevaluate(g);
  }

  /** Re-evaluates, in dependency order, the services a change in group `g` can reach. */
  private reevaluate(g: number): void {
    const now = this.engine.now;
    const affected = this.affected[g] as Int32Array;
    for (let i = 0; i < affected.length; i++) {
      const s = affected[i] as number;
      const isUp = this.evaluate(s) ? 1 : 0;
      if (isUp !== this.svcUp[s]) this.setService(s, isUp, now);
    }
  }

  private evaluate(s: number): boolean {
    switch (this.gate[s]) {
      case Gate.KOfMembers: {
        const isService = this.memberIsService[s] as Uint8Array;
        const index = this.memberIndex[s] as Int32Array;
        let up = 0;
        for (let i = 0; i < index.length; i++) {
          const m = index[i] as number;
          if (isService[i] === 1 ? this.svcUp[m] === 1 : this.groupUp[m] === this.groupCount[m]) up++;
        }
        return up >= (this.gateK[s] as number);
      }
      case Gate.KOfGroup:
        return (this.groupUp[this.gateGroupA[s] as number] as number) >= (this.gateK[s] as number);
      case Gate.Quorum:
        return this.quorum(s);
      default:
        return this.connected(s);
    }
  }

  private quorum(s: number): boolean {
    const coordinators = this.gateGroupA[s] as number;
    const executors = this.gateGroupB[s] as number;
    const majority = ((this.groupCount[coordinators] as number) >> 1) + 1;
    const need = this.gateK[s] as number;
    if (this.nodeComp.length === 0) {
      // No network: every up node reaches every other.
      return (this.groupUp[coordinators] as number) >= majority && (this.groupUp[executors] as number) >= need;
    }
    if ((this.groupUp[coordinators] as number) < majority || (this.groupUp[executors] as number) < need) return false;
    this.linkUp(true);
    // At most one connected set can hold a strict majority of the coordinators; find it.
    const nodes = this.nodeComp.length;
    const count = this.rootCount;
    count.fill(0);
    let root = -1;
    for (let v = 0; v < nodes; v++) {
      if (this.nodeGroupOf[v] !== coordinators || this.compUp[this.nodeComp[v] as number] === 0) continue;
      const r = this.find(v);
      const seen = (count[r] as number) + 1;
      count[r] = seen;
      if (seen >= majority) root = r;
    }
    if (root < 0) return false;
    let connected = 0;
    for (let v = 0; v < nodes; v++) {
      if (this.nodeGroupOf[v] === executors && this.compUp[this.nodeComp[v] as number] === 1 && this.find(v) === root) connected++;
    }
    return connected >= need;
  }

  private connected(s: number): boolean {
    this.linkUp(false);
    const groups = this.connectedGroups[s] as Int32Array;
    let root = -1;
    for (let v = 0; v < this.nodeComp.length; v++) {
      let listed = false;
      for (let i = 0; i < groups.length; i++) if (groups[i] === this.nodeGroupOf[v]) listed = true;
      if (!listed) continue;
      const r = this.find(v);
      if (root < 0) root = r;
      else if (r !== root) return false;
    }
    return true;
  }

  /** Union-find over the nodes joined by up links (and, with `nodesMatter`, up endpoints only). */
  private linkUp(nodesMatter: boolean): void {
    const parent = this.parent;
    for (let v = 0; v < parent.length; v++) parent[v] = v;
    for (let l = 0; l < this.linkComp.length; l++) {
      if (this.compUp[this.linkComp[l] as number] === 0) continue;
      const a = this.linkA[l] as number;
      const b = this.linkB[l] as number;
      if (nodesMatter && (this.compUp[this.nodeComp[a] as number] === 0 || this.compUp[this.nodeComp[b] as number] === 0)) continue;
      const ra = this.find(a);
      const rb = this.find(b);
      if (ra !== rb) parent[ra] = rb;
    }
  }

  private find(v: number): number {
    const parent = this.parent;
    let r = v;
    while (parent[r] !== r) r = parent[r] as number;
    while (parent[v] !== r) {
      const next = parent[v] as number;
      parent[v] = r;
      v = next;
    }
    return r;
  }

  private setService(s: number, up: 0 | 1, now: number): void {
    const since = this.svcChangedAt[s] as number;
    if (up === 0) {
      this.closeUpPeriod(s, since, now);
      if (this.svcFirstFailure[s] === Infinity) {
        this.svcFirstFailure[s] = now;
        if (this.svcWatched[s] === 1 && --this.watchedLeft === 0) this.engine.stop();
      }
    } else {
      this.closeDownPeriod(s, since, now);
    }
    this.svcUp[s] = up;
    this.svcChangedAt[s] = now;
  }

  private closeDownPeriod(s: number, from: number, to: number): void {
    const down = overlap(from, to, this.warmup, this.horizon);
    if (to > this.warmup || from >= this.warmup) this.svcOutages[s] = (this.svcOutages[s] as number) + 1;
    this.svcDowntime[s] = (this.svcDowntime[s] as number) + down;
    if (down > (this.svcLongest[s] as number)) this.svcLongest[s] = down;
  }

  /** Credits the window starts that an up period [from, to] covers, for every window length. */
  private closeUpPeriod(s: number, from: number, to: number): void {
    const W = this.windows.length;
    for (let w = 0; w < W; w++) {
      const length = this.windows[w] as number;
      const good = Math.min(to, this.horizon) - length - Math.max(from, this.warmup);
      // Equality counts: with w = horizon − warmup the one start time has measure zero.
      if (good >= 0) this.svcWindowGood[s * W + w] = (this.svcWindowGood[s * W + w] as number) + good;
    }
  }

  /** Records service states at the grid times before the event being handled. */
  private passGridTimes(): void {
    this.flushGrid(this.engine.now, false);
  }

  /** Records service states at grid times before `now` (or up to and including it, `inclusive`). */
  private flushGrid(now: number, inclusive: boolean): void {
    const grid = this.grid;
    const G = grid.length;
    while (this.nextGrid < G && ((grid[this.nextGrid] as number) < now || (inclusive && (grid[this.nextGrid] as number) <= now))) {
      for (let s = 0; s < this.services.length; s++) this.svcPointUp[s * G + this.nextGrid] = this.svcUp[s] as number;
      this.nextGrid++;
    }
    this.nextGridTime = this.nextGrid < G ? (grid[this.nextGrid] as number) : Infinity;
  }

  /** Closes the open periods at the horizon: services, components, crews, the grid. */
  private close(): void {
    const horizon = this.horizon;
    this.flushGrid(horizon, true);
    for (let s = 0; s < this.services.length; s++) {
      if (this.svcUp[s] === 1) this.closeUpPeriod(s, this.svcChangedAt[s] as number, horizon);
      else this.closeDownPeriod(s, this.svcChangedAt[s] as number, horizon);
      this.svcChangedAt[s] = horizon;
    }
    for (let c = 0; c < this.n; c++) {
      if (this.compUp[c] === 1) this.compUpTime[c] = (this.compUpTime[c] as number) + overlap(this.compChangedAt[c] as number, horizon, this.warmup, horizon);
      this.compChangedAt[c] = horizon;
    }
    for (let k = 0; k < this.crewCount.length; k++) {
      this.crewChanging(k, horizon);
      this.crewSeen(k); // the state after the last change is seen at the horizon itself
    }
  }

  /** Events of the last run. */
  get metricEvents(): number {
    return this.engine.eventsProcessed;
  }

  // The last run's metrics, per service in dependency order (as `scenario.services`), valid
  // until the next run. Views, not copies: a runner reads them without allocating.

  /** Downtime within [warmup, horizon]. */
  get metricDowntime(): Readonly<Float64Array> {
    return this.svcDowntime;
  }

  /** Outages overlapping [warmup, horizon]. */
  get metricOutages(): Readonly<Int32Array> {
    return this.svcOutages;
  }

  /** Longest outage, clipped to [warmup, horizon]. */
  get metricLongestOutage(): Readonly<Float64Array> {
    return this.svcLongest;
  }

  /** Time of first failure since 0 (at most the horizon), Infinity when none (censored at the horizon, or at an earlier stop). */
  get metricFirstFailure(): Readonly<Float64Array> {
    return this.svcFirstFailure;
  }

  /** Per group, component failures at times in [warmup, horizon]. */
  get metricGroupFailures(): Readonly<Float64Array> {
    return this.groupFailures;
  }

  /** 1 when up, per service × grid time (service-major: index s · grid.length + g). */
  get metricPointUp(): Readonly<Uint8Array> {
    return this.svcPointUp;
  }

  /** Per component (groups in order, then their components), hours up within [warmup, horizon]. */
  get metricComponentUpTime(): Readonly<Float64Array> {
    return this.compUpTime;
  }

  /** Fraction of window starts in [warmup, horizon − w] for which service `s` stays up through window `w`. */
  metricWindowUp(s: number, w: number): number {
    const starts = this.span - (this.windows[w] as number);
    // With w = horizon − warmup there is one start time: up throughout, or not.
    if (!(starts > 0)) return this.svcDowntime[s] === 0 && this.svcOutages[s] === 0 ? 1 : 0;
    return (this.svcWindowGood[s * this.windows.length + w] as number) / starts;
  }

  /** Per crew pool: most repairers busy at once, longest queue, busy repairer-hours in [warmup, horizon]. */
  get metricCrewMaxBusy(): Readonly<Int32Array> {
    return this.crewMaxBusy;
  }

  get metricCrewMaxQueue(): Readonly<Int32Array> {
    return this.crewMaxQueue;
  }

  get metricCrewBusyTime(): Readonly<Float64Array> {
    return this.crewBusyTime;
  }

  private record(seed: number, rep: number): ReplicationRecord {
    const horizon = this.horizon;
    const services: Record<string, ServiceRecord> = {};
    const G = this.grid.length;
    const W = this.windows.length;
    const whole = this.scenario.stopAt === null;
    this.services.forEach((spec, s) => {
      const firstFailure = this.svcFirstFailure[s] as number;
      const failed = firstFailure <= horizon;
      services[spec.name] = {
        availability: whole ? 1 - (this.svcDowntime[s] as number) / this.span : NaN,
        downtime: whole ? (this.svcDowntime[s] as number) : NaN,
        outages: whole ? (this.svcOutages[s] as number) : NaN,
        longestOutage: whole ? (this.svcLongest[s] as number) : NaN,
        firstFailure: Math.min(firstFailure, horizon),
        failed,
        pointUp: whole ? Array.from(this.svcPointUp.subarray(s * G, (s + 1) * G)) : [],
        reliable: Array.from(this.grid, (t) => (failed && firstFailure <= t ? 0 : 1)),
        windowUp: whole ? Array.from({ length: W }, (_, w) => this.metricWindowUp(s, w)) : [],
      };
    });
    const groups: Record<string, { componentUp: number[]; failures: number }> = {};
    this.scenario.groups.forEach((g, gi) => {
      const start = this.groupStart[gi] as number;
      groups[g.name] = {
        componentUp: whole ? Array.from(this.compUpTime.subarray(start, start + g.count), (t) => t / this.span) : [],
        failures: whole ? (this.groupFailures[gi] as number) : NaN,
      };
    });
    const crews: Record<string, { maxBusy: number; maxQueue: number; utilization: number }> = {};
    this.scenario.crews.forEach((k, ki) => {
      crews[k.name] = {
        maxBusy: whole ? (this.crewMaxBusy[ki] as number) : NaN,
        maxQueue: whole ? (this.crewMaxQueue[ki] as number) : NaN,
        utilization: whole ? (this.crewBusyTime[ki] as number) / (k.count * this.span) : NaN,
      };
    });
    return { scenario: this.scenario.name, seed, rep, events: this.engine.eventsProcessed, services, groups, crews };
  }
}

const compiled = new WeakMap<Scenario, Simulation>();

/**
 * Replication `rep` of `scenario` with seed `seed`: a pure function of its arguments. The compiled
 * simulation is cached per scenario object, so calling this in a loop costs one compilation.
 */
export function runReplication(scenario: Scenario, seed: number, rep: number): ReplicationRecord {
  let simulation = compiled.get(scenario);
  if (simulation === undefined) {
    simulation = new Simulation(scenario);
    compiled.set(scenario, simulation);
  }
  return simulation.replicate(seed, rep);
}
