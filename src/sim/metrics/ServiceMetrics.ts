/** What a replication measures of each service: time down, outages, the longest, the first failure, window survival, the curves; and the stop at a first failure. */
import type { Scenario } from '../../scenario/validateScenario.js';
import { overlap } from '../kernel/overlap.js';
import type { Kernel, Module } from '../kernel/Kernel.js';
import type { ServiceListener } from '../kernel/Services.js';

/** Whether a run of the scenario measures this service's first failure: always, unless `stopAt` names another service. */
export function measuresFirstFailure(scenario: Scenario, service: string): boolean {
  return scenario.stopAt === null || scenario.stopAt.firstFailure === null || scenario.stopAt.firstFailure === service;
}

interface Slots {
  downtime: number;
  outages: number;
  longest: number;
  first: number;
  failed: number;
  windows: number[];
  pointUp: number;
  reliable: number;
}

/**
 * Follows every service's up state. Over [warmup, horizon] (docs/conventions.md, "Measured interval"): the
 * downtime, the outages that overlap it (one still open at the horizon counts, clipped there),
 * the longest, and per window length the start times with no outage in the window; from 0, the
 * time of the first failure (censored at the horizon). With `stopAt` it measures first failures
 * only and stops the run once every watched service has failed.
 */
export class ServiceMetrics implements Module, ServiceListener {
  readonly changedAt: Float64Array;
  readonly downtime: Float64Array;
  readonly outages: Int32Array;
  readonly longest: Float64Array;
  /** Time of the first failure, Infinity while there is none. */
  readonly firstFailure: Float64Array;
  private readonly windowGood: Float64Array;
  private readonly windows: Float64Array;
  private readonly watched: Uint8Array;
  private watchedLeft = 0;
  private readonly whole: boolean;
  private readonly slots: Slots[];
  /** Per service, its point-availability curve's first slot (−1: not measured), for the grid. */
  private readonly pointUpSlot: Int32Array;
  /** Per service, the first grid time whose state is not yet written to its curve. */
  private readonly gridNext: Int32Array;

  constructor(private readonly kernel: Kernel) {
    const scenario = kernel.scenario;
    const S = scenario.services.length;
    this.whole = scenario.stopAt === null;
    this.changedAt = new Float64Array(S);
    this.downtime = new Float64Array(S);
    this.outages = new Int32Array(S);
    this.longest = new Float64Array(S);
    this.firstFailure = new Float64Array(S);
    this.windows = Float64Array.from(scenario.windows);
    this.windowGood = new Float64Array(S * scenario.windows.length);
    this.watched = Uint8Array.from(scenario.services, (s) => (scenario.stopAt !== null && measuresFirstFailure(scenario, s.name) ? 1 : 0));
    this.slots = scenario.services.map((s) => this.declare(scenario, s.name));
    this.pointUpSlot = Int32Array.from(this.slots, (slot) => slot.pointUp);
    this.gridNext = new Int32Array(S);
    kernel.services.listen(this);
  }

  private declare(scenario: Scenario, name: string): Slots {
    const r = this.kernel.registry;
    const { span, horizon } = this.kernel;
    const amount = (range: number) => ({ range, kind: 'amount' }) as const;
    const count = { range: Infinity, kind: 'count' } as const;
    const slots: Slots = { downtime: -1, outages: -1, longest: -1, first: -1, failed: -1, windows: [], pointUp: -1, reliable: -1 };
    if (this.whole) {
      slots.downtime = r.quantity(`${name}.downtime`, amount(span));
      r.mean(`${name}.availability`, '1', 'fraction', slots.downtime, 1, -1 / span, 'fraction of [warmup, horizon] up (interval availability)');
      r.mean(`${name}.unavailability`, '1', 'fraction', slots.downtime, 0, 1 / span, 'fraction of [warmup, horizon] down');
      r.mean(`${name}.downtime_hours`, 'h', 'duration', slots.downtime, 0, 1, 'hours down within [warmup, horizon]');
      slots.outages = r.quantity(`${name}.outages`, count);
      r.mean(`${name}.outages`, 'outages', 'count', slots.outages, 0, 1, 'outages overlapping [warmup, horizon]');
      r.share(`${name}.no_outage`, slots.outages, 'zero', 'proportion of replications with no outage in [warmup, horizon]');
      slots.longest = r.quantity(`${name}.longest_outage`, amount(span));
      r.mean(`${name}.longest_outage_hours`, 'h', 'duration', slots.longest, 0, 1, 'the longest outage, clipped to [warmup, horizon]; 0 with none');
    }
    if (measuresFirstFailure(scenario, name)) {
      // d = horizon − min(T, horizon): 0 for a replication censored at the horizon.
      slots.first = r.quantity(`${name}.first_failure`, amount(horizon));
      r.mean(`${name}.first_failure_hours`, 'h', 'duration', slots.first, horizon, -1, 'time of the first failure since 0, censored at the horizon: E[min(T, horizon)]');
      slots.failed = r.quantity(`${name}.failed`, amount(1));
      r.share(`${name}.failed_by_horizon`, slots.failed, 'nonzero', 'proportion of replications with a failure at or before the horizon (1 − censored)');
    }
    if (this.whole) {
      slots.windows = scenario.windows.map((w) => {
        const q = r.quantity(`${name}.window_down_${w}h`, amount(1));
        r.mean(`${name}.window_up_${w}h`, '1', 'fraction', q, 1, -1, `fraction of start times s in [warmup, horizon − ${w} h] with no outage in [s, s + ${w} h]`);
        return q;
      });
      slots.pointUp = r.curve(`${name}.point_availability`);
    }
    if (measuresFirstFailure(scenario, name)) slots.reliable = r.curve(`${name}.reliability`);
    return slots;
  }

  start(): void {
    this.downtime.fill(0);
    this.outages.fill(0);
    this.longest.fill(0);
    if (this.windowGood.length > 0) this.windowGood.fill(0);
    this.watchedLeft = 0;
  }

  serviceStarted(s: number, up: number): void {
    this.gridNext[s] = 0;
    this.fillCurve(s, 0, true, up); // grid times at 0: the state the run starts in
    this.changedAt[s] = 0;
    this.firstFailure[s] = up === 1 ? Infinity : 0;
    if (up === 1 && this.watched[s] === 1) this.watchedLeft++;
  }

  /** Every watched service started down: nothing to run. */
  get done(): boolean {
    return this.kernel.scenario.stopAt !== null && this.watchedLeft === 0;
  }

  serviceChanged(s: number, up: number): void {
    const now = this.kernel.engine.now;
    this.fillCurve(s, now, false, 1 - up); // grid times before now held the state it leaves
    const since = this.changedAt[s] as number;
    if (up === 0) {
      this.closeUpPeriod(s, since, now);
      if (this.firstFailure[s] === Infinity) {
        this.firstFailure[s] = now;
        if (this.watched[s] === 1 && --this.watchedLeft === 0) this.kernel.stop();
      }
    } else {
      this.closeDownPeriod(s, since, now);
    }
    this.changedAt[s] = now;
  }

  /**
   * Writes `state` to service s's curve at the grid times not yet written that are before `t`
   * (or at or before it, `inclusive`). A service's state changes only at its changes, so a grid
   * time g gets the state it had at g when the first change after g (or the end) comes: after
   * every event at g (right-continuous), and the events that change nothing pay nothing for the
   * grid. Grid times at 0 get the start state, before events at time 0.
   */
  private fillCurve(s: number, t: number, inclusive: boolean, state: number): void {
    const slot = this.pointUpSlot[s] as number;
    if (slot < 0) return;
    const grid = this.kernel.grid;
    const curves = this.kernel.curves;
    let g = this.gridNext[s] as number;
    while (g < grid.length && ((grid[g] as number) < t || (inclusive && (grid[g] as number) <= t))) curves[slot + g++] = state;
    this.gridNext[s] = g;
  }

  private closeDownPeriod(s: number, from: number, to: number): void {
    const { warmup, horizon } = this.kernel;
    const down = overlap(from, to, warmup, horizon);
    if (to > warmup || from >= warmup) this.outages[s] = (this.outages[s] as number) + 1;
    this.downtime[s] = (this.downtime[s] as number) + down;
    if (down > (this.longest[s] as number)) this.longest[s] = down;
  }

  /** Credits the window starts that an up period [from, to] covers, for every window length. */
  private closeUpPeriod(s: number, from: number, to: number): void {
    const W = this.windows.length;
    const { warmup, horizon } = this.kernel;
    for (let w = 0; w < W; w++) {
      const good = Math.min(to, horizon) - (this.windows[w] as number) - Math.max(from, warmup);
      // Equality counts: with w = horizon − warmup the one start time has measure zero.
      if (good >= 0) this.windowGood[s * W + w] = (this.windowGood[s * W + w] as number) + good;
    }
  }

  /** Fraction of window starts in [warmup, horizon − w] for which service `s` stays up through window `w`. */
  windowUp(s: number, w: number): number {
    const starts = this.kernel.span - (this.windows[w] as number);
    // With w = horizon − warmup there is one start time: up throughout, or not.
    if (!(starts > 0)) return this.downtime[s] === 0 && this.outages[s] === 0 ? 1 : 0;
    return (this.windowGood[s * this.windows.length + w] as number) / starts;
  }

  close(end: number, whole: boolean): void {
    const k = this.kernel;
    const up = k.services.up;
    const values = k.values;
    const curves = k.curves;
    const grid = k.grid;
    for (let s = 0; s < this.slots.length; s++) {
      const slot = this.slots[s] as Slots;
      if (whole && this.whole) {
        this.fillCurve(s, end, true, up[s] as number);
        if (up[s] === 1) this.closeUpPeriod(s, this.changedAt[s] as number, end);
        else this.closeDownPeriod(s, this.changedAt[s] as number, end);
        this.changedAt[s] = end;
        values[slot.downtime] = this.downtime[s] as number;
        values[slot.outages] = this.outages[s] as number;
        values[slot.longest] = this.longest[s] as number;
        for (let w = 0; w < slot.windows.length; w++) values[slot.windows[w] as number] = 1 - this.windowUp(s, w);
      }
      if (slot.first >= 0) {
        const first = this.firstFailure[s] as number;
        values[slot.first] = k.horizon - Math.min(first, k.horizon);
        values[slot.failed] = first <= k.horizon ? 1 : 0;
        // Right-continuous: a failure at exactly t means not reliable at t.
        for (let g = 0; g < grid.length; g++) curves[slot.reliable + g] = first > (grid[g] as number) ? 1 : 0;
      }
    }
  }
}
