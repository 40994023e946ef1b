/** Runs a scenario (or merges shard partials) and writes summary.csv, timeseries.csv, replications.csv, manifest.json. */
import { dirname, join, resolve } from 'node:path';
import { FaultlineError, describeValue } from '../errors.js';
import { faultlineVersion } from '../io/bundledScenarios.js';
import { AtomicFiles, prepareOutputFolder } from '../io/AtomicFiles.js';
import { SUMMARY_COLUMNS, TIMESERIES_COLUMNS, toCsv, type SummaryRow, type TimeseriesRow } from '../io/csv.js';
import type { Scenario } from '../scenario/validateScenario.js';
import { startStopwatch } from './progress.js';
import { replicationColumns } from './replicationColumns.js';
import { partialText, readPartial, scenarioHash } from './partialFile.js';
import { runMonteCarlo, shardRange, type MonteCarloOptions } from './runMonteCarlo.js';
import { ScenarioAccumulator } from './ScenarioAccumulator.js';
import { summaryRows, timeseriesRows } from './summarize.js';
import { OUTAGE_COLUMNS, outageRows } from './outageRows.js';

/**
 * Fills what a layer above knows into the rows before they are written: `faultline run` passes
 * check's oracle, so that summary.csv carries the exact values, z-scores and verdicts.
 */
export type Annotate = (
  scenario: Scenario,
  acc: ScenarioAccumulator,
  summary: SummaryRow[],
  timeseries: TimeseriesRow[],
  seed: number,
  confidence: number,
) => { summary: SummaryRow[]; timeseries: TimeseriesRow[] };

export interface RunToDirectoryOptions extends Omit<MonteCarloOptions, 'onReplications'> {
  readonly out: string;
  /** Also stream one row per replication to replications.csv. */
  readonly perRep?: boolean;
  /** Also stream one row per outage to outages.csv. */
  readonly outages?: boolean;
  readonly annotate?: Annotate;
  /** The `--set` values the scenario was loaded with, recorded in manifest.json. */
  readonly overrides?: Readonly<Record<string, unknown>>;
}

export interface RunOutcome {
  readonly scenario: string;
  readonly seed: number;
  readonly replications: number;
  readonly events: number;
  readonly wallSeconds: number;
  readonly eventsPerSecond: number;
  readonly stoppedBy: 'complete' | 'precision';
  readonly files: readonly string[];
  /** Present for a shard: the partial result to merge. */
  readonly partial?: string;
  readonly accumulator: ScenarioAccumulator;
  /** The rows of summary.csv as written (empty for a shard, which writes none). */
  readonly summary: readonly SummaryRow[];
}

/**
 * Writes manifest.json (the run's fields, then versions, times and the files written) and
 * commits every file: the last step of a run or a merge.
 */
function finishRun(
  files: AtomicFiles,
  out: string,
  written: string[],
  watch: ReturnType<typeof startStopwatch>,
  fields: Record<string, unknown>,
): number {
  const manifest = join(out, 'manifest.json');
  const wallSeconds = watch.seconds();
  const body = {
    ...fields,
    faultline_version: faultlineVersion(),
    node_version: process.version,
    started: watch.startedAt,
    finished: watch.now(),
    wall_seconds: wallSeconds,
    files: [...written, manifest].map((f) => f.slice(out.length + 1)),
  };
  files.write(manifest, `${JSON.stringify(body, null, 2)}\n`);
  written.push(manifest);
  files.commit();
  return wallSeconds;
}

export { scenarioHash };

async function writeResults(
  files: AtomicFiles,
  out: string,
  scenario: Scenario,
  acc: ScenarioAccumulator,
  seed: number,
  confidence: number,
  annotate: Annotate | undefined,
): Promise<{ written: string[]; summary: SummaryRow[] }> {
  const summary = join(out, 'summary.csv');
  const timeseries = join(out, 'timeseries.csv');
  let rows = { summary: summaryRows(scenario, acc, seed, confidence), timeseries: timeseriesRows(scenario, acc, seed, confidence) };
  if (annotate !== undefined) rows = annotate(scenario, acc, rows.summary, rows.timeseries, seed, confidence);
  files.write(summary, await toCsv(SUMMARY_COLUMNS, rows.summary));
  files.write(timeseries, await toCsv(TIMESERIES_COLUMNS, rows.timeseries));
  return { written: [summary, timeseries], summary: rows.summary };
}

/**
 * Runs `scenario` and writes its results under `options.out`. Nothing there looks complete
 * until everything is: files are written under temporary names and renamed at the end, replacing
 * the folder's earlier results, and a failed or interrupted run removes them and leaves the
 * earlier results as they were. The folder is checked before simulating.
 * @throws FaultlineError INVALID_ARGUMENT for a bad `out` (before simulating); WRITE when a file
 *   cannot be written (a full disk); INTERRUPTED, WORKER or LIMIT when the run stops.
 */
export async function runToDirectory(scenario: Scenario, options: RunToDirectoryOptions): Promise<RunOutcome> {
  const watch = startStopwatch();
  const confidence = options.confidence ?? 0.99;
  prepareOutputFolder(options.out);
  const files = new AtomicFiles({ results: true });
  try {
    let perRep: ReturnType<AtomicFiles['stream']> | undefined;
    if (options.perRep) {
      perRep = files.stream(join(options.out, 'replications.csv'), ['scenario', 'seed', 'rep', ...replicationColumns(scenario)]);
    }
    const width = replicationColumns(scenario).length;
    const outageFile = options.outages ? join(options.out, 'outages.csv') : undefined;
    const outages = outageFile === undefined ? undefined : outageRows(scenario, options.seed, files.stream(outageFile, [...OUTAGE_COLUMNS]));
    const result = await runMonteCarlo(scenario, {
      ...options,
      confidence,
      ...(outages === undefined ? {} : { onOutages: outages.write }),
      ...(perRep === undefined
        ? {}
        : {
            onReplications: (values: Float64Array, firstRep: number, count: number) => {
              for (let i = 0; i < count; i++) perRep.write([scenario.name, options.seed, firstRep + i, ...values.subarray(i * width, (i + 1) * width)]);
            },
          }),
    });
    await perRep?.end();
    await outages?.end();
    const acc = result.accumulator;
    const written = [...(perRep === undefined ? [] : [join(options.out, 'replications.csv')]), ...(outageFile === undefined ? [] : [outageFile])];
    let partial: string | undefined;
    let summary: SummaryRow[] = [];
    if (options.shard !== undefined) {
      partial = join(options.out, 'partial.json');
      const run = {
        version: faultlineVersion(),
        seed: options.seed,
        replications: options.replications,
        chunkSize: result.chunkSize,
        confidence,
        shard: options.shard,
        firstChunk: result.firstChunk,
        endChunk: result.endChunk,
      };
      files.write(partial, partialText(scenario, run, acc));
      written.push(partial);
    } else {
      const results = await writeResults(files, options.out, scenario, acc, options.seed, confidence, options.annotate);
      written.push(...results.written);
      summary = results.summary;
    }
    const wallSeconds = finishRun(files, options.out, written, watch, {
      scenario: scenario.name,
      scenario_hash: scenarioHash(scenario),
      seed: options.seed,
      replications: acc.replications,
      planned_replications: options.replications,
      stopped_by: result.stoppedBy,
      target_precision: options.targetPrecision ?? null,
      confidence,
      chunk_size: result.chunkSize,
      shard: options.shard === undefined ? null : `${options.shard.index}/${options.shard.count}`,
      first_rep: result.firstRep,
      workers: options.workers ?? null,
      events: acc.events,
      overrides: options.overrides ?? null,
    });
    return {
      scenario: scenario.name,
      seed: options.seed,
      replications: acc.replications,
      events: acc.events,
      wallSeconds,
      eventsPerSecond: acc.events / wallSeconds,
      stoppedBy: result.stoppedBy,
      files: written,
      ...(partial === undefined ? {} : { partial }),
      accumulator: acc,
      summary,
    };
  } catch (error) {
    throw files.abandon(error);
  }
}

/**
 * Merges the partial results of shards (run --shard i/N) into the outputs of one run of all
 * replications: the accumulators are exact, so the summary and time series are the same bits.
 * @throws FaultlineError when the partials are of different runs, overlap, or leave a gap.
 */
export async function mergePartials(paths: readonly string[], out: string, annotate?: Annotate): Promise<RunOutcome> {
  const watch = startStopwatch();
  if (paths.length === 0) throw new FaultlineError('INVALID_ARGUMENT', 'merge: expected at least one partial.json');
  const parts = paths.map(readPartial).sort((a, b) => a.firstChunk - b.firstChunk);
  const first = parts[0] as (typeof parts)[number];
  for (const part of parts) {
    for (const key of ['version', 'scenarioHash', 'seed', 'replications', 'chunkSize', 'confidence'] as const) {
      if (part[key] !== first[key]) {
        throw new FaultlineError('INVALID_PARTIAL', `${part.path}: ${key}: expected ${describeValue(first[key])} (as in ${first.path}), got ${describeValue(part[key])}`);
      }
    }
  }
  const chunks = Math.ceil(first.replications / first.chunkSize);
  let expected = 0;
  for (const part of parts) {
    if (part.firstChunk !== expected) {
      throw new FaultlineError('INVALID_PARTIAL', `${part.path}: firstChunk: expected ${expected} (${part.firstChunk < expected ? 'it overlaps another part' : 'a shard is missing'}), got ${part.firstChunk}`);
    }
    const [, end] = shardRange(chunks, part.shard);
    if (part.endChunk !== end) {
      throw new FaultlineError('INVALID_PARTIAL', `${part.path}: this shard stopped early (chunk ${part.endChunk} of ${end}); shards of a --target-precision run cannot be merged`);
    }
    expected = part.endChunk;
  }
  if (expected !== chunks) throw new FaultlineError('INVALID_PARTIAL', `merge: expected chunks up to ${chunks}, the parts end at ${expected}: a shard is missing`);
  const inside = parts.find((p) => resolve(dirname(p.path)) === resolve(out));
  if (inside !== undefined) throw new FaultlineError('INVALID_ARGUMENT', `--out: expected a folder other than a shard's (the merged results would replace ${inside.path}), got ${describeValue(out)}`);
  const scenario = first.scenario;
  const acc = new ScenarioAccumulator(scenario);
  for (const part of parts) acc.merge(part.accumulator);
  prepareOutputFolder(out);
  const files = new AtomicFiles({ results: true });
  try {
    const { written, summary } = await writeResults(files, out, scenario, acc, first.seed, first.confidence, annotate);
    const wallSeconds = finishRun(files, out, written, watch, {
      scenario: scenario.name,
      scenario_hash: first.scenarioHash,
      seed: first.seed,
      replications: acc.replications,
      planned_replications: first.replications,
      confidence: first.confidence,
      chunk_size: first.chunkSize,
      merged_from: parts.map((p) => p.path),
      merged_digests: parts.map((p) => p.digest),
      events: acc.events,
    });
    return {
      scenario: scenario.name,
      seed: first.seed,
      replications: acc.replications,
      events: acc.events,
      wallSeconds,
      eventsPerSecond: acc.events / wallSeconds,
      stoppedBy: 'complete',
      files: written,
      accumulator: acc,
      summary,
    };
  } catch (error) {
    throw files.abandon(error);
  }
}
