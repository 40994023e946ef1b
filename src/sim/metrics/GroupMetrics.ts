/** What a replication measures of each group: its components' time up and their failures over [warmup, horizon]. */
import type { Kernel, Module } from '../kernel/Kernel.js';

/** Declares, per group, `component_up` (from the distance 1 − mean up fraction) and `failures`. */
export class GroupMetrics implements Module {
  private readonly slots: { down: number; failures: number }[];

  constructor(private readonly kernel: Kernel) {
    const r = kernel.registry;
    this.slots =
      kernel.scenario.stopAt === null
        ? kernel.scenario.groups.map((g) => {
            const down = r.quantity(`${g.name}.component_down`, { range: 1, kind: 'amount' });
            r.mean(`${g.name}.component_up`, '1', 'fraction', down, 1, -1, 'mean fraction of [warmup, horizon] its components are up');
            const failures = r.quantity(`${g.name}.failures`, { range: Infinity, kind: 'count' });
            r.mean(`${g.name}.failures`, 'failures', 'count', failures, 0, 1, 'component failures in [warmup, horizon]');
            return { down, failures };
          })
        : [];
  }

  start(): void {}

  close(end: number, whole: boolean): void {
    if (!whole) return;
    void end; // the table was closed at `end` by the kernel
    const table = this.kernel.table;
    const span = this.kernel.span;
    const values = this.kernel.values;
    for (let g = 0; g < this.slots.length; g++) {
      const slot = this.slots[g] as { down: number; failures: number };
      const first = table.groupStart[g] as number;
      const count = table.groupCount[g] as number;
      let sum = 0;
      for (let c = first; c < first + count; c++) sum += span - (table.upTime[c] as number);
      values[slot.down] = sum / (count * span);
      values[slot.failures] = table.groupFailures[g] as number;
    }
  }
}
