// The checks a simulation would make, made before simulating: distributions built as the
// simulation builds them, finite draws, and the expected events of a replication.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/Engine.js';
import { describeValue } from '../../src/errors.js';
import { bundledScenarioPath } from '../../src/io/bundledScenarios.js';
import { loadScenario } from '../../src/io/loadScenario.js';
import { gamma, largestSample, lognormal, weibull, exponential, uniform } from '../../src/random/distributions/index.js';
import { LARGEST_DRAW } from '../../src/random/Stream.js';
import { jsonSizeProblem } from '../../src/scenario/limits.js';
import { checkScenario, validateForSimulation } from '../../src/sim/checkScenario.js';
import { Simulation } from '../../src/sim/Simulation.js';
import { largestScenario } from '../../bench/largestScenario.js';
import { LIMITS } from '../../src/scenario/limits.js';
import { validateScenario } from '../../src/scenario/validateScenario.js';
import { smallScenario } from '../support/cli.js';

describe('largestSample', () => {
  it('is the quantile of the largest draw for inverse-transform laws, and bounds gamma draws', () => {
    expect(largestSample(exponential({ mean: 2 }))).toBe(exponential({ mean: 2 }).quantile(LARGEST_DRAW));
    expect(largestSample(uniform({ min: 1, max: 3 }))).toBeLessThanOrEqual(3);
    expect(largestSample(lognormal({ mu: 700, sigma: 2 }))).toBe(Infinity);
    expect(largestSample(weibull({ shape: 0.001, scale: 1 }))).toBe(Infinity);
    const g = gamma({ shape: 0.5, scale: 3 });
    // The proposal's largest deviate, accepted (u = 0), boosted by the largest u^(1/shape).
    const draws = [LARGEST_DRAW, 0, LARGEST_DRAW];
    expect(g.sample(() => draws.shift() as number)).toBeLessThanOrEqual(largestSample(g));
    expect(Number.isFinite(largestSample(g))).toBe(true);
  });
});

describe('checkScenario', () => {
  it('passes every bundled scenario', () => {
    for (const name of ['reference-cluster', 'reference-network', 'federated-sources', 'kafka-rf3', 'tmr-one-crew']) {
      expect(() => checkScenario(loadScenario(bundledScenarioPath(name)))).not.toThrow();
    }
  });

  it('names the path of a distribution the simulation could not build or draw from', () => {
    expect(() => validateForSimulation(smallScenario((s) => (s['groups'].modules.failure = { type: 'uniform', min: 5, max: 3 })), 'f.json')).toThrow(
      'f.json: groups.modules.failure.max: expected a finite number > min = 5, got 3',
    );
    expect(() => validateForSimulation(smallScenario((s) => (s['groups'].modules.repair = { type: 'lognormal', mu: 700, sigma: 2 })))).toThrow(
      /groups\.modules\.repair: expected a distribution whose every draw is a finite duration, got lognormal\(mu=700, sigma=2\)/,
    );
  });

  it('refuses an expected event storm, naming --max-events; a higher limit accepts it', () => {
    const busy = smallScenario((s) => {
      s['groups'].modules.failure = { type: 'exponential', mean: '1min' };
      s['groups'].modules.repair = { type: 'exponential', mean: '1min' };
    });
    expect(() => validateForSimulation(busy, 'busy', { maxEvents: 100_000 })).toThrow(/groups\.modules: expected at most 100000 events per replication \(--max-events\), got about 1\.5[0-9]e\+6/);
    expect(() => validateForSimulation(busy, 'busy', { maxEvents: 10_000_000 })).not.toThrow();
  });

  it('the simulation stops a replication at maxEvents with LIMIT, and the engine keeps its budget', () => {
    const sim = new Simulation(loadScenario(bundledScenarioPath('tmr')));
    sim.maxEvents = 5;
    expect(() => sim.run(1, 0)).toThrow(/more than 5 events in one replication; raise the limit with --max-events/);
    sim.maxEvents = 1e9;
    expect(() => sim.run(1, 0)).not.toThrow();
    const engine = new Engine();
    const kind = engine.on(() => engine.schedule(1, kind, 0));
    engine.schedule(0, kind, 0);
    expect(engine.runUntil(100, 10)).toBe(10);
    expect(engine.now).toBe(9);
  });
});

describe('no recursion on the input', () => {
  it('measures a value nested 10^5 deep and names where it goes too deep', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(jsonSizeProblem({ a: deep })).toMatch(/^a(\.0){31}: expected a value nested at most 32 levels deep/);
    expect(describeValue(deep)).toBe('an array of 1 item');
    expect(describeValue(Array.from({ length: 1e5 }, () => 0))).toBe('an array of 100000 items');
    expect(describeValue({ a: [1, 'x'] })).toBe('{"a":[1,"x"]}');
  });
});

describe('limits', () => {
  it('the largest scenario of the bench is accepted, and one more service is not', () => {
    expect(() => validateForSimulation(largestScenario())).not.toThrow();
    const over = largestScenario();
    (over['services'] as Record<string, unknown>)['extra'] = { all: ['g0'] };
    expect(() => validateScenario(over)).toThrow(`services: expected at most ${LIMITS.services} services, got ${LIMITS.services + 1}`);
  });

  it('names found by fuzzing: a bad record key is the value, quoted in the path; "__proto__" is refused, not dropped', () => {
    expect(() => validateScenario(smallScenario((s) => (s['services']['a b'] = { all: ['modules'] })))).toThrow(
      'services."a b": expected a name of letters, digits, "_" and "-", starting with a letter, got "a b"',
    );
    const text = JSON.stringify(smallScenario()).replace('"modules":{', '"__proto__":{"count":2},"modules":{');
    expect(() => validateScenario(JSON.parse(text))).toThrow('groups.__proto__: expected a name other than "__proto__", got {"count":2}');
  });
});

describe('checkScenario: a workload', () => {
  it('refuses a query rate whose events cannot fit --max-events, naming the class and what to change', () => {
    const scenario = validateScenario({
      name: 'a',
      description: 'a',
      horizon: 24,
      groups: { n: { failure: { type: 'deterministic', value: 100 } } },
      services: { s: { all: ['n'] } },
      workload: { classes: { q: { rate: '1000/s', execution: { type: 'deterministic', value: '1s' } } } },
    });
    expect(() => checkScenario(scenario)).toThrow(/workload\.classes\.q: expected at most 10000000 events per replication \(--max-events\), got about 1\.73e\+8 .*8\.64e\+7 queries.*lower the rate or shorten the horizon/);
    expect(() => checkScenario(scenario, 'scenario', { maxEvents: 2e8 })).not.toThrow();
  });
});
