// The inlining budget changes how fast the simulation runs, never what it computes.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SIMULATION_V8_FLAGS } from '../../src/run/v8Tuning.js';
import { busySimulationScript } from '../support/childScript.js';

// Runs Simulation directly (runScenario would apply the flag itself) and prints every metric of
// every replication, so that any difference in any draw or sum shows.
const script = busySimulationScript(`
const out = [];
for (let rep = 0; rep < 3000; rep++) {
  simulation.run(7, rep);
  out.push(simulation.metricEvents, ...simulation.values, ...simulation.curves);
}
console.log(JSON.stringify(out));
`);

function run(flags: readonly string[]): string {
  const child = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  return child.stdout;
}

describe('SIMULATION_V8_FLAGS', () => {
  it('leave every metric of every replication bit-identical (3000 replications of R/100, hot enough to optimise)', () => {
    const tuned = run(SIMULATION_V8_FLAGS);
    expect(tuned.length).toBeGreaterThan(100_000);
    expect(run([])).toBe(tuned);
  });
});
