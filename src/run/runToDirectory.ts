/** Runs a scenario (or merges shard partials) and writes summary.csv, timeseries.csv, replications.csv, manifest.json. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FaultlineError, describeValue } from '../errors.js';
import { faultlineVersion } from '../io/bundledScenarios.js';
import { AtomicFiles, prepareOutputFolder } from '../io/AtomicFiles.js';
import { SUMMARY_COLUMNS, TIMESERIES_COLUMNS, toCsv } from '../io/csv.js';
import type { Scenario } from '../sim/Simulation.js';
import { startStopwatch } from './progress.js';
import { replicationColumns } from './replicationColumns.js';
import { runMonteCarlo, shardRange, type MonteCarloOptions, type Shard } from './runMonteCarlo.js';
import { ScenarioAccumulator, type ScenarioAccumulatorData } from './ScenarioAccumulator.js';
import { summaryRows, timeseriesRows } from './summarize.js';

export interface RunToDirectoryOptions extends Omit<MonteCarloOptions, 'onReplications'> {
  readonly out: string;
  /** Also stream one row per replication to replications.csv. */
  readonly perRep?: boolean;
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
}

/** The partial result of a shard: the exact accumulators and everything needed to merge them. */
interface PartialFile {
  readonly kind: 'faultline-partial';
  readonly version: string;
  readonly scenario: Scenario;
  readonly scenarioHash: string;
  readonly seed: number;
  readonly replications: number;
  readonly chunkSize: number;
  readonly confidence: number;
  readonly shard: Shard;
  readonly firstChunk: number;
  readonly endChunk: number;
  readonly accumulator: ScenarioAccumulatorData;
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

export function scenarioHash(scenario: Scenario): string {
  return createHash('sha256').update(JSON.stringify(scenario)).digest('hex');
}

async function writeResults(
  files: AtomicFiles,
  out: string,
  scenario: Scenario,
  acc: ScenarioAccumulator,
  seed: number,
  confidence: number,
): Promise<string[]> {
  const summary = join(out, 'summary.csv');
  const timeseries = join(out, 'timeseries.csv');
  files.write(summary, await toCsv(SUMMARY_COLUMNS, summaryRows(scenario, acc, seed, confidence)));
  files.write(timeseries, await toCsv(TIMESERIES_COLUMNS, timeseriesRows(scenario, acc, seed, confidence)));
  return [summary, timeseries];
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
    const result = await runMonteCarlo(scenario, {
      ...options,
      confidence,
      ...(perRep === undefined
        ? {}
        : {
            onReplications: (values: Float64Array, firstRep: number, count: number) => {
              for (let i = 0; i < count; i++) perRep.write([scenario.name, options.seed, firstRep + i, ...values.subarray(i * width, (i + 1) * width)]);
            },
          }),
    });
    await perRep?.end();
    const acc = result.accumulator;
    const written = perRep === undefined ? [] : [join(options.out, 'replications.csv')];
    let partial: string | undefined;
    if (options.shard !== undefined) {
      partial = join(options.out, 'partial.json');
      const data: PartialFile = {
        kind: 'faultline-partial',
        version: faultlineVersion(),
        scenario,
        scenarioHash: scenarioHash(scenario),
        seed: options.seed,
        replications: options.replications,
        chunkSize: result.chunkSize,
        confidence,
        shard: options.shard,
        firstChunk: result.firstChunk,
        endChunk: result.endChunk,
        accumulator: acc.toJSON(),
      };
      files.write(partial, `${JSON.stringify(data)}\n`);
      written.push(partial);
    } else {
      written.push(...(await writeResults(files, options.out, scenario, acc, options.seed, confidence)));
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
    };
  } catch (error) {
    throw files.abandon(error);
  }
}

function readPartial(path: string): PartialFile {
  let data: PartialFile;
  try {
    data = JSON.parse(readFileSync(path, 'utf8')) as PartialFile;
  } catch (error) {
    throw new FaultlineError('IO', `${path}: cannot read a partial result (${(error as Error).message})`);
  }
  if (data.kind !== 'faultline-partial') throw new FaultlineError('INVALID_ARGUMENT', `${path}: kind: expected "faultline-partial", got ${describeValue(data.kind)}`);
  return data;
}

/**
 * Merges the partial results of shards (run --shard i/N) into the outputs of one run of all
 * replications: the accumulators are exact, so the summary and time series are the same bits.
 * @throws FaultlineError when the partials are of different runs, overlap, or leave a gap.
 */
export async function mergePartials(paths: readonly string[], out: string): Promise<RunOutcome> {
  const watch = startStopwatch();
  if (paths.length === 0) throw new FaultlineError('INVALID_ARGUMENT', 'merge: expected at least one partial.json');
  const parts = paths.map((path) => ({ path, data: readPartial(path) })).sort((a, b) => a.data.firstChunk - b.data.firstChunk);
  const first = (parts[0] as (typeof parts)[number]).data;
  for (const { path, data } of parts) {
    for (const key of ['scenarioHash', 'seed', 'replications', 'chunkSize', 'confidence'] as const) {
      if (data[key] !== first[key]) {
        throw new FaultlineError('INVALID_ARGUMENT', `${path}: ${key}: expected ${describeValue(first[key])} (as in ${parts[0]?.path}), got ${describeValue(data[key])}`);
      }
    }
  }
  const chunks = Math.ceil(first.replications / first.chunkSize);
  let expected = 0;
  for (const { path, data } of parts) {
    if (data.firstChunk !== expected) {
      throw new FaultlineError('INVALID_ARGUMENT', `${path}: firstChunk: expected ${expected} (${data.firstChunk < expected ? 'it overlaps another part' : 'a shard is missing'}), got ${data.firstChunk}`);
    }
    const [, end] = shardRange(chunks, data.shard);
    if (data.endChunk !== end) {
      throw new FaultlineError('INVALID_ARGUMENT', `${path}: this shard stopped early (chunk ${data.endChunk} of ${end}); shards of a --target-precision run cannot be merged`);
    }
    expected = data.endChunk;
  }
  if (expected !== chunks) throw new FaultlineError('INVALID_ARGUMENT', `merge: expected chunks up to ${chunks}, the parts end at ${expected}: a shard is missing`);
  const scenario = first.scenario;
  const acc = new ScenarioAccumulator(scenario);
  for (const { data } of parts) acc.merge(ScenarioAccumulator.fromJSON(scenario, data.accumulator));
  prepareOutputFolder(out);
  const files = new AtomicFiles({ results: true });
  try {
    const written = await writeResults(files, out, scenario, acc, first.seed, first.confidence);
    const wallSeconds = finishRun(files, out, written, watch, {
      scenario: scenario.name,
      scenario_hash: first.scenarioHash,
      seed: first.seed,
      replications: acc.replications,
      planned_replications: first.replications,
      confidence: first.confidence,
      chunk_size: first.chunkSize,
      merged_from: parts.map((p) => p.path),
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
    };
  } catch (error) {
    throw files.abandon(error);
  }
}
