import { describe, expect, it } from 'vitest';
import { validateScenario, type Scenario } from '../../../src/scenario/validateScenario.js';
import { UP } from '../../../src/sim/kernel/ComponentTable.js';
import { compile } from '../../../src/sim/kernel/Plan.js';
import { StreamDeriver } from '../../../src/random/streams.js';

/**
 * The network gates decide by counts where counts suffice (a complete graph on m up nodes is
 * connected while fewer than m − 1 of its links are down) and skip link moves that cannot change
 * them: both must agree with a direct search, in every state and after every event.
 */

/** Nodes 0…n−1 (coordinators first), `edges` as node pairs; states as 0/1 per node and per link. */
interface Graph {
  readonly coordinators: number;
  readonly executors: number;
  readonly edges: readonly (readonly [number, number])[];
}

/** Components of the graph restricted to `nodeUp` nodes (all when null) and up links. */
function components(g: Graph, nodeUp: readonly number[] | null, linkUp: readonly number[]): number[] {
  const n = g.coordinators + g.executors;
  const label = new Array<number>(n).fill(-1);
  const usable = (v: number) => nodeUp === null || nodeUp[v] === 1;
  for (let s = 0; s < n; s++) {
    if (label[s] !== -1 || !usable(s)) continue;
    const stack = [s];
    label[s] = s;
    while (stack.length > 0) {
      const v = stack.pop() as number;
      g.edges.forEach(([a, b], l) => {
        if (linkUp[l] !== 1) return;
        const w = a === v ? b : b === v ? a : -1;
        if (w >= 0 && label[w] === -1 && usable(w)) {
          label[w] = s;
          stack.push(w);
        }
      });
    }
  }
  return label;
}

function quorumBySearch(g: Graph, need: number, nodeUp: readonly number[], linkUp: readonly number[]): boolean {
  const label = components(g, nodeUp, linkUp);
  const majority = Math.floor(g.coordinators / 2) + 1;
  for (const root of new Set(label)) {
    if (root < 0) continue;
    let c = 0;
    let e = 0;
    label.forEach((x, v) => {
      if (x === root) (v < g.coordinators ? c++ : e++);
    });
    if (c >= majority && e >= need) return true;
  }
  return false;
}

function coordinatorsConnectedBySearch(g: Graph, linkUp: readonly number[]): boolean {
  const label = components(g, null, linkUp);
  return new Set(label.slice(0, g.coordinators)).size === 1;
}

function scenarioOf(g: Graph, need: number, failure: { node: number; link: number }, repair: { node: number; link: number }): Scenario {
  return validateScenario({
    name: 'gates',
    description: 'network gates against a search',
    horizon: 400,
    groups: {
      coordinators: { kind: 'coordinator', count: g.coordinators, failure: { type: 'exponential', mean: failure.node }, repair: { type: 'exponential', mean: repair.node } },
      executors: { kind: 'executor', count: g.executors, failure: { type: 'exponential', mean: failure.node }, repair: { type: 'exponential', mean: repair.node } },
    },
    network: {
      edges: g.edges.map(([a, b]) => [a < g.coordinators ? `coordinators/${a}` : `executors/${a - g.coordinators}`, b < g.coordinators ? `coordinators/${b}` : `executors/${b - g.coordinators}`]),
      link: { failure: { type: 'exponential', mean: failure.link }, repair: { type: 'exponential', mean: repair.link } },
    },
    services: {
      cluster: need > 0 ? { quorum: { coordinators: 'coordinators', executors: 'executors', executorsAtLeast: need } } : { quorum: { coordinators: 'coordinators' } },
      coordinatorsConnected: { connected: ['coordinators'] },
    },
  });
}

const mesh = (n: number): [number, number][] => {
  const edges: [number, number][] = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) edges.push([a, b]);
  return edges;
};
const graphs: Record<string, Graph> = {
  'a full mesh of 3 coordinators and 2 executors': { coordinators: 3, executors: 2, edges: mesh(5) },
  'a ring of 3 coordinators and 2 executors': { coordinators: 3, executors: 2, edges: [[0, 1], [1, 2], [2, 3], [3, 4], [4, 0]] },
  'a full mesh of 5 coordinators (a Raft cluster, no executors)': { coordinators: 5, executors: 0, edges: mesh(5) },
};

describe('network gates: counts where they decide, a search where they do not', () => {
  for (const [label, g] of Object.entries(graphs)) {
    for (const need of g.executors > 0 ? [0, 1, 2] : [0]) {
      it(`${label}, executorsAtLeast ${need}: every node and link state agrees with a search`, () => {
        const scenario = g.executors > 0 ? scenarioOf(g, need, { node: 10, link: 10 }, { node: 1, link: 1 }) : scenarioOfRaft(g);
        const { kernel } = compile(scenario);
        const n = g.coordinators + g.executors;
        const L = g.edges.length;
        const { table, services } = kernel;
        const view = { groupUp: table.groupUp, groupCount: table.groupCount, state: table.state, serviceUp: services.up };
        const linkGroup = scenario.groups.findIndex((x) => x.name === 'links');
        for (let mask = 0; mask < 1 << (n + L); mask++) {
          const nodeUp = Array.from({ length: n }, (_, v) => (mask >> v) & 1);
          const linkUp = Array.from({ length: L }, (_, l) => (mask >> (n + l)) & 1);
          table.groupUp.fill(0);
          [...nodeUp, ...linkUp].forEach((u, c) => {
            table.state[c] = u === 1 ? UP : 0;
            if (u === 1) table.groupUp[table.group[c] as number]! += 1;
          });
          expect(table.groupUp[linkGroup]).toBe(linkUp.reduce((a, b) => a + b, 0));
          const gates = services.gates;
          if (gates[0]?.evaluate(view) !== quorumBySearch(g, need, nodeUp, linkUp)) throw new Error(`quorum wrong at mask ${mask}`);
          if (gates[1]?.evaluate(view) !== coordinatorsConnectedBySearch(g, linkUp)) throw new Error(`connected wrong at mask ${mask}`);
        }
      });
    }
  }

  it('after every event of a run with many links down at once, the services equal a search of the state (the skipped link moves changed nothing)', () => {
    for (const [label, g] of Object.entries(graphs)) {
      const need = Math.min(1, g.executors);
      // Links down a third of the time: the count bound fails often, so both paths are exercised.
      const scenario = g.executors > 0 ? scenarioOf(g, need, { node: 20, link: 2 }, { node: 2, link: 1 }) : scenarioOfRaft(g);
      const { kernel, modules } = compile(scenario);
      const n = g.coordinators + g.executors;
      let checked = 0;
      for (let rep = 0; rep < 5; rep++) {
        kernel.reset();
        const streams = new StreamDeriver(11).replication(rep);
        for (const m of modules) m.start(streams);
        kernel.services.start();
            const state = kernel.table.state;
        while (kernel.engine.runUntil(scenario.horizon, 1) === 1) {
          const nodeUp = Array.from({ length: n }, (_, v) => (state[v] === UP ? 1 : 0));
          const linkUp = g.edges.map((_, l) => (state[n + l] === UP ? 1 : 0));
          const want = [quorumBySearch(g, need, nodeUp, linkUp), coordinatorsConnectedBySearch(g, linkUp)].map(Number);
          if (kernel.services.up[0] !== want[0] || kernel.services.up[1] !== want[1]) {
            throw new Error(`${label}: after event ${checked} at ${kernel.engine.now}, services ${[...kernel.services.up]} but a search gives ${want}`);
          }
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(1000);
    }
  });
});

/** Five coordinators on a mesh, a coordinator-only majority. */
function scenarioOfRaft(g: Graph): Scenario {
  return validateScenario({
    name: 'raft',
    description: 'a coordinator-only majority on a full mesh',
    horizon: 400,
    groups: { coordinators: { kind: 'coordinator', count: g.coordinators, failure: { type: 'exponential', mean: 20 }, repair: { type: 'exponential', mean: 2 } } },
    network: { fullMesh: ['coordinators'], link: { failure: { type: 'exponential', mean: 2 }, repair: { type: 'exponential', mean: 1 } } },
    services: { cluster: { quorum: { coordinators: 'coordinators' } }, coordinatorsConnected: { connected: ['coordinators'] } },
  });
}
