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
});
