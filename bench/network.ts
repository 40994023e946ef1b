/**
 * Networks at the speed of counts (issue 12): events/s of `reference-network` beside those of
 * `reference-cluster-busy`, and full meshes of growing size, each scenario in a child process of
 * its own (no shared JIT state), timed after a warm-up. The cost per event of a mesh should not
 * grow with the number of links: connectivity is decided by counts, and searched only when the
 * counts cannot decide.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = (path: string): string => fileURLToPath(new URL(`../src/${path}`, import.meta.url));
const sims = (name: string): string => fileURLToPath(new URL(`../../sims/${name}.json`, import.meta.url));

export interface NetworkFigure {
  readonly scenario: string;
  readonly replications: number;
  readonly events: number;
  /** Measured queries, for a scenario with a workload (else 0). */
  readonly queries: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly secondsPerReplication: number;
}

/** The child: validate the scenario (JSON on stdin), warm up on `replications` / 5, then time `replications`. */
const CHILD = `
const { Simulation } = await import(${JSON.stringify(dist('sim/Simulation.js'))});
const { validateScenario } = await import(${JSON.stringify(dist('scenario/validateScenario.js'))});
const { applySimulationV8Flags } = await import(${JSON.stringify(dist('run/v8Tuning.js'))});
applySimulationV8Flags();
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const [input, replications] = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const simulation = new Simulation(validateScenario(input, 'bench'));
const slot = simulation.registry.quantities.findIndex((q) => q.key === 'queries.queries');
const warm = Math.max(1, Math.floor(replications / 5));
for (let rep = 0; rep < warm; rep++) simulation.run(99, rep);
const start = process.hrtime.bigint();
let events = 0;
let queries = 0;
for (let rep = 0; rep < replications; rep++) { simulation.run(1, rep); events += simulation.metricEvents; if (slot >= 0) queries += simulation.values[slot]; }
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ events, queries, seconds }));
`;

/** Times `replications` replications of the scenario `input` (a scenario file's object) in a fresh process. */
export function timeScenario(label: string, input: unknown, replications: number): NetworkFigure {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD], {
    input: JSON.stringify([input, replications]),
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`network bench child for ${label} failed: ${child.stderr}`);
  const { events, queries, seconds } = JSON.parse(child.stdout.trim().split('\n').at(-1) as string) as { events: number; queries: number; seconds: number };
  return { scenario: label, replications, events, queries, seconds, eventsPerSecond: events / seconds, secondsPerReplication: seconds / replications };
}

export function bundled(name: string): unknown {
  return JSON.parse(readFileSync(sims(name), 'utf8')) as unknown;
}

/**
 * `reference-network` with `nodes` nodes on its full mesh: 3 coordinators and nodes − 3
 * executors, the same component and link laws and services; nodes·(nodes − 1)/2 links.
 */
export function meshScenario(nodes: number): unknown {
  const base = bundled('reference-network') as { groups: { executors: { count: number } }; name: string };
  return { ...base, name: `mesh-${nodes}`, groups: { ...base.groups, executors: { ...base.groups.executors, count: nodes - 3 } } };
}
