/** Test-only: one replication's per-replication quantities, read by key. */
import type { Simulation } from '../../src/sim/Simulation.js';

/** A reader of `sim`'s values by quantity key (after `run` or `replicate`); an unknown key throws, listing the declared ones. */
export function quantityReader(sim: Simulation): (key: string) => number {
  const keys = sim.registry.quantities.map((q) => q.key);
  return (key: string): number => {
    const i = keys.indexOf(key);
    if (i < 0) throw new Error(`no quantity ${key}: ${keys.join(', ')}`);
    return sim.values[i] as number;
  };
}
