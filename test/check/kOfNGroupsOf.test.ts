import { describe, expect, it } from 'vitest';
import { kOfNGroupsOf } from '../../src/check/kOfNGroupsOf.js';
import { FaultlineError } from '../../src/errors.js';
import { bundledScenarioPath } from '../../src/io/bundledScenarios.js';
import { loadScenario } from '../../src/io/loadScenario.js';

const load = (name: string) => loadScenario(bundledScenarioPath(name));

describe('kOfNGroupsOf', () => {
  it('maps quorum, atLeast and all-of-groups services to series of k-of-n groups', () => {
    const busy = load('reference-cluster-busy');
    expect(kOfNGroupsOf(busy, 'cluster')).toEqual([
      { count: 3, atLeast: 2, mttf: 87.6, mttr: 4 },
      { count: 6, atLeast: 2, mttf: 43.8, mttr: 4 },
    ]);
    expect(kOfNGroupsOf(busy, 'executor_pool')).toEqual([{ count: 6, atLeast: 2, mttf: 43.8, mttr: 4 }]);
    expect(() => kOfNGroupsOf(load('federated-sources'), 'bi_dashboard')).toThrow(/does not start up/);
  });

  it('refuses scenarios the formula does not describe, saying why', () => {
    const cases: [string, string, RegExp][] = [
      ['reference-network', 'cluster', /the quorum depends on the network/],
      ['tmr-one-crew', 'tmr', /shares a repair crew/],
      ['reference-network', 'network_connected', /a connected gate is not a series/],
      ['reference-cluster-norepair', 'cluster', /needs exponential failure and repair/],
    ];
    for (const [file, service, why] of cases) {
      const act = () => kOfNGroupsOf(load(file), service);
      expect(act).toThrow(FaultlineError);
      expect(act).toThrow(why);
    }
  });
});
