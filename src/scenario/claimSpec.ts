/**
 * Claims of one's own (docs/statistics.md, "Claims of your own"): a statement about a metric, from a vendor
 * SLA, a design document or a formula, that `check` judges as it judges the built-in formulas.
 */

/** Who makes the claim: a `published` claim is reported when refuted; a `model` claim is one the user relies on, and its refutation fails `check` (exit 1), as a correct formula's does. */
export const CLAIM_KINDS = ['published', 'model'] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

/**
 * One claim, as written: the metric (a name of summary.csv, e.g. `cluster.availability`, or a
 * latency quantile such as `queries.latency.p99`) and exactly one of `value` (equal to), or
 * `atLeast` and/or `atMost` (a range), in the metric's own unit (as summary.csv: hours, seconds
 * for latencies, fractions for availabilities).
 */
export interface ClaimSpec {
  readonly metric: string;
  readonly value?: number;
  readonly atLeast?: number;
  readonly atMost?: number;
  /** Where the claim comes from: "vendor SLA", "design doc §3". */
  readonly source: string;
  readonly kind: ClaimKind;
  /** In a `--claims` file: the scenario it is about (absent: every scenario of the check that has the metric). */
  readonly scenario?: string;
}

/** The range a claim allows, [low, high] (a point for `value`). */
export function claimRange(c: ClaimSpec): { readonly low: number; readonly high: number } {
  if (c.value !== undefined) return { low: c.value, high: c.value };
  return { low: c.atLeast ?? -Infinity, high: c.atMost ?? Infinity };
}

/** The claim in words: `cluster.availability ≥ 0.9999 (vendor SLA)`. */
export function claimText(c: ClaimSpec): string {
  const { low, high } = claimRange(c);
  const relation = c.value !== undefined ? `= ${c.value}` : low === -Infinity ? `≤ ${high}` : high === Infinity ? `≥ ${low}` : `in [${low}, ${high}]`;
  return `${c.metric} ${relation} (${c.source}; claim)`;
}
