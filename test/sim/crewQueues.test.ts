import { describe, expect, it } from 'vitest';
import { exactFor, exactForGroups, isExact } from '../../src/check/exactFor.js';
import { bundledScenarioPath } from '../../src/io/bundledScenarios.js';
import { loadScenario } from '../../src/io/loadScenario.js';
import { normalQuantile } from '../../src/math/normal.js';
import { validateScenario } from '../../src/scenario/validateScenario.js';
import { Simulation } from '../../src/sim/Simulation.js';
import { Moments } from '../../src/stats/Moments.js';

// Each statistical check below is two-sided at 99.9%.
const Z = normalQuantile(1 - 0.001 / 2);

/** Three one-component groups on one repairer; deterministic failures at 1, 3 and 5 h, repairs of 10 h. */
function staircase(priority: string[] | null) {
  const unit = (ttf: number) => ({ failure: { type: 'deterministic', value: ttf }, repair: { type: 'deterministic', value: 10 }, crew: 'one' });
  return validateScenario({
    name: 'staircase',
    description: 'who a free repairer takes',
    horizon: 30,
    crews: { one: priority === null ? 1 : { repairers: 1, priority } },
    groups: { b1: unit(1), b2: unit(3), a: unit(5) },
    services: { all: { all: ['a', 'b1', 'b2'] } },
  });
}

describe('repair policies: first come first served, and priority by group', () => {
  it('a free repairer takes the highest-priority waiting component, not the one that waited longest', () => {
    // b1 fails at 1 (repaired 1–11); b2 waits from 3, a from 5. FCFS: b2 11–21, then a 21–31,
    // so a is up only over [0, 5]. Priority a: a 11–21 (up again 21–26), b2 after.
    const fcfs = new Simulation(staircase(null)).replicate(1, 0);
    expect(fcfs.groups['a']?.componentUp[0]).toBeCloseTo(5 / 30, 12);
    const first = new Simulation(staircase(['a'])).replicate(1, 0);
    expect(first.groups['a']?.componentUp[0]).toBeCloseTo(10 / 30, 12);
    expect(first.groups['b2']?.componentUp[0]).toBeCloseTo(3 / 30, 12);
    expect(first.crews['one']?.maxQueue).toBe(2);
  });

  it('oracle: with identical groups, the total failed count is the one birth–death chain whatever the order', () => {
    // Priority reorders who waits, not how many: n identical components on s repairers.
    const group = (crew: string) => ({ count: 3, failure: { type: 'exponential', mean: 20 }, repair: { type: 'exponential', mean: 4 }, crew });
    const split = validateScenario({
      name: 'split', description: 'two identical groups, one crew with priority', horizon: 500,
      crews: { ops: { repairers: 2, priority: ['high', 'low'] } },
      groups: { high: group('ops'), low: group('ops') },
      services: { s: { all: ['high', 'low'] } },
    });
    const merged = validateScenario({
      name: 'merged', description: 'the same six components as one group', horizon: 500,
      crews: { ops: 2 },
      groups: { all: { ...group('ops'), count: 6 } },
      services: { s: { all: ['all'] } },
    });
    const [high, low] = exactForGroups(split);
    const [all] = exactForGroups(merged);
    if (high === undefined || low === undefined || all === undefined) throw new Error('expected exact group values');
    expect((high.componentUp + low.componentUp) / 2).toBeCloseTo(all.componentUp, 12);
    expect(high.expectedFailures + low.expectedFailures).toBeCloseTo(all.expectedFailures, 9);
    expect(high.crew?.utilization).toBeCloseTo(all.crew?.utilization as number, 12);
    expect(high.componentUp).toBeGreaterThan(low.componentUp);
    // The service "all up" is the merged chain's state 0 in both.
    const [a] = exactFor(split);
    const [b] = exactFor(merged);
    if (a === undefined || b === undefined || !isExact(a) || !isExact(b)) throw new Error('expected exact values');
    expect(a.intervalAvailability).toBeCloseTo(b.intervalAvailability, 12);
  });

  it('oracle: two groups at one level (first come first served) have no count chain, and it says why', () => {
    const scenario = validateScenario({
      name: 'fcfs', description: 'shared crew, no priority', horizon: 100,
      crews: { ops: 1 },
      groups: { x: { failure: { type: 'exponential', mean: 10 }, repair: { type: 'exponential', mean: 1 }, crew: 'ops' }, y: { failure: { type: 'exponential', mean: 10 }, repair: { type: 'exponential', mean: 1 }, crew: 'ops' } },
      services: { s: { all: ['x', 'y'] } },
    });
    const [e] = exactFor(scenario);
    expect(e !== undefined && !isExact(e) && e.reason).toMatch(/crew ops is shared by x, y at one level \(first come first served\)/);
  });

  it('simulation: the bundled priority cluster matches the non-preemptive priority CTMC (component up per group, cluster availability)', () => {
    const scenario = loadScenario(bundledScenarioPath('reference-cluster-priority'));
    const groups = exactForGroups(scenario);
    const cluster = exactFor(scenario).find((e) => e.service === 'cluster');
    if (cluster === undefined || !isExact(cluster)) throw new Error('expected exact values');
    const sim = new Simulation(scenario);
    const up = { coordinators: new Moments(), executors: new Moments() };
    const availability = new Moments();
    for (let rep = 0; rep < 400; rep++) {
      const r = sim.replicate(5, rep);
      for (const g of ['coordinators', 'executors'] as const) {
        const per = r.groups[g]?.componentUp as number[];
        up[g].add(per.reduce((a, b) => a + b, 0) / per.length);
      }
      availability.add(r.services['cluster']?.availability as number);
    }
    for (const g of groups) {
      const m = up[g.group as 'coordinators' | 'executors'];
      expect(Math.abs(m.mean - g.componentUp)).toBeLessThanOrEqual(Z * m.standardError);
    }
    expect(Math.abs(availability.mean - cluster.intervalAvailability)).toBeLessThanOrEqual(Z * availability.standardError);
  });

  it.each([
    [['nobody'], /crews\.one\.priority\.0: expected the name of a group, got "nobody"/],
    [['a', 'a'], /crews\.one\.priority\.1: expected each group once, got "a" again/],
  ])('refuses the priority %j, naming the field and the value', (priority, message) => {
    expect(() => staircase(priority)).toThrow(message);
  });

  it('refuses a priority for a group the crew does not repair', () => {
    const raw = { name: 'x', description: 'x', horizon: 10, crews: { one: { repairers: 1, priority: ['b'] } }, groups: { a: { failure: { type: 'exponential', mean: 1 }, repair: { type: 'exponential', mean: 1 }, crew: 'one' }, b: { failure: { type: 'exponential', mean: 1 }, repair: { type: 'exponential', mean: 1 } } }, services: { s: { all: ['a'] } } };
    expect(() => validateScenario(raw)).toThrow(/crews\.one\.priority\.0: expected a group repaired by crew "one", got "b" \(its crew: null\)/);
  });
});
