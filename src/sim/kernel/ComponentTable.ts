/** Every component's state as a small integer, with its cause and time accounting, and per-group up counts that notify the bus when they cross a threshold. */
import type { Engine } from '../../engine/Engine.js';
import type { Scenario } from '../../scenario/validateScenario.js';
import type { StateBus } from './StateBus.js';

/** Component states. A gate counts a component as up only in `UP`; room is left for more (paused, byzantine, …). */
export const DOWN = 0;
export const UP = 1;
/** A spare that is present but not serving (standby): not up for a gate, not down for repair. */
export const STANDBY = 2;

/** Why a component changed state: the behaviour that changed it (`Cause.FAILURE` for its own failure law, …). */
export const enum Cause {
  START = 0,
  FAILURE = 1,
  REPAIR = 2,
  SHOCK = 3,
  SWITCH = 4,
}

/** Each Cause's name, by its number (outages.csv). */
export const CAUSE_NAMES: readonly string[] = ['start', 'failure', 'repair', 'shock', 'switch'];

/** Each state's name, by its number (outages.csv). */
export const STATE_NAMES: readonly string[] = ['down', 'up', 'standby'];

/**
 * Components are numbered group after group (groups in scenario order, the network's link group
 * last). One way changes a state, `setState(c, state, cause)`; `fail` and `restore` are its two
 * common moves, UP → DOWN and DOWN → UP, spelled out for the fail/repair hot path. Each change
 * accounts for the component's time up over [warmup, horizon], counts failures (entering DOWN)
 * at times in [warmup, horizon], moves its group's up count, and, when that count crosses a
 * threshold some gate watches, asks the bus to re-evaluate the services it can reach.
 */
export class ComponentTable {
  readonly n: number;
  readonly group: Int32Array;
  readonly state: Uint8Array;
  /** The cause of each component's last change. */
  readonly cause: Uint8Array;
  readonly changedAt: Float64Array;
  /** Hours UP within [warmup, horizon], closed at the end of a run. */
  readonly upTime: Float64Array;
  readonly groupStart: Int32Array;
  readonly groupCount: Int32Array;
  /** Components of each group in state UP. */
  readonly groupUp: Int32Array;
  /** Components of each group that entered DOWN at a time in [warmup, horizon]. */
  readonly groupFailures: Float64Array;
  /** The component of the last change (−1 before any in this replication): what an outage record names as its cause. */
  lastChanged = -1;
  /**
   * Told before every state change, the time still the engine's (importance measures: they
   * weight the state that is ending). Null unless a run asks for them: one test per change.
   */
  watcher: { beforeChange(now: number): void } | null = null;
  private readonly warmup: number;
  private readonly horizon: number;
  private readonly crossing: Uint8Array;
  private readonly crossingBase: Int32Array;

  constructor(
    scenario: Scenario,
    private readonly engine: Engine,
    private readonly bus: StateBus,
  ) {
    const groups = scenario.groups;
    this.warmup = scenario.warmup;
    this.horizon = scenario.horizon;
    this.n = groups.reduce((sum, g) => sum + g.count, 0);
    this.group = new Int32Array(this.n);
    this.state = new Uint8Array(this.n);
    this.cause = new Uint8Array(this.n);
    this.changedAt = new Float64Array(this.n);
    this.upTime = new Float64Array(this.n);
    this.groupStart = new Int32Array(groups.length);
    this.groupCount = Int32Array.from(groups, (g) => g.count);
    this.groupUp = new Int32Array(groups.length);
    this.groupFailures = new Float64Array(groups.length);
    let c = 0;
    groups.forEach((g, gi) => {
      this.groupStart[gi] = c;
      this.group.fill(gi, c, c + g.count);
      c += g.count;
    });
    this.crossing = bus.crossing;
    this.crossingBase = bus.crossingBase;
  }

  /** At the start of a replication: every component DOWN and uncounted, until `start` places it. */
  reset(): void {
    this.state.fill(DOWN);
    this.groupUp.fill(0);
    this.groupFailures.fill(0);
    this.upTime.fill(0);
    this.changedAt.fill(0);
    this.lastChanged = -1;
  }

  /** Places component `c` in its initial state at time 0 (no notification: the services are evaluated after). */
  start(c: number, state: number): void {
    this.state[c] = state;
    this.cause[c] = Cause.START;
    if (state === UP) {
      const g = this.group[c] as number;
      this.groupUp[g] = (this.groupUp[g] as number) + 1;
    }
  }

  /** UP → DOWN. Reads the time from the engine, so that it takes no double. */
  fail(c: number, cause: number): void {
    const now = this.engine.now; // never after the horizon: the run stops there
    if (this.watcher !== null) this.watcher.beforeChange(now);
    const from = Math.max(this.changedAt[c] as number, this.warmup);
    if (now > from) this.upTime[c] = (this.upTime[c] as number) + (now - from);
    this.changedAt[c] = now;
    this.state[c] = DOWN;
    this.cause[c] = cause;
    this.lastChanged = c;
    const g = this.group[c] as number;
    if (now >= this.warmup) this.groupFailures[g] = (this.groupFailures[g] as number) + 1;
    const before = this.groupUp[g] as number;
    this.groupUp[g] = before - 1;
    if (this.crossing[(this.crossingBase[g] as number) + before] === 1) this.bus.reevaluate(g);
  }

  /** DOWN (or STANDBY) → UP. */
  restore(c: number, cause: number): void {
    if (this.watcher !== null) this.watcher.beforeChange(this.engine.now);
    this.changedAt[c] = this.engine.now;
    this.state[c] = UP;
    this.cause[c] = cause;
    this.lastChanged = c;
    const g = this.group[c] as number;
    const after = (this.groupUp[g] as number) + 1;
    this.groupUp[g] = after;
    if (this.crossing[(this.crossingBase[g] as number) + after] === 1) this.bus.reevaluate(g);
  }

  /** The one general way to change a state: any state to any other, with its cause. */
  setState(c: number, state: number, cause: number): void {
    const was = this.state[c] as number;
    if (state === was) return;
    if (was === UP && state === DOWN) return this.fail(c, cause);
    if (state === UP) return this.restore(c, cause);
    const now = this.engine.now;
    if (this.watcher !== null) this.watcher.beforeChange(now);
    const g = this.group[c] as number;
    if (was === UP) {
      const from = Math.max(this.changedAt[c] as number, this.warmup);
      if (now > from) this.upTime[c] = (this.upTime[c] as number) + (now - from);
    }
    this.changedAt[c] = now;
    this.state[c] = state;
    this.cause[c] = cause;
    this.lastChanged = c;
    if (state === DOWN && now >= this.warmup) this.groupFailures[g] = (this.groupFailures[g] as number) + 1;
    if (was === UP) {
      const before = this.groupUp[g] as number;
      this.groupUp[g] = before - 1;
      if (this.crossing[(this.crossingBase[g] as number) + before] === 1) this.bus.reevaluate(g);
    }
  }

  /** Closes the time accounting at the end of a run. */
  close(end: number): void {
    for (let c = 0; c < this.n; c++) {
      if (this.state[c] === UP) {
        const from = Math.max(this.changedAt[c] as number, this.warmup);
        const to = Math.min(end, this.horizon);
        if (to > from) this.upTime[c] = (this.upTime[c] as number) + (to - from);
      }
      this.changedAt[c] = end;
    }
  }
}
