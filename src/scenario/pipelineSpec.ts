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
}

/** Consumer restarts longer than this are counted (seed 004 §3.1: "Recovery Time: < 30 seconds"). */
export const RECOVERY_CLAIM_SECONDS = 30;
