// The golden outputs: summary.csv and timeseries.csv of every bundled scenario at a fixed seed and
// count, byte for byte. A change to the simulation must reproduce them, unless it means to change
// a result; then `npx vitest run test/golden -u` rewrites them and the commit says why.
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledScenarioPaths } from '../../src/io/bundledScenarios.js';
import { SUMMARY_COLUMNS, TIMESERIES_COLUMNS, toCsv } from '../../src/io/csv.js';
import { loadScenario } from '../../src/io/loadScenario.js';
import { runScenario } from '../../src/run/runScenario.js';
import { summaryRows, timeseriesRows } from '../../src/run/summarize.js';

const SEED = 7;
const REPLICATIONS = 300;
// A workload replication simulates hundreds of thousands of queries: a few are golden enough.
const WORKLOAD_REPLICATIONS = 4;

describe('golden outputs of every bundled scenario (seed 7, 300 replications; 4 with a workload, detectors or a pipeline)', () => {
  it.each(bundledScenarioPaths().map((p) => [basename(p, '.json'), p]))('%s', async (name, path) => {
    const scenario = loadScenario(path as string);
    const acc = runScenario(scenario, { seed: SEED, replications: scenario.workload === undefined && scenario.detectors === undefined && scenario.pipeline === undefined ? REPLICATIONS : WORKLOAD_REPLICATIONS });
    await expect(await toCsv(SUMMARY_COLUMNS, summaryRows(scenario, acc, SEED, 0.99))).toMatchFileSnapshot(`./${name}.summary.csv`);
    await expect(await toCsv(TIMESERIES_COLUMNS, timeseriesRows(scenario, acc, SEED, 0.99))).toMatchFileSnapshot(`./${name}.timeseries.csv`);
  });
});
