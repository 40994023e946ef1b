/** Failure and repair: each component fails after a draw from its failure law and is repaired as good as new, by its own repairer or a crew's. */
import type { Distribution } from '../../random/distributions/Distribution.js';
import { fromSpec } from '../../random/distributions/fromSpec.js';
import { ReloadableTychei } from '../../random/ReloadableTychei.js';
import type { Stream } from '../../random/Stream.js';
import { StreamKey, type ReplicationStreams } from '../../random/streams.js';
import type { Scenario } from '../../scenario/validateScenario.js';
import { Cause, DOWN, UP, type ComponentTable } from '../kernel/ComponentTable.js';
import type { Kernel, Module } from '../kernel/Kernel.js';
import { Crews } from './Crews.js';

/**
 * The first behaviour (docs/conventions.md, "Conventions"): a component fails after a draw from its failure
 * distribution (stream key `<group>/<i>`, `ttf`), is repaired after a draw from its repair
 * distribution taken when the repair starts (`ttr`), and keeps failing while services are down. A
 * component with a crew waits, first come first served, for one of the pool's repairers. A group
 * starting `steady` draws its state from the stationary law (`init`); the remaining repair time of
 * one that starts down is a fresh repair time (exponential: memoryless).
 *
 * The two handlers are the roots V8 compiles, and everything they call on the usual path (the
 * sample, the stream, the schedule, the table's `fail` and `restore`) fits its inlining budget, or
 * doubles crossing a call would be boxed, an allocation per event: the rare paths (crews, service
 * changes) are calls of their own that take no doubles, and grid times are the engine's mark.
 */
export class FailRepair implements Module {
  private readonly engine: Kernel['engine'];
  private readonly table: ComponentTable;
  private readonly failKind: number;
  private readonly repairKind: number;
  private readonly crewOf: Int32Array;
  private readonly failure: Distribution[] = [];
  private readonly repair: (Distribution | null)[] = [];
  private readonly steady: Uint8Array;
  private readonly steadyDownProbability: Float64Array;
  private readonly keys: { ttf: StreamKey; ttr: StreamKey; init: StreamKey }[] = [];
  private readonly ttf: ReloadableTychei[];
  private readonly ttr: ReloadableTychei[];
  private readonly ttfDraw: Stream[];
  private readonly ttrDraw: Stream[];
  private readonly init = new ReloadableTychei();
  /** Per component, the handle of its pending failure event while it is up (for `failNow`). */
  private readonly pendingFailure: Float64Array;
  /** Per component, 1 when this module drives it (its group is not another behaviour's, e.g. standby spares). */
  private readonly driven: Uint8Array;
  readonly crews: Crews;
  /** Starts the repair of a component of a group owned elsewhere once a crew takes it (set by that behaviour). */
  private repairElsewhere: ((c: number) => void) | null = null;

  /**
   * `ownedElsewhere`: groups another behaviour places, fails and repairs (it may still use
   * `crews`). `failsNow`: another module will call `failNow` (shocks), so each pending failure's
   * handle is kept; without it the repair handler keeps none (the fast path stores nothing more).
   */
  constructor(
    kernel: Kernel,
    scenario: Scenario,
    ownedElsewhere: ReadonlySet<string> = new Set(),
    private readonly failsNow = false,
  ) {
    this.engine = kernel.engine;
    this.table = kernel.table;
    const n = kernel.table.n;
    const crewIndex = new Map(scenario.crews.map((k, i) => [k.name, i]));
    this.crewOf = new Int32Array(n);
    this.steady = new Uint8Array(n);
    this.steadyDownProbability = new Float64Array(n);
    this.pendingFailure = new Float64Array(n).fill(-1);
    this.driven = new Uint8Array(n);
    let c = 0;
    for (const g of scenario.groups) {
      this.driven.fill(ownedElsewhere.has(g.name) ? 0 : 1, c, c + g.count);
      const failure = fromSpec(g.failure, `${g.path}.failure`);
      const repair = g.repair === null ? null : fromSpec(g.repair, `${g.path}.repair`);
      for (let i = 0; i < g.count; i++, c++) {
        this.crewOf[c] = g.crew === null ? -1 : (crewIndex.get(g.crew) as number);
        this.failure.push(failure);
        this.repair.push(repair);
        if (g.initial === 'steady' && repair !== null) {
          this.steady[c] = 1;
          this.steadyDownProbability[c] = repair.mean / (failure.mean + repair.mean);
        }
        const label = `${g.name}/${i}`;
        this.keys.push({ ttf: new StreamKey(label, 'ttf'), ttr: new StreamKey(label, 'ttr'), init: new StreamKey(label, 'init') });
      }
    }
    this.ttf = Array.from({ length: n }, () => new ReloadableTychei());
    this.ttr = Array.from({ length: n }, () => new ReloadableTychei());
    this.ttfDraw = this.ttf.map((stream) => stream.draw);
    this.ttrDraw = this.ttr.map((stream) => stream.draw);
    this.crews = new Crews(kernel, scenario, this.crewOf, (comp) => this.startRepair(comp));
    this.failKind = this.engine.on(this.onFailure);
    this.repairKind = this.engine.on(failsNow ? this.onRepairedKeepingHandle : this.onRepaired);
  }

  start(streams: ReplicationStreams): void {
    this.crews.start();
    const table = this.table;
    for (let c = 0; c < table.n; c++) {
      const keys = this.keys[c] as { ttf: StreamKey; ttr: StreamKey; init: StreamKey };
      const ttf = this.ttf[c] as ReloadableTychei;
      const ttr = this.ttr[c] as ReloadableTychei;
      if (this.driven[c] === 0) continue;
      streams.loadInto(keys.ttf, ttf);
      streams.loadInto(keys.ttr, ttr);
      let up = true;
      if (this.steady[c] === 1) {
        streams.loadInto(keys.init, this.init);
        up = this.init.draw() >= (this.steadyDownProbability[c] as number);
      }
      if (up) {
        table.start(c, UP);
        this.pendingFailure[c] = this.engine.schedule((this.failure[c] as Distribution).sample(ttf.draw), this.failKind, c);
      } else {
        table.start(c, DOWN);
        this.engine.schedule((this.repair[c] as Distribution).sample(ttr.draw), this.repairKind, c);
      }
    }
  }

  private readonly onFailure = (c: number): void => {
    this.table.fail(c, Cause.FAILURE);
    this.afterFailure(c);
  };

  /** Starts component c's repair (its own repairer, or a crew's queue); nothing for crash-stop. */
  private afterFailure(c: number): void {
    const repair = this.repair[c];
    if (repair === null || repair === undefined) return; // crash-stop
    const k = this.crewOf[c] as number;
    if (k < 0) this.engine.schedule(repair.sample(this.ttrDraw[c] as Stream), this.repairKind, c);
    else this.crews.request(c, k);
  }

  /**
   * Fails component c now for another cause (a common-cause shock): its pending failure is
   * cancelled and its repair starts as after its own failure. Returns false, changing nothing,
   * when c is not up or is not driven by this module.
   */
  failNow(c: number, cause: number): boolean {
    if (!this.failsNow) throw new Error('FailRepair.failNow: constructed without failsNow, so it keeps no handles to cancel');
    if (this.driven[c] !== 1 || this.table.state[c] !== UP) return false;
    this.engine.cancel(this.pendingFailure[c] as number);
    this.table.fail(c, cause);
    this.afterFailure(c);
    return true;
  }

  private readonly onRepaired = (c: number): void => {
    this.table.restore(c, Cause.REPAIR);
    this.engine.schedule((this.failure[c] as Distribution).sample(this.ttfDraw[c] as Stream), this.failKind, c);
    const k = this.crewOf[c] as number;
    if (k >= 0) this.crews.release(k);
  };

  /** `onRepaired` for a plan in which something may fail a component now: the new failure's handle is kept. */
  private readonly onRepairedKeepingHandle = (c: number): void => {
    this.table.restore(c, Cause.REPAIR);
    this.pendingFailure[c] = this.engine.schedule((this.failure[c] as Distribution).sample(this.ttfDraw[c] as Stream), this.failKind, c);
    const k = this.crewOf[c] as number;
    if (k >= 0) this.crews.release(k);
  };

  /**
   * The behaviour that owns `ownedElsewhere`'s groups repairs their components through `crews`
   * too: a repairer that takes one of them hands it to `startRepair`. Only crew dispatch pays
   * the check; the independent-repair path is unchanged.
   */
  shareCrews(startRepair: (c: number) => void): void {
    this.repairElsewhere = startRepair;
  }

  private startRepair(c: number): void {
    if (this.driven[c] === 0) return (this.repairElsewhere as (c: number) => void)(c);
    this.engine.schedule((this.repair[c] as Distribution).sample(this.ttrDraw[c] as Stream), this.repairKind, c);
  }

  close(end: number, whole: boolean): void {
    this.crews.close(end, whole);
  }
}
