// Ratio and histogram metrics end to end, without the workload module: a tiny test-only module
// declares a success ratio, a mean latency and a latency histogram, writes a clustered workload
// per replication (an outage fails and slows many queries at once), and the run's accumulator,
// summary rows, per-replication columns, cross-check evidence and JSON are checked against direct
// computations.
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decide, normalPValue, type Pair } from '../../src/check/crossCheck.js';
import { bundledScenarioPaths } from '../../src/io/bundledScenarios.js';
import { cell } from '../../src/io/csv.js';
import { loadScenario } from '../../src/io/loadScenario.js';
import { studentTCdf, studentTQuantile } from '../../src/math/studentT.js';
import { ScenarioAccumulator, type ReplicationOutput } from '../../src/run/ScenarioAccumulator.js';
import { replicationValues } from '../../src/run/replicationColumns.js';
import { runScenario } from '../../src/run/runScenario.js';
import { estimateAll, histogramCdf, ratioEstimate, summaryRows } from '../../src/run/summarize.js';
import { compile } from '../../src/sim/kernel/Plan.js';
import { MetricRegistry } from '../../src/sim/kernel/MetricRegistry.js';
import { BIN_COUNT, binOf, histogramQuantile, lowerEdge, upperEdge } from '../../src/stats/LogHistogram.js';
import { Moments } from '../../src/stats/Moments.js';
import { mulberry32 } from '../support/helpers.js';

const scenario = loadScenario(bundledScenarioPaths().find((p) => basename(p) === 'tmr.json') as string);

/** What the test module writes into: a kernel's registry, values and histograms. */
interface Target {
  readonly registry: MetricRegistry;
  values: Float64Array;
  histograms: Float64Array;
}

/** The test-only module: queries over a cluster that has an outage in one replication of ten. */
class TestWorkload {
  readonly measured: number;
  readonly succeeded: number;
  readonly latencySum: number;
  readonly latency: number;
  /** The last replication's raw numbers, for direct computations. */
  last = { y: 0, x: 0, sum: 0, latencies: [] as number[] };

  constructor(private readonly k: Target) {
    const r = k.registry;
    this.measured = r.quantity('queries.measured', { range: Infinity, kind: 'count' });
    this.succeeded = r.quantity('queries.succeeded', { range: Infinity, kind: 'count' });
    this.latencySum = r.quantity('queries.latency_sum', { range: 1e9, kind: 'amount' });
    r.ratio('queries.success_ratio', '1', 'proportion', this.succeeded, this.measured, 1, 'the fraction of measured queries that succeeded');
    r.ratio('queries.mean_latency_ms', 'ms', 'duration', this.latencySum, this.succeeded, 3.6e6, 'the mean latency of successful queries');
    this.latency = r.histogram('queries.latency_hours', 'h', 'the latency of successful queries');
  }

  /** One replication: `rep` seeds it; replication 3 measures no query at all. */
  run(rep: number): void {
    const u = mulberry32(1000 + rep);
    const y = rep === 3 ? 0 : 20 + Math.floor(30 * u());
    const outage = u() < 0.1;
    let x = 0;
    let sum = 0;
    const latencies: number[] = [];
    for (let q = 0; q < y; q++) {
      if (u() < (outage ? 0.3 : 0.99)) {
        const l = (outage ? 20 : 1) * 1e-6 * Math.exp(2 * u());
        x++;
        sum += l;
        latencies.push(l);
        const slot = this.latency + binOf(l);
        this.k.histograms[slot] = (this.k.histograms[slot] as number) + 1;
      }
    }
    this.k.values[this.measured] = y;
    this.k.values[this.succeeded] = x;
    this.k.values[this.latencySum] = sum;
    this.last = { y, x, sum, latencies };
  }
}

function setup() {
  const registry = new MetricRegistry(scenario.grid.length);
  const target: Target = { registry, values: new Float64Array(0), histograms: new Float64Array(0) };
  const module = new TestWorkload(target);
  target.values = new Float64Array(registry.quantities.length);
  target.histograms = new Float64Array(registry.histograms.length * BIN_COUNT);
  const output: ReplicationOutput & { registry: MetricRegistry } = {
    registry,
    get values() {
      return target.values;
    },
    curves: new Uint8Array(0),
    get histograms() {
      return target.histograms;
    },
    metricEvents: 0,
  };
  return { registry, target, module, output };
}

const REPS = 200;

/** Runs replications [from, to) into a new accumulator, with their raw numbers. */
function run(from: number, to: number) {
  const { registry, target, module, output } = setup();
  const acc = new ScenarioAccumulator(scenario, registry);
  const raw: (typeof module.last)[] = [];
  const columns: Float64Array[] = [];
  for (let rep = from; rep < to; rep++) {
    target.histograms.fill(0);
    module.run(rep);
    acc.add(output);
    raw.push(module.last);
    const row = new Float64Array(registry.metrics.length);
    replicationValues(output, row, 0);
    columns.push(row);
  }
  return { acc, raw, columns, registry, output };
}

const stateHex = (acc: ScenarioAccumulator) => Buffer.from(acc.toState().buffer).toString('hex');

describe('ratio metrics', () => {
  const { acc, raw } = run(0, REPS);

  it("estimate scale·Σx/Σy with Cochran's standard error and a t interval clipped to the support", () => {
    const n = raw.length;
    for (const [name, scale, num, den] of [
      ['queries.success_ratio', 1, (r: (typeof raw)[number]) => r.x, (r: (typeof raw)[number]) => r.y],
      ['queries.mean_latency_ms', 3.6e6, (r: (typeof raw)[number]) => r.sum, (r: (typeof raw)[number]) => r.x],
    ] as const) {
      const X = raw.reduce((a, r) => a + num(r), 0);
      const Y = raw.reduce((a, r) => a + den(r), 0);
      const R = X / Y;
      const ss = raw.reduce((a, r) => a + (num(r) - R * den(r)) ** 2, 0);
      const se = scale * Math.sqrt(ss / (n * (n - 1) * (Y / n) ** 2));
      const e = ratioEstimate(acc, name);
      expect(Math.abs(e.estimate / (scale * R) - 1)).toBeLessThan(1e-14);
      expect(Math.abs(e.stdError / se - 1)).toBeLessThan(1e-9);
      expect(e.replications).toBe(REPS);
      expect(e.nonzero).toBe(REPS - 1); // replication 3 measured nothing
      const row = estimateAll(acc, 0.99).find((m) => m.metric === name);
      const t = -studentTQuantile(0.005, n - 1);
      expect(row?.method).toBe('delta-t');
      expect(row?.lowInformation).toBe(false);
      const close = (a: number | undefined, b: number) => expect(Math.abs((a as number) - b)).toBeLessThanOrEqual(1e-14 * Math.abs(b));
      close(row?.low, e.estimate - t * e.stdError);
      close(row?.high, name === 'queries.success_ratio' ? Math.min(1, e.estimate + t * e.stdError) : e.estimate + t * e.stdError);
    }
  });

  it('has the replication as its unit: its standard error is wider than one that treats queries as independent', () => {
    const e = ratioEstimate(acc, 'queries.success_ratio');
    const queries = raw.reduce((a, r) => a + r.y, 0);
    expect(e.stdError).toBeGreaterThan(2 * Math.sqrt((e.estimate * (1 - e.estimate)) / queries));
  });

  it('gives each replication its own x/y·scale, NaN (an empty cell) when y = 0', () => {
    const { columns, registry } = run(0, 10);
    const ratio = registry.indexOf('queries.success_ratio') as number;
    const latency = registry.indexOf('queries.mean_latency_ms') as number;
    columns.forEach((row, rep) => {
      const r = raw[rep] as (typeof raw)[number];
      if (rep === 3) {
        expect(row[ratio]).toBeNaN();
        expect(cell(row[ratio])).toBe('');
      } else {
        expect(row[ratio]).toBe(r.x / r.y);
        expect(row[latency]).toBe((3.6e6 * r.sum) / r.x);
      }
    });
  });

  it('is evidence for a cross-check: a Student-t test, Holm and repsNeeded included', () => {
    const e = ratioEstimate(acc, 'queries.success_ratio');
    const pair = (analytic: number, evidence: Pair['evidence']): Pair => ({
      scenario: 'test',
      from: 0,
      to: 1,
      replications: REPS,
      metric: 'queries.success_ratio',
      formula: 'claim',
      kind: 'correct',
      analytic,
      why: '',
      evidence,
      shown: { estimate: e.estimate, stdError: e.stdError, low: NaN, high: NaN, lowInformation: false },
    });
    const normal = { type: 'normal', estimate: e.estimate, stdError: e.stdError, df: REPS - 1, informative: e.nonzero } as const;
    const rows = decide([pair(0.921, normal), pair(0.5, normal), pair(0.921, { ...normal, informative: 10 })], 1, 0.99);
    const tStat = Math.abs(e.estimate - 0.921) / e.stdError;
    expect(rows[0]?.pValue).toBeCloseTo(2 * studentTCdf(-tStat, REPS - 1), 14);
    expect(rows.map((r) => r.verdict)).toEqual(['consistent', 'refuted', 'inconclusive']);
    expect(rows[2]?.repsNeeded).toBe(600);
    expect([normalPValue(1, 0, 10, 1), normalPValue(1, 0, 10, 0.999), normalPValue(1, NaN, 10, 0)]).toEqual([1, 0, 1]);
    // Equal up to rounding is equal: 0.1 + 0.2 against 0.3 with no spread is not refuted.
    expect(normalPValue(0.1 + 0.2, 0, 10, 0.3)).toBe(1);
    // A ratio of zeros in every replication (nothing informative) against a tiny closed form is
    // no evidence: inconclusive, not refuted.
    const zeros = { type: 'normal', estimate: 0, stdError: 0, df: REPS - 1, informative: 0 } as const;
    const [none, some] = decide([pair(1.6e-9, zeros), pair(1.6e-9, { ...zeros, estimate: 0.2, informative: 40 })], 1, 0.99);
    expect([none?.verdict, none?.pValue, some?.verdict]).toEqual(['inconclusive', 1, 'refuted']);
  });
});

describe('histogram metrics', () => {
  const { acc, raw, columns, registry } = run(0, REPS);
  const pooled = raw.flatMap((r) => r.latencies).sort((a, b) => a - b);

  it('report p50 … p999: the pooled quantile in its bin, inside a Woodruff interval at bin edges', () => {
    const names = ['p50', 'p90', 'p95', 'p99', 'p999'].map((s) => `queries.latency_hours.${s}`);
    const rows = summaryRows(scenario, acc, 1, 0.99).filter((r) => names.includes(r.metric as string));
    expect(rows.map((r) => r.metric)).toEqual(names);
    [0.5, 0.9, 0.95, 0.99, 0.999].forEach((p, i) => {
      const row = rows[i] as (typeof rows)[number];
      const order = pooled[Math.ceil(p * pooled.length) - 1] as number;
      const b = binOf(order);
      expect(row.estimate as number).toBeGreaterThanOrEqual(lowerEdge(b));
      expect(row.estimate as number).toBeLessThanOrEqual(upperEdge(b));
      expect(row.ci_low as number).toBeLessThanOrEqual(row.estimate as number);
      expect(row.ci_high as number).toBeGreaterThanOrEqual(row.estimate as number);
      expect(lowerEdge(binOf(row.ci_low as number))).toBe(row.ci_low);
      expect(row.confidence).toBe(0.99);
    });
    expect(rows[4]?.low_information).toBe('true'); // 0.001 of ~6000 values: fewer than 30 beyond it
    expect(rows[0]?.low_information).toBe('false');
  });

  it("give each replication its own quantiles, NaN when it recorded nothing", () => {
    const p50 = registry.indexOf('queries.latency_hours.p50') as number;
    columns.forEach((row, rep) => {
      const mine = new Float64Array(BIN_COUNT);
      for (const l of (raw[rep] as (typeof raw)[number]).latencies) mine[binOf(l)] = (mine[binOf(l)] as number) + 1;
      if (rep === 3) expect(row[p50]).toBeNaN();
      else expect(row[p50]).toBe(histogramQuantile(mine, 0, 0.5));
    });
  });

  it('give the CDF at the edge nearest x, exact from the counts, with its standard error', () => {
    const x = 3e-6;
    const c = histogramCdf(acc, 'queries.latency_hours', x);
    expect([lowerEdge(binOf(x)), upperEdge(binOf(x))]).toContain(c.edge);
    expect(c.estimate).toBe(pooled.filter((l) => l < c.edge).length / pooled.length);
    const n = raw.length;
    const F = c.estimate;
    const ss = raw.reduce((a, r) => a + (r.latencies.filter((l) => l < c.edge).length - F * r.latencies.length) ** 2, 0);
    const ybar = pooled.length / n;
    expect(Math.abs(c.stdError / Math.sqrt(ss / (n * (n - 1) * ybar * ybar)) - 1)).toBeLessThan(1e-9);
    expect(c.replications).toBe(REPS);
    expect(histogramCdf(acc, 'queries.latency_hours', 0)).toEqual({ edge: 0, estimate: 0, stdError: 0, replications: REPS });
    expect(() => histogramCdf(acc, 'nope', 1)).toThrow(/histogram: expected one of queries.latency_hours/);
  });
});

describe('the accumulator with ratios and histograms', () => {
  const whole = run(0, REPS).acc;

  it('merges any split of the replications into the same bits, and the same summary', () => {
    for (const cuts of [[1], [50, 51, 120], [7, 8, 9, 10, 199]]) {
      const bounds = [0, ...cuts, REPS];
      const parts = bounds.slice(0, -1).map((from, i) => run(from, bounds[i + 1] as number).acc);
      const { registry } = setup();
      const merged = new ScenarioAccumulator(scenario, registry);
      for (const p of [...parts].reverse()) merged.mergeState(p.toState());
      expect(stateHex(merged)).toBe(stateHex(whole));
      const viaMerge = new ScenarioAccumulator(scenario, registry);
      for (const p of parts) viaMerge.merge(p);
      expect(stateHex(viaMerge)).toBe(stateHex(whole));
      expect(summaryRows(scenario, merged, 1, 0.99)).toEqual(summaryRows(scenario, whole, 1, 0.99));
    }
  });

  it('round-trips through JSON exactly, and names the path of a field that does not fit', () => {
    const { registry } = setup();
    const data = JSON.parse(JSON.stringify(whole.toJSON()));
    expect(Object.keys(data.ratios)).toEqual(['queries.success_ratio', 'queries.mean_latency_ms']);
    expect(stateHex(ScenarioAccumulator.fromJSON(scenario, data, 'accumulator', registry))).toBe(stateHex(whole));
    const bad = (edit: (d: typeof data) => void) => {
      const d = JSON.parse(JSON.stringify(data));
      edit(d);
      return () => ScenarioAccumulator.fromJSON(scenario, d, 'part.json: accumulator', registry);
    };
    expect(bad((d) => (d.ratios['queries.success_ratio'] = '1.5'))).toThrow(/^part\.json: accumulator\.ratios\.queries\.success_ratio: expected a decimal integer string/);
    expect(bad((d) => delete d.histograms)).toThrow(/^part\.json: accumulator\.histograms: expected a value/);
    expect(bad((d) => (d.histograms['queries.latency_hours'].counts[40] = -2))).toThrow(/^part\.json: accumulator\.histograms\.queries\.latency_hours\.counts\.40: expected/);
    expect(bad((d) => (d.histograms['queries.latency_hours'].squares[7] = '-1'))).toThrow(/^part\.json: accumulator\.histograms\.queries\.latency_hours\.squares\.7: expected a decimal integer in \[0, 2\^85\)/);
    expect(bad((d) => (d.histograms['queries.latency_hours'].extra = 1))).toThrow(/^part\.json: accumulator\.histograms\.queries\.latency_hours\.extra: unknown field/);
  });

  it('leaves a scenario without them as it was: no new fields in its JSON', () => {
    const plain = runScenario(scenario, { seed: 1, replications: 3 });
    expect(Object.keys(plain.toJSON())).toEqual(['replications', 'events', 'quantities', 'curves']);
    expect(plain.toState().length).toBe(2 + plain.quantities.length * Moments.STATE_SIZE + plain.curveCounts.length);
  });
});

describe('the kernel', () => {
  it('sizes histograms at seal and zeroes them at reset', () => {
    const { kernel } = compile(scenario);
    expect(kernel.histograms.length).toBe(0);
    const base = kernel.registry.histogram('test.latency', 'h', 'a test histogram');
    expect(() => kernel.registry.histogram('test.latency', 'h', 'again')).toThrow(/declared twice/);
    kernel.seal();
    expect(kernel.histograms.length).toBe(BIN_COUNT);
    kernel.histograms[base + binOf(0.5)] = 1;
    kernel.reset();
    expect(kernel.histograms.every((c) => c === 0)).toBe(true);
    expect(kernel.registry.metrics.slice(-5).map((m) => m.name)).toEqual(['p50', 'p90', 'p95', 'p99', 'p999'].map((s) => `test.latency.${s}`));
    expect(() => kernel.registry.ratio('r', '1', 'proportion', 0, 9999, 1, '')).toThrow(/9999 is not a quantity slot/);
  });
});
