import { describe, expect, it } from 'vitest';
import {
  type Reflection,
  pathProductStaleProbability,
  reflectionStaleProbability,
  reflectionsAllFreshProbability,
} from '../../src/analytic/reflectionDag.js';

// Seed 000's example graph with its base refresh failure rates (incremental 0.05, full 0.10).
const SEED: Reflection[] = [
  { id: 'raw_sales', refreshFailure: 0.05, dependsOn: [] },
  { id: 'daily_sales', refreshFailure: 0.05, dependsOn: ['raw_sales'] },
  { id: 'monthly_sales', refreshFailure: 0.1, dependsOn: ['daily_sales'] },
  { id: 'quarterly_report', refreshFailure: 0.1, dependsOn: ['monthly_sales', 'daily_sales'] },
];
const DIAMOND: Reflection[] = [
  { id: 'a', refreshFailure: 0.2, dependsOn: [] },
  { id: 'b', refreshFailure: 0.1, dependsOn: ['a'] },
  { id: 'c', refreshFailure: 0.3, dependsOn: ['a'] },
  { id: 'd', refreshFailure: 0.05, dependsOn: ['b', 'c'] },
  { id: 'e', refreshFailure: 0.15, dependsOn: ['d', 'a'] },
];
const TREE: Reflection[] = [
  { id: 'x', refreshFailure: 0.2, dependsOn: [] },
  { id: 'y', refreshFailure: 0.1, dependsOn: [] },
  { id: 'z', refreshFailure: 0.3, dependsOn: ['x', 'y'] },
];

/** Σ over all 2^n own-failure patterns of P(pattern)·[accept(stale set)]; staleness propagated by fixpoint. */
function bruteForce(graph: Reflection[], accept: (stale: Set<string>) => boolean): number {
  let total = 0;
  for (let mask = 0; mask < 2 ** graph.length; mask++) {
    let probability = 1;
    const stale = new Set<string>();
    graph.forEach((r, bit) => {
      const failed = ((mask >> bit) & 1) === 1;
      probability *= failed ? r.refreshFailure : 1 - r.refreshFailure;
      if (failed) stale.add(r.id);
    });
    for (let changed = true; changed; ) {
      changed = false;
      for (const r of graph) {
        if (!stale.has(r.id) && r.dependsOn.some((d) => stale.has(d))) {
          stale.add(r.id);
          changed = true;
        }
      }
    }
    if (accept(stale)) total += probability;
  }
  return total;
}

describe('exact reflection staleness', () => {
  it('matches enumeration of all failure patterns, one reflection and sets of them', () => {
    for (const graph of [SEED, DIAMOND, TREE]) {
      for (const r of graph) {
        const exact = bruteForce(graph, (stale) => stale.has(r.id));
        expect(reflectionStaleProbability(graph, r.id)).toBeCloseTo(exact, 15);
      }
      const ids = graph.slice(-2).map((r) => r.id);
      const allFresh = bruteForce(graph, (stale) => ids.every((id) => !stale.has(id)));
      expect(reflectionsAllFreshProbability(graph, ids)).toBeCloseTo(allFresh, 15);
    }
  });

  it('gives seed 000\'s quarterly report 1 − 0.95²·0.9² = 0.268975 (base rates)', () => {
    expect(reflectionStaleProbability(SEED, 'quarterly_report')).toBeCloseTo(0.268975, 15);
  });

  it('joint freshness exceeds the product of the marginals when upstream is shared', () => {
    const joint = reflectionsAllFreshProbability(DIAMOND, ['b', 'c']);
    const product = (1 - reflectionStaleProbability(DIAMOND, 'b')) * (1 - reflectionStaleProbability(DIAMOND, 'c'));
    expect(joint).toBeGreaterThan(product);
    expect(joint).toBeCloseTo(0.8 * 0.9 * 0.7, 15);
  });

  it('keeps precision for tiny failure probabilities', () => {
    const tiny: Reflection[] = [
      { id: 'a', refreshFailure: 1e-18, dependsOn: [] },
      { id: 'b', refreshFailure: 2e-18, dependsOn: ['a'] },
    ];
    expect(reflectionStaleProbability(tiny, 'b') / 3e-18).toBeCloseTo(1, 14);
  });

  it('rejects cycles, unknown and duplicate ids', () => {
    const cycle: Reflection[] = [
      { id: 'a', refreshFailure: 0.1, dependsOn: ['b'] },
      { id: 'b', refreshFailure: 0.1, dependsOn: ['a'] },
    ];
    expect(() => reflectionStaleProbability(cycle, 'a')).toThrow(/acyclic/);
    expect(() => reflectionStaleProbability(TREE, 'w')).toThrow(/^id: expected/);
    expect(() => reflectionStaleProbability([...TREE, TREE[0]!], 'x')).toThrow(/reflections\[3\]\.id/);
    expect(() => reflectionStaleProbability([{ id: 'a', refreshFailure: 0.1, dependsOn: ['q'] }], 'a')).toThrow(
      /dependsOn/,
    );
  });
});

describe('path-product staleness (seed 000\'s combination rule)', () => {
  it('agrees with the exact value on a tree', () => {
    for (const r of TREE) {
      expect(pathProductStaleProbability(TREE, r.id)).toBeCloseTo(reflectionStaleProbability(TREE, r.id), 15);
    }
  });

  it('double counts shared ancestors on a diamond: quarterly report 0.340…, not 0.268975', () => {
    // By hand: monthly = 1 − 0.9·0.95·0.95 = 0.18775, daily = 1 − 0.95² = 0.0975,
    // quarterly = 1 − 0.9·(1 − 0.18775)·(1 − 0.0975) = 0.34025…
    const naive = 1 - 0.9 * (1 - 0.18775) * (1 - 0.0975);
    expect(pathProductStaleProbability(SEED, 'quarterly_report')).toBeCloseTo(naive, 14);
    expect(naive).toBeGreaterThan(reflectionStaleProbability(SEED, 'quarterly_report'));
    const exactE = bruteForce(DIAMOND, (stale) => stale.has('e'));
    expect(pathProductStaleProbability(DIAMOND, 'e')).toBeGreaterThan(exactE + 0.1);
  });
});
