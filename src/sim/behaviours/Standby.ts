/** Standby spares: groups whose dormant components (cold, warm or hot) are switched in when an active one fails, with a switch-over time and a switch that can fail on demand. */
import type { Distribution } from '../../random/distributions/Distribution.js';
import { fromSpec } from '../../random/distributions/fromSpec.js';
import { ReloadableTychei } from '../../random/ReloadableTychei.js';
import { StreamKey, type ReplicationStreams } from '../../random/streams.js';
import type { Scenario } from '../../scenario/validateScenario.js';
import { Cause, DOWN, STANDBY, UP, type ComponentTable } from '../kernel/ComponentTable.js';
import type { Kernel, Module } from '../kernel/Kernel.js';
import type { Crews } from './Crews.js';

/** A component's role in its standby group. */
const DORMANT = 0;
const ACTIVE = 1;
const SWITCHING = 2;
const BROKEN = 3;

interface StandbyGroup {
  readonly first: number;
  readonly count: number;
  /** Components that should be active: count − spares. */
  readonly active: number;
  readonly dormantFactor: number;
  readonly switchFailure: number;
  readonly switchover: Distribution | null;
  readonly failure: Distribution;
  readonly repair: Distribution | null;
  readonly crew: number;
  readonly slots: { readonly switchovers: number; readonly switchFailures: number } | null;
}

/**
 * The behaviour of every group with `standby` (docs/scenarios.md, "Standby spares"); FailRepair leaves these
 * groups to it. At the start the first count − spares components are UP (active), the rest
 * STANDBY (dormant). When an active component fails, the lowest-numbered dormant spare is switched
 * in: with probability `switchFailure` the switch fails on demand (the spare goes DOWN, to repair,
 * and the next spare is tried), otherwise the spare stays STANDBY for the switch-over time and
 * then becomes UP (instantaneous: UP before the failed one goes DOWN, so that the services see no
 * gap). A switching spare does not fail. A repaired component becomes UP at once when fewer than
 * count − spares are active or switching in, else STANDBY. A dormant spare fails after a draw of
 * the failure law divided by the dormant factor (cold: never; hot: factor 1), and on being
 * switched in it draws a fresh active time to failure when it is up (memoryless for exponential
 * laws; for others, as good as new at switch-in).
 *
 * Streams per component (`<group>/<i>`): `ttf` (active times to failure), `ttr`, `dormant` (warm
 * and hot dormant times to failure), `switch` (the switch-failure draws), `switchover`. Repairs
 * use the group's own repairer per component, or its crew, shared with FailRepair's groups.
 * Declares `<group>.switchovers` (switches started that did not fail) and
 * `<group>.switch_failures`, each counted at the switch's time in [warmup, horizon].
 */
export class Standby implements Module {
  private readonly engine: Kernel['engine'];
  private readonly table: ComponentTable;
  private readonly groups: StandbyGroup[] = [];
  /** Per component: its standby group's index, or −1. */
  private readonly groupOf: Int32Array;
  private readonly role: Uint8Array;
  /** Per component: its pending failure's handle, or −1. */
  private readonly pending: Float64Array;
  /** Per component of a standby group: its index in `streams` and `keys`. */
  private readonly slotOf: Int32Array;
  private readonly streams: { ttf: ReloadableTychei; ttr: ReloadableTychei; dormant: ReloadableTychei; switch: ReloadableTychei; switchover: ReloadableTychei }[] = [];
  private readonly keys: { ttf: StreamKey; ttr: StreamKey; dormant: StreamKey; switch: StreamKey; switchover: StreamKey }[] = [];
  /** Per standby group: components active or switching in. */
  private readonly serving: Int32Array;
  private readonly switchovers: Float64Array;
  private readonly switchFailures: Float64Array;
  private readonly failKind: number;
  private readonly switchedKind: number;
  private readonly repairKind: number;

  constructor(
    private readonly kernel: Kernel,
    scenario: Scenario,
    private readonly crews: Crews,
  ) {
    this.engine = kernel.engine;
    this.table = kernel.table;
    const n = kernel.table.n;
    this.groupOf = new Int32Array(n).fill(-1);
    this.role = new Uint8Array(n);
    this.pending = new Float64Array(n).fill(-1);
    this.slotOf = new Int32Array(n).fill(-1);
    const crewIndex = new Map(scenario.crews.map((k, i) => [k.name, i]));
    scenario.groups.forEach((g, gi) => {
      const s = g.standby;
      if (s === null) return;
      const first = kernel.table.groupStart[gi] as number;
      const slots =
        scenario.stopAt === null
          ? {
              switchovers: declareCount(kernel, `${g.name}.switchovers`, 'switchovers', 'spares switched in (switches that did not fail), at times in [warmup, horizon]'),
              switchFailures: declareCount(kernel, `${g.name}.switch_failures`, 'switch failures', 'switches that failed on demand (the spare went down), at times in [warmup, horizon]'),
            }
          : null;
      this.groupOf.fill(this.groups.length, first, first + g.count);
      this.groups.push({
        first,
        count: g.count,
        active: g.count - s.spares,
        dormantFactor: s.dormantFactor,
        switchFailure: s.switchFailure,
        switchover: s.switchover === null ? null : fromSpec(s.switchover, `${g.path}.standby.switchover`),
        failure: fromSpec(g.failure, `${g.path}.failure`),
        repair: g.repair === null ? null : fromSpec(g.repair, `${g.path}.repair`),
        crew: g.crew === null ? -1 : (crewIndex.get(g.crew) as number),
        slots,
      });
      for (let i = 0; i < g.count; i++) {
        this.slotOf[first + i] = this.keys.length;
        const label = `${g.name}/${i}`;
        this.keys.push({ ttf: new StreamKey(label, 'ttf'), ttr: new StreamKey(label, 'ttr'), dormant: new StreamKey(label, 'dormant'), switch: new StreamKey(label, 'switch'), switchover: new StreamKey(label, 'switchover') });
        this.streams.push({ ttf: new ReloadableTychei(), ttr: new ReloadableTychei(), dormant: new ReloadableTychei(), switch: new ReloadableTychei(), switchover: new ReloadableTychei() });
      }
    });
    this.serving = new Int32Array(this.groups.length);
    this.switchovers = new Float64Array(this.groups.length);
    this.switchFailures = new Float64Array(this.groups.length);
    this.failKind = this.engine.on(this.onFailure);
    this.switchedKind = this.engine.on(this.onSwitched);
    this.repairKind = this.engine.on(this.onRepaired);
  }

  start(streams: ReplicationStreams): void {
    this.switchovers.fill(0);
    this.switchFailures.fill(0);
    let k = 0;
    this.groups.forEach((g, gi) => {
      this.serving[gi] = g.active;
      for (let c = g.first; c < g.first + g.count; c++, k++) {
        const keys = this.keys[k] as (typeof this.keys)[number];
        const s = this.streams[k] as (typeof this.streams)[number];
        streams.loadInto(keys.ttf, s.ttf);
        streams.loadInto(keys.ttr, s.ttr);
        streams.loadInto(keys.dormant, s.dormant);
        streams.loadInto(keys.switch, s.switch);
        streams.loadInto(keys.switchover, s.switchover);
        this.pending[c] = -1;
        if (c - g.first < g.active) {
          this.table.start(c, UP);
          this.role[c] = ACTIVE;
          this.scheduleActiveFailure(c, g);
        } else {
          this.table.start(c, STANDBY);
          this.role[c] = DORMANT;
          this.scheduleDormantFailure(c, g);
        }
      }
    });
  }

  private streamOf(c: number): (typeof this.streams)[number] {
    return this.streams[this.slotOf[c] as number] as (typeof this.streams)[number];
  }

  private scheduleActiveFailure(c: number, g: StandbyGroup): void {
    this.pending[c] = this.engine.schedule(g.failure.sample(this.streamOf(c).ttf.draw), this.failKind, c);
  }

  private scheduleDormantFailure(c: number, g: StandbyGroup): void {
    if (g.dormantFactor === 0) {
      this.pending[c] = -1;
      return;
    }
    this.pending[c] = this.engine.schedule(g.failure.sample(this.streamOf(c).dormant.draw) / g.dormantFactor, this.failKind, c);
  }

  private readonly onFailure = (c: number): void => {
    this.pending[c] = -1;
    this.failComponent(c, Cause.FAILURE);
  };

  /** Component c (active, dormant or switching in) goes down for `cause` now; its pending event is already cancelled or fired. */
  private failComponent(c: number, cause: number): void {
    const gi = this.groupOf[c] as number;
    const g = this.groups[gi] as StandbyGroup;
    const role = this.role[c];
    this.role[c] = BROKEN;
    if (role === DORMANT) {
      this.table.setState(c, DOWN, cause);
      this.toRepair(c, g);
      return;
    }
    // Active, or switching in: its place is to fill.
    this.serving[gi] = (this.serving[gi] as number) - 1;
    this.toRepair(c, g); // it asks for a repairer before the spares its failure fails on demand
    // An instantaneous switch puts the spare up before the failed one goes down: no gap for the services.
    const spare = this.switchIn(gi, g);
    if (spare >= 0) this.activate(spare, g);
    this.table.setState(c, DOWN, cause);
  }

  /**
   * Fails component c now for another cause (a common-cause shock), as FailRepair's `failNow`
   * does for its groups: its pending failure or switch-over is cancelled, and it goes to repair
   * as after its own failure (an active or switching one's place is filled from the spares).
   * Returns false, changing nothing, when c is not in a standby group or is already down.
   */
  failNow(c: number, cause: number): boolean {
    if (this.groupOf[c] === -1 || this.role[c] === BROKEN) return false;
    if ((this.pending[c] as number) >= 0) this.engine.cancel(this.pending[c] as number);
    this.pending[c] = -1;
    this.failComponent(c, cause);
    return true;
  }

  /**
   * Tries the dormant spares of group gi in order until a switch does not fail. Returns the spare
   * to make UP now (an instantaneous switch-over; the caller does it), or −1: none, or one
   * switching in until its `switchedKind` event.
   */
  private switchIn(gi: number, g: StandbyGroup): number {
    const now = this.engine.now;
    for (let c = g.first; c < g.first + g.count; c++) {
      if (this.role[c] !== DORMANT) continue;
      if ((this.pending[c] as number) >= 0) this.engine.cancel(this.pending[c] as number);
      this.pending[c] = -1;
      const s = this.streamOf(c);
      if (g.switchFailure > 0 && s.switch.draw() < g.switchFailure) {
        if (now >= this.kernel.warmup) this.switchFailures[gi] = (this.switchFailures[gi] as number) + 1;
        this.role[c] = BROKEN;
        this.table.setState(c, DOWN, Cause.SWITCH);
        this.toRepair(c, g);
        continue;
      }
      if (now >= this.kernel.warmup) this.switchovers[gi] = (this.switchovers[gi] as number) + 1;
      this.serving[gi] = (this.serving[gi] as number) + 1;
      this.role[c] = SWITCHING;
      if (g.switchover === null) return c;
      this.pending[c] = this.engine.schedule(g.switchover.sample(s.switchover.draw), this.switchedKind, c);
      return -1;
    }
    return -1;
  }

  private activate(c: number, g: StandbyGroup): void {
    this.role[c] = ACTIVE;
    this.table.restore(c, Cause.SWITCH);
    this.scheduleActiveFailure(c, g);
  }

  private readonly onSwitched = (c: number): void => {
    this.pending[c] = -1;
    this.activate(c, this.groups[this.groupOf[c] as number] as StandbyGroup);
  };

  private toRepair(c: number, g: StandbyGroup): void {
    if (g.repair === null) return; // crash-stop
    if (g.crew < 0) this.startRepair(c);
    else this.crews.request(c, g.crew);
  }

  /** Component c's repair starts (its own repairer, or a crew's once it takes it). */
  startRepair(c: number): void {
    const g = this.groups[this.groupOf[c] as number] as StandbyGroup;
    this.engine.schedule((g.repair as Distribution).sample(this.streamOf(c).ttr.draw), this.repairKind, c);
  }

  private readonly onRepaired = (c: number): void => {
    const gi = this.groupOf[c] as number;
    const g = this.groups[gi] as StandbyGroup;
    if ((this.serving[gi] as number) < g.active) {
      this.serving[gi] = (this.serving[gi] as number) + 1;
      this.role[c] = ACTIVE;
      this.table.restore(c, Cause.REPAIR);
      this.scheduleActiveFailure(c, g);
    } else {
      this.role[c] = DORMANT;
      this.table.setState(c, STANDBY, Cause.REPAIR);
      this.scheduleDormantFailure(c, g);
    }
    if (g.crew >= 0) this.crews.release(g.crew);
  };

  close(end: number, whole: boolean): void {
    void end;
    if (!whole) return;
    const values = this.kernel.values;
    this.groups.forEach((g, gi) => {
      if (g.slots === null) return;
      values[g.slots.switchovers] = this.switchovers[gi] as number;
      values[g.slots.switchFailures] = this.switchFailures[gi] as number;
    });
  }
}

/** A count metric over [warmup, horizon]; returns its quantity slot. */
function declareCount(kernel: Kernel, name: string, unit: string, description: string): number {
  const slot = kernel.registry.quantity(name, { range: Infinity, kind: 'count' });
  kernel.registry.mean(name, unit, 'count', slot, 0, 1, description);
  return slot;
}
