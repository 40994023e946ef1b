import type { ScenarioDistribution } from './validateScenario.js';

/** The resolved `detectors` of a scenario (docs/fault-modes.md, "Failure detectors"): one failure detector per monitored group. */

/** Phi accrual variants, each named after the implementation whose φ it reproduces. */
export const PHI_VARIANTS = ['akka', 'normal', 'cassandra'] as const;
export type PhiVariant = (typeof PHI_VARIANTS)[number];

/** A fixed-timeout heartbeat detector (seed 001): suspected once no heartbeat arrived for `timeout`. */
export interface HeartbeatSpec {
  readonly type: 'heartbeat';
  /** Heartbeat period Δ, hours (with `gaps`, the law's mean). */
  readonly interval: number;
  /** Timeout T ≥ Δ, hours. */
  readonly timeout: number;
}

/** A phi accrual detector (Hayashibara et al. 2004): suspected once φ(now − last arrival) ≥ threshold. */
export interface PhiSpec {
  readonly type: 'phi';
  readonly interval: number;
  readonly threshold: number;
  /** Inter-arrival samples kept (Akka's max-sample-size). */
  readonly window: number;
  /** Floor of the standard deviation, hours. */
  readonly minStdDeviation: number;
  /** Added to the mean (Akka's acceptable-heartbeat-pause), hours. */
  readonly acceptablePause: number;
  /** The bootstrap history's mean (its sd is a quarter of it), hours. */
  readonly firstHeartbeatEstimate: number;
  readonly variant: PhiVariant;
}

export interface DetectorSpec {
  /** The monitored group. */
  readonly group: string;
  readonly detector: HeartbeatSpec | PhiSpec;
  /**
   * The law of the time between successive heartbeats sent (the `interval` given as a distribution):
   * a renewal process, so the inter-arrival times of received heartbeats are i.i.d., phi accrual's own
   * assumption; null: every Δ exactly.
   */
  readonly gaps: ScenarioDistribution | null;
  /** P(a heartbeat is lost), independently of every other (0 with loss episodes or per-node loss). */
  readonly loss: number;
  /**
   * Per-node loss (docs/fault-modes.md, "Failure detectors"), or null: member i's heartbeat is lost
   * on send with probability `send[i]` and, independently, on receipt at the monitor with
   * `receive`; see `memberLosses`.
   */
  readonly nodeLoss: { readonly send: readonly number[]; readonly receive: number } | null;
  /**
   * Loss episodes: an on/off process shared by the group's heartbeats (a network incident), from
   * time 0 off; during an episode each heartbeat is lost with `probability`, between them none.
   */
  readonly lossEpisodes: { readonly every: ScenarioDistribution; readonly duration: ScenarioDistribution; readonly probability: number } | null;
  /**
   * Simulate every heartbeat as an event (`full`), or only the ones that matter (`auto`: the
   * shortcut where it is exact, a heartbeat detector without loss). Tests set `full`.
   */
  readonly heartbeats: 'auto' | 'full';
  /** Timing faults (docs/fault-modes.md, "Timing faults"): pauses of each monitored node, or null. */
  readonly pauses: { readonly every: ScenarioDistribution; readonly duration: ScenarioDistribution } | null;
  /** JSON path, for messages. */
  readonly path: string;
}

/**
 * The effective loss of a heartbeat lost on send with probability s and, independently, on receipt
 * with r: 1 − (1 − s)(1 − r), computed as s + (1 − s)r, which is exactly s when r = 0 and exactly r
 * when s = 0 (so `{ "send": x }` and `"loss": x` compare the same uniforms with the same number).
 */
export function effectiveLoss(send: number, receive: number): number {
  return send + (1 - send) * receive;
}

/** Each member's heartbeat-loss probability ℓ_i, for a group of `count` members (the constant `loss` for all without per-node loss). */
export function memberLosses(spec: DetectorSpec, count: number): number[] {
  const node = spec.nodeLoss;
  if (node === null) return Array.from({ length: count }, () => spec.loss);
  return Array.from({ length: count }, (_, i) => effectiveLoss(node.send[i] ?? 0, node.receive));
}
