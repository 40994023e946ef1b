/** Common-cause failures: shock processes that fail a named set of components at once (a rack, an availability zone, a bad deploy). */
import type { Distribution } from '../../random/distributions/Distribution.js';
import { fromSpec } from '../../random/distributions/fromSpec.js';
import { ReloadableTychei } from '../../random/ReloadableTychei.js';
import { StreamKey, type ReplicationStreams } from '../../random/streams.js';
import type { Scenario } from '../../scenario/validateScenario.js';
import { Cause } from '../kernel/ComponentTable.js';
import type { Kernel, Module } from '../kernel/Kernel.js';
import type { FailRepair } from './FailRepair.js';

/**
 * Each shock of the scenario is a renewal process from time 0: the times between shocks are
 * draws from its `every` law (stream key `shock/<name>`, purpose `next`). At a shock, each member
 * that is up fails with the shock's probability p, independently (one draw per member from
 * `shock/<name>`, `hit`, made whether the member is up or not, and none when p = 1), and is then
 * repaired by its own repair law and crew exactly as after its own failure
 * (`FailRepair.failNow`, cause SHOCK). A member already down is unaffected; a crash-stop member
 * stays down. p = 1 is the β-factor model (Fleming 1974), p < 1 the binomial failure rate model
 * (Vesely 1977; Atwood 1986). The streams are the shock's own, so adding a shock leaves every
 * component's own draws unchanged (they change only where the shock fails a component).
 *
 * Declares, per shock (whole runs only): `<name>.shocks`, the shocks at times in
 * [warmup, horizon], and `<name>.components_failed`, the components those shocks failed.
 */
export class CommonCause implements Module {
  private readonly engine: Kernel['engine'];
  private readonly kind: number;
  private readonly every: Distribution[];
  private readonly probability: Float64Array;
  /** Shock s hits components members[memberStart[s] .. memberStart[s + 1]). */
  private readonly memberStart: Int32Array;
  private readonly members: Int32Array;
  private readonly keys: { next: StreamKey; hit: StreamKey }[];
  private readonly next: ReloadableTychei[];
  private readonly hit: ReloadableTychei[];
  private readonly shocks: Float64Array;
  private readonly failed: Float64Array;
  private readonly slots: { shocks: number; failed: number }[];

  constructor(
    private readonly kernel: Kernel,
    scenario: Scenario,
    /** FailRepair, or (with standby groups) a dispatcher to it and to Standby, which fail their own components. */
    private readonly failRepair: Pick<FailRepair, 'failNow'>,
  ) {
    this.engine = kernel.engine;
    const shocks = scenario.shocks ?? [];
    const groupStart = new Map(scenario.groups.map((g, i) => [g.name, kernel.table.groupStart[i] as number]));
    this.every = shocks.map((s) => fromSpec(s.every, `${s.path}.every`));
    this.probability = Float64Array.from(shocks, (s) => s.probability);
    this.memberStart = new Int32Array(shocks.length + 1);
    shocks.forEach((s, i) => (this.memberStart[i + 1] = (this.memberStart[i] as number) + s.components.length));
    this.members = Int32Array.from(shocks.flatMap((s) => s.components.map((c) => (groupStart.get(c.group) as number) + c.index)));
    this.keys = shocks.map((s) => ({ next: new StreamKey(`shock/${s.name}`, 'next'), hit: new StreamKey(`shock/${s.name}`, 'hit') }));
    this.next = shocks.map(() => new ReloadableTychei());
    this.hit = shocks.map(() => new ReloadableTychei());
    this.shocks = new Float64Array(shocks.length);
    this.failed = new Float64Array(shocks.length);
    const r = kernel.registry;
    this.slots =
      scenario.stopAt === null
        ? shocks.map((s) => {
            const count = r.quantity(`${s.name}.shocks`, { range: Infinity, kind: 'count' });
            r.mean(`${s.name}.shocks`, 'shocks', 'count', count, 0, 1, 'shocks in [warmup, horizon]');
            const failed = r.quantity(`${s.name}.components_failed`, { range: Infinity, kind: 'count' });
            r.mean(`${s.name}.components_failed`, 'components', 'count', failed, 0, 1, 'components its shocks failed in [warmup, horizon] (members up when it struck)');
            return { shocks: count, failed };
          })
        : [];
    this.kind = this.engine.on(this.onShock);
  }

  start(streams: ReplicationStreams): void {
    this.shocks.fill(0);
    this.failed.fill(0);
    for (let s = 0; s < this.every.length; s++) {
      const next = this.next[s] as ReloadableTychei;
      streams.loadInto((this.keys[s] as { next: StreamKey }).next, next);
      streams.loadInto((this.keys[s] as { hit: StreamKey }).hit, this.hit[s] as ReloadableTychei);
      this.engine.schedule((this.every[s] as Distribution).sample(next.draw), this.kind, s);
    }
  }

  private readonly onShock = (s: number): void => {
    const measured = this.engine.now >= this.kernel.warmup;
    if (measured) this.shocks[s] = (this.shocks[s] as number) + 1;
    const p = this.probability[s] as number;
    const hit = this.hit[s] as ReloadableTychei;
    let failed = 0;
    for (let i = this.memberStart[s] as number; i < (this.memberStart[s + 1] as number); i++) {
      if (p < 1 && hit.draw() >= p) continue;
      if (this.failRepair.failNow(this.members[i] as number, Cause.SHOCK)) failed++;
    }
    if (measured) this.failed[s] = (this.failed[s] as number) + failed;
    this.engine.schedule((this.every[s] as Distribution).sample((this.next[s] as ReloadableTychei).draw), this.kind, s);
  };

  close(end: number, whole: boolean): void {
    void end;
    if (!whole) return;
    const values = this.kernel.values;
    for (let s = 0; s < this.slots.length; s++) {
      const slot = this.slots[s] as { shocks: number; failed: number };
      values[slot.shocks] = this.shocks[s] as number;
      values[slot.failed] = this.failed[s] as number;
    }
  }
}
