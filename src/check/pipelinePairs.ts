/** Seed 004's published claims on a pipeline ("Data Loss: ZERO", "Recovery Time: < 30 seconds"), each paired with the simulated ledger metric it describes; and the breaker's exact values. */
import { normalCdf } from '../math/normal.js';
import { fromSpec } from '../random/distributions/fromSpec.js';
import type { Scenario, ScenarioDistribution } from '../scenario/validateScenario.js';
import { RECOVERY_CLAIM_SECONDS } from '../scenario/pipelineSpec.js';

/** One published claim before it meets the run: a mean metric with the value the seed claims. */
export interface PipelineClaim {
  readonly metric: string;
  readonly formula: string;
  readonly kind: 'published' | 'correct';
  readonly analytic: number;
  readonly why: string;
  /** Where the form comes from: the seed's section for a published one; the theorem, paper or book for a correct one. */
  readonly source: string;
  /** The assumptions under which a correct form is exact (a published one states the seed's own). */
  readonly assumes: string;
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
    const source = 'seed 004 (DataQuarantine failure scenarios) §2.1–§3.1, §8';
    const assumes = 'replication factor 3, acks=all, offsets committed manually after processing, local fallbacks synced in the background';
    out.push({ metric: 'pipeline.lost', formula: 'seed 004 §2.1–§3.1, §8: "Data Loss: ZERO"', kind: 'published', analytic: 0, why, source, assumes, nonzeroProbability: 0 });
    out.push({ metric: 'pipeline.loss_ratio', formula: 'seed 004 §8: "zero data loss even in catastrophic failures" (loss per message)', kind: 'published', analytic: 0, why, source, assumes });
  }
  out.push({
    metric: 'pipeline.consumer.recovery_over_30s',
    formula: `seed 004 §3.1: "Recovery Time: < ${RECOVERY_CLAIM_SECONDS} seconds (Kubernetes restart)"`,
    kind: 'published',
    analytic: 0,
    why: 'a restart takes what the consumer group’s repair law says; the claim is a bound on every restart, not on the mean',
    source: 'seed 004 §3.1',
    assumes: 'a Kubernetes restart (restartPolicy Always, liveness probe)',
  });
  const tail = survival(scenario.groups.find((g) => g.name === p.consumer.group)?.repair ?? null, RECOVERY_CLAIM_SECONDS / 3600);
  const consumer = scenario.groups.find((g) => g.name === p.consumer.group);
  const shocked = (scenario.shocks ?? []).some((s) => s.components.some((c) => c.group === p.consumer.group));
  if (tail !== undefined && consumer?.crew === null && !shocked) {
    out.push({
      metric: 'pipeline.consumer.recovery_over_30s',
      formula: 'P(T > 30 s) of the consumer group’s repair law (every restart one independent draw)',
      kind: 'correct',
      analytic: tail,
      why: '',
      source: 'the survival function of the law: e^{−x/m} (exponential), 1 − Φ((ln x − μ)/σ) (lognormal), 0 or 1 (deterministic)',
      assumes: 'the consumer group has its own repairer and no shock, so restarts are independent draws; a restart under way at the horizon is left out (a bias of order E[T]/horizon)',
    });
  }
  out.push(...breakerClaims(scenario));
  return out;
}

/**
 * The exact values of validation and the breaker (docs/pipelines.md, "Validation errors and the
 * circuit breaker"), each only under the assumptions that make it exact:
 * - `pipeline.breaker.operator_response` = E[R], the mean of the reset law, on every breaker. The
 *   metric is Σ R_i over the N trips of a replication, over N (a ratio over replications). R_i is
 *   drawn at the i-th trip from the breaker's own stream, so whether there is an i-th trip depends
 *   only on R_1 … R_{i−1} and on other streams: N is a stopping time for the R_i and Wald's
 *   identity gives E[Σ_{i ≤ N} R_i] = E[N]·E[R] exactly, the pause in progress at the horizon
 *   included (Wald 1944; Ross, Stochastic Processes, 2nd ed., §3.3).
 * - `pipeline.quarantine_ratio` = e when errorInEpisode = errorOtherwise = e: each fresh message
 *   processed fails independently with probability e whatever the episodes, the breaker and the
 *   failures did, so E[quarantined] = e·E[processed] exactly.
 * Not paired: the paused fraction. Renewal reward gives E[R]/(E[G] + E[L] + E[R]) per reset cycle
 * (G the time to the next episode, exponential, L the time from its start to the trip), but L
 * depends on the consumer's batches and on the window's contents, and has no closed form.
 */
export function breakerClaims(scenario: Scenario): PipelineClaim[] {
  const p = scenario.pipeline;
  if (p?.validation === undefined) return [];
  const out: PipelineClaim[] = [];
  if (p.breaker !== undefined) {
    const reset = fromSpec(p.breaker.reset, 'pipeline.breaker.reset');
    out.push({
      metric: 'pipeline.breaker.operator_response',
      formula: `E[R] of the ${reset.kind} reset law (Wald's identity: one independent draw per trip)`,
      kind: 'correct',
      analytic: reset.mean * 3600,
      why: '',
      source: "Wald's identity E[Σ_{i ≤ N} R_i] = E[N]·E[R] (Wald 1944; Ross, Stochastic Processes, 2nd ed., §3.3)",
      assumes: 'one reset delay drawn per trip from the breaker’s own stream (N a stopping time for the draws); the pause in progress at the horizon counted in full',
    });
  }
  if (p.validation.errorInEpisode === p.validation.errorOtherwise) {
    out.push({
      metric: 'pipeline.quarantine_ratio',
      formula: 'P(a message fails validation), the same in and out of episodes (independent per message)',
      kind: 'correct',
      analytic: p.validation.errorInEpisode,
      why: '',
      source: 'the mean of a binomial count: E[quarantined | processed] = e·processed',
      assumes: 'errorInEpisode = errorOtherwise: each fresh message fails independently with the same probability, whatever the episodes, breaker and failures did',
    });
  }
  return out;
}

/**
 * P(T > x) of a repair law, for the families it has in closed form: exponential (e^{−x/m}),
 * lognormal (1 − Φ((ln x − μ)/σ), with σ² = ln(1 + sd²/mean²), μ = ln mean − σ²/2 from mean/sd),
 * deterministic; undefined otherwise. The restarts a replication counts are draws of this law,
 * independent of one another and of everything else when the group has its own repairer and no
 * shock, so the ratio (restarts over x) / restarts estimates it; only a restart still under way at
 * the horizon is left out (long ones slightly more often: a bias of the order of E[T]/horizon,
 * 2·10⁻⁴ for the bundled 20 s restarts over a day, far inside the check's interval).
 */
function survival(d: ScenarioDistribution | null, x: number): number | undefined {
  if (d === null) return undefined;
  if (d.type === 'exponential') return Math.exp(-x / (typeof d['mean'] === 'number' ? d['mean'] : 1 / (d['rate'] as number)));
  if (d.type === 'deterministic') return (d['value'] as number) > x ? 1 : 0;
  if (d.type === 'lognormal') {
    let mu = d['mu'] as number | undefined;
    let sigma = d['sigma'] as number | undefined;
    if (mu === undefined || sigma === undefined) {
      const mean = d['mean'] as number;
      const sd = d['sd'] as number;
      const s2 = Math.log(1 + (sd * sd) / (mean * mean));
      sigma = Math.sqrt(s2);
      mu = Math.log(mean) - s2 / 2;
    }
    return 1 - normalCdf((Math.log(x) - mu) / sigma);
  }
  return undefined;
}
