/** The `pipeline` of a scenario, resolved (docs/pipelines.md, "Pipelines that must lose nothing"): durations in hours, every default explicit, in the form a scenario file writes it. */
import type { ScenarioDistribution } from './validateScenario.js';

export interface PipelineSpec {
  readonly producer: {
    /** Messages per second. */
    readonly rate: number;
    readonly acks: 'all' | '1';
    /** Messages held while the topic refuses writes. */
    readonly buffer: number | 'unbounded';
  };
  readonly topic: {
    readonly brokers: string;
    readonly minInsyncReplicas: number;
    /** Hours. */
    readonly replicationLag: number;
  };
  readonly consumer: {
    readonly group: string;
    readonly commit: 'manual' | 'auto';
    readonly processing: ScenarioDistribution;
    readonly maxBatch: number;
    /** Hours. */
    readonly pollInterval: number;
  };
  /** In file order. */
  readonly sinks: Readonly<Record<string, { readonly group: string; readonly fallback: number | 'unbounded'; readonly syncInterval: number }>>;
  /** Hours per message of slowdown while the cache is down. */
  readonly cache?: { readonly group: string; readonly slowdown: number };
  /** Validation errors (docs/pipelines.md, "Validation errors and the circuit breaker"); absent: every message validates. */
  readonly validation?: {
    /** Error episodes: an alternating renewal process, off at time 0; durations in hours. */
    readonly episodes: { readonly every: ScenarioDistribution; readonly duration: ScenarioDistribution };
    /** P(a message fails validation) while an episode is on. */
    readonly errorInEpisode: number;
    /** P(a message fails validation) while no episode is on. */
    readonly errorOtherwise: number;
  };
  /** The error-rate circuit breaker of seed 004 §3.3, with a manual reset; requires `validation`. */
  readonly breaker?: {
    /** Trips when errors / messages over the window exceed it. */
    readonly threshold: number;
    /** Hours. */
    readonly window: number;
    /** Operator response: trip to manual reset, hours. */
    readonly reset: ScenarioDistribution;
  };
}

/** Seed 004 §3.3's breaker: `CircuitBreaker(threshold=0.5, window=300)`, window in seconds. */
export const SEED_BREAKER = { threshold: 0.5, windowSeconds: 300 } as const;
/** Seed 004 §3.3: "causing 90% of messages to fail validation". */
export const SEED_EPISODE_ERROR = 0.9;

/** Consumer restarts longer than this are counted (seed 004 §3.1: "Recovery Time: < 30 seconds"). */
export const RECOVERY_CLAIM_SECONDS = 30;
