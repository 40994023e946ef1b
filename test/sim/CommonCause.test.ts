// Common-cause shocks (docs/scenarios.md, "Common-cause failures"): the schema fragment and its errors, the
// round-trip, determinism and stream independence, and the simulation against the oracle.
import { describe, expect, it } from 'vitest';
import { exactFor, exactForGroups, exactForShocks, isExact, type ExactService } from '../../src/check/exactFor.js';
import { toScenarioFile } from '../../src/io/toScenarioFile.js';
import { normalQuantile } from '../../src/math/normal.js';
import { validateScenario, type Scenario } from '../../src/scenario/validateScenario.js';
import { checkScenario } from '../../src/sim/checkScenario.js';
import { Simulation } from '../../src/sim/Simulation.js';
import { Moments } from '../../src/stats/Moments.js';

// Each statistical check below is two-sided at 99.9%.
const Z = normalQuantile(1 - 0.001 / 2);

/** Three modules, 2 of 3 needed, and a rack shock hitting modules/0 and modules/1. */
function racked(edit: (s: Record<string, any>) => void = () => undefined): Record<string, any> {
  const s: Record<string, any> = {
    name: 'racked',
    description: 'two of three modules, two of them in one rack',
    horizon: '1000h',
    grid: { step: '100h' },
    groups: { modules: { count: 3, failure: { type: 'exponential', mean: '200h' }, repair: { type: 'exponential', mean: '10h' } } },
    services: { small: { atLeast: 2, of: 'modules' } },
    shocks: { rack: { every: { type: 'exponential', mean: '100h' }, members: ['modules/0', 'modules/1'], probability: 0.5 } },
  };
  edit(s);
  return s;
}

const problemsOf = (input: unknown): string[] => {
  try {
    validateScenario(input);
  } catch (error) {
    return (error as { problems?: string[] }).problems ?? [(error as Error).message];
  }
  return [];
};

const exactService = (scenario: Scenario, name: string): ExactService => {
  const e = exactFor(scenario).find((r) => r.service === name);
  if (e === undefined || !isExact(e)) throw new Error(`${name}: not exact`);
  return e;
};

describe('shocks: schema and validation', () => {
  it('resolves members as components, whole groups expanded, probability defaulting to 1', () => {
    const s = validateScenario(racked((x) => (x['shocks'] = { all: { every: { type: 'weibull', shape: 2, scale: '1y' }, members: ['modules'] } })));
    expect(s.shocks?.[0]).toMatchObject({ name: 'all', probability: 1, members: ['modules'], path: 'shocks.all' });
    expect(s.shocks?.[0]?.components).toEqual([0, 1, 2].map((index) => ({ group: 'modules', index })));
  });

  it('a scenario without shocks resolves without the field (its hash and summary stay as they were)', () => {
    expect('shocks' in validateScenario(racked((x) => delete x['shocks']))).toBe(false);
  });

  it('names the JSON path and the value of every bad member, probability and field', () => {
    const problems = problemsOf(
      racked((x) => {
        x['shocks'].rack.members = ['modules/0', 'modules/9', 'nodes', 'modules/0'];
        x['shocks'].other = { every: { type: 'exponential', mean: -1 }, members: ['modules'], probability: 1.5, rate: 2 };
      }),
    );
    expect(problems).toContain('shocks.other.probability: expected a number in (0, 1], got 1.5');
    expect(problems).toContain('shocks.other.every.mean: expected a positive duration (hours, or a string such as "30s", "5min", "4h", "2d", "1y"), got -1');
    expect(problems).toContain('shocks.other.rate: unknown field, got 2');
    const members = problemsOf(racked((x) => (x['shocks'].rack.members = ['modules/0', 'modules/9', 'nodes', 'modules/0', 'modules'])));
    expect(members).toEqual([
      'shocks.rack.members.1: expected "group/index" naming an existing component, or a group name, got "modules/9"',
      'shocks.rack.members.2: expected "group/index" naming an existing component, or a group name, got "nodes"',
      'shocks.rack.members.3: expected each component once per shock, got "modules/0" (modules/0 is already a member)',
      'shocks.rack.members.4: expected each component once per shock, got "modules" (modules/0 is already a member)',
    ]);
    expect(problemsOf(racked((x) => (x['shocks'].rack.members = []))).at(0)).toBe('shocks.rack.members: expected at least one member, got []');
    expect(problemsOf(racked((x) => (x['shocks'] = { '9lives': x['shocks'].rack }))).at(0)).toMatch(/^shocks\.9lives: expected a name of letters/);
  });

  it('checks the limits on the counts, before building any member list', () => {
    const many = problemsOf(racked((x) => (x['shocks'] = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`s${i}`, { every: { type: 'exponential', mean: 1000 }, members: ['modules'] }])))));
    expect(many).toEqual(['shocks: expected at most 1000 shocks, got 1001']);
    const wide = problemsOf(
      racked((x) => {
        x['groups'].modules.count = 60_000;
        x['shocks'] = { a: { every: { type: 'exponential', mean: '1y' }, members: ['modules'] }, b: { every: { type: 'exponential', mean: '1y' }, members: ['modules'] } };
      }),
    );
    expect(wide).toEqual(['shocks: expected at most 100000 components hit by all shocks together, got 120000']);
  });

  it('refuses a member of a group that starts "steady" (a shock correlates what "steady" draws independently)', () => {
    const problems = problemsOf(racked((x) => (x['groups'].modules.initial = 'steady')));
    expect(problems).toEqual([
      'shocks.rack.members.0: expected a component of a group starting "up" (a shock correlates components that "steady" draws independently), got "modules/0" (group modules starts "steady")',
      'shocks.rack.members.1: expected a component of a group starting "up" (a shock correlates components that "steady" draws independently), got "modules/1" (group modules starts "steady")',
    ]);
  });

  it('checks the law between shocks as the simulation builds it, and counts its events against --max-events', () => {
    const storm = validateScenario(racked((x) => (x['shocks'].rack.every = { type: 'exponential', mean: '0.1s' })));
    expect(() => checkScenario(storm, 'storm.json')).toThrow(/shocks\.rack: expected at most 10000000 events per replication/);
    const bad = validateScenario(racked((x) => (x['shocks'].rack.every = { type: 'uniform', min: 5, max: 2 })));
    expect(() => checkScenario(bad)).toThrow(/shocks\.rack\.every/);
  });

  it('round-trips through toScenarioFile, whole-group members and probabilities included', () => {
    const s = validateScenario(racked((x) => (x['shocks'].deploy = { every: { type: 'gamma', shape: 2, rate: 0.01 }, members: ['modules'] })));
    expect(JSON.stringify(validateScenario(toScenarioFile(s)))).toBe(JSON.stringify(s));
  });
});

describe('shocks: simulation contracts', () => {
  it('the same (scenario, seed, rep) gives the same values, whatever ran before', () => {
    const scenario = validateScenario(racked());
    const a = new Simulation(scenario);
    const b = new Simulation(scenario);
    for (let rep = 0; rep < 4; rep++) b.run(9, rep);
    a.run(3, 5);
    b.run(3, 5);
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
    expect(a.replicate(3, 5)).toEqual(b.replicate(3, 5));
  });

  it('a shock that never strikes within the horizon leaves every component draw, and so every record, unchanged', () => {
    const plain = new Simulation(validateScenario(racked((x) => delete x['shocks'])));
    const late = new Simulation(validateScenario(racked((x) => (x['shocks'].rack.every = { type: 'deterministic', value: '2000h' }))));
    for (let rep = 0; rep < 20; rep++) expect(late.replicate(1, rep)).toEqual(plain.replicate(1, rep));
  });

  it('a shock that strikes leaves the components it does not hit exactly as they were (common random numbers)', () => {
    const withOthers = (x: Record<string, any>) => (x['groups'].others = { count: 2, failure: { type: 'weibull', shape: 1.5, scale: '300h' }, repair: { type: 'exponential', mean: '5h' } });
    const plain = new Simulation(validateScenario(racked((x) => (withOthers(x), delete x['shocks']))));
    const shocked = new Simulation(validateScenario(racked(withOthers)));
    for (let rep = 0; rep < 20; rep++) expect(shocked.replicate(1, rep).groups['others']).toEqual(plain.replicate(1, rep).groups['others']);
  });

  it('a member that is down is unaffected, a crash-stop member stays down, and both metrics count [warmup, horizon] only', () => {
    const scenario = validateScenario(
      racked((x) => {
        x['warmup'] = '15h';
        x['groups'].modules.repair = null;
        x['shocks'].rack = { every: { type: 'deterministic', value: '10h' }, members: ['modules/0', 'modules/1'] };
      }),
    );
    const sim = new Simulation(scenario);
    const slot = (key: string) => sim.registry.quantities.findIndex((q) => q.key === key);
    for (let rep = 0; rep < 20; rep++) {
      const record = sim.replicate(2, rep);
      // Shocks at 10, 20, …, 1000 h: 99 of them at or after the warm-up; the first (at 10 h) took both members down for good.
      expect(sim.values[slot('rack.shocks')]).toBe(99);
      expect(sim.values[slot('rack.components_failed')]).toBe(0);
      expect(record.groups['modules']?.componentUp.slice(0, 2)).toEqual([0, 0]);
    }
  });
});

describe('shocks: the simulation against the oracle (seed 1)', () => {
  it('availability, outages, group failures and components failed agree within 99.9% intervals (binomial failure rate model, split group)', () => {
    const scenario = validateScenario(racked());
    const exact = exactService(scenario, 'small');
    const shock = exactForShocks(scenario)[0];
    const sim = new Simulation(scenario);
    const failedSlot = sim.registry.quantities.findIndex((q) => q.key === 'rack.components_failed');
    const availability = new Moments();
    const outages = new Moments();
    const failed = new Moments();
    const groupFailures = new Moments();
    for (let rep = 0; rep < 4000; rep++) {
      const r = sim.replicate(1, rep);
      groupFailures.add(r.groups['modules']?.failures as number);
      availability.add(r.services['small']?.availability as number);
      outages.add(r.services['small']?.outages as number);
      failed.add(sim.values[failedSlot] as number);
    }
    const within = (m: Moments, value: number) => expect(Math.abs(m.mean - value)).toBeLessThanOrEqual(Z * m.standardError);
    within(availability, exact.intervalAvailability);
    within(outages, exact.expectedOutages);
    within(failed, shock?.expectedComponentsFailed as number);
    within(groupFailures, exactForGroups(scenario)[0]?.expectedFailures as number);
    // The shock roughly doubles the unavailability of independent failures: it is not a rounding error.
    const independent = exactService(validateScenario(racked((x) => delete x['shocks'])), 'small');
    expect((1 - exact.intervalAvailability) / (1 - independent.intervalAvailability)).toBeGreaterThan(1.5);
  });
});
