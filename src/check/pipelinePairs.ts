/** Seed 004's published claims on a pipeline ("Data Loss: ZERO", "Recovery Time: < 30 seconds"), each paired with the simulated ledger metric it describes. */
import type { Scenario } from '../scenario/validateScenario.js';
import { RECOVERY_CLAIM_SECONDS } from '../scenario/pipelineSpec.js';

/** One published claim before it meets the run: a mean metric with the value the seed claims. */
export interface PipelineClaim {
  readonly metric: string;
  readonly formula: string;
  readonly kind: 'published';
  readonly analytic: number;
  readonly why: string;
  /** The claim's own P(d ≠ 0): 0 for a claim that any nonzero replication refutes. */
  readonly nonzeroProbability?: number;
}

/**
 * Seed 004 ("DataQuarantine – Failure Scenarios & Resilience Strategies") claims, of its
 * configuration (acks=all, replication factor 3, offsets committed manually after processing,
 * local fallbacks): "Data Loss: ZERO" under broker, database, object-store and validator failures
 * (§2.1, §2.2, §2.3, §3.1; §8: "This guarantees zero data loss even in catastrophic failures").
 * It is paired on every pipeline with acks=all and manual commits (the configuration the claim is
 * made of) as `pipeline.lost` = 0 with P(lost ≠ 0) = 0, so one replication that loses one message
 * refutes it, and as `pipeline.loss_ratio` = 0, whose interval is the loss probability per message
 * when nothing is lost. "Recovery Time: < 30 seconds (Kubernetes restart)" (§3.1) is paired on
 * every pipeline as `pipeline.consumer.recovery_over_30s` = 0: the fraction of consumer restarts
 * longer than 30 s.
 */
export function pipelineClaims(scenario: Scenario): PipelineClaim[] {
  const p = scenario.pipeline;
  if (p === undefined) return [];
  const out: PipelineClaim[] = [];
  if (p.producer.acks === 'all' && p.consumer.commit === 'manual') {
    const why = 'the claim holds only while every buffer on the way is large enough: a finite producer buffer drops messages while the ISR is below min.insync.replicas, a finite fallback disk drops records while its sink is down';
    out.push({ metric: 'pipeline.lost', formula: 'seed 004 §2.1–§3.1, §8: "Data Loss: ZERO"', kind: 'published', analytic: 0, why, nonzeroProbability: 0 });
    out.push({ metric: 'pipeline.loss_ratio', formula: 'seed 004 §8: "zero data loss even in catastrophic failures" (loss per message)', kind: 'published', analytic: 0, why });
  }
  out.push({
    metric: 'pipeline.consumer.recovery_over_30s',
    formula: `seed 004 §3.1: "Recovery Time: < ${RECOVERY_CLAIM_SECONDS} seconds (Kubernetes restart)"`,
    kind: 'published',
    analytic: 0,
    why: 'a restart takes what the consumer group’s repair law says; the claim is a bound on every restart, not on the mean',
  });
  return out;
}
