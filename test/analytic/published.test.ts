import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors.js';
import { kOfNGroupsUnavailability } from '../../src/analytic/kOfNGroups.js';
import {
  clusterReliabilityModel,
  dataSourceReliabilityModel,
  networkPartitionModel,
  nodeReliabilityModel,
  publishedModels,
  queryTimeoutModel,
  recoveryTimeModel,
  reflectionFailureModel,
  resourceFailureModel,
  riskAssessmentModel,
  type ReflectionNode,
} from '../../src/analytic/published/index.js';
import { relErr } from '../support/helpers.js';

// GOLDEN VALUES. Two sources, both seed 000's example, run with python3 3.11.7:
//  - "printed": the lines the seed's code blocks print when run as published (extracted verbatim
//    from /work/shared/seeds/000_*.txt into one script), compared at the printed precision;
//  - "repr": a script that exec()s the same code and calls the same methods with the example
//    arguments (and a few more, to reach every branch), printing repr() of each result; compared
//    to 1e-12 relative (V8's exp/log/pow may differ from glibc's in the last bit).

/** Full-precision agreement with a Python repr(). */
function expectRepr(got: number, want: number): void {
  expect(relErr(got, want), `got ${got}, want ${want}`).toBeLessThanOrEqual(1e-12);
}

/** Python's f"{x:.{digits}f}". */
function fixed(x: number, digits: number): string {
  return x.toFixed(digits);
}

function expectInvalid(f: () => unknown, name: string): void {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(FaultlineError);
    expect((error as FaultlineError).code).toBe('INVALID_PARAMETER');
    expect((error as Error).message).toContain(`${name}: expected`);
    return;
  }
  throw new Error(`expected ${name} to be rejected`);
}

describe('NodeReliabilityModel, as published', () => {
  const coordinator = nodeReliabilityModel(8760);
  const executor = nodeReliabilityModel(4380);

  it('prints the seed example', () => {
    expect(fixed(coordinator.reliabilityAtTime(24), 6)).toBe('0.997264');
    expect(fixed(executor.reliabilityAtTime(24), 6)).toBe('0.994536');
  });

  it('matches python repr', () => {
    expectRepr(coordinator.reliabilityAtTime(24), 0.9972640235968593);
    expectRepr(executor.reliabilityAtTime(24), 0.9945355327605971);
    expectRepr(coordinator.probabilityOfFailure(24), 0.0027359764031407163);
    expectRepr(coordinator.availability(), 0.9995435874030123);
    expectRepr(executor.availability(1.5), 0.999657651489216);
    expectRepr(nodeReliabilityModel().reliabilityAtTime(100), 0.9886493847644267);
    expect(coordinator.failureRate).toBe(1 / 8760);
  });

  it('rejects what Python would divide by zero or silently misuse', () => {
    expectInvalid(() => nodeReliabilityModel(0), 'mtbfHours');
    expectInvalid(() => coordinator.reliabilityAtTime(-1), 'timeHours');
    expectInvalid(() => coordinator.availability(Number.NaN), 'mttrHours');
  });
});

describe('ClusterReliabilityModel, as published', () => {
  const cluster = clusterReliabilityModel(3, 6);

  it('prints the seed example', () => {
    expect(fixed(cluster.systemAvailability(24), 6)).toBe('0.999978');
    expect(fixed(cluster.systemAvailability(8760), 6)).toBe('0.058106');
  });

  it('matches python repr', () => {
    const cases: [number, number, number, number][] = [
      // t, system, coordinators, executors
      [24, 0.9999775842309326, 0.999977584260033, 0.999999999970899],
      [8760, 0.05810602183847394, 0.3064317129741102, 0.18962143726743844],
      [0, 1, 1, 1],
      [1000, 0.965889056177546, 0.9675964301574815, 0.998235448243998],
    ];
    for (const [t, system, coordinators, executors] of cases) {
      expectRepr(cluster.systemAvailability(t), system);
      expectRepr(cluster.coordinatorAvailability(t), coordinators);
      expectRepr(cluster.executorAvailability(t), executors);
    }
    expectRepr(cluster.systemAvailability(), 0.9999775842309326);
    expectRepr(cluster.executorAvailability(24, 4), 0.9999967765250316);
    expect(cluster.executorAvailability(24, 7)).toBe(0);
    const byCount: [number, number][] = [
      [1, 0.36787944117144233],
      [2, 0.1353352832366127],
      [4, 0.14420135680525326],
      [5, 0.26356378234213956],
      [7, 0.2303348262380719],
    ];
    for (const [n, want] of byCount) expectRepr(clusterReliabilityModel(n, 6).coordinatorAvailability(8760), want);
    expectRepr(cluster.binomialReliability(6, 2, 0.3), 0.5798249999999998);
    // C(60, 30) > 2^53: Python's exact int is rounded once when multiplied, as Number(BigInt) is.
    expectRepr(cluster.binomialReliability(60, 30, 0.5), 0.5512890865042845);
  });

  it('is the no-repair survival of the quorum groups (independent check by enumerating 2^9 node states)', () => {
    for (const t of [24, 8760]) {
      const rc = Math.exp(-t / 8760);
      const re = Math.exp(-t / 4380);
      let survive = 0;
      for (let mask = 0; mask < 1 << 9; mask++) {
        let p = 1;
        let coordinatorsUp = 0;
        let executorsUp = 0;
        for (let node = 0; node < 9; node++) {
          const up = (mask >> node) & 1;
          const r = node < 3 ? rc : re;
          p *= up ? r : 1 - r;
          if (up && node < 3) coordinatorsUp++;
          if (up && node >= 3) executorsUp++;
        }
        if (coordinatorsUp >= 2 && executorsUp >= 2) survive += p;
      }
      expect(relErr(cluster.systemAvailability(t), survive)).toBeLessThan(1e-12);
    }
  });

  it('"annual system availability" is nowhere near the steady-state availability with 4 h repairs', () => {
    const steady = 1 - kOfNGroupsUnavailability([
      { count: 3, atLeast: 2, mttf: 8760, mttr: 4 },
      { count: 6, atLeast: 2, mttf: 4380, mttr: 4 },
    ]);
    expect(steady).toBeGreaterThan(0.999999);
    expect(cluster.systemAvailability(8760)).toBeLessThan(0.06);
  });

  it('rejects non-integer counts (Python\'s math.comb raises)', () => {
    expectInvalid(() => clusterReliabilityModel(2.5, 6), 'coordinatorCount');
    expectInvalid(() => cluster.executorAvailability(24, -1), 'minExecutors');
  });
});

describe('NetworkPartitionModel, as published', () => {
  const network = networkPartitionModel(0.9999);

  it('prints the seed example', () => {
    expect(fixed(network.partitionProbability(6, 24), 6)).toBe('0.001499');
    expect(fixed(network.splitBrainProbability(3), 6)).toBe('0.000333');
  });

  it('matches python repr, including the ignored time argument', () => {
    expectRepr(network.partitionProbability(6, 24), 0.001498950454863368);
    expectRepr(network.partitionProbability(6, 1e6), 0.001498950454863368);
    expectRepr(networkPartitionModel().partitionProbability(10), 0.04402404221865919);
    expect(network.partitionProbability(1)).toBe(0);
    expect(network.splitBrainProbability(1)).toBe(0);
    expect(network.splitBrainProbability(2)).toBe(0);
    expectRepr(network.splitBrainProbability(3), 0.0003333333333333333);
    expectRepr(network.splitBrainProbability(), 0.0003333333333333333);
    expectRepr(network.splitBrainProbability(5), 0.0002);
    expectRepr(network.splitBrainProbability(7), 0.00014285714285714287);
  });

  it('is P(any link down), not P(graph disconnected): independent enumeration of K4 link states', () => {
    const r = 0.9;
    const links: [number, number][] = [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]];
    let anyDown = 0;
    let disconnected = 0;
    for (let mask = 0; mask < 1 << links.length; mask++) {
      let p = 1;
      const parent = [0, 1, 2, 3];
      const find = (x: number): number => (parent[x] === x ? x : find(parent[x]!));
      links.forEach(([a, b], i) => {
        const up = (mask >> i) & 1;
        p *= up ? r : 1 - r;
        if (up) parent[find(a)] = find(b);
      });
      if (mask !== (1 << links.length) - 1) anyDown += p;
      if (new Set([0, 1, 2, 3].map(find)).size > 1) disconnected += p;
    }
    const published = networkPartitionModel(r).partitionProbability(4);
    expect(relErr(published, anyDown)).toBeLessThan(1e-12);
    expect(disconnected).toBeLessThan(published / 10); // 0.00361 vs 0.4686
  });

  it('rejects a link reliability outside [0, 1]', () => {
    expectInvalid(() => networkPartitionModel(1.5), 'linkReliability');
    expectInvalid(() => network.partitionProbability(3.5), 'nodeCount');
  });
});

describe('DataSourceReliabilityModel, as published', () => {
  const model = dataSourceReliabilityModel();
  const scenarios = new Map<string, readonly string[]>([
    ['simple_s3_query', ['S3']],
    ['bi_dashboard', ['S3', 'Snowflake']],
    ['ml_pipeline', ['S3', 'PostgreSQL', 'Elasticsearch']],
    ['enterprise_360', ['S3', 'Snowflake', 'PostgreSQL', 'Elasticsearch']],
  ]);

  it('prints the seed example', () => {
    const printed = [...model.federatedQueryReliability(scenarios, 1)].map(
      ([name, r]) => `${name}: ${fixed(r.reliability, 6)} reliability, ${fixed(r.expectedFailuresPerDay, 2)} failures/day`,
    );
    expect(printed).toEqual([
      'simple_s3_query: 1.000000 reliability, 0.00 failures/day',
      'bi_dashboard: 1.000000 reliability, 0.00 failures/day',
      'ml_pipeline: 0.999998 reliability, 0.00 failures/day',
      'enterprise_360: 0.999998 reliability, 0.00 failures/day',
    ]);
  });

  it('matches python repr', () => {
    const want1h: Record<string, [number, number]> = {
      simple_s3_query: [0.9999999885839042, 2.739863003142773e-7],
      bi_dashboard: [0.9999998743715451, 3.015082916668632e-6],
      ml_pipeline: [0.999998269078818, 4.154210836926353e-5],
      enterprise_360: [0.9999981548666552, 4.428320027471955e-5],
    };
    const want24h: Record<string, [number, number]> = {
      simple_s3_query: [0.9999997260137352, 6.575670354891372e-6],
      bi_dashboard: [0.9999969849214387, 7.236188547032896e-5],
      ml_pipeline: [0.9999584587185414, 0.0009969907550066992],
      enterprise_360: [0.9999557177393623, 0.0010627742553044328],
    };
    for (const [hours, want] of [[1, want1h], [24, want24h]] as const) {
      const got = model.federatedQueryReliability(scenarios, hours);
      expect([...got.keys()]).toEqual([...scenarios.keys()]);
      for (const [name, [reliability, perDay]] of Object.entries(want)) {
        expectRepr(got.get(name)!.reliability, reliability);
        // (1 − R)·24 cancels, so it carries R's last-bit difference amplified by 1/(1 − R).
        expect(relErr(got.get(name)!.expectedFailuresPerDay, perDay)).toBeLessThan(1e-8);
      }
    }
    expectRepr(model.querySuccessProbability(['S3', 'Oracle', 'Oracle'], 24), 0.9800997314660619);
    expectRepr(model.querySuccessProbability(['S3', 'Snowflake', 'PostgreSQL', 'Elasticsearch'], 8760), 0.9839665435049999);
    expectRepr(model.querySuccessProbability(['PostgreSQL']), 0.999999427792193);
    expect(model.querySuccessProbability(['toString'])).toBe(0.99); // an unknown source, as in Python
  });

  it('accepts a plain object for the combinations, like the seed\'s dict literal', () => {
    const got = model.federatedQueryReliability({ simple_s3_query: ['S3'] });
    expectRepr(got.get('simple_s3_query')!.reliability, 0.9999999885839042);
  });
});

describe('ResourceFailureModel, as published', () => {
  const sampleQueries = [
    { name: 'dashboard_refresh', memoryGb: 4 },
    { name: 'ml_training', memoryGb: 16 },
    { name: 'etl_pipeline', memoryGb: 8 },
    { name: 'ad_hoc_analytics', memoryGb: 6 },
    { name: 'report_generation', memoryGb: 3 },
  ];

  it('prints the seed example: nothing (no combination of up to 3 queries is above 0.1)', () => {
    const analysis = resourceFailureModel(64).concurrentQueryFailureRate(sampleQueries, 3);
    const printed: string[] = [];
    for (const [count, scenarios] of analysis) {
      const high = scenarios.filter((s) => s.failureProbability > 0.1);
      if (high.length > 0) printed.push(`${count} concurrent queries - ${high.length} high-risk scenarios`);
    }
    expect(printed).toEqual([]);
  });

  it('matches python repr', () => {
    const model = resourceFailureModel(64);
    expectRepr(model.availableMemory, 51.2);
    const steps: [number[], number][] = [
      [[4], 0.001],
      [[30, 5.84], 0.01],
      [[35.84], 0.01],
      [[36], 0.01],
      [[43.52], 0.1],
      [[43.6], 0.1],
      [[48.64], 0.5],
      [[48.7], 0.5],
      [[51.2], 0.5],
      [[51.3], 1.0],
      [[], 0.001],
      [[10, 20, 21.2], 0.5],
    ];
    for (const [reqs, want] of steps) expect(model.memoryFailureProbability(reqs), String(reqs)).toBe(want);

    const analysis = model.concurrentQueryFailureRate(sampleQueries, 3);
    expect([...analysis].map(([k, v]) => [k, v.length])).toEqual([[1, 5], [2, 10], [3, 10]]);
    expect(analysis.get(3)![0]).toEqual({ queries: ['dashboard_refresh', 'ml_training', 'etl_pipeline'], totalMemory: 28, failureProbability: 0.001 });
    expect(analysis.get(3)![9]).toEqual({ queries: ['etl_pipeline', 'ad_hoc_analytics', 'report_generation'], totalMemory: 17, failureProbability: 0.001 });

    const small = resourceFailureModel(40).concurrentQueryFailureRate(sampleQueries);
    expect([...small].map(([k, v]) => [k, v.map((s) => s.failureProbability)])).toEqual([
      [1, [0.001, 0.001, 0.001, 0.001, 0.001]],
      [2, [0.001, 0.001, 0.001, 0.001, 0.01, 0.001, 0.001, 0.001, 0.001, 0.001]],
      [3, [0.1, 0.01, 0.01, 0.001, 0.001, 0.001, 0.1, 0.01, 0.01, 0.001]],
      [4, [1.0, 0.5, 0.1, 0.001, 1.0]],
      [5, [1.0]],
    ]);
  });

  it('rejects zero memory (Python divides by zero)', () => {
    expectInvalid(() => resourceFailureModel(0), 'totalMemoryGb');
  });
});

describe('QueryTimeoutModel, as published', () => {
  const model = queryTimeoutModel();
  const types = ['simple_select', 'complex_join', 'aggregation', 'ml_feature'];

  it('prints the seed example', () => {
    const printed = types.map((t) => `${t}: optimal timeout = ${fixed(model.optimalTimeoutStrategy(t, 0.95).optimalTimeoutSeconds, 1)}s`);
    expect(printed).toEqual([
      'simple_select: optimal timeout = 6.2s',
      'complex_join: optimal timeout = 37.2s',
      'aggregation: optimal timeout = 16.2s',
      'ml_feature: optimal timeout = 104.1s',
    ]);
  });

  it('matches python repr for every tabulated target and an untabulated one', () => {
    // [type, target, optimal timeout, timeout probability]; 0.975 silently falls back to 1.645.
    const want: [string, number, number, number][] = [
      ['simple_select', 0.95, 6.187307399148517, 0.04998490553912138],
      ['simple_select', 0.9, 5.160327260191082, 0.09992132311338286],
      ['simple_select', 0.99, 8.697190130607712, 0.010009275340867596],
      ['simple_select', 0.999, 12.743228086065523, 0.001],
      ['simple_select', 0.975, 6.187307399148517, 0.04998490553912138],
      ['complex_join', 0.95, 37.18851585343856, 0.04998490553912138],
      ['complex_join', 0.9, 27.815683046675925, 0.09992132311338286],
      ['complex_join', 0.99, 64.12280032637234, 0.010009275340867596],
      ['complex_join', 0.999, 118.15531644038026, 0.001],
      ['aggregation', 0.95, 16.232249933762496, 0.04998490553912138],
      ['aggregation', 0.9, 13.055375961330904, 0.09992132311338286],
      ['aggregation', 0.99, 24.42482419122065, 0.010009275340867707],
      ['aggregation', 0.999, 38.62887292136381, 0.001],
      ['ml_feature', 0.95, 104.06336578541527, 0.049984905539121494],
      ['ml_feature', 0.9, 72.38506546458879, 0.09992132311338286],
      ['ml_feature', 0.99, 205.61387156367155, 0.010009275340867596],
      ['ml_feature', 0.999, 441.42141114597064, 0.001],
      ['ml_feature', 0.975, 104.06336578541527, 0.049984905539121494],
    ];
    for (const [type, target, timeout, probability] of want) {
      const got = model.optimalTimeoutStrategy(type, target);
      expectRepr(got.optimalTimeoutSeconds, timeout);
      // 1 − Φ(z) near 0.01: normalCdf and erf agree to ~1e-16 absolute, ~1e-14 relative here.
      expect(relErr(got.timeoutProbability, probability)).toBeLessThan(1e-12);
      expect(got.expectedSuccessRate).toBe(target);
    }
    const byDefault = model.optimalTimeoutStrategy('aggregation');
    expectRepr(byDefault.optimalTimeoutSeconds, 16.232249933762496);
    expect(byDefault.expectedSuccessRate).toBe(0.95);
  });

  it('timeout_probability matches python repr, clamps included', () => {
    const want: [string, number, number][] = [
      ['simple_select', 5, 0.1114456632931925],
      ['complex_join', 30, 0.08433394995839438],
      ['aggregation', 1, 0.9986501019683699],
      ['ml_feature', 20, 0.5017025713522048],
      ['ml_feature', 400, 0.0013882138737445482],
      ['ml_feature', 1000, 0.001],
      ['simple_select', 0.5, 0.999],
      ['simple_select', 0.1, 0.999],
      ['nope', 3, 0.1],
      ['simple_select', 12.182493960703473, 0.0013498980316301035],
      ['simple_select', 0.6068340008714598, 0.9986456634662728],
    ];
    for (const [type, t, probability] of want) expectRepr(model.timeoutProbability(type, t), probability);
  });

  it('rejects an unknown type for the strategy (Python raises KeyError) and a non-positive timeout', () => {
    expectInvalid(() => model.optimalTimeoutStrategy('nope'), 'queryType');
    expectInvalid(() => model.timeoutProbability('simple_select', 0), 'timeoutSeconds');
  });
});

describe('ReflectionFailureModel, as published', () => {
  const model = reflectionFailureModel();
  const node = (refreshType: string, dependencies: string[]): ReflectionNode => ({ refreshType, dependencies });
  const graph = new Map([
    ['raw_sales', node('incremental', [])],
    ['daily_sales', node('incremental', ['raw_sales'])],
    ['monthly_sales', node('full', ['daily_sales'])],
    ['quarterly_report', node('full', ['monthly_sales', 'daily_sales'])],
  ]);

  it('prints the seed example', () => {
    const printed = [...model.cascadeFailureAnalysis(graph)].map(([id, p]) => `${id}: ${fixed(p, 3)} total failure probability`);
    expect(printed).toEqual([
      'raw_sales: 0.050 total failure probability',
      'daily_sales: 0.051 total failure probability',
      'monthly_sales: 0.102 total failure probability',
      'quarterly_report: 0.104 total failure probability',
    ]);
  });

  it('matches python repr, reproducing the shared mutable default visited=set()', () => {
    const want = (got: Map<string, number>, expected: [string, number][]): void => {
      expect([...got.keys()]).toEqual(expected.map(([id]) => id));
      for (const [id, p] of expected) expectRepr(got.get(id)!, p);
    };
    want(model.cascadeFailureAnalysis(graph), [
      ['raw_sales', 0.050000000000000044],
      ['daily_sales', 0.051000000000000045],
      ['monthly_sales', 0.10199999999999998],
      ['quarterly_report', 0.10399999999999998],
    ]);
    // The same graph in reverse order: nothing is visited yet when the top reflections are reached.
    want(model.cascadeFailureAnalysis(new Map([...graph].reverse())), [
      ['quarterly_report', 0.3460207306092801],
      ['monthly_sales', 0.19040810000000008],
      ['daily_sales', 0.09845000000000008],
      ['raw_sales', 0.050000000000000044],
    ]);
    want(
      model.cascadeFailureAnalysis({ a: node('first_time', ['b']), b: node('full', ['a', 'c']), c: node('unknown', []) }),
      [
        ['a', 0.39376639999999996],
        ['b', 0.2384],
        ['c', 0.15000000000000002],
      ],
    );
    want(
      model.cascadeFailureAnalysis({ top: node('first_time', ['x', 'y']), x: node('first_time', ['y']), y: node('first_time', []) }),
      [
        ['top', 0.5965235199999999],
        ['x', 0.3631999999999999],
        ['y', 0.19999999999999996],
      ],
    );
    const success: [string, number, number][] = [
      ['incremental', 0, 0.95],
      ['full', 3, 0.894],
      ['first_time', 10, 0.76],
      ['other', 0, 0.85],
      ['first_time', 500, 0.050000000000000044],
      ['full', 1, 0.898],
    ];
    for (const [type, deps, p] of success) expectRepr(model.refreshSuccessProbability(type, deps), p);
  });

  it('daily_sales differs from the closure value its own independence assumption gives', () => {
    // Independent check, by hand: daily fails if it (0.05·1.02) or raw_sales (0.05) fails.
    const closure = 1 - (1 - 0.051) * (1 - 0.05);
    expect(closure).toBeCloseTo(0.09845, 15);
    expect(model.cascadeFailureAnalysis(graph).get('daily_sales')).toBeCloseTo(0.051, 15);
  });

  it('rejects a dependency that is not in the graph (Python raises KeyError)', () => {
    expectInvalid(() => model.cascadeFailureAnalysis({ a: node('full', ['ghost']) }), 'reflectionGraph dependency');
  });
});

describe('RecoveryTimeModel, as published', () => {
  const model = recoveryTimeModel();

  it('prints the seed example', () => {
    const scenarios = [
      ['coordinator_restart'],
      ['executor_restart', 'source_reconnect'],
      ['reflection_rebuild', 'network_healing'],
      ['coordinator_restart', 'reflection_rebuild', 'source_reconnect'],
    ];
    const printed = scenarios.map((s, i) => {
      const a = model.systemRecoveryTime(s)!;
      return `Scenario ${i + 1} (${s.join(', ')}): ${fixed(a.estimatedRecoveryMinutes, 1)} min estimated recovery`;
    });
    expect(printed).toEqual([
      'Scenario 1 (coordinator_restart): 5.0 min estimated recovery',
      'Scenario 2 (executor_restart, source_reconnect): 3.6 min estimated recovery',
      'Scenario 3 (reflection_rebuild, network_healing): 33.0 min estimated recovery',
      'Scenario 4 (coordinator_restart, reflection_rebuild, source_reconnect): 32.1 min estimated recovery',
    ]);
  });

  it('system_recovery_time matches python repr', () => {
    const want: [string[], number, number, number][] = [
      [['coordinator_restart'], 5.0, 5, 5],
      [['executor_restart', 'source_reconnect'], 3.6, 3, 5],
      [['reflection_rebuild', 'network_healing'], 33.0, 30, 40],
      [['coordinator_restart', 'reflection_rebuild', 'source_reconnect'], 32.1, 30, 37],
      [['network_healing', 'x', 'network_healing'], 13.0, 10, 20],
    ];
    for (const [failures, estimate, best, worst] of want) {
      // Simple sums and one product: bit-identical to Python.
      expect(model.systemRecoveryTime(failures)).toEqual({
        estimatedRecoveryMinutes: estimate,
        bestCaseParallel: best,
        worstCaseSequential: worst,
        componentFailures: failures,
      });
    }
    expect(model.systemRecoveryTime(['x'])).toBeNull();
    expect(model.systemRecoveryTime([])).toBeNull();
  });

  it('recovery_time_distribution matches python repr', () => {
    // [type, mean, std, upper at 0.95, upper otherwise, Φ(mean/std)]
    const want: [string, number, number, number, number, number][] = [
      ['coordinator_restart', 5, 2, 8.29, 8.92, 0.9937903346742238],
      ['executor_restart', 3, 1, 4.645, 4.96, 0.9986501019683699],
      ['reflection_rebuild', 30, 15, 54.675, 59.4, 0.9772498680518208],
      ['source_reconnect', 2, 0.5, 2.8225, 2.98, 0.9999683287581669],
      ['network_healing', 10, 5, 18.225, 19.8, 0.9772498680518208],
    ];
    for (const [type, mean, std, upper95, upperOther, within2x] of want) {
      for (const [level, upper] of [[0.95, upper95], [0.99, upperOther]] as const) {
        const got = model.recoveryTimeDistribution(type, level)!;
        expect(got.meanRecoveryMinutes).toBe(mean);
        expect(got.stdDeviation).toBe(std);
        expect(got.confidenceIntervalUpper).toBe(upper);
        expect(got.probabilityWithinMean).toBe(0.68);
        expectRepr(got.probabilityWithin2xMean, within2x);
      }
    }
    expect(model.recoveryTimeDistribution('x')).toBeNull();
  });
});

describe('RiskAssessmentModel, as published', () => {
  const model = riskAssessmentModel();

  it('prints the seed example', () => {
    const risk = model.calculateCompositeRisk({
      systemAvailability: 0.995,
      queryTimeoutRate: 0.03,
      reflectionFailureRate: 0.08,
      networkPartitionRisk: 0.002,
      avgRecoveryMinutes: 8,
    });
    expect(fixed(risk.compositeRiskScore, 2)).toBe('2.08');
    expect(risk.riskLevel).toBe('MEDIUM');
  });

  it('matches python repr (plain arithmetic: bit-identical)', () => {
    const cases: [Parameters<typeof model.calculateCompositeRisk>[0], number, number[], string][] = [
      [
        { systemAvailability: 0.995, queryTimeoutRate: 0.03, reflectionFailureRate: 0.08, networkPartitionRisk: 0.002, avgRecoveryMinutes: 8 },
        2.0833333333333335,
        [0, 3.0, 4.0, 2.0, 1.3333333333333333],
        'MEDIUM',
      ],
      [{}, 2.7666666666666666, [0, 5.0, 5.0, 1.0, 1.6666666666666667], 'MEDIUM'],
      [
        { systemAvailability: 0.9, queryTimeoutRate: 0.5, reflectionFailureRate: 0.5, networkPartitionRisk: 0.5, avgRecoveryMinutes: 120 },
        9.7,
        [8.999999999999996, 10, 10, 10, 10],
        'CRITICAL',
      ],
      [{ systemAvailability: 0.95, queryTimeoutRate: 0.05 }, 3.9666666666666677, [4.0000000000000036, 5.0, 5.0, 1.0, 1.6666666666666667], 'MEDIUM'],
      [
        { systemAvailability: 0.9999, queryTimeoutRate: 0.001, reflectionFailureRate: 0.01, networkPartitionRisk: 0.0, avgRecoveryMinutes: 1 },
        0.16666666666666666,
        [0, 0.1, 0.5, 0.0, 0.16666666666666666],
        'LOW',
      ],
    ];
    for (const [metrics, score, breakdown, level] of cases) {
      const got = model.calculateCompositeRisk(metrics);
      expect(got.compositeRiskScore).toBe(score);
      expect(Object.values(got.riskBreakdown)).toEqual(breakdown);
      expect(got.riskLevel).toBe(level);
    }
    const levels: [number, string][] = [[1.99, 'LOW'], [2, 'MEDIUM'], [4.99, 'MEDIUM'], [5, 'HIGH'], [7.99, 'HIGH'], [8, 'CRITICAL']];
    for (const [score, level] of levels) expect(model.categorizeRisk(score)).toBe(level);
  });

  it('rejects a metric that is not a probability', () => {
    expectInvalid(() => model.calculateCompositeRisk({ queryTimeoutRate: 2 }), 'systemMetrics.queryTimeoutRate');
  });
});

describe('publishedModels metadata', () => {
  it('lists every public method of seed 000 once, in the seed\'s order', () => {
    expect(publishedModels.map((m) => m.id)).toEqual([
      'NodeReliabilityModel.reliability_at_time',
      'NodeReliabilityModel.availability',
      'NodeReliabilityModel.probability_of_failure',
      'ClusterReliabilityModel.coordinator_availability',
      'ClusterReliabilityModel.executor_availability',
      'ClusterReliabilityModel.system_availability',
      'NetworkPartitionModel.partition_probability',
      'NetworkPartitionModel.split_brain_probability',
      'DataSourceReliabilityModel.query_success_probability',
      'DataSourceReliabilityModel.federated_query_reliability',
      'ResourceFailureModel.memory_failure_probability',
      'ResourceFailureModel.concurrent_query_failure_rate',
      'QueryTimeoutModel.timeout_probability',
      'QueryTimeoutModel.optimal_timeout_strategy',
      'ReflectionFailureModel.refresh_success_probability',
      'ReflectionFailureModel.cascade_failure_analysis',
      'RecoveryTimeModel.recovery_time_distribution',
      'RecoveryTimeModel.system_recovery_time',
      'RiskAssessmentModel.calculate_composite_risk',
    ]);
  });

  it('gives every entry a claim, assumptions and a comparison; only the single-node formulas hold', () => {
    for (const m of publishedModels) {
      expect(m.claims.length, m.id).toBeGreaterThan(0);
      expect(m.assumes.length, m.id).toBeGreaterThan(0);
      expect(m.compareWith.length, m.id).toBeGreaterThan(0);
    }
    expect(publishedModels.filter((m) => m.flaws.length === 0).map((m) => m.id)).toEqual([
      'NodeReliabilityModel.reliability_at_time',
      'NodeReliabilityModel.availability',
    ]);
  });
});
