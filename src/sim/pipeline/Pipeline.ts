/** A streaming pipeline: a producer, a replicated topic on a group of brokers, a consumer that commits offsets, sinks with local fallback disks, a cache; and the ledger of every message. */
import type { Distribution } from '../../random/distributions/Distribution.js';
import { fromSpec } from '../../random/distributions/fromSpec.js';
import { binomialSample } from '../../random/binomial.js';
import { ReloadableTychei } from '../../random/ReloadableTychei.js';
import { StreamKey, type ReplicationStreams } from '../../random/streams.js';
import { RECOVERY_CLAIM_SECONDS, type PipelineSpec } from '../../scenario/pipelineSpec.js';
import type { Scenario } from '../../scenario/validateScenario.js';
import { binOf } from '../../stats/LogHistogram.js';
import { UP } from '../kernel/ComponentTable.js';
import type { Kernel, Module } from '../kernel/Kernel.js';

const SECONDS_PER_HOUR = 3600;
const COUNT = { range: Infinity, kind: 'count' } as const;

/** The loss causes, in the order of the ledger's counters and of the metrics `pipeline.lost.<cause>`. */
export const LOSS_CAUSES = ['producer_dropped', 'acks1_leader_loss', 'auto_commit', 'fallback_full'] as const;
export type LossCause = (typeof LOSS_CAUSES)[number];

/** One replication's ledger, exact counts of messages (and of records, one per message per sink). */
export interface Ledger {
  readonly produced: number;
  /** Distinct messages the consumer processed. */
  readonly processed: number;
  /** Re-processings of messages already processed (after a consumer crash). */
  readonly duplicated: number;
  /** Messages lost upstream of the sinks, by cause; fallback_full counts records over every sink. */
  readonly lost: Readonly<Record<LossCause, number>>;
  /** Held by the producer, or in the log and not yet processed. */
  readonly inFlight: number;
  /** Of the processed messages, those that failed validation: quarantined (written to the sinks as quarantine records), not lost. */
  readonly quarantined: number;
  /** Per sink: records written to the sink, on its fallback disk, lost because the disk was full. */
  readonly sinks: readonly { readonly name: string; readonly delivered: number; readonly onDisk: number; readonly lost: number }[];
}

/**
 * Semantics (docs/pipelines.md, "Pipelines that must lose nothing"). Messages are counted, never objects:
 * the producer makes message k at time k/rate (k = 1, 2, …); the log is the offsets
 * [0, logEnd); the consumer's batch is an offset range. Between two events every count moves by
 * a closed form, so the module has events only at component changes (brokers, consumer, sinks,
 * cache), batch polls and completions, and fallback syncs.
 *
 * Topic (Kafka, unclean leader election disabled): one replica per broker; the ISR is the up
 * replicas that are caught up; a replica that goes down leaves it at once, one that comes back
 * rejoins it at once while there is a leader. When the leader goes down, the lowest-index
 * other up ISR member becomes leader; when there is none, the partition is offline until an
 * ISR member comes back (its log intact: crashes lose no disk). Writes are accepted iff there
 * is a leader and (acks=1, or the ISR has at least min.insync.replicas members). With acks=all
 * a write is acknowledged once the whole ISR has it, so a failover loses nothing; with acks=1 a
 * follower holds what the leader appended more than `replicationLag` ago, the high watermark is
 * that prefix (the whole log when the leader is alone in the ISR), consumers read below it, and a
 * failover to a follower truncates the rest: lost, cause acks1_leader_loss.
 *
 * Producer: while writes are refused it holds up to `buffer` messages (retrying until
 * acknowledged) and drops the newest beyond it (cause producer_dropped); it sends what it held
 * at once when writes are accepted again.
 *
 * Consumer: when up and idle it polls up to maxBatch messages below the high watermark (a full
 * batch: it polls again as soon as it is done; a partial one: after pollInterval; nothing: it
 * polls again after pollInterval). A batch takes `processing` (+ slowdown per message while
 * the cache is down). manual: the batch's end is committed when it is processed; auto: when it
 * is polled. A batch's messages are processed (and written) at an even pace over its time: a
 * crash stops it, after ⌊n·elapsed/time⌋ of its n messages; at the restart the consumer resumes from the
 * committed offset: messages below the furthest processed offset are processed again
 * (duplicated), and messages committed but never processed (auto) are skipped for good
 * (auto_commit). Processing is idempotent per message id (seed 004 §3.1): a duplicate is not
 * written to the sinks again.
 *
 * Sinks: each processed message is one record per sink. An up sink takes it; a down sink's
 * record goes to its fallback disk, or is lost when the disk is full (fallback_full). A
 * background job at every multiple of syncInterval moves the whole disk into the sink when it
 * is up. Drain time: from a sink's recovery with records on disk to the sync that empties it.
 *
 * Validation (when the scenario has one; docs/pipelines.md, "Validation errors and the circuit
 * breaker"): error episodes are an on/off process (off at 0; `every` off, `duration` on). Each
 * fresh message of a batch fails validation with probability errorInEpisode while an episode is
 * on at the time the batch (or a crash's prefix of it) is processed, errorOtherwise else: one
 * binomial draw per batch. A failed message is quarantined: written to the sinks like any
 * processed message, counted in `quarantined`, never lost. A duplicate is skipped before
 * validation (idempotency), so it is neither validated nor counted by the breaker.
 *
 * Breaker (seed 004 §3.3): after each processed batch it drops the batches processed window or
 * longer ago and trips when errors / messages of the rest exceed threshold. A trip pauses
 * consumption: no poll until the manual reset, an operator-response draw later; the producer
 * keeps writing (the log retains everything), so lag grows and nothing is lost. The reset
 * clears the window, ends an episode in progress (the operator fixed its cause first, §3.3
 * steps 1–3) and resumes polling. The breaker survives consumer restarts.
 *
 * The ledger, exact in every replication: produced = processed + inFlight + lost (upstream
 * causes), quarantined ≤ processed, and for each sink processed = delivered + onDisk + lost.
 */
export class Pipeline implements Module {
  private readonly engine: Kernel['engine'];
  private readonly state: Uint8Array;
  private readonly rate: number;
  private readonly acksAll: boolean;
  private readonly bufferCap: number;
  private readonly minIsr: number;
  private readonly lag: number;
  private readonly brokerStart: number;
  private readonly rf: number;
  private readonly consumerC: number;
  private readonly autoCommit: boolean;
  private readonly maxBatch: number;
  private readonly pollInterval: number;
  private readonly processing: Distribution;
  private readonly processingKey: StreamKey;
  private readonly processingStream = new ReloadableTychei();
  private readonly cacheC: number;
  private readonly slowdown: number;
  private readonly sinkNames: readonly string[];
  private readonly sinkC: Int32Array;
  private readonly sinkCap: Float64Array;
  private readonly sinkSync: Float64Array;
  // Validation and breaker (absent: validates false, no stream, no event, no metric).
  private readonly validates: boolean;
  private readonly errorIn: number;
  private readonly errorOut: number;
  private readonly episodeOff: Distribution | undefined;
  private readonly episodeOn: Distribution | undefined;
  private readonly episodeKey: StreamKey;
  private readonly episodeStream = new ReloadableTychei();
  private readonly errorKey: StreamKey;
  private readonly errorStream = new ReloadableTychei();
  private readonly hasBreaker: boolean;
  private readonly threshold: number;
  private readonly window: number;
  private readonly resetLaw: Distribution | undefined;
  private readonly resetKey: StreamKey;
  private readonly resetStream = new ReloadableTychei();

  // Producer and topic.
  private last = 0;
  private created = 0;
  private buffered = 0;
  private lostProducer = 0;
  private logEnd = 0;
  private truncated = 0;
  private hwFloor = 0;
  private writableSince = 0;
  private createdAtWritable = 0;
  private flushSize = 0;
  private leader = -1;
  private readonly isr: Uint8Array;
  private isrSize = 0;
  private writable = false;
  // Consumer.
  private consumerUp = false;
  private busy = false;
  private gen = 0;
  private position = 0;
  private committed = 0;
  private batchStart = 0;
  private batchEnd = 0;
  private batchBegan = 0;
  private batchTakes = 0;
  private frontier = 0;
  private processed = 0;
  private duplicated = 0;
  private lostAuto = 0;
  private downSince = NaN;
  private restarts = 0;
  private restartSum = 0;
  private restartMax = 0;
  private restartsOver = 0;
  // Sinks.
  private readonly sinkUp: Uint8Array;
  private readonly disk: Float64Array;
  private readonly delivered: Float64Array;
  private readonly lostDisk: Float64Array;
  private readonly diskPeak: Float64Array;
  private readonly fullSince: Float64Array;
  private readonly fullTime: Float64Array;
  private readonly syncPending: Uint8Array;
  private readonly recoveredAt: Float64Array;
  private readonly drainSum: Float64Array;
  private readonly drains: Float64Array;
  private readonly drainMax: Float64Array;
  // Time integrals over [0, horizon].
  private lagIntegral = 0;
  private lagPeak = 0;
  private upTime = 0;
  private writableTime = 0;
  // Validation and breaker state.
  private episode = false;
  private episodeGen = 0;
  private episodes = 0;
  private episodeTime = 0;
  private quarantined = 0;
  private paused = false;
  private trips = 0;
  private pausedTime = 0;
  private pauseLagPeak = 0;
  private responseSum = 0;
  // The breaker's window: one entry per processed batch (time, messages, errors), a ring.
  private winTime = new Float64Array(1024);
  private winN = new Float64Array(1024);
  private winErr = new Float64Array(1024);
  private winHead = 0;
  private winCount = 0;
  private winSumN = 0;
  private winSumErr = 0;

  private readonly pollKind: number;
  private readonly doneKind: number;
  private readonly syncKind: number;
  private readonly episodeStartKind: number = -1;
  private readonly episodeEndKind: number = -1;
  private readonly resetKind: number = -1;
  private readonly breakerSlots: { quarantined: number; episodes: number; episodeTime: number; trips: number; paused: number; lagPeak: number; response: number } | undefined;
  private readonly latencyBase: number;
  private readonly slots: Record<string, number>;
  private readonly sinkSlots: { delivered: number; lost: number; peak: number; full: number; drainSum: number; drains: number; drainMax: number }[];

  constructor(
    private readonly kernel: Kernel,
    scenario: Scenario,
    spec: PipelineSpec,
  ) {
    this.engine = kernel.engine;
    this.state = kernel.table.state;
    const groupIndex = new Map(scenario.groups.map((g, i) => [g.name, i]));
    const start = (name: string) => kernel.table.groupStart[groupIndex.get(name) as number] as number;
    this.rate = spec.producer.rate * SECONDS_PER_HOUR;
    this.acksAll = spec.producer.acks === 'all';
    this.bufferCap = spec.producer.buffer === 'unbounded' ? Infinity : spec.producer.buffer;
    this.minIsr = spec.topic.minInsyncReplicas;
    this.lag = spec.topic.replicationLag;
    this.brokerStart = start(spec.topic.brokers);
    this.rf = scenario.groups[groupIndex.get(spec.topic.brokers) as number]?.count ?? 0;
    this.isr = new Uint8Array(this.rf);
    this.consumerC = start(spec.consumer.group);
    this.autoCommit = spec.consumer.commit === 'auto';
    this.maxBatch = spec.consumer.maxBatch;
    this.pollInterval = spec.consumer.pollInterval;
    this.processing = fromSpec(spec.consumer.processing, 'pipeline.consumer.processing');
    this.processingKey = new StreamKey(`pipeline/${spec.consumer.group}`, 'processing');
    this.cacheC = spec.cache === undefined ? -1 : start(spec.cache.group);
    this.slowdown = spec.cache?.slowdown ?? 0;
    const sinks = Object.entries(spec.sinks);
    const S = sinks.length;
    this.sinkNames = sinks.map(([n]) => n);
    this.sinkC = Int32Array.from(sinks, ([, s]) => start(s.group));
    this.sinkCap = Float64Array.from(sinks, ([, s]) => (s.fallback === 'unbounded' ? Infinity : s.fallback));
    this.sinkSync = Float64Array.from(sinks, ([, s]) => s.syncInterval);
    this.sinkUp = new Uint8Array(S);
    this.disk = new Float64Array(S);
    this.delivered = new Float64Array(S);
    this.lostDisk = new Float64Array(S);
    this.diskPeak = new Float64Array(S);
    this.fullSince = new Float64Array(S);
    this.fullTime = new Float64Array(S);
    this.syncPending = new Uint8Array(S);
    this.recoveredAt = new Float64Array(S);
    this.drainSum = new Float64Array(S);
    this.drains = new Float64Array(S);
    this.drainMax = new Float64Array(S);
    const v = spec.validation;
    const b = spec.breaker;
    this.validates = v !== undefined;
    this.errorIn = v?.errorInEpisode ?? 0;
    this.errorOut = v?.errorOtherwise ?? 0;
    this.episodeOff = v === undefined ? undefined : fromSpec(v.episodes.every, 'pipeline.validation.episodes.every');
    this.episodeOn = v === undefined ? undefined : fromSpec(v.episodes.duration, 'pipeline.validation.episodes.duration');
    this.episodeKey = new StreamKey(`pipeline/${spec.consumer.group}`, 'error-episodes');
    this.errorKey = new StreamKey(`pipeline/${spec.consumer.group}`, 'validation-errors');
    this.hasBreaker = b !== undefined;
    this.threshold = b?.threshold ?? 1;
    this.window = b?.window ?? 0;
    this.resetLaw = b === undefined ? undefined : fromSpec(b.reset, 'pipeline.breaker.reset');
    this.resetKey = new StreamKey(`pipeline/${spec.consumer.group}`, 'breaker-reset');

    this.pollKind = this.engine.on(this.onPoll);
    this.doneKind = this.engine.on(this.onDone);
    this.syncKind = this.engine.on(this.onSync);
    if (this.validates) {
      this.episodeStartKind = this.engine.on(this.onEpisodeStart);
      this.episodeEndKind = this.engine.on(this.onEpisodeEnd);
    }
    if (this.hasBreaker) this.resetKind = this.engine.on(this.onReset);
    kernel.bus.listenGroup(groupIndex.get(spec.topic.brokers) as number, () => this.brokersMoved());
    kernel.bus.listenGroup(groupIndex.get(spec.consumer.group) as number, () => this.consumerMoved());
    sinks.forEach(([, s], j) => kernel.bus.listenGroup(groupIndex.get(s.group) as number, () => this.sinkMoved(j)));
    if (spec.cache !== undefined) kernel.bus.listenGroup(groupIndex.get(spec.cache.group) as number, () => this.advance(this.engine.now));

    const r = kernel.registry;
    const horizon = kernel.horizon;
    const q = (key: string) => r.quantity(`pipeline.${key}`, COUNT);
    const produced = q('produced');
    r.mean('pipeline.produced', 'messages', 'count', produced, 0, 1, 'messages the producer made in [0, horizon]');
    const processed = q('processed');
    r.mean('pipeline.processed', 'messages', 'count', processed, 0, 1, 'distinct messages the consumer processed');
    const duplicated = q('duplicated');
    r.mean('pipeline.duplicated', 'messages', 'count', duplicated, 0, 1, 'messages processed again after a consumer crash (at-least-once)');
    const lost = q('lost');
    r.mean('pipeline.lost', 'messages', 'count', lost, 0, 1, 'messages lost, every cause (fallback_full counts records, one per message per sink)');
    r.ratio('pipeline.loss_ratio', '1', 'proportion', lost, produced, 1, 'lost / produced (ratio estimator over replications)');
    r.share('pipeline.lossy_replications', lost, 'nonzero', 'fraction of replications that lost at least one message');
    const lostSlots = LOSS_CAUSES.map((cause) => {
      const s = q(`lost.${cause}`);
      r.mean(`pipeline.lost.${cause}`, 'messages', 'count', s, 0, 1, `messages lost with cause ${cause}`);
      return s;
    });
    const inFlight = q('in_flight');
    r.mean('pipeline.in_flight', 'messages', 'count', inFlight, 0, 1, 'messages held by the producer or in the log unprocessed at the horizon');
    const lagTime = r.quantity('pipeline.lag_time', { range: Math.max(1, Math.ceil(this.rate * horizon)) * horizon, kind: 'amount' });
    r.mean('pipeline.lag.mean', 'messages', 'count', lagTime, 0, 1 / horizon, 'consumer lag (log end − committed offset), time-weighted over [0, horizon]');
    const lagPeak = q('lag_peak');
    r.mean('pipeline.lag.peak_mean', 'messages', 'count', lagPeak, 0, 1, 'the largest consumer lag of a replication, mean over replications');
    r.metric({ name: 'pipeline.lag.peak', unit: 'messages', kind: 'count', quantity: lagPeak, estimator: { type: 'peak' }, description: 'the largest consumer lag of any replication' });
    const down = r.quantity('pipeline.down_time', { range: horizon, kind: 'amount' });
    r.mean('pipeline.availability', '1', 'fraction', down, 1, -1 / horizon, 'fraction of [0, horizon] the topic accepted writes and the consumer was up');
    const refused = r.quantity('pipeline.refused_time', { range: horizon, kind: 'amount' });
    r.mean('pipeline.write_availability', '1', 'fraction', refused, 1, -1 / horizon, 'fraction of [0, horizon] the topic accepted writes');
    const restarts = q('restarts');
    r.mean('pipeline.consumer.restarts', 'restarts', 'count', restarts, 0, 1, 'consumer restarts (ends of consumer crashes)');
    const restartSum = r.quantity('pipeline.consumer.restart_time', { range: horizon, kind: 'amount' });
    r.ratio('pipeline.consumer.recovery_time', 's', 'duration', restartSum, restarts, SECONDS_PER_HOUR, 'mean time from a consumer crash to its restart');
    const over = q('restarts_over_claim');
    r.ratio('pipeline.consumer.recovery_over_30s', '1', 'proportion', over, restarts, 1, `fraction of consumer restarts that took longer than ${RECOVERY_CLAIM_SECONDS} s (seed 004: "< 30 seconds")`);
    const restartMax = r.quantity('pipeline.consumer.longest_restart', { range: horizon * SECONDS_PER_HOUR, kind: 'amount' });
    r.metric({ name: 'pipeline.consumer.longest_recovery', unit: 's', kind: 'duration', quantity: restartMax, estimator: { type: 'peak' }, description: 'the longest consumer restart of any replication' });
    this.latencyBase = r.histogram('pipeline.latency', 's', 'end-to-end latency, production to processing, of the processed messages (one value per batch, its middle message, weighted by the batch)');
    this.slots = { produced, processed, duplicated, lost, inFlight, lagTime, lagPeak, down, refused, restarts, restartSum, over, restartMax };
    LOSS_CAUSES.forEach((c, i) => (this.slots[c] = lostSlots[i] as number));
    this.breakerSlots = this.validates ? this.registerBreaker() : undefined;
    this.sinkSlots = this.sinkNames.map((name) => {
      const p = `pipeline.sinks.${name}`;
      const d = r.quantity(`${p}.delivered`, COUNT);
      r.mean(`${p}.delivered`, 'records', 'count', d, 0, 1, `records written to sink ${name} (directly or by a sync)`);
      const l = r.quantity(`${p}.lost`, COUNT);
      r.mean(`${p}.lost`, 'records', 'count', l, 0, 1, `records lost because the fallback disk of ${name} was full`);
      const pk = r.quantity(`${p}.fallback_peak`, COUNT);
      r.mean(`${p}.fallback_peak_mean`, 'records', 'count', pk, 0, 1, `the most records on the fallback disk of ${name}, mean over replications`);
      r.metric({ name: `${p}.fallback_peak`, unit: 'records', kind: 'count', quantity: pk, estimator: { type: 'peak' }, description: `the most records on the fallback disk of ${name} in any replication` });
      const f = r.quantity(`${p}.fallback_full_time`, { range: horizon, kind: 'amount' });
      r.mean(`${p}.fallback_full_fraction`, '1', 'fraction', f, 0, 1 / horizon, `fraction of [0, horizon] the fallback disk of ${name} was full`);
      const ds = r.quantity(`${p}.drain_time`, { range: horizon, kind: 'amount' });
      const dn = r.quantity(`${p}.drains`, COUNT);
      r.ratio(`${p}.drain_time`, 's', 'duration', ds, dn, SECONDS_PER_HOUR, `mean time from a recovery of ${name} with records on disk to the sync that empties it`);
      const dm = r.quantity(`${p}.drain_time_max`, { range: horizon, kind: 'amount' });
      r.metric({ name: `${p}.drain_time_max`, unit: 'h', kind: 'duration', quantity: dm, estimator: { type: 'peak' }, description: `the longest drain of ${name} in any replication, hours` });
      return { delivered: d, lost: l, peak: pk, full: f, drainSum: ds, drains: dn, drainMax: dm };
    });
  }

  /** The metrics of validation (and of the breaker, when there is one): registered only when the scenario has them. */
  private registerBreaker(): NonNullable<Pipeline['breakerSlots']> {
    const r = this.kernel.registry;
    const horizon = this.kernel.horizon;
    const q = (key: string) => r.quantity(`pipeline.${key}`, COUNT);
    const quarantined = q('quarantined');
    r.mean('pipeline.quarantined', 'messages', 'count', quarantined, 0, 1, 'processed messages that failed validation: quarantined (written to the sinks), not lost');
    r.ratio('pipeline.quarantine_ratio', '1', 'proportion', quarantined, this.slots['processed'] as number, 1, 'quarantined / processed (ratio estimator over replications)');
    const episodes = q('validation.episodes');
    r.mean('pipeline.validation.episodes', 'episodes', 'count', episodes, 0, 1, 'error episodes begun in [0, horizon]');
    const episodeTime = r.quantity('pipeline.validation.episode_time', { range: horizon, kind: 'amount' });
    r.mean('pipeline.validation.episode_fraction', '1', 'fraction', episodeTime, 0, 1 / horizon, 'fraction of [0, horizon] an error episode was on');
    const slots = { quarantined, episodes, episodeTime, trips: -1, paused: -1, lagPeak: -1, response: -1 };
    if (!this.hasBreaker) return slots;
    const trips = q('breaker.trips');
    r.mean('pipeline.breaker.trips', 'trips', 'count', trips, 0, 1, 'circuit breaker trips (seed 004 §3.3: error rate over the window above the threshold)');
    const paused = r.quantity('pipeline.breaker.paused_time', { range: horizon, kind: 'amount' });
    r.mean('pipeline.breaker.paused_fraction', '1', 'fraction', paused, 0, 1 / horizon, 'fraction of [0, horizon] consumption was paused by the breaker (trip to manual reset)');
    const lagPeak = q('breaker.lag_peak');
    r.mean('pipeline.breaker.lag_peak_mean', 'messages', 'count', lagPeak, 0, 1, 'the largest consumer lag reached while paused, mean over replications');
    r.metric({ name: 'pipeline.breaker.lag_peak', unit: 'messages', kind: 'count', quantity: lagPeak, estimator: { type: 'peak' }, description: 'the largest consumer lag reached while paused, in any replication' });
    const response = r.quantity('pipeline.breaker.response_time', { range: Infinity, kind: 'amount' });
    r.ratio('pipeline.breaker.operator_response', 's', 'duration', response, trips, SECONDS_PER_HOUR, 'mean operator response (trip to manual reset) drawn per trip, the pause in progress at the horizon included');
    return { ...slots, trips, paused, lagPeak, response };
  }

  start(streams: ReplicationStreams): void {
    streams.loadInto(this.processingKey, this.processingStream);
    this.last = 0;
    this.created = 0;
    this.buffered = 0;
    this.lostProducer = 0;
    this.logEnd = 0;
    this.truncated = 0;
    this.hwFloor = 0;
    this.writableSince = 0;
    this.createdAtWritable = 0;
    this.flushSize = 0;
    this.leader = -1;
    this.isr.fill(1);
    this.isrSize = this.rf;
    this.writable = false;
    this.busy = false;
    this.gen++;
    this.position = 0;
    this.committed = 0;
    this.batchStart = 0;
    this.batchEnd = 0;
    this.frontier = 0;
    this.processed = 0;
    this.duplicated = 0;
    this.lostAuto = 0;
    this.downSince = NaN;
    this.restarts = 0;
    this.restartSum = 0;
    this.restartMax = 0;
    this.restartsOver = 0;
    this.disk.fill(0);
    this.delivered.fill(0);
    this.lostDisk.fill(0);
    this.diskPeak.fill(0);
    this.fullSince.fill(NaN);
    this.fullTime.fill(0);
    this.syncPending.fill(0);
    this.recoveredAt.fill(NaN);
    this.drainSum.fill(0);
    this.drains.fill(0);
    this.drainMax.fill(0);
    this.lagIntegral = 0;
    this.lagPeak = 0;
    this.upTime = 0;
    this.writableTime = 0;
    this.quarantined = 0;
    this.paused = false;
    this.trips = 0;
    this.pausedTime = 0;
    this.pauseLagPeak = 0;
    this.responseSum = 0;
    this.episode = false;
    this.episodeGen++;
    this.episodes = 0;
    this.episodeTime = 0;
    this.clearWindow();
    if (this.validates) {
      streams.loadInto(this.episodeKey, this.episodeStream);
      streams.loadInto(this.errorKey, this.errorStream);
      if (this.hasBreaker) streams.loadInto(this.resetKey, this.resetStream);
      this.engine.schedule((this.episodeOff as Distribution).sample(this.episodeStream.draw), this.episodeStartKind, this.episodeGen);
    }
    for (let j = 0; j < this.sinkUp.length; j++) this.sinkUp[j] = this.state[this.sinkC[j] as number] === UP ? 1 : 0;
    this.elect(0);
    this.consumerUp = this.state[this.consumerC] === UP;
    if (this.consumerUp) this.poll(0);
    else this.downSince = 0;
  }

  /**
   * Messages made by time t: ⌊rate·t⌋, message k at k/rate counted at its own time (a relative
   * 1e-12 absorbs the rounding of times written in seconds and held in hours).
   */
  private madeBy(t: number): number {
    const x = this.rate * t;
    return x <= 0 ? 0 : Math.floor(x * (1 + 1e-12));
  }

  /** Moves every count to time t (nothing changes state between events but the producer's output). */
  private advance(t: number): void {
    const dt = t - this.last;
    if (!(dt > 0)) return;
    const made = this.madeBy(t) - this.created;
    const lagBefore = this.logEnd - this.committed;
    this.created += made;
    if (this.writable) {
      this.logEnd += made;
      this.writableTime += dt;
      if (this.consumerUp) this.upTime += dt;
    } else {
      const held = this.buffered + made;
      if (held > this.bufferCap) {
        this.lostProducer += held - this.bufferCap;
        this.buffered = this.bufferCap;
      } else this.buffered = held;
    }
    const lagAfter = this.logEnd - this.committed;
    this.lagIntegral += 0.5 * (lagBefore + lagAfter) * dt;
    if (lagAfter > this.lagPeak) this.lagPeak = lagAfter;
    if (this.episode) this.episodeTime += dt;
    if (this.paused) {
      this.pausedTime += dt;
      if (lagAfter > this.pauseLagPeak) this.pauseLagPeak = lagAfter;
    }
    this.last = t;
  }

  /** The high watermark at the current time: what the consumer may read. */
  private highWatermark(t: number): number {
    if (this.acksAll || this.isrSize <= 1) return this.logEnd;
    const since = t - this.lag;
    let unreplicated: number;
    if (since >= this.writableSince) unreplicated = this.created - this.madeBy(since);
    else unreplicated = this.created - this.createdAtWritable + this.flushSize;
    const hw = Math.max(this.hwFloor, this.logEnd - unreplicated);
    return hw > this.logEnd ? this.logEnd : hw;
  }

  /** Leader election and ISR after a broker moved (or at the start). */
  private elect(t: number): void {
    const base = this.brokerStart;
    const hw = this.highWatermark(t);
    if (hw > this.hwFloor) this.hwFloor = hw;
    let leader = this.leader;
    if (leader >= 0 && this.state[base + leader] !== UP) {
      let next = -1;
      for (let i = 0; i < this.rf; i++) if (i !== leader && this.isr[i] === 1 && this.state[base + i] === UP) { next = i; break; }
      if (next >= 0) {
        if (!this.acksAll && this.logEnd > hw) {
          // The new leader holds the replicated prefix only: the old leader's tail is truncated.
          this.truncated += this.logEnd - hw;
          this.logEnd = hw;
          this.writableSince = t;
          this.createdAtWritable = this.created;
          this.flushSize = 0;
        }
        this.isr[leader] = 0;
        leader = next;
      } else {
        // Offline: the last in-sync replica is the only one that may lead again (no unclean election).
        this.isr.fill(0);
        this.isr[leader] = 1;
        leader = -1;
      }
    }
    if (leader < 0) {
      for (let i = 0; i < this.rf; i++) if (this.isr[i] === 1 && this.state[base + i] === UP) { leader = i; break; }
    }
    const before = this.isrSize;
    if (leader >= 0) {
      // Down replicas leave the ISR; up ones are caught up and rejoin.
      for (let i = 0; i < this.rf; i++) this.isr[i] = this.state[base + i] === UP ? 1 : 0;
    }
    let size = 0;
    for (let i = 0; i < this.rf; i++) size += this.isr[i] as number;
    this.isrSize = size;
    if (before <= 1 || size <= 1) this.hwFloor = this.logEnd;
    this.leader = leader;
    const writable = leader >= 0 && (!this.acksAll || size >= this.minIsr);
    if (writable && !this.writable) {
      // The producer sends what it held.
      this.flushSize = this.buffered;
      this.logEnd += this.buffered;
      this.buffered = 0;
      this.writableSince = t;
      this.createdAtWritable = this.created;
    }
    this.writable = writable;
  }

  private brokersMoved(): void {
    const t = this.engine.now;
    this.advance(t);
    this.elect(t);
  }

  private consumerMoved(): void {
    const t = this.engine.now;
    this.advance(t);
    const up = this.state[this.consumerC] === UP;
    if (up === this.consumerUp) return;
    this.consumerUp = up;
    this.gen++;
    if (!up) {
      // A crash stops the batch in hand: the messages processed so far (at an even pace over the
      // batch's time) were written; the rest were not (their offsets are committed only with auto).
      if (this.busy) {
        const n = this.batchEnd - this.batchStart;
        const done = this.batchTakes > 0 ? Math.floor(((n * (t - this.batchBegan)) / this.batchTakes) * (1 + 1e-12)) : 0;
        this.processedUpTo(this.batchStart, this.batchStart + (done < n ? done : n - 1), t);
      }
      this.busy = false;
      this.downSince = t;
      return;
    }
    const took = t - this.downSince;
    this.restarts++;
    this.restartSum += took;
    if (took > this.restartMax) this.restartMax = took;
    if (took * SECONDS_PER_HOUR > RECOVERY_CLAIM_SECONDS) this.restartsOver++;
    this.position = this.committed;
    if (this.committed > this.frontier) {
      // Committed before processing and never processed: skipped for good.
      this.lostAuto += this.committed - this.frontier;
      this.frontier = this.committed;
    }
    this.poll(t);
  }

  private readonly onPoll = (target: number): void => {
    if (target !== this.gen) return;
    const t = this.engine.now;
    this.advance(t);
    this.poll(t);
  };

  private poll(t: number): void {
    if (!this.consumerUp || this.busy || this.paused) return;
    const available = this.leader < 0 ? 0 : this.highWatermark(t) - this.position;
    if (available < 1) {
      this.engine.schedule(this.pollInterval, this.pollKind, this.gen);
      return;
    }
    const n = available < this.maxBatch ? available : this.maxBatch;
    this.batchStart = this.position;
    this.position += n;
    this.batchEnd = this.position;
    if (this.autoCommit) this.committed = this.position;
    this.busy = true;
    let took = this.processing.sample(this.processingStream.draw);
    if (this.cacheC >= 0 && this.state[this.cacheC] !== UP) took += n * this.slowdown;
    this.batchBegan = t;
    this.batchTakes = took;
    this.engine.schedule(took, this.doneKind, this.gen);
  }

  /** Messages [p, e) of a batch processed at time t: the fresh ones counted, written to the sinks, timed; the rest duplicates. */
  private processedUpTo(p: number, e: number, t: number): void {
    const from = p > this.frontier ? p : this.frontier;
    const fresh = e > from ? e - from : 0;
    this.duplicated += e - p - fresh;
    if (fresh === 0) return;
    this.processed += fresh;
    this.frontier = e;
    if (this.validates) this.validate(fresh, t);
    // Message at offset o was made at about (o + upstream losses before it + 1)/rate.
    const mid = from + 0.5 * (fresh - 1) + this.lostProducer + this.truncated + this.lostAuto;
    const latency = (t - (mid + 1) / this.rate) * SECONDS_PER_HOUR;
    const bin = this.latencyBase + binOf(latency > 0 ? latency : 0);
    this.kernel.histograms[bin] = (this.kernel.histograms[bin] as number) + fresh;
    for (let j = 0; j < this.sinkC.length; j++) this.write(j, fresh, t);
  }

  /** The n fresh messages of a batch validated at time t: one binomial draw of their errors, quarantined; the breaker's window and trip. */
  private validate(n: number, t: number): void {
    const errors = binomialSample(n, this.episode ? this.errorIn : this.errorOut, this.errorStream.draw);
    this.quarantined += errors;
    if (!this.hasBreaker || this.paused) return;
    // Seed 004's check(): the errors of the last `window` (now − e < window), over the messages of it.
    while (this.winCount > 0 && t - (this.winTime[this.winHead] as number) >= this.window) {
      this.winSumN -= this.winN[this.winHead] as number;
      this.winSumErr -= this.winErr[this.winHead] as number;
      this.winHead = (this.winHead + 1) % this.winTime.length;
      this.winCount--;
    }
    if (this.winCount === this.winTime.length) this.growWindow();
    const at = (this.winHead + this.winCount) % this.winTime.length;
    this.winTime[at] = t;
    this.winN[at] = n;
    this.winErr[at] = errors;
    this.winCount++;
    this.winSumN += n;
    this.winSumErr += errors;
    if (this.winSumErr > this.threshold * this.winSumN) this.trip();
  }

  /** Doubles the window's ring (rare: it holds the batches of one window), keeping its order. */
  private growWindow(): void {
    const cap = this.winTime.length;
    const grow = (a: Float64Array): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(2 * cap);
      for (let i = 0; i < cap; i++) b[i] = a[(this.winHead + i) % cap] as number;
      return b;
    };
    this.winTime = grow(this.winTime);
    this.winN = grow(this.winN);
    this.winErr = grow(this.winErr);
    this.winHead = 0;
  }

  private clearWindow(): void {
    this.winHead = 0;
    this.winCount = 0;
    this.winSumN = 0;
    this.winSumErr = 0;
  }

  /** Trips the breaker now: consumption pauses (pending polls dropped) until the manual reset. */
  private trip(): void {
    this.paused = true;
    this.trips++;
    const lag = this.logEnd - this.committed;
    if (lag > this.pauseLagPeak) this.pauseLagPeak = lag;
    const response = (this.resetLaw as Distribution).sample(this.resetStream.draw);
    this.responseSum += response;
    this.gen++;
    this.engine.schedule(response, this.resetKind, 0);
  }

  private readonly onReset = (): void => {
    const t = this.engine.now;
    this.advance(t);
    this.paused = false;
    this.clearWindow();
    if (this.episode) this.endEpisode();
    this.gen++;
    this.poll(t);
  };

  private readonly onEpisodeStart = (target: number): void => {
    if (target !== this.episodeGen) return;
    this.advance(this.engine.now);
    this.episode = true;
    this.episodes++;
    this.engine.schedule((this.episodeOn as Distribution).sample(this.episodeStream.draw), this.episodeEndKind, this.episodeGen);
  };

  private readonly onEpisodeEnd = (target: number): void => {
    if (target !== this.episodeGen) return;
    this.advance(this.engine.now);
    this.endEpisode();
  };

  /** Ends the episode on (by its own end, or a reset: its pending end is dropped), and schedules the next. */
  private endEpisode(): void {
    this.episode = false;
    this.episodeGen++;
    this.engine.schedule((this.episodeOff as Distribution).sample(this.episodeStream.draw), this.episodeStartKind, this.episodeGen);
  }

  private readonly onDone = (target: number): void => {
    if (target !== this.gen) return;
    const t = this.engine.now;
    this.advance(t);
    const p = this.batchStart;
    const e = this.batchEnd;
    this.processedUpTo(p, e, t);
    if (!this.autoCommit) this.committed = e;
    this.busy = false;
    if (this.paused) return;
    if (e - p >= this.maxBatch) this.poll(t);
    else this.engine.schedule(this.pollInterval, this.pollKind, this.gen);
  };

  private write(j: number, n: number, t: number): void {
    if (this.sinkUp[j] === 1) {
      this.delivered[j] = (this.delivered[j] as number) + n;
      return;
    }
    const cap = this.sinkCap[j] as number;
    const room = cap - (this.disk[j] as number);
    const fit = n < room ? n : room;
    this.disk[j] = (this.disk[j] as number) + fit;
    this.lostDisk[j] = (this.lostDisk[j] as number) + n - fit;
    if ((this.disk[j] as number) > (this.diskPeak[j] as number)) this.diskPeak[j] = this.disk[j] as number;
    if (this.disk[j] === cap && Number.isNaN(this.fullSince[j] as number)) this.fullSince[j] = t;
    this.scheduleSync(j, t);
  }

  private scheduleSync(j: number, t: number): void {
    if (this.syncPending[j] === 1 || this.disk[j] === 0) return;
    const every = this.sinkSync[j] as number;
    this.syncPending[j] = 1;
    let next = (Math.floor(t / every) + 1) * every;
    // t/every may round below an exact multiple t: the next multiple is then t itself.
    if (!(next > t)) next += every;
    this.engine.scheduleAt(next, this.syncKind, j);
  }

  private readonly onSync = (j: number): void => {
    const t = this.engine.now;
    this.advance(t);
    this.syncPending[j] = 0;
    if (this.sinkUp[j] === 1) {
      this.delivered[j] = (this.delivered[j] as number) + (this.disk[j] as number);
      this.disk[j] = 0;
      this.closeFull(j, t);
      const since = this.recoveredAt[j] as number;
      if (!Number.isNaN(since)) {
        const took = t - since;
        this.drainSum[j] = (this.drainSum[j] as number) + took;
        this.drains[j] = (this.drains[j] as number) + 1;
        if (took > (this.drainMax[j] as number)) this.drainMax[j] = took;
        this.recoveredAt[j] = NaN;
      }
    } else this.scheduleSync(j, t);
  };

  private closeFull(j: number, t: number): void {
    const since = this.fullSince[j] as number;
    if (Number.isNaN(since)) return;
    this.fullTime[j] = (this.fullTime[j] as number) + t - since;
    this.fullSince[j] = NaN;
  }

  private sinkMoved(j: number): void {
    const t = this.engine.now;
    this.advance(t);
    const up = this.state[this.sinkC[j] as number] === UP ? 1 : 0;
    if (up === this.sinkUp[j]) return;
    this.sinkUp[j] = up;
    if (up === 1 && (this.disk[j] as number) > 0) this.recoveredAt[j] = t;
    else if (up === 0) this.recoveredAt[j] = NaN;
  }

  /** The ledger at the current time (tests; after `close`, at the horizon). */
  ledger(): Ledger {
    const fallback = Array.from(this.lostDisk).reduce((a, b) => a + b, 0);
    return {
      produced: this.created,
      processed: this.processed,
      duplicated: this.duplicated,
      lost: { producer_dropped: this.lostProducer, acks1_leader_loss: this.truncated, auto_commit: this.lostAuto, fallback_full: fallback },
      inFlight: this.buffered + this.logEnd - this.frontier,
      quarantined: this.quarantined,
      sinks: this.sinkNames.map((name, j) => ({ name, delivered: this.delivered[j] as number, onDisk: this.disk[j] as number, lost: this.lostDisk[j] as number })),
    };
  }

  close(end: number): void {
    this.advance(end);
    const v = this.kernel.values;
    const s = this.slots;
    let fallback = 0;
    for (let j = 0; j < this.sinkC.length; j++) {
      this.closeFull(j, end);
      fallback += this.lostDisk[j] as number;
      const k = this.sinkSlots[j] as Pipeline['sinkSlots'][number];
      v[k.delivered] = this.delivered[j] as number;
      v[k.lost] = this.lostDisk[j] as number;
      v[k.peak] = this.diskPeak[j] as number;
      v[k.full] = this.fullTime[j] as number;
      v[k.drainSum] = this.drainSum[j] as number;
      v[k.drains] = this.drains[j] as number;
      v[k.drainMax] = this.drainMax[j] as number;
    }
    v[s.produced as number] = this.created;
    v[s.processed as number] = this.processed;
    v[s.duplicated as number] = this.duplicated;
    v[s.producer_dropped as number] = this.lostProducer;
    v[s.acks1_leader_loss as number] = this.truncated;
    v[s.auto_commit as number] = this.lostAuto;
    v[s.fallback_full as number] = fallback;
    v[s.lost as number] = this.lostProducer + this.truncated + this.lostAuto + fallback;
    v[s.inFlight as number] = this.buffered + this.logEnd - this.frontier;
    v[s.lagTime as number] = this.lagIntegral;
    v[s.lagPeak as number] = this.lagPeak;
    v[s.down as number] = Math.max(0, end - this.upTime);
    v[s.refused as number] = Math.max(0, end - this.writableTime);
    v[s.restarts as number] = this.restarts;
    v[s.restartSum as number] = this.restartSum;
    v[s.over as number] = this.restartsOver;
    v[s.restartMax as number] = this.restartMax * SECONDS_PER_HOUR;
    const b = this.breakerSlots;
    if (b !== undefined) {
      v[b.quarantined] = this.quarantined;
      v[b.episodes] = this.episodes;
      v[b.episodeTime] = this.episodeTime;
      if (this.hasBreaker) {
        v[b.trips] = this.trips;
        v[b.paused] = this.pausedTime;
        v[b.lagPeak] = this.pauseLagPeak;
        v[b.response] = this.responseSum;
      }
    }
  }
}
