import { describe, expect, it } from 'vitest';
import { bundledScenarioPaths } from '../../src/io/bundledScenarios.js';
import { loadScenario } from '../../src/io/loadScenario.js';
import { toScenarioFile } from '../../src/io/toScenarioFile.js';
import { validateScenario } from '../../src/scenario/validateScenario.js';
import { smallScenario } from '../support/cli.js';

describe('toScenarioFile', () => {
  it.each(bundledScenarioPaths())('%s: validates back to the same scenario, key order included', (path) => {
    const scenario = loadScenario(path);
    expect(JSON.stringify(validateScenario(toScenarioFile(scenario)))).toBe(JSON.stringify(scenario));
  });

  it('explicit edges, crews, crash-stop, windows, a one-node mesh and stopAt round-trip too', () => {
    const edges = smallScenario((s) => {
      s['crews'] = { ops: 2 };
      s['groups'].modules.crew = 'ops';
      s['groups'].other = { count: 2, failure: { type: 'weibull', shape: 2, scale: '1y' } };
      s['windows'] = ['1h', '1d'];
      s['network'] = { name: 'wires', edges: [['other/1', 'modules/0'], ['modules/2', 'other/0']], link: { failure: { type: 'uniform', min: 1, max: 2 } } };
      s['services'].both = { all: ['small', 'other'] };
    });
    const lone = smallScenario((s) => {
      s['groups'].modules.count = 1;
      s['services'] = { small: { atLeast: 1, of: 'modules' } };
      s['network'] = { fullMesh: ['modules'], link: { availability: 0.9, mttr: 1 } };
    });
    const stopAll = smallScenario((s) => {
      s['stopAt'] = 'firstFailure';
    });
    const stopOne = smallScenario((s) => {
      s['stopAt'] = { firstFailure: 'small' };
    });
    for (const file of [edges, lone, stopAll, stopOne]) {
      const scenario = validateScenario(file);
      expect(JSON.stringify(validateScenario(toScenarioFile(scenario)))).toBe(JSON.stringify(scenario));
    }
  });

  it('a workload round-trips: names for indices, defaults explicit, Infinity and null as absent fields', () => {
    const file = smallScenario((s) => {
      s['groups'].db = { availability: 0.999, mttr: '5min' };
      s['services'] = { small: { atLeast: 2, of: 'modules' }, store: { all: ['db'] }, both: { all: ['small', 'store'] } };
      s['workload'] = {
        executors: { group: 'modules', slots: 4, queueTimeout: '10s' },
        memory: { capacity: 64, overhead: 0.2 },
        breakers: { a: { type: 'consecutive', halfOpenSuccesses: 3 }, b: { type: 'slidingWindow', window: 'time', size: '30s' } },
        bulkheads: { ml: { maxConcurrent: 10, queue: 2, queueTimeout: '1s' }, free: { maxConcurrent: 1 } },
        classes: {
          q: {
            rate: '5/s',
            execution: { type: 'lognormal', mu: 1, sigma: 0.5, unit: 's' },
            service: 'both',
            timeout: '30s',
            memory: 2,
            retry: { maxRetries: 3, backoff: { type: 'exponential', base: '100ms', cap: '10s', jitter: 'decorrelated' }, budget: { ratio: 0.1, capacity: 10 } },
            breaker: 'b',
            bulkhead: 'ml',
            fallbacks: [{ name: 'cache', service: 'store', latency: { type: 'deterministic', value: '5ms' }, timeout: '1s' }, { name: 'default', latency: { type: 'deterministic', value: '1ms' } }],
          },
          r: { profile: [{ from: 0, rate: 1 }, { from: '1d', rate: '1/min' }], execution: { type: 'uniform', min: 0, max: '1s' }, usesExecutors: false, retry: { maxRetries: 1 }, bulkhead: 'free' },
          t: { rate: 1, execution: { type: 'exponential', mean: '1s' }, timeout: '1s', errorProbability: 0.1, retry: { maxRetries: 2, backoff: { type: 'constant', delay: '1s', jitter: 'full' } }, breaker: 'a' },
        },
      };
    });
    const scenario = validateScenario(file);
    expect(scenario.workload).toBeDefined();
    const again = validateScenario(JSON.parse(JSON.stringify(toScenarioFile(scenario))));
    expect(JSON.stringify(again)).toBe(JSON.stringify(scenario));
    expect(again).toEqual(scenario);
  });
});

