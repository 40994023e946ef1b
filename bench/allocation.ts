/**
 * Young-generation collections per million events: each bundled scenario runs in a child process
 * with a 1 MB young generation and V8's GC trace on, after a warm-up, and the scavenges during the
 * measured replications are counted. An allocation-free hot path gives (almost) none; a module
 * that allocates per event shows up here as a figure (about 1 scavenge per million events per
 * byte allocated per event). Optimisation is synchronous, so that the count does not depend on
 * when a background compiler thread gets the CPU.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const dist = (path: string): string => fileURLToPath(new URL(`../src/${path}`, import.meta.url));

/** The child's script: warm up, then run `replications` more of the bundled scenario `name`, printing the events. */
function script(name: string, replications: number): string {
  return `
const { Simulation } = await import(${JSON.stringify(dist('sim/Simulation.js'))});
const { loadScenario } = await import(${JSON.stringify(dist('io/loadScenario.js'))});
const { bundledScenarioPath } = await import(${JSON.stringify(dist('io/bundledScenarios.js'))});
const simulation = new Simulation(loadScenario(bundledScenarioPath(${JSON.stringify(name)})));
for (let rep = 0; rep < ${replications}; rep++) simulation.run(1, rep);
console.log('MEASURE');
let events = 0;
for (let rep = 0; rep < ${replications}; rep++) { simulation.run(2, rep); events += simulation.metricEvents; }
console.log('EVENTS ' + events);
`;
}

export interface AllocationFigure {
  readonly scenario: string;
  readonly v8: string;
  readonly events: number;
  readonly scavenges: number;
  readonly scavengesPerMillionEvents: number;
}

/** Scavenges while `replications` replications of `name` run, with the given V8 flags. */
export function allocationFigure(name: string, replications: number, flags: readonly string[], v8: string): AllocationFigure {
  const child = spawnSync(
    process.execPath,
    [...flags, '--no-concurrent-recompilation', '--trace-gc', '--min-semi-space-size=1', '--max-semi-space-size=1', '--input-type=module', '-e', script(name, replications)],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (child.status !== 0) throw new Error(`allocation child for ${name} failed: ${child.stderr}`);
  const measured = child.stdout.slice(child.stdout.indexOf('MEASURE'));
  const scavenges = (measured.match(/Scavenge/g) ?? []).length;
  const events = Number(/EVENTS (\d+)/.exec(measured)?.[1]);
  return { scenario: name, v8, events, scavenges, scavengesPerMillionEvents: (scavenges * 1e6) / events };
}
