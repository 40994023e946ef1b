// "The engine's hot path allocates nothing per event": counted, not timed. A child process runs
// replications of R/100 (about 2,800 events each) after a warm-up, with a 1 MB young generation
// and V8's GC trace on, and the test counts the scavenges (young-generation collections) during
// the measured replications. Allocation-free events give (almost) none; the 60 bytes per event
// that boxed doubles once cost would give about 500. Optimisation is made synchronous so that the
// count does not depend on when a background compiler thread gets the CPU.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SIMULATION_V8_FLAGS } from '../../src/run/v8Tuning.js';
import { busySimulationScript } from '../support/childScript.js';

const script = busySimulationScript(`
for (let rep = 0; rep < 3000; rep++) simulation.run(1, rep);
console.log('MEASURE');
let events = 0;
for (let rep = 0; rep < 3000; rep++) {
  simulation.run(2, rep);
  events += simulation.metricEvents;
}
console.log('EVENTS ' + events);
`);

function scavengesWhileMeasuring(flags: readonly string[]): { scavenges: number; events: number } {
  const child = spawnSync(
    process.execPath,
    [...flags, '--no-concurrent-recompilation', '--trace-gc', '--min-semi-space-size=1', '--max-semi-space-size=1', '--input-type=module', '-e', script],
    { encoding: 'utf8' },
  );
  expect(child.status).toBe(0);
  const measured = child.stdout.slice(child.stdout.indexOf('MEASURE'));
  return {
    scavenges: (measured.match(/Scavenge/g) ?? []).length,
    events: Number(/EVENTS (\d+)/.exec(measured)?.[1]),
  };
}

describe('allocation on the hot path', () => {
  it('R/100 runs millions of events with (almost) no young-generation collection, with and without the V8 setting', () => {
    for (const flags of [SIMULATION_V8_FLAGS, []]) {
      const { scavenges, events } = scavengesWhileMeasuring(flags);
      expect(events).toBeGreaterThan(8_000_000);
      // 1 MB per scavenge: 10 of them would be about 1 byte per event.
      expect(scavenges).toBeLessThanOrEqual(10);
    }
  });
});
