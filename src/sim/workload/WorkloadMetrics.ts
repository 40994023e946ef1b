/** What the workload measures, per query class and in total: queries, outcomes by cause, attempts, latency, fallbacks, breakers, bulkheads and memory. */
import { FAILURE_CAUSES, type WorkloadSpec } from '../../scenario/workloadSpec.js';
import type { Kernel } from '../kernel/Kernel.js';
import type { MetricRegistry } from '../kernel/MetricRegistry.js';
import { binOf } from '../../stats/LogHistogram.js';

/** Per-class counter fields; the fallback levels follow, one per level of the class's chain. */
export const QUERIES = 0;
export const SUCCEEDED = 1;
/** FAILED + cause index (FAILURE_CAUSES order). */
export const FAILED = 2;
export const ATTEMPTS = FAILED + FAILURE_CAUSES.length;
/** Sum of the latencies of succeeded queries, seconds. */
export const LATENCY = ATTEMPTS + 1;
/** Sum of the times measured queries took, arrival to their end, answered or not, seconds. */
export const DURATION = LATENCY + 1;
/** Measured queries not ended by the horizon (a drain too short). */
export const UNFINISHED = DURATION + 1;
/** Attempts that asked for memory, and those whose demand did not fit. */
export const MEMORY_ASKED = UNFINISHED + 1;
export const MEMORY_SHORT = MEMORY_ASKED + 1;
/** Succeeded queries whose answer was delivered while a wrong answer would be accepted (docs/fault-modes.md, "Wrong answers to queries"). */
export const WRONG_ANSWERS = MEMORY_SHORT + 1;
export const FIELDS = WRONG_ANSWERS + 1;

const COUNT = { range: Infinity, kind: 'count' } as const;
const SECONDS_PER_HOUR = 3600;

/**
 * Counters of one replication. Row k < K is class k, row K the total over classes. A query is
 * measured when it arrives in [warmup, horizon − drain]; its outcome is counted when it ends.
 * Every ratio is a ratio estimator over replications (Σ numerator / Σ denominator), each
 * replication one independent observation: queries of one replication share its outages, so
 * they are not independent of one another, but replications are.
 */
export class WorkloadMetrics {
  /** Row-major: (K + 1) rows × FIELDS. */
  readonly counts: Float64Array;
  /** Per row, the first of its fallback-level counters in `served`; the total row has none. */
  readonly servedStart: Int32Array;
  readonly served: Float64Array;
  /** Per breaker: hours open within [warmup, horizon], openings, half-open visits and the visits that closed it. */
  readonly breakerOpen: Float64Array;
  readonly breakerOpens: Float64Array;
  readonly breakerHalfOpens: Float64Array;
  readonly breakerCloses: Float64Array;
  /** Per bulkhead: calls it rejected (measured queries). */
  readonly bulkheadRejected: Float64Array;
  /** Hours within [warmup, horizon] that memory was exhausted. */
  memoryExhausted = 0;
  /** Per row, the base of its latency histogram in `kernel.histograms`. */
  readonly histogram: Int32Array;
  private readonly slots: Int32Array;
  private readonly servedSlots: Int32Array;
  private readonly breakerSlots: Int32Array;
  private readonly bulkheadSlots: Int32Array;
  private memorySlot = -1;
  private readonly K: number;

  /** `byzantine[k]`: class k's service is one whose wrong answers are tracked (over a group with a byzantine law); its row declares `wrong_answers`. */
  constructor(
    private readonly kernel: Kernel,
    spec: WorkloadSpec,
    byzantine: readonly boolean[] = [],
  ) {
    const K = spec.classes.length;
    this.K = K;
    this.counts = new Float64Array((K + 1) * FIELDS);
    this.servedStart = new Int32Array(K + 1);
    for (let k = 0; k < K; k++) this.servedStart[k + 1] = (this.servedStart[k] as number) + (spec.classes[k]?.fallbacks.length ?? 0);
    this.served = new Float64Array(this.servedStart[K] as number);
    this.breakerOpen = new Float64Array(spec.breakers.length);
    this.breakerOpens = new Float64Array(spec.breakers.length);
    this.breakerHalfOpens = new Float64Array(spec.breakers.length);
    this.breakerCloses = new Float64Array(spec.breakers.length);
    this.bulkheadRejected = new Float64Array(spec.bulkheads.length);
    this.histogram = new Int32Array(K + 1);
    this.slots = new Int32Array((K + 1) * FIELDS).fill(-1);
    this.servedSlots = new Int32Array(this.served.length);
    const r = kernel.registry;
    const rows = [...spec.classes.map((c) => ({ prefix: `queries.${c.name}`, cls: c as (typeof spec.classes)[number] | undefined })), { prefix: 'queries', cls: undefined }];
    const anyRetries = spec.classes.some((c) => (c.retry?.maxRetries ?? 0) > 0);
    const anyMemory = spec.classes.some((c) => c.memory > 0);
    const anyLoss = spec.classes.some((c) => c.loss !== null);
    const anyByzantine = byzantine.some((b) => b);
    rows.forEach(({ prefix, cls }, k) =>
      this.declareRow(
        r,
        k,
        prefix,
        cls?.fallbacks.map((f) => f.name) ?? [],
        cls === undefined ? anyMemory : cls.memory > 0,
        cls === undefined ? anyRetries : (cls.retry?.maxRetries ?? 0) > 0,
        cls === undefined ? anyLoss : cls.loss !== null,
        cls === undefined ? anyByzantine : byzantine[k] === true,
      ),
    );
    this.breakerSlots = Int32Array.from(spec.breakers, (b) => {
      const open = r.quantity(`breakers.${b.name}.open`, { range: kernel.span, kind: 'amount' });
      r.mean(`breakers.${b.name}.open_fraction`, '1', 'fraction', open, 0, 1 / kernel.span, `fraction of [warmup, horizon] breaker ${b.name} (${b.type}) was open`);
      const opens = r.quantity(`breakers.${b.name}.opens`, COUNT);
      r.mean(`breakers.${b.name}.opens`, 'openings', 'count', opens, 0, 1, `times breaker ${b.name} opened in [warmup, horizon]`);
      const visits = r.quantity(`breakers.${b.name}.half_opens`, COUNT);
      const closes = r.quantity(`breakers.${b.name}.closes`, COUNT);
      if (b.type === 'consecutive') r.ratio(`breakers.${b.name}.half_open_close_ratio`, '1', 'proportion', closes, visits, 1, `fraction of half-open visits (begun in [warmup, horizon]) that closed breaker ${b.name} (seed 003: (1 − f)^m)`);
      return open;
    });
    this.bulkheadSlots = Int32Array.from(spec.bulkheads, (b) => {
      const q = r.quantity(`bulkheads.${b.name}.rejected`, COUNT);
      r.mean(`bulkheads.${b.name}.rejected`, 'calls', 'count', q, 0, 1, `calls of measured queries bulkhead ${b.name} rejected (full, or waited past its queue timeout)`);
      return q;
    });
    if (spec.memory !== null) {
      this.memorySlot = r.quantity('memory.exhausted', { range: kernel.span, kind: 'amount' });
      const what = spec.memory.admission === 'reject' ? 'the free memory was less than the smallest demand of any class' : 'the demand of the running attempts exceeded usable memory';
      r.mean('memory.exhausted_time', '1', 'fraction', this.memorySlot, 0, 1 / kernel.span, `fraction of [warmup, horizon] during which ${what}`);
    }
  }

  private declareRow(r: MetricRegistry, k: number, prefix: string, fallbacks: readonly string[], memory: boolean, retries: boolean, lossy: boolean, byzantine: boolean): void {
    const slot = (field: number, key: string) => {
      const q = r.quantity(`${prefix}.${key}`, COUNT);
      this.slots[k * FIELDS + field] = q;
      return q;
    };
    const queries = slot(QUERIES, 'queries');
    r.mean(`${prefix}.queries`, 'queries', 'count', queries, 0, 1, 'queries that arrived in [warmup, horizon − drain] (the measured queries)');
    const succeeded = slot(SUCCEEDED, 'succeeded');
    r.mean(`${prefix}.succeeded`, 'queries', 'count', succeeded, 0, 1, 'measured queries answered by the primary (their own service)');
    r.ratio(`${prefix}.success_ratio`, '1', 'proportion', succeeded, queries, 1, 'succeeded / queries (ratio estimator over replications)');
    FAILURE_CAUSES.forEach((cause, i) => {
      // `lost` only where a class has message loss (the metrics of a scenario without loss do not change).
      if (cause === 'lost' && !lossy) return;
      const failed = slot(FAILED + i, `failed.${cause}`);
      r.mean(`${prefix}.failed.${cause}`, 'queries', 'count', failed, 0, 1, `measured queries that failed for good with cause ${cause} (after retries and fallbacks)`);
      r.ratio(`${prefix}.failure_ratio.${cause}`, '1', 'proportion', failed, queries, 1, `failed.${cause} / queries`);
    });
    fallbacks.forEach((name, l) => {
      const q = r.quantity(`${prefix}.served.${name}`, COUNT);
      this.servedSlots[(this.servedStart[k] as number) + l] = q;
      r.mean(`${prefix}.served.${name}`, 'queries', 'count', q, 0, 1, `measured queries answered by fallback level ${name}`);
      r.ratio(`${prefix}.served_ratio.${name}`, '1', 'proportion', q, queries, 1, `served.${name} / queries`);
    });
    const attempts = slot(ATTEMPTS, 'attempts');
    if (retries) r.ratio(`${prefix}.attempts_per_query`, 'attempts', 'count', attempts, queries, 1, 'primary attempts per measured query (retry amplification; 1 without retries)');
    const latency = slot(LATENCY, 'latency_sum');
    r.ratio(`${prefix}.latency_mean`, 's', 'duration', latency, succeeded, 1, 'mean latency of succeeded queries, arrival to answer, seconds (retries and backoff included)');
    this.histogram[k] = r.histogram(`${prefix}.latency`, 's', 'latency of succeeded queries, seconds');
    const duration = slot(DURATION, 'duration_sum');
    r.ratio(`${prefix}.duration_mean`, 's', 'duration', duration, queries, 1, 'mean time a measured query took, arrival to its end, answered or not (failures, fallbacks, retries and backoff included), seconds');
    const unfinished = slot(UNFINISHED, 'unfinished');
    r.mean(`${prefix}.unfinished`, 'queries', 'count', unfinished, 0, 1, 'measured queries still running at the horizon (0 unless drain is shorter than a query can live)');
    if (memory) {
      const asked = slot(MEMORY_ASKED, 'memory_asked');
      const short = slot(MEMORY_SHORT, 'memory_short');
      r.ratio(`${prefix}.memory_short_ratio`, '1', 'proportion', short, asked, 1, 'attempts (of measured queries) whose memory demand did not fit in the free memory when they started');
    }
    // Only where a class's service has byzantine-capable replicas (the metrics of other scenarios do not change).
    if (byzantine) {
      const wrong = slot(WRONG_ANSWERS, 'wrong_answers');
      r.mean(`${prefix}.wrong_answers`, 'queries', 'count', wrong, 0, 1, 'succeeded queries whose answer was delivered while a wrong answer would be accepted (crash gate: up with an up byzantine replica; bft: more than f)');
      r.ratio(`${prefix}.wrong_answer_ratio`, '1', 'proportion', wrong, succeeded, 1, 'wrong_answers / succeeded: the fraction of the answers the clients took that may be wrong');
    }
  }

  /** At the start of a replication. */
  reset(): void {
    this.counts.fill(0);
    this.served.fill(0);
    this.breakerOpen.fill(0);
    this.breakerOpens.fill(0);
    this.breakerHalfOpens.fill(0);
    this.breakerCloses.fill(0);
    this.bulkheadRejected.fill(0);
    this.memoryExhausted = 0;
  }

  /** Adds 1 (or `by`) to field f of class k and of the total. */
  add(k: number, f: number, by = 1): void {
    const counts = this.counts;
    counts[k * FIELDS + f] = (counts[k * FIELDS + f] as number) + by;
    const t = this.K * FIELDS + f;
    counts[t] = (counts[t] as number) + by;
  }

  /** A measured query of class k answered by the primary after `hours`. */
  succeeded(k: number, hours: number): void {
    const seconds = hours * SECONDS_PER_HOUR;
    this.add(k, SUCCEEDED);
    this.add(k, LATENCY, seconds);
    const h = this.kernel.histograms;
    const b = binOf(seconds);
    const ck = (this.histogram[k] as number) + b;
    const ct = (this.histogram[this.K] as number) + b;
    h[ck] = (h[ck] as number) + 1;
    h[ct] = (h[ct] as number) + 1;
  }

  /** A measured query of class k ended (answered or not) after `hours`. */
  ended(k: number, hours: number): void {
    this.add(k, DURATION, hours * SECONDS_PER_HOUR);
  }

  /** A measured query of class k answered by its fallback level l. */
  servedBy(k: number, l: number): void {
    const i = (this.servedStart[k] as number) + l;
    this.served[i] = (this.served[i] as number) + 1;
  }

  /** Writes the slots at the end of a replication. */
  close(): void {
    const values = this.kernel.values;
    const K = this.K;
    const counts = this.counts;
    for (let k = 0; k <= K; k++) {
      const row = k * FIELDS;
      let ended = counts[row + SUCCEEDED] as number;
      for (let c = 0; c < FAILURE_CAUSES.length; c++) ended += counts[row + FAILED + c] as number;
      if (k < K) for (let l = this.servedStart[k] as number; l < (this.servedStart[k + 1] as number); l++) ended += this.served[l] as number;
      counts[row + UNFINISHED] = (counts[row + QUERIES] as number) - ended;
    }
    // The total's fallback counts: every class's, level by level under one name is meaningless, so the total row reports none.
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i] as number;
      if (slot >= 0) values[slot] = counts[i] as number; // -1: a field the row does not measure
    }
    for (let i = 0; i < this.served.length; i++) values[this.servedSlots[i] as number] = this.served[i] as number;
    for (let b = 0; b < this.breakerSlots.length; b++) {
      values[this.breakerSlots[b] as number] = this.breakerOpen[b] as number;
      values[(this.breakerSlots[b] as number) + 1] = this.breakerOpens[b] as number;
      values[(this.breakerSlots[b] as number) + 2] = this.breakerHalfOpens[b] as number;
      values[(this.breakerSlots[b] as number) + 3] = this.breakerCloses[b] as number;
    }
    for (let b = 0; b < this.bulkheadSlots.length; b++) values[this.bulkheadSlots[b] as number] = this.bulkheadRejected[b] as number;
    if (this.memorySlot >= 0) values[this.memorySlot] = this.memoryExhausted;
  }
}
