// Every interval of summary.csv and timeseries.csv lies inside its metric's support, on every bundled scenario.
import { describe, expect, it } from 'vitest';
import { bundledScenarioPaths } from '../../src/io/bundledScenarios.js';
import { loadScenario } from '../../src/io/loadScenario.js';
import { metricTable } from '../../src/run/metricTable.js';
import { runScenario } from '../../src/run/runScenario.js';
import { estimateAll, timeseriesRows } from '../../src/run/summarize.js';

describe('summary intervals respect their support', () => {
  it.each(bundledScenarioPaths().map((p) => [p.split('/').at(-1), p]))('%s, 200 replications (5 with a workload, detectors or a pipeline: many events each)', (_, path) => {
    const scenario = loadScenario(path as string);
    const acc = runScenario(scenario, { seed: 3, replications: scenario.workload === undefined && scenario.detectors === undefined && scenario.pipeline === undefined ? 200 : 5 });
    const table = metricTable(scenario);
    for (const e of estimateAll(acc, 0.99)) {
      const metric = table.metrics[table.indexOf(e.metric) as number];
      if (e.lowInformation === null) continue; // a peak has no interval
      expect(e.low, e.metric).toBeLessThanOrEqual(e.estimate);
      expect(e.high, e.metric).toBeGreaterThanOrEqual(e.estimate);
      expect(e.low, e.metric).toBeGreaterThanOrEqual(0);
      if (metric?.kind === 'fraction' || metric?.kind === 'proportion') expect(e.high, e.metric).toBeLessThanOrEqual(1);
      // A recovery incident's times (minutes) are drawn outside simulated time: the horizon does not bound them.
      if (metric?.kind === 'duration' && !e.metric.startsWith('recovery.')) expect(e.high, e.metric).toBeLessThanOrEqual(metric.unit === 's' ? scenario.horizon * 3600 : scenario.horizon);
      // A bound from few events is never a point: it reflects how many replications were run.
      if (e.lowInformation) expect(e.high - e.low, e.metric).toBeGreaterThan(0);
    }
    for (const row of timeseriesRows(scenario, acc, 3, 0.99)) {
      expect(row.ci_low as number).toBeGreaterThanOrEqual(0);
      expect(row.ci_high as number).toBeLessThanOrEqual(1);
      expect((row.ci_high as number) - (row.ci_low as number)).toBeGreaterThan(0);
    }
  });
});
