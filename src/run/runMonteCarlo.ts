/** Monte Carlo over a piscina pool: fixed-size chunks, merged in chunk order, shardable, optionally until a target precision. */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { FaultlineError, invalidParameter } from '../errors.js';
import { checkScenario } from '../sim/checkScenario.js';
import type { Scenario } from '../scenario/validateScenario.js';
import type { ChunkResult, ChunkTask } from './runChunk.js';
import { ScenarioAccumulator } from './ScenarioAccumulator.js';
import { estimateMetric } from './summarize.js';
import { applySimulationV8Flags } from './v8Tuning.js';

export const DEFAULT_CHUNK_SIZE = 1000;

export interface Shard {
  /** 0-based index of this shard. */
  readonly index: number;
  readonly count: number;
}

export interface MonteCarloOptions {
  readonly seed: number;
  /** Replications to run; with `targetPrecision`, the most to run. */
  readonly replications: number;
  /** Worker threads (default: the machine's available parallelism). */
  readonly workers?: number;
  /** Replications per chunk (default 1000): fixed, whatever the number of workers. */
  readonly chunkSize?: number;
  /** Run only this contiguous range of the chunks. */
  readonly shard?: Shard;
  /**
   * Stop at the first chunk boundary where every service's unavailability interval (with
   * `stopAt`, its first-failure interval) has a half-width at most this fraction of its estimate
   * and is not a low-information bound (a service seen down in fewer than 30 replications never
   * qualifies, so such a run goes on to `replications`).
   */
  readonly targetPrecision?: number;
  readonly confidence?: number;
  /** The most events one replication may process (`--max-events`; default DEFAULT_MAX_EVENTS). */
  readonly maxEvents?: number;
  /** Each chunk's per-replication values, in replication order (for replications.csv). */
  readonly onReplications?: (values: Float64Array, firstRep: number, count: number) => void;
  /** Each chunk's outages (ChunkResult.outages), in replication order (for outages.csv). */
  readonly onOutages?: (records: Float64Array) => void;
  /** Replications finished so far, out of the planned number. */
  readonly onProgress?: (done: number, planned: number) => void;
  readonly signal?: AbortSignal;
}

export interface MonteCarloResult {
  readonly accumulator: ScenarioAccumulator;
  /** The chunks merged: [firstChunk, endChunk). */
  readonly firstChunk: number;
  readonly endChunk: number;
  readonly chunkSize: number;
  readonly firstRep: number;
  readonly stoppedBy: 'complete' | 'precision';
}

/** The compiled worker: next to this file when built, else under dist/ (when run from sources in tests). */
function workerFile(): string {
  const beside = fileURLToPath(new URL('./worker.js', import.meta.url));
  if (existsSync(beside)) return beside;
  const built = fileURLToPath(new URL('../../dist/src/run/worker.js', import.meta.url));
  if (existsSync(built)) return built;
  throw new FaultlineError('IO', `no compiled worker at ${beside} or ${built}: run npm run build`);
}

/** The chunk range of a shard: contiguous, as equal as possible, covering every chunk once. */
export function shardRange(chunks: number, shard: Shard | undefined): [number, number] {
  if (shard === undefined) return [0, chunks];
  return [Math.floor((shard.index * chunks) / shard.count), Math.floor(((shard.index + 1) * chunks) / shard.count)];
}

/**
 * Whether every service's unavailability (with `stopAt`, its first-failure time) is known to the
 * target: an interval that is not a low-information bound, with half-width at most `target` of
 * the estimate.
 */
function precise(scenario: Scenario, acc: ScenarioAccumulator, target: number, confidence: number): boolean {
  if (acc.replications < 2) return false;
  return scenario.services.every((s) => {
    const name = acc.has(`${s.name}.unavailability`) ? `${s.name}.unavailability` : `${s.name}.first_failure_hours`;
    if (!acc.has(name)) return true; // not measured in this run (stopAt names another service)
    const e = estimateMetric(acc, acc.of(name).metric, confidence);
    return e.lowInformation === false && e.estimate > 0 && (e.high - e.low) / 2 <= target * e.estimate;
  });
}

/**
 * Runs the replications of `scenario` in chunks on worker threads. Chunk i holds replications
 * [i·chunkSize, (i+1)·chunkSize); results are merged in chunk order and per-replication values
 * are delivered in replication order, so the outcome is the same for any number of workers, and
 * the merge of shards equals one run.
 * @throws FaultlineError WORKER when a chunk fails or the signal aborts, saying how many
 *   replications were finished.
 */
export async function runMonteCarlo(scenario: Scenario, options: MonteCarloOptions): Promise<MonteCarloResult> {
  const { seed, replications } = options;
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const workers = options.workers ?? availableParallelism();
  if (!Number.isSafeInteger(replications) || replications < 1) invalidParameter('replications', 'an integer >= 1', replications);
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) invalidParameter('chunkSize', 'an integer >= 1', chunkSize);
  if (!Number.isSafeInteger(workers) || workers < 1) invalidParameter('workers', 'an integer >= 1', workers);
  // In this thread, before any worker starts: a worker is never the first to find bad input.
  checkScenario(scenario, scenario.name, options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents });
  const chunks = Math.ceil(replications / chunkSize);
  const [firstChunk, lastChunk] = shardRange(chunks, options.shard);
  const confidence = options.confidence ?? 0.99;
  const accumulator = new ScenarioAccumulator(scenario);
  const planned = Math.min(lastChunk * chunkSize, replications) - firstChunk * chunkSize;
  const controller = new AbortController();
  const abortFromCaller = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', abortFromCaller);
  applySimulationV8Flags(); // before the workers start: V8 flags are per process
  const pool = new Piscina<ChunkTask, ChunkResult>({ filename: workerFile(), minThreads: workers, maxThreads: workers });
  const pending = new Map<number, Promise<ChunkResult>>();
  let nextToSubmit = firstChunk;
  let nextToMerge = firstChunk;
  let stoppedBy: MonteCarloResult['stoppedBy'] = 'complete';
  try {
    while (nextToMerge < lastChunk) {
      while (nextToSubmit < lastChunk && pending.size < 2 * workers) {
        const first = nextToSubmit * chunkSize;
        const task: ChunkTask = {
          scenario,
          seed,
          firstRep: first,
          count: Math.min(chunkSize, replications - first),
          perRep: options.onReplications !== undefined,
          ...(options.onOutages === undefined ? {} : { outages: true }),
          ...(options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents }),
        };
        const promise = pool.run(task, { signal: controller.signal });
        promise.catch(() => undefined); // observed below, in order; never unhandled
        pending.set(nextToSubmit++, promise);
      }
      if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
      const result = await (pending.get(nextToMerge) as Promise<ChunkResult>);
      pending.delete(nextToMerge++);
      accumulator.mergeState(result.accumulator);
      if (result.values.length > 0) options.onReplications?.(result.values, result.firstRep, result.count);
      if (result.outages.length > 0) options.onOutages?.(result.outages);
      options.onProgress?.(accumulator.replications, planned);
      if (options.targetPrecision !== undefined && precise(scenario, accumulator, options.targetPrecision, confidence)) {
        stoppedBy = 'precision';
        break;
      }
    }
  } catch (error) {
    const finished = `${accumulator.replications} of ${planned} replications were finished`;
    if (options.signal?.aborted) throw new FaultlineError('INTERRUPTED', `run interrupted; ${finished}`);
    if (error instanceof FaultlineError && error.code !== 'WORKER' && error.code !== 'LIMIT') throw error; // a write failure, say
    const limit = (error as { cause?: { code?: unknown } }).cause?.code === 'LIMIT';
    throw new FaultlineError(limit ? 'LIMIT' : 'WORKER', `run ${limit ? 'stopped' : 'failed'}: ${(error as Error).message}; ${finished}`);
  } finally {
    controller.abort();
    options.signal?.removeEventListener('abort', abortFromCaller);
    await pool.destroy();
  }
  return { accumulator, firstChunk, endChunk: nextToMerge, chunkSize, firstRep: firstChunk * chunkSize, stoppedBy };
}
