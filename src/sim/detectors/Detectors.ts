/** Failure detectors: heartbeats with loss, a heartbeat or phi accrual monitor per component, the suspected view the services are evaluated on, and detection metrics. */
import { akkaLogisticQuantile } from '../../math/akkaLogistic.js';
import { normalQuantile } from '../../math/normal.js';
import type { Distribution } from '../../random/distributions/Distribution.js';
import { fromSpec } from '../../random/distributions/fromSpec.js';
import { ReloadableTychei } from '../../random/ReloadableTychei.js';
import { StreamKey, type ReplicationStreams } from '../../random/streams.js';
import { memberLosses, type DetectorSpec } from '../../scenario/detectorSpec.js';
import type { Scenario } from '../../scenario/validateScenario.js';
import type { Gate, View } from '../gates/Gate.js';
import { DOWN, UP } from '../kernel/ComponentTable.js';
import type { Kernel, Module } from '../kernel/Kernel.js';
import type { ServiceListener } from '../kernel/Services.js';

/** A heartbeat at the deadline itself (within this fraction of an interval) is in time. */
const TIE = 1e-9;
const SECONDS_PER_HOUR = 3600;

const HEARTBEAT = 0;
const PHI_AKKA = 1;
const PHI_NORMAL = 2;
const PHI_CASSANDRA = 3;

/** A test's window on the detector: called at every change of a component's suspected flag. */
export type SuspicionProbe = (component: number, time: number, suspected: boolean) => void;

/**
 * Semantics (docs/fault-modes.md, "Failure detectors"). A monitored component sends heartbeat slots
 * k = 0, 1, 2, … at base + kΔ while it is UP; slot 0 is a certain reception (at time 0,
 * base = phase − Δ with the phase uniform in (0, Δ) from stream (`<group>/<i>`,
 * `heartbeat-phase`), a stationary start: every node trusted; at a restart, base = the restart
 * time: a restarted node announces itself). Every later slot is lost with probability ℓ_c, one
 * uniform per slot from (`<group>/<i>`, `heartbeat-loss`) (none when ℓ_c = 0): the detector's
 * `loss`, or with per-node loss ℓ_c = 1 − (1 − send_c)(1 − receive), one uniform for both (a
 * heartbeat arrives iff lost neither on send nor on receipt, independently). A crashed node
 * sends nothing. The monitor keeps the time of the last reception a and suspects at a + T(a):
 * T fixed for a heartbeat detector; for phi accrual, the time at which φ reaches the threshold
 * under the inter-arrival statistics at a. A reception clears the suspicion; a reception at the
 * deadline itself is in time (so with T = nΔ a false suspicion needs n consecutive losses).
 *
 * Jittered heartbeats (the interval a distribution): slot k is sent a gap after slot k − 1, the
 * gaps i.i.d. from the law, one draw per slot from (`<group>/<i>`, `heartbeat-gap`), drawn when
 * slot k − 1 is handled (as the loss draw is); a renewal process, so received inter-arrivals are
 * i.i.d. At time 0 slot 0 is at −(1 − u)G₁ and slot 1 at uG₁; at a restart slot 0 is the restart.
 *
 * Heartbeats are kept cheap (`heartbeats: "auto"`, heartbeat detectors): no heartbeat is an
 * event. With ℓ = 0 the detector is a function of the crash times: at a crash at x the last
 * reception is base + ⌊(x − base)/Δ⌋Δ, and the one event is the suspicion T after it. With
 * ℓ > 0 the slots' loss draws are made in a loop (the same draws, in the same order, as the
 * full simulation), and only the start and end of each run of ≥ n losses are events; at a crash
 * the loop is replayed from a saved stream state up to the crash, so that the last reception
 * before it, and the draws consumed, are those of the full simulation (also when the crash
 * comes during a false suspicion, after the look-ahead drew to the pending trust). With jitter the
 * loop draws each slot's gap too and the replay reloads both streams. `heartbeats: "full"`
 * (and every phi detector) makes each slot an event: the test of the shortcut compares the two.
 *
 * The suspected view: component c counts as up for the detected view iff it is UP, not paused
 * and not suspected (a service routes only to nodes it believes alive). A node that is down or
 * paused but still trusted answers nothing to the requests routed to it: a service whose gate
 * reads its group is down on the detected view until the detector suspects it (a failover
 * waits for detection). So `<service>.detected_availability` is the gate on that view, and no
 * trusted node of its monitored groups silent; gates are monotone, so it never exceeds the
 * true availability.
 * Cost: one scan of the changed group per state change of a component (the table says which
 * group moved, not which component).
 */
export class Detectors implements Module, ServiceListener {
  private readonly engine: Kernel['engine'];
  private readonly table: Kernel['table'];
  private readonly n: number;
  /** Per component: its detector's index, or −1. */
  private readonly detectorOf: Int32Array;
  private readonly type: Uint8Array;
  private readonly interval: Float64Array;
  private readonly timeout: Float64Array;
  /** Heartbeat: ⌊T/Δ⌋, the slots after a reception that can keep the node trusted. */
  private readonly slotsInTimeout: Int32Array;
  /** Per component: its heartbeats' loss probability ℓ_c = 1 − (1 − send)(1 − receive) (the detector's `loss` without per-node loss). */
  private readonly loss: Float64Array;
  private readonly shortcut: Uint8Array;
  private readonly threshold: Float64Array;
  private readonly window: Int32Array;
  private readonly minSd: Float64Array;
  private readonly pause: Float64Array;
  private readonly firstEstimate: Float64Array;
  /** The threshold's quantile: y_φ (Akka's logistic), z_φ (normal), φ·ln 10 (Cassandra). */
  private readonly quantile: Float64Array;

  // Per component.
  private readonly phaseKey: StreamKey[];
  private readonly lossKey: StreamKey[];
  private readonly phaseStream: ReloadableTychei[];
  private readonly lossStream: ReloadableTychei[];
  /** Saved loss-stream states (4 words per component), at `savedK`. */
  private readonly saved: Int32Array;
  private readonly savedK: Float64Array;
  // Jittered heartbeats (the interval a distribution): per detector the gap law (undefined: every Δ exactly); per component its stream and state.
  private readonly gapLaw: (Distribution | undefined)[];
  private readonly gapKey: StreamKey[];
  private readonly gapStream: ReloadableTychei[];
  /** Saved gap-stream states (4 words per component), with `savedK`, and the time of slot `savedK`. */
  private readonly savedGaps: Int32Array;
  private readonly savedT: Float64Array;
  /** Slot 1's gap when drawn before slot 0 (the start), else NaN. */
  private readonly firstGap: Float64Array;
  /** Time of the last reception (jittered heartbeats; the shortcut's look-ahead and replay). */
  private readonly lastT: Float64Array;
  /** Time of the pending slot (full): slot 0 at the start lies before its event at 0. */
  private readonly nextT: Float64Array;
  /** The last reception found by `replay` (its time). */
  private replayT = NaN;
  private readonly base: Float64Array;
  /** Index of the last reception. */
  private readonly lastK: Float64Array;
  /** Time of the pending slot event (full), or NaN. */
  private readonly nextSlot: Float64Array;
  private readonly nextK: Float64Array;
  /** The pending slot's loss draw (lost iff below the loss probability at its time; 1: no draw). */
  private readonly nextU: Float64Array;
  /** Time of the pending suspicion, or NaN. */
  private readonly deadline: Float64Array;
  /** Shortcut: time of the pending reception that ends a suspicion, or NaN. */
  private readonly resumeAt: Float64Array;
  private readonly resumeK: Float64Array;
  readonly suspected: Uint8Array;
  private readonly shadow: Uint8Array;
  private readonly crashAt: Float64Array;
  private readonly awaiting: Uint8Array;
  /** Since when the component is UP (NaN: not UP) and since when UP and suspected (NaN: not). */
  private readonly aliveSince: Float64Array;
  private readonly wrongSince: Float64Array;
  // Phi: a ring of inter-arrival samples per component, from `ringStart[c]`.
  private readonly ringStart: Int32Array;
  private readonly ring: Float64Array;
  private readonly ringPos: Int32Array;
  private readonly ringCount: Int32Array;
  private readonly ringSum: Float64Array;
  private readonly ringSumSq: Float64Array;

  // Per detector: this replication's accumulators.
  private readonly latencySum: Float64Array;
  private readonly detected: Float64Array;
  private readonly falseSuspicions: Float64Array;
  private readonly aliveTime: Float64Array;
  private readonly wrongTime: Float64Array;
  private readonly slots: { latency: number; detected: number; falseCount: number; alive: number; wrong: number }[];

  // The detected view.
  private readonly gates: readonly Gate[];
  private readonly view: View;
  private readonly effUp: Int32Array;
  private readonly effState: Uint8Array;
  private readonly effService: Uint8Array;
  /** Per group: its monitored components that are down or paused yet still trusted (requests routed to them fail). */
  private readonly trustedDown: Int32Array;
  /** Per service: the groups its gate reads, directly or through the services it uses. */
  private readonly serviceGroups: Int32Array[];
  private readonly detDown: Float64Array;
  private readonly detDownSince: Float64Array;
  private readonly trueDown: Float64Array;
  private readonly trueDownSince: Float64Array;
  private readonly serviceSlots: { detected: number; gap: number }[];

  private readonly slotKind: number;
  private readonly deadlineKind: number;
  private readonly resumeKind: number;
  // Loss episodes: per detector its laws (undefined: none), stream and state.
  private readonly episodeEvery: (Distribution | undefined)[];
  private readonly episodeLength: (Distribution | undefined)[];
  private readonly episodeProbability: Float64Array;
  private readonly episodeKey: StreamKey[];
  private readonly episodeStream: ReloadableTychei[];
  private readonly episodeOn: Uint8Array;
  /** Per component: 1 when its slots draw a loss uniform (a loss > 0 or episodes). */
  private readonly draws: Uint8Array;
  private readonly episodeKind: number;
  // Timing faults: per detector its pause laws (undefined: none); per component its streams and state.
  private readonly pauseEvery: (Distribution | undefined)[];
  private readonly pauseLength: (Distribution | undefined)[];
  private readonly pauseEveryKey: StreamKey[];
  private readonly pauseLengthKey: StreamKey[];
  private readonly pauseEveryStream: ReloadableTychei[];
  private readonly pauseLengthStream: ReloadableTychei[];
  readonly paused: Uint8Array;
  /** Time of the pending pause start, or of the pending pause end, or NaN. */
  private readonly pauseAt: Float64Array;
  private readonly pauseKind: number;
  /** Tests only. */
  probe: SuspicionProbe | undefined;

  constructor(
    private readonly kernel: Kernel,
    scenario: Scenario,
    specs: readonly DetectorSpec[],
  ) {
    this.engine = kernel.engine;
    this.table = kernel.table;
    const table = kernel.table;
    const n = table.n;
    this.n = n;
    const D = specs.length;
    this.detectorOf = new Int32Array(n).fill(-1);
    this.type = new Uint8Array(D);
    this.interval = new Float64Array(D);
    this.timeout = new Float64Array(D);
    this.slotsInTimeout = new Int32Array(D);
    this.loss = new Float64Array(n);
    this.shortcut = new Uint8Array(D);
    this.threshold = new Float64Array(D);
    this.window = new Int32Array(D);
    this.minSd = new Float64Array(D);
    this.pause = new Float64Array(D);
    this.firstEstimate = new Float64Array(D);
    this.quantile = new Float64Array(D);
    this.ringStart = new Int32Array(n);
    let ringSize = 0;
    const groupIndex = new Map(scenario.groups.map((g, i) => [g.name, i]));
    specs.forEach((s, d) => {
      const g = groupIndex.get(s.group) as number;
      const det = s.detector;
      this.interval[d] = det.interval;
      if (det.type === 'heartbeat') {
        this.type[d] = HEARTBEAT;
        this.timeout[d] = det.timeout;
        this.slotsInTimeout[d] = Math.floor(det.timeout / det.interval + TIE);
        // The shortcut's look-ahead needs a loss law fixed in time: with episodes every slot is an event.
        this.shortcut[d] = s.heartbeats === 'auto' && s.lossEpisodes === null ? 1 : 0;
      } else {
        this.type[d] = det.variant === 'akka' ? PHI_AKKA : det.variant === 'normal' ? PHI_NORMAL : PHI_CASSANDRA;
        this.threshold[d] = det.threshold;
        this.window[d] = det.window;
        this.minSd[d] = det.minStdDeviation;
        this.pause[d] = det.acceptablePause;
        this.firstEstimate[d] = det.firstHeartbeatEstimate;
        this.quantile[d] =
          det.variant === 'akka' ? akkaLogisticQuantile(det.threshold) : det.variant === 'normal' ? -normalQuantile(10 ** -det.threshold) : det.threshold * Math.LN10;
      }
      const start = table.groupStart[g] as number;
      const count = table.groupCount[g] as number;
      const losses = memberLosses(s, count);
      for (let c = start; c < start + count; c++) {
        this.detectorOf[c] = d;
        this.loss[c] = losses[c - start] as number;
        if (det.type === 'phi') {
          this.ringStart[c] = ringSize;
          ringSize += det.window;
        }
      }
    });
    const label = (c: number) => {
      const g = table.group[c] as number;
      return `${scenario.groups[g]?.name}/${c - (table.groupStart[g] as number)}`;
    };
    this.phaseKey = Array.from({ length: n }, (_, c) => new StreamKey(label(c), 'heartbeat-phase'));
    this.lossKey = Array.from({ length: n }, (_, c) => new StreamKey(label(c), 'heartbeat-loss'));
    this.phaseStream = Array.from({ length: n }, () => new ReloadableTychei());
    this.lossStream = Array.from({ length: n }, () => new ReloadableTychei());
    this.saved = new Int32Array(4 * n);
    this.savedK = new Float64Array(n);
    this.gapLaw = specs.map((s) => (s.gaps === null ? undefined : fromSpec(s.gaps, `${s.path}.${s.detector.type}.interval`)));
    this.gapKey = Array.from({ length: n }, (_, c) => new StreamKey(label(c), 'heartbeat-gap'));
    this.gapStream = Array.from({ length: n }, () => new ReloadableTychei());
    this.savedGaps = new Int32Array(4 * n);
    this.savedT = new Float64Array(n);
    this.firstGap = new Float64Array(n).fill(NaN);
    this.lastT = new Float64Array(n);
    this.nextT = new Float64Array(n);
    this.base = new Float64Array(n);
    this.lastK = new Float64Array(n);
    this.nextSlot = new Float64Array(n);
    this.nextK = new Float64Array(n);
    this.nextU = new Float64Array(n);
    this.deadline = new Float64Array(n);
    this.resumeAt = new Float64Array(n);
    this.resumeK = new Float64Array(n);
    this.suspected = new Uint8Array(n);
    this.shadow = new Uint8Array(n);
    this.crashAt = new Float64Array(n);
    this.awaiting = new Uint8Array(n);
    this.aliveSince = new Float64Array(n);
    this.wrongSince = new Float64Array(n);
    this.ring = new Float64Array(ringSize);
    this.ringPos = new Int32Array(n);
    this.ringCount = new Int32Array(n);
    this.ringSum = new Float64Array(n);
    this.ringSumSq = new Float64Array(n);
    this.latencySum = new Float64Array(D);
    this.detected = new Float64Array(D);
    this.falseSuspicions = new Float64Array(D);
    this.aliveTime = new Float64Array(D);
    this.wrongTime = new Float64Array(D);

    const r = kernel.registry;
    const whole = scenario.stopAt === null;
    const count = { range: Infinity, kind: 'count' } as const;
    this.slots = whole
      ? specs.map((s) => {
          const g = s.group;
          const latency = r.quantity(`${g}.detection_latency_sum`, count);
          const detected = r.quantity(`${g}.crashes_detected`, count);
          const falseCount = r.quantity(`${g}.false_suspicions`, count);
          const alive = r.quantity(`${g}.alive_hours`, count);
          const wrong = r.quantity(`${g}.suspected_alive_hours`, count);
          r.ratio(`${g}.detection_latency`, 's', 'duration', latency, detected, SECONDS_PER_HOUR, 'mean time from a crash to its suspicion (0 when already suspected): Σ latency / crashes detected');
          r.mean(`${g}.crashes_detected`, 'crashes', 'count', detected, 0, 1, 'crashes at times in [warmup, horizon] suspected by the horizon');
          r.mean(`${g}.false_suspicions`, 'suspicions', 'count', falseCount, 0, 1, 'suspicions of a live component starting in [warmup, horizon]');
          r.mean(`${g}.false_suspicions_per_hour`, '1/h', 'count', falseCount, 0, 1 / kernel.span, 'false suspicions of the group per hour of [warmup, horizon]');
          r.ratio(`${g}.mistakes_per_hour`, '1/h', 'count', falseCount, alive, 1, 'false suspicions per hour a monitored component is alive (Chen, Toueg & Aguilera 2002: the mistake rate)');
          r.ratio(`${g}.suspected_alive_fraction`, '1', 'fraction', wrong, alive, 1, 'fraction of the time alive that a monitored component is suspected');
          return { latency, detected, falseCount, alive, wrong };
        })
      : [];
    this.gates = kernel.services.gates;
    const S = this.gates.length;
    this.effUp = new Int32Array(table.groupCount.length);
    this.effState = new Uint8Array(n);
    this.effService = new Uint8Array(S);
    this.trustedDown = new Int32Array(table.groupCount.length);
    const direct = this.gates.map((gate) => gate.watches.flatMap((w) => ('group' in w ? [w.group] : [])));
    const uses = this.gates.map((gate) => gate.watches.flatMap((w) => ('service' in w ? [w.service] : [])));
    this.serviceGroups = this.gates.map((_, s0) => {
      const groups = new Set<number>();
      const stack = [s0];
      const seen = new Set<number>();
      while (stack.length > 0) {
        const s = stack.pop() as number;
        if (seen.has(s)) continue;
        seen.add(s);
        for (const g of direct[s] ?? []) groups.add(g);
        for (const u of uses[s] ?? []) stack.push(u);
      }
      return Int32Array.from([...groups].filter((g) => specs.some((x) => groupIndex.get(x.group) === g)).sort((a, b) => a - b));
    });
    this.view = { groupUp: this.effUp, groupCount: table.groupCount, state: this.effState, serviceUp: this.effService };
    this.detDown = new Float64Array(S);
    this.detDownSince = new Float64Array(S);
    this.trueDown = new Float64Array(S);
    this.trueDownSince = new Float64Array(S);
    this.serviceSlots = whole
      ? scenario.services.map((s) => {
          const detected = r.quantity(`${s.name}.detected_downtime`, { range: kernel.span, kind: 'amount' });
          const gap = r.quantity(`${s.name}.detection_downtime`, { range: kernel.span, kind: 'amount' });
          r.mean(`${s.name}.detected_availability`, '1', 'fraction', detected, 1, -1 / kernel.span, 'fraction of [warmup, horizon] up on the detected view (a component counts iff UP and not suspected)');
          r.mean(`${s.name}.availability_gap`, '1', 'fraction', gap, 0, 1 / kernel.span, 'availability − detected_availability: the downtime detection adds (its delay and false suspicions)');
          return { detected, gap };
        })
      : [];
    kernel.services.listen(this);
    for (let g = 0; g < table.groupCount.length; g++) kernel.bus.listenGroup(g, this.onGroup);
    this.pauseEvery = specs.map((s) => (s.pauses === null ? undefined : fromSpec(s.pauses.every, `${s.path}.pauses.every`)));
    this.pauseLength = specs.map((s) => (s.pauses === null ? undefined : fromSpec(s.pauses.duration, `${s.path}.pauses.duration`)));
    this.pauseEveryKey = Array.from({ length: n }, (_, c) => new StreamKey(label(c), 'pause-every'));
    this.pauseLengthKey = Array.from({ length: n }, (_, c) => new StreamKey(label(c), 'pause-duration'));
    this.pauseEveryStream = Array.from({ length: n }, () => new ReloadableTychei());
    this.pauseLengthStream = Array.from({ length: n }, () => new ReloadableTychei());
    this.paused = new Uint8Array(n);
    this.pauseAt = new Float64Array(n);
    this.pauseKind = this.engine.on(this.onPause);
    this.episodeEvery = specs.map((s) => (s.lossEpisodes === null ? undefined : fromSpec(s.lossEpisodes.every, `${s.path}.loss.every`)));
    this.episodeLength = specs.map((s) => (s.lossEpisodes === null ? undefined : fromSpec(s.lossEpisodes.duration, `${s.path}.loss.duration`)));
    this.episodeProbability = Float64Array.from(specs, (s) => s.lossEpisodes?.probability ?? 0);
    this.episodeKey = specs.map((s) => new StreamKey(`detector/${s.group}`, 'loss-episodes'));
    this.episodeStream = specs.map(() => new ReloadableTychei());
    this.episodeOn = new Uint8Array(D);
    this.draws = Uint8Array.from(this.loss, (loss, c) => {
      const d = this.detectorOf[c] as number;
      return d >= 0 && (loss > 0 || specs[d]?.lossEpisodes != null) ? 1 : 0;
    });
    this.episodeKind = this.engine.on(this.onEpisode);
    this.slotKind = this.engine.on(this.onSlot);
    this.deadlineKind = this.engine.on(this.onDeadline);
    this.resumeKind = this.engine.on(this.onResume);
  }

  start(streams: ReplicationStreams): void {
    const table = this.table;
    this.latencySum.fill(0);
    this.detected.fill(0);
    this.falseSuspicions.fill(0);
    this.aliveTime.fill(0);
    this.wrongTime.fill(0);
    this.suspected.fill(0);
    this.awaiting.fill(0);
    this.wrongSince.fill(NaN);
    this.paused.fill(0);
    this.pauseAt.fill(NaN);
    this.episodeOn.fill(0);
    for (let d = 0; d < this.episodeEvery.length; d++) {
      const every = this.episodeEvery[d];
      if (every === undefined) continue;
      const stream = this.episodeStream[d] as ReloadableTychei;
      streams.loadInto(this.episodeKey[d] as StreamKey, stream);
      this.engine.schedule(every.sample(stream.draw), this.episodeKind, d);
    }
    for (let c = 0; c < this.n; c++) {
      const state = table.state[c] as number;
      this.shadow[c] = state;
      this.aliveSince[c] = state === UP ? 0 : NaN;
      this.deadline[c] = NaN;
      this.resumeAt[c] = NaN;
      this.nextSlot[c] = NaN;
      const d = this.detectorOf[c] as number;
      if (d < 0) continue;
      if (state !== UP) this.suspected[c] = 1; // the monitor starts knowing who is down
      const phase = this.phaseStream[c] as ReloadableTychei;
      streams.loadInto(this.phaseKey[c] as StreamKey, phase);
      streams.loadInto(this.lossKey[c] as StreamKey, this.lossStream[c] as ReloadableTychei);
      const gaps = this.gapLaw[d];
      this.firstGap[c] = NaN;
      if (gaps !== undefined) {
        // Jittered: at time 0 the node is a uniform fraction of the way through a gap drawn from the law (slot 0 before 0, slot 1 after it).
        const stream = this.gapStream[c] as ReloadableTychei;
        streams.loadInto(this.gapKey[c] as StreamKey, stream);
        if (state === UP) {
          const g = gaps.sample(stream.draw);
          const u = phase.draw();
          this.begin(c, d, -(1 - u) * g, g);
        }
      } else if (state === UP) this.begin(c, d, phase.draw() * (this.interval[d] as number) - (this.interval[d] as number));
      if (this.pauseEvery[d] !== undefined) {
        streams.loadInto(this.pauseEveryKey[c] as StreamKey, this.pauseEveryStream[c] as ReloadableTychei);
        streams.loadInto(this.pauseLengthKey[c] as StreamKey, this.pauseLengthStream[c] as ReloadableTychei);
        if (state === UP) this.schedulePause(c, d);
      }
    }
    this.refreshAll();
    for (let s = 0; s < this.gates.length; s++) {
      const up = this.detectedUp(s);
      this.effService[s] = up;
      this.detDown[s] = 0;
      this.detDownSince[s] = up === 1 ? NaN : 0;
    }
  }

  /** Heartbeats start at `base` (slot 0, a certain reception): the monitor's state is fresh. */
  private begin(c: number, d: number, base: number, firstGap = NaN): void {
    this.base[c] = base;
    this.lastK[c] = 0;
    this.lastT[c] = base;
    this.firstGap[c] = firstGap; // NaN at a restart: every gap is drawn at its slot
    if (this.type[d] !== HEARTBEAT) this.resetHistory(c, d);
    if (this.shortcut[d] === 1) {
      if (this.gapLaw[d] !== undefined) this.searchJittered(c, d);
      else if ((this.loss[c] as number) > 0) this.search(c, d);
      return;
    }
    this.nextT[c] = base;
    // Full: the slot-0 reception is handled as an event (at time 0 for a start: it is before it).
    this.nextK[c] = 0;
    this.nextU[c] = 1;
    const at = Math.max(base, this.engine.now);
    this.nextSlot[c] = at;
    this.engine.scheduleAt(at, this.slotKind, c);
  }

  // ---- The shortcut (heartbeat detectors with "auto") ----

  /**
   * From the last reception (lastK), draws slot after slot until a run of n losses (a suspicion
   * at a + T, and the reception ending it) or the horizon: only those two are events. The
   * stream's state at the start is saved, for `replay`.
   */
  private search(c: number, d: number): void {
    const loss = this.loss[c] as number;
    const dt = this.interval[d] as number;
    const n = this.slotsInTimeout[d] as number;
    const base = this.base[c] as number;
    const stream = this.lossStream[c] as ReloadableTychei;
    stream.save(this.saved, 4 * c);
    let last = this.lastK[c] as number;
    this.savedK[c] = last;
    const horizon = this.kernel.horizon;
    let found = false;
    for (let k = last + 1; ; k++) {
      const t = base + k * dt;
      if (t > horizon) break;
      const lost = stream.draw() < loss;
      if (!lost) {
        if (found) {
          this.resumeAt[c] = t;
          this.resumeK[c] = k;
          this.engine.scheduleAt(t, this.resumeKind, c);
          return;
        }
        last = k;
        continue;
      }
      if (k - last === n) {
        found = true;
        this.lastK[c] = last;
        const at = Math.max(base + last * dt + (this.timeout[d] as number), this.engine.now);
        this.deadline[c] = at;
        this.engine.scheduleAt(at, this.deadlineKind, c);
      }
    }
    if (!found) this.lastK[c] = last;
  }

  /** Jittered heartbeats: the time of slot k, from slot k − 1's time (one gap draw, except slot 1 after the start, drawn then). */
  private gapAfter(c: number, d: number, k: number, prev: number): number {
    const first = this.firstGap[c] as number;
    if (k === 1 && first === first) return prev + first;
    return prev + (this.gapLaw[d] as Distribution).sample((this.gapStream[c] as ReloadableTychei).draw);
  }

  /**
   * `search` for jittered heartbeats: slot k's time is slot k − 1's plus a gap drawn from the law,
   * and a suspicion comes when the next reception is later than the last one + T (a gap longer
   * than T, or losses, or both). Both streams' states are saved, for `replayJittered`.
   */
  private searchJittered(c: number, d: number): void {
    const loss = this.loss[c] as number;
    const tie = TIE * (this.interval[d] as number);
    const timeout = this.timeout[d] as number;
    const lossStream = this.lossStream[c] as ReloadableTychei;
    lossStream.save(this.saved, 4 * c);
    (this.gapStream[c] as ReloadableTychei).save(this.savedGaps, 4 * c);
    let last = this.lastK[c] as number;
    let lastT = this.lastT[c] as number;
    this.savedK[c] = last;
    this.savedT[c] = lastT;
    const horizon = this.kernel.horizon;
    let found = false;
    let t = lastT;
    for (let k = last + 1; ; k++) {
      t = this.gapAfter(c, d, k, t);
      if (t > horizon) break;
      const lost = loss > 0 && lossStream.draw() < loss;
      if (!found && t > lastT + timeout + tie) {
        found = true;
        this.lastK[c] = last;
        this.lastT[c] = lastT;
        const at = Math.max(lastT + timeout, this.engine.now);
        this.deadline[c] = at;
        this.engine.scheduleAt(at, this.deadlineKind, c);
      }
      if (lost) continue;
      if (found) {
        this.resumeAt[c] = t;
        this.resumeK[c] = k;
        this.engine.scheduleAt(t, this.resumeKind, c);
        return;
      }
      last = k;
      lastT = t;
    }
    if (!found) {
      this.lastK[c] = last;
      this.lastT[c] = lastT;
    }
  }

  /** `replay` for jittered heartbeats: both streams replayed from their saved states through the first slot after x; the last reception's time in `replayT`. */
  private replayJittered(c: number, d: number, x: number): number {
    const loss = this.loss[c] as number;
    const lossStream = this.lossStream[c] as ReloadableTychei;
    const s = this.saved;
    lossStream.load(s[4 * c] as number, s[4 * c + 1] as number, s[4 * c + 2] as number, s[4 * c + 3] as number);
    const g = this.savedGaps;
    (this.gapStream[c] as ReloadableTychei).load(g[4 * c] as number, g[4 * c + 1] as number, g[4 * c + 2] as number, g[4 * c + 3] as number);
    let last = this.savedK[c] as number;
    let lastT = this.savedT[c] as number;
    let t = lastT;
    for (let k = last + 1; ; k++) {
      t = this.gapAfter(c, d, k, t);
      const lost = loss > 0 && lossStream.draw() < loss;
      if (t > x) break;
      if (!lost) {
        last = k;
        lastT = t;
      }
    }
    this.replayT = lastT;
    return last;
  }

  /** The last reception at or before x (the shortcut, at a crash or a pause start): sets lastK and lastT, returns lastT. */
  private lastBefore(c: number, d: number, x: number): number {
    if (this.gapLaw[d] !== undefined) {
      this.lastK[c] = this.replayJittered(c, d, x);
      this.lastT[c] = this.replayT;
    } else {
      const last = this.replay(c, d, x);
      this.lastK[c] = last;
      this.lastT[c] = (this.base[c] as number) + last * (this.interval[d] as number);
    }
    return this.lastT[c] as number;
  }

  /**
   * At a crash at `x`: the last reception at or before x, by replaying the loss draws from the
   * saved state up to the first slot after x (the draws the full simulation has made by then).
   */
  private replay(c: number, d: number, x: number): number {
    const dt = this.interval[d] as number;
    const base = this.base[c] as number;
    const m = Math.floor((x - base) / dt) + 1; // the first slot after x
    const loss = this.loss[c] as number;
    if (!(loss > 0)) return Math.max(0, m - 1);
    const stream = this.lossStream[c] as ReloadableTychei;
    const s = this.saved;
    stream.load(s[4 * c] as number, s[4 * c + 1] as number, s[4 * c + 2] as number, s[4 * c + 3] as number);
    let last = this.savedK[c] as number;
    for (let k = last + 1; k <= m; k++) if (!(stream.draw() < loss) && k < m) last = k;
    return last;
  }

  private readonly onResume = (c: number): void => {
    if (this.resumeAt[c] !== this.engine.now) return; // stale
    this.resumeAt[c] = NaN;
    const d = this.detectorOf[c] as number;
    this.lastK[c] = this.resumeK[c] as number;
    this.lastT[c] = this.engine.now;
    this.setSuspected(c, 0);
    if (this.gapLaw[d] !== undefined) this.searchJittered(c, d);
    else this.search(c, d);
  };

  // ---- The full simulation: every slot an event ----

  private readonly onSlot = (c: number): void => {
    const now = this.engine.now;
    if (this.nextSlot[c] !== now || this.table.state[c] !== UP || this.paused[c] === 1) return; // stale, crashed or paused
    const d = this.detectorOf[c] as number;
    const k = this.nextK[c] as number;
    const jittered = this.gapLaw[d] !== undefined;
    const dt = this.interval[d] as number;
    const t = jittered ? (this.nextT[c] as number) : (this.base[c] as number) + k * dt;
    if (!((this.nextU[c] as number) < this.lossNow(c, d))) this.receive(c, d, k, t, now);
    const next = k + 1;
    this.nextK[c] = next;
    this.nextU[c] = this.draws[c] === 1 ? (this.lossStream[c] as ReloadableTychei).draw() : 1;
    const at = jittered ? this.gapAfter(c, d, next, t) : (this.base[c] as number) + next * dt;
    this.nextT[c] = at;
    this.nextSlot[c] = at;
    this.engine.scheduleAt(at, this.slotKind, c);
  };

  /** A heartbeat received at slot k, sent (and received: no delay) at t: `now`, or before the start for slot 0. */
  private receive(c: number, d: number, k: number, t: number, now: number): void {
    const type = this.type[d] as number;
    let wait: number;
    if (type === HEARTBEAT) wait = this.timeout[d] as number;
    else {
      if (k > 0) this.record(c, d, t - (this.lastT[c] as number));
      wait = this.phiWait(c, d);
    }
    this.lastK[c] = k;
    this.lastT[c] = t;
    this.setSuspected(c, 0);
    const at = Math.max(t + wait, now);
    this.deadline[c] = at;
    this.engine.scheduleAt(at, this.deadlineKind, c);
  }

  private readonly onDeadline = (c: number): void => {
    const at = this.deadline[c] as number;
    if (at !== this.engine.now) return; // stale: a later reception, a restart, or a replay moved it
    const d = this.detectorOf[c] as number;
    // A reception at the deadline itself is in time (the full simulation's next slot, unlost).
    if (this.shortcut[d] === 0 && this.table.state[c] === UP && !((this.nextU[c] as number) < this.lossNow(c, d)) && (this.nextSlot[c] as number) <= at + TIE * (this.interval[d] as number)) return;
    this.deadline[c] = NaN;
    this.setSuspected(c, 1);
  };

  /** The loss probability of component c's heartbeat sent now (d its detector). */
  private lossNow(c: number, d: number): number {
    return this.episodeOn[d] === 1 ? (this.episodeProbability[d] as number) : (this.loss[c] as number);
  }

  /** A loss episode starts or ends; the next toggle is drawn from the episode stream. */
  private readonly onEpisode = (d: number): void => {
    const on = this.episodeOn[d] === 1 ? 0 : 1;
    this.episodeOn[d] = on;
    const law = (on === 1 ? this.episodeLength[d] : this.episodeEvery[d]) as Distribution;
    this.engine.schedule(law.sample((this.episodeStream[d] as ReloadableTychei).draw), this.episodeKind, d);
  };

  // ---- Timing faults ----

  private schedulePause(c: number, d: number): void {
    const at = this.engine.now + (this.pauseEvery[d] as Distribution).sample((this.pauseEveryStream[c] as ReloadableTychei).draw);
    this.pauseAt[c] = at;
    this.engine.scheduleAt(at, this.pauseKind, c);
  }

  /**
   * A pause starts (paused 0 → 1) or ends (1 → 0). Starting: the node sends no more heartbeats
   * (for the monitor as at a crash: its last reception and deadline are those before the pause)
   * and counts as down on the detected view; it stays UP on the true view. Ending: it resumes
   * as a restarted node does (a certain heartbeat at once, a fresh monitor state), and the next
   * pause is drawn.
   */
  private readonly onPause = (c: number): void => {
    const now = this.engine.now;
    if (this.pauseAt[c] !== now || this.table.state[c] !== UP) return; // stale
    const d = this.detectorOf[c] as number;
    if (this.paused[c] === 0) {
      this.paused[c] = 1;
      this.nextSlot[c] = NaN;
      if (this.shortcut[d] === 1 && this.suspected[c] === 1) this.lastBefore(c, d, now); // streams back to the full simulation's
      else if (this.shortcut[d] === 1) {
        const at = Math.max(this.lastBefore(c, d, now) + (this.timeout[d] as number), now);
        if (this.deadline[c] !== at) {
          this.deadline[c] = at;
          this.engine.scheduleAt(at, this.deadlineKind, c);
        }
      }
      this.resumeAt[c] = NaN;
      const end = now + (this.pauseLength[d] as Distribution).sample((this.pauseLengthStream[c] as ReloadableTychei).draw);
      this.pauseAt[c] = end;
      this.engine.scheduleAt(end, this.pauseKind, c);
    } else {
      this.paused[c] = 0;
      this.deadline[c] = NaN;
      this.resumeAt[c] = NaN;
      this.setSuspected(c, 0);
      this.begin(c, d, now);
      this.schedulePause(c, d);
    }
    this.refresh(this.table.group[c] as number);
    this.reevaluate();
  };

  // ---- Phi accrual ----

  /** Akka's bootstrap: two samples, mean ± mean/4, of the first-heartbeat estimate. */
  private resetHistory(c: number, d: number): void {
    const est = this.firstEstimate[d] as number;
    this.ringPos[c] = 0;
    this.ringCount[c] = 0;
    this.ringSum[c] = 0;
    this.ringSumSq[c] = 0;
    this.record(c, d, est - est / 4);
    this.record(c, d, est + est / 4);
  }

  private record(c: number, d: number, x: number): void {
    const w = this.window[d] as number;
    const at = (this.ringStart[c] as number) + (this.ringPos[c] as number);
    if ((this.ringCount[c] as number) === w) {
      const old = this.ring[at] as number;
      this.ringSum[c] = (this.ringSum[c] as number) - old;
      this.ringSumSq[c] = (this.ringSumSq[c] as number) - old * old;
    } else this.ringCount[c] = (this.ringCount[c] as number) + 1;
    this.ring[at] = x;
    this.ringSum[c] = (this.ringSum[c] as number) + x;
    this.ringSumSq[c] = (this.ringSumSq[c] as number) + x * x;
    this.ringPos[c] = ((this.ringPos[c] as number) + 1) % w;
  }

  /** The time after a reception at which φ reaches the threshold, under the window's mean and (population) sd. */
  private phiWait(c: number, d: number): number {
    const count = this.ringCount[c] as number;
    const mean = (this.ringSum[c] as number) / count;
    const variance = Math.max(0, (this.ringSumSq[c] as number) / count - mean * mean);
    const sd = Math.max(Math.sqrt(variance), this.minSd[d] as number);
    const q = this.quantile[d] as number;
    const pause = this.pause[d] as number;
    return this.type[d] === PHI_CASSANDRA ? pause + q * mean : mean + pause + sd * q;
  }

  // ---- State changes ----

  private readonly onGroup = (g: number): void => {
    const table = this.table;
    const start = table.groupStart[g] as number;
    const end = start + (table.groupCount[g] as number);
    const now = this.engine.now;
    for (let c = start; c < end; c++) {
      const state = table.state[c] as number;
      const was = this.shadow[c] as number;
      if (state === was) continue;
      this.shadow[c] = state;
      const d = this.detectorOf[c] as number;
      if (was === UP) {
        this.closeAlive(c, d, now);
        if (d >= 0) this.crashed(c, d, now);
      } else if (state === UP) {
        this.aliveSince[c] = now;
        if (d >= 0) {
          this.awaiting[c] = 0;
          this.deadline[c] = NaN;
          this.resumeAt[c] = NaN;
          this.setSuspected(c, 0);
          this.begin(c, d, now);
          if (this.pauseEvery[d] !== undefined) this.schedulePause(c, d);
        }
      }
    }
    this.refresh(g);
    this.reevaluate();
  };

  private crashed(c: number, d: number, x: number): void {
    this.crashAt[c] = x;
    this.pauseAt[c] = NaN; // a crash ends a pause, and the pause process restarts with the node
    if (this.paused[c] === 1) {
      // Heartbeats stopped at the pause: the monitor's state is frozen there, its deadline stands.
      this.paused[c] = 0;
      if (this.suspected[c] === 1) this.detect(c, d, x);
      else this.awaiting[c] = 1;
      return;
    }
    if (this.suspected[c] === 1) {
      this.detect(c, d, x);
      // The look-ahead drew up to the pending resume, past x: bring the streams back to where the full simulation stands (the last reception is unchanged).
      if (this.shortcut[d] === 1) this.lastBefore(c, d, x);
      this.resumeAt[c] = NaN;
      return;
    }
    this.awaiting[c] = 1;
    if (this.shortcut[d] === 0) return; // the pending deadline stands; no more slots
    this.resumeAt[c] = NaN;
    const at = Math.max(this.lastBefore(c, d, x) + (this.timeout[d] as number), x);
    if (this.deadline[c] !== at) {
      this.deadline[c] = at;
      this.engine.scheduleAt(at, this.deadlineKind, c);
    }
  }

  private detect(c: number, d: number, now: number): void {
    this.awaiting[c] = 0;
    if ((this.crashAt[c] as number) < this.kernel.warmup) return;
    this.latencySum[d] = (this.latencySum[d] as number) + (now - (this.crashAt[c] as number));
    this.detected[d] = (this.detected[d] as number) + 1;
  }

  private setSuspected(c: number, flag: number): void {
    if (this.suspected[c] === flag) return;
    this.suspected[c] = flag;
    const now = this.engine.now;
    const d = this.detectorOf[c] as number;
    const alive = this.table.state[c] === UP;
    if (flag === 1) {
      if (alive) {
        if (now >= this.kernel.warmup) this.falseSuspicions[d] = (this.falseSuspicions[d] as number) + 1;
        this.wrongSince[c] = now;
      } else if (this.awaiting[c] === 1) this.detect(c, d, now);
    } else if (alive) this.closeWrong(c, d, now);
    if (this.probe !== undefined) this.probe(c, now, flag === 1);
    this.refresh(this.table.group[c] as number);
    this.reevaluate();
  }

  private closeWrong(c: number, d: number, now: number): void {
    const since = this.wrongSince[c] as number;
    if (since === since) {
      const from = Math.max(since, this.kernel.warmup);
      if (now > from) this.wrongTime[d] = (this.wrongTime[d] as number) + (now - from);
    }
    this.wrongSince[c] = NaN;
  }

  private closeAlive(c: number, d: number, now: number): void {
    const since = this.aliveSince[c] as number;
    this.aliveSince[c] = NaN;
    if (d < 0) return;
    const from = Math.max(since, this.kernel.warmup);
    if (now > from) this.aliveTime[d] = (this.aliveTime[d] as number) + (now - from);
    this.closeWrong(c, d, now);
  }

  /** Group g's detected-view state and up count. */
  private refresh(g: number): void {
    const table = this.table;
    const start = table.groupStart[g] as number;
    const end = start + (table.groupCount[g] as number);
    let up = 0;
    let silent = 0;
    for (let c = start; c < end; c++) {
      const state = table.state[c] as number;
      const eff = state === UP && (this.suspected[c] === 1 || this.paused[c] === 1) ? DOWN : state;
      this.effState[c] = eff;
      if (eff === UP) up++;
      else if (this.suspected[c] === 0 && (this.detectorOf[c] as number) >= 0) silent++;
    }
    this.effUp[g] = up;
    this.trustedDown[g] = silent;
  }

  private refreshAll(): void {
    for (let g = 0; g < this.effUp.length; g++) this.refresh(g);
  }

  /** Every service on the detected view, in dependency order. */
  private reevaluate(): void {
    const now = this.engine.now;
    for (let s = 0; s < this.gates.length; s++) {
      const up = this.detectedUp(s);
      if (up === this.effService[s]) continue;
      this.effService[s] = up;
      if (up === 0) this.detDownSince[s] = now;
      else {
        this.detDown[s] = (this.detDown[s] as number) + this.clipped(this.detDownSince[s] as number, now);
        this.detDownSince[s] = NaN;
      }
    }
  }

  /** Service s on the detected view: its gate on the trusted-and-up components, and no trusted node of its groups silent. */
  private detectedUp(s: number): number {
    const groups = this.serviceGroups[s] as Int32Array;
    for (let i = 0; i < groups.length; i++) if ((this.trustedDown[groups[i] as number] as number) > 0) return 0;
    return (this.gates[s] as Gate).evaluate(this.view) ? 1 : 0;
  }

  private clipped(from: number, to: number): number {
    const a = Math.max(from, this.kernel.warmup);
    const b = Math.min(to, this.kernel.horizon);
    return b > a ? b - a : 0;
  }

  serviceStarted(s: number, up: number): void {
    this.trueDown[s] = 0;
    this.trueDownSince[s] = up === 1 ? NaN : 0;
  }

  serviceChanged(s: number, up: number): void {
    const now = this.engine.now;
    if (up === 0) this.trueDownSince[s] = now;
    else {
      this.trueDown[s] = (this.trueDown[s] as number) + this.clipped(this.trueDownSince[s] as number, now);
      this.trueDownSince[s] = NaN;
    }
  }

  close(end: number, whole: boolean): void {
    for (let c = 0; c < this.n; c++) if (this.shadow[c] === UP) this.closeAlive(c, this.detectorOf[c] as number, end);
    const values = this.kernel.values;
    if (!whole) return;
    for (let d = 0; d < this.slots.length; d++) {
      const slot = this.slots[d] as (typeof this.slots)[number];
      values[slot.latency] = this.latencySum[d] as number;
      values[slot.detected] = this.detected[d] as number;
      values[slot.falseCount] = this.falseSuspicions[d] as number;
      values[slot.alive] = this.aliveTime[d] as number;
      values[slot.wrong] = this.wrongTime[d] as number;
    }
    for (let s = 0; s < this.serviceSlots.length; s++) {
      const slot = this.serviceSlots[s] as { detected: number; gap: number };
      const det = (this.detDown[s] as number) + (this.detDownSince[s] === this.detDownSince[s] ? this.clipped(this.detDownSince[s] as number, end) : 0);
      const tru = (this.trueDown[s] as number) + (this.trueDownSince[s] === this.trueDownSince[s] ? this.clipped(this.trueDownSince[s] as number, end) : 0);
      values[slot.detected] = det;
      values[slot.gap] = Math.max(0, det - tru);
    }
  }
}
