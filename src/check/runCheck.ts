/** `faultline check`: simulate scenarios, cross-check every metric, and write check.csv, check.md and each scenario's results. */
import { join } from 'node:path';
import { runMonteCarlo, type Shard } from '../run/runMonteCarlo.js';
import type { Scenario } from '../scenario/validateScenario.js';
import type { ScenarioAccumulator } from '../run/ScenarioAccumulator.js';
import { summaryRows, timeseriesRows } from '../run/summarize.js';
import { SUMMARY_COLUMNS, TIMESERIES_COLUMNS, type Cell, type SummaryRow, type TimeseriesRow } from '../io/csv.js';
import { prepareFolders, writeTables, type Table } from '../run/writeTables.js';
import { decide, pairsFor, type CheckRow, type Pair } from './crossCheck.js';
import { overSpan, publishedSpans } from './publishedFor.js';
import { checkClaims } from './userClaims.js';
import { checkRisk, riskLines, riskReport, type RiskReport } from './riskScore.js';
import type { ClaimSpec } from '../scenario/claimSpec.js';

/**
 * The headline job's scenarios and replications: enough to be convincing, all of it well under a
 * minute on a 2-core machine. Fixed counts, so that `npm start` is reproducible. `spanReplications`:
 * for the runs over the spans published claims need (the reference cluster's 24-hour claim),
 * cheap since a replication is short.
 */
export const headlineScenarios: readonly { readonly name: string; readonly replications: number; readonly spanReplications?: number }[] = [
  { name: 'reference-cluster', replications: 1_000_000, spanReplications: 3_000_000 },
  { name: 'reference-cluster-busy', replications: 20_000 },
  { name: 'reference-cluster-norepair', replications: 100_000 },
  { name: 'reference-network', replications: 20_000 },
  { name: 'federated-sources', replications: 40_000 },
  { name: 'kafka-rf3', replications: 100_000 },
  { name: 'tmr', replications: 100_000 },
  { name: 'tmr-one-crew', replications: 100_000 },
  { name: 'reference-cluster-zones', replications: 200_000 },
  { name: 'reference-cluster-priority', replications: 20_000 },
  { name: 'standby-pair', replications: 100_000 },
  // Queries (docs/workloads.md, "Queries"): replications of hours, each hundreds of thousands of queries;
  // the retry storms have no closed form to check (docs/workloads.md, "The retry storm, measured").
  { name: 'query-timeouts', replications: 32 },
  { name: 'query-outages', replications: 4000 },
  { name: 'breaker-fallback', replications: 32 },
  { name: 'executor-queue', replications: 32 },
  { name: 'memory-admission', replications: 200 },
  { name: 'memory-pressure', replications: 200 },
  // Fault modes beyond crash (docs/fault-modes.md, "Byzantine faults", "Partitions and CAP"); the detector
  // scenarios take 20 to 30 s each and are checked on their own (docs/fault-modes.md, "Failure detectors").
  { name: 'bft-vs-crash', replications: 40_000 },
  { name: 'cap-partition', replications: 20_000 },
  // Leader election (docs/fault-modes.md, "Leader election"): its closed forms, and seed 000's
  // split-brain probability: 0 under a majority election, refuted (against 0.001/n) from about 150 000 years among the headline's pairs.
  { name: 'raft-election', replications: 20_000 },
  { name: 'raft-election-partition', replications: 160_000 },
  { name: 'raft-election-naive', replications: 20_000 },
  // Seed 004's pipeline as it configures it (docs/pipelines.md): its "zero data loss" and "< 30 s"
  // claims; the losing variants are checked on their own.
  { name: 'dataquarantine', replications: 1000 },
];

export interface CheckPlanItem {
  readonly scenario: Scenario;
  readonly replications: number;
  /** Replications of the runs over published claims' spans (default: `replications`). */
  readonly spanReplications?: number;
}

export interface CheckOptions {
  readonly seed: number;
  readonly workers?: number;
  readonly chunkSize?: number;
  /** Family-wise confidence of the verdicts (Holm over every pair), and of the intervals. */
  readonly confidence: number;
  readonly targetPrecision?: number;
  /** The most events one replication may process (default DEFAULT_MAX_EVENTS). */
  readonly maxEvents?: number;
  readonly out: string;
  /** Claims of one's own from a `--claims` file, judged beside each scenario's own claims (docs/statistics.md, "Claims of your own"). */
  readonly claims?: readonly ClaimSpec[];
  readonly signal?: AbortSignal;
  readonly onProgress?: (scenario: string, done: number, planned: number) => void;
  readonly shard?: Shard;
}

/** One simulated run of a check: a scenario over its own span, or over a published claim's. */
export interface CheckRun {
  readonly scenario: string;
  readonly from: number;
  readonly to: number;
  readonly seed: number;
  readonly replications: number;
  readonly events: number;
}

export interface CheckOutcome {
  readonly rows: readonly CheckRow[];
  readonly runs: readonly CheckRun[];
  /** Seed 000's risk score of each scenario with a `risk` fragment. */
  readonly risk: readonly RiskReport[];
  readonly files: readonly string[];
}

/**
 * A number for people: probabilities within 1e-3 of 1 as "1 − 6.247e-7", so that availabilities
 * such as 0.99999937525 stay legible; others to 6 significant digits.
 */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return '—';
  if (x > 0.999 && x < 1) return `1 − ${(1 - x).toExponential(3)}`;
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e6)) return x.toExponential(4);
  return x.toPrecision(6);
}

const fmt = formatNumber;

/** Whether a row is a point of an exact curve (A(t) or R(t) at one grid time), shown in reports as a tally. */
export function isCurveRow(row: { readonly metric: string; readonly formula: string }): boolean {
  return row.metric.includes('@') && row.formula.startsWith('exact CTMC');
}

/** "inconclusive (needs about N replications)", or why no number would do. */
export function inconclusiveText(repsNeeded: number | null): string {
  if (repsNeeded === null) return 'inconclusive';
  if (!Number.isFinite(repsNeeded)) return 'inconclusive (the formula predicts no event to see)';
  return `inconclusive (needs about ${repsNeeded < 1e9 ? String(repsNeeded) : repsNeeded.toPrecision(2).replace('+', '')} replications)`;
}

/** Every run a plan needs: each scenario over its own span, then over each span its published claims need. */
export function checkRuns(plan: readonly CheckPlanItem[]): { scenario: Scenario; replications: number; base: boolean }[] {
  return plan.flatMap((item) => [
    { scenario: item.scenario, replications: item.replications, base: true },
    ...publishedSpans(item.scenario).map((t) => ({ scenario: overSpan(item.scenario, t), replications: item.spanReplications ?? item.replications, base: false })),
  ]);
}

/**
 * Runs each scenario (replications as given) and, where a published claim is about another span,
 * the scenario over that span; pairs every metric with every applicable formula; decides all
 * pairs together (Holm); and writes, under `out`: `check.csv`, `check.md`, and per scenario
 * `<name>/summary.csv` and `<name>/timeseries.csv` with the exact values filled in. Nothing is
 * left behind if it fails or is interrupted.
 */
export async function runCheck(plan: readonly CheckPlanItem[], options: CheckOptions): Promise<CheckOutcome> {
  prepareFolders([options.out, ...plan.map(({ scenario }) => join(options.out, scenario.name))]);
  const { rows, runs, done, risk } = await simulateAndDecide(plan, options);
  const tables: Table[] = done
    .filter((d) => d.base)
    .flatMap(({ scenario, acc }) => {
      const mine = rows.filter((r) => r.scenario === scenario.name && r.from === scenario.warmup && r.to === scenario.horizon);
      return [
        { path: join(options.out, scenario.name, 'summary.csv'), columns: SUMMARY_COLUMNS, rows: withAnalytic(summaryRows(scenario, acc, options.seed, options.confidence), mine) },
        { path: join(options.out, scenario.name, 'timeseries.csv'), columns: TIMESERIES_COLUMNS, rows: withCurves(timeseriesRows(scenario, acc, options.seed, options.confidence), mine) },
      ];
    });
  tables.push({ path: join(options.out, 'check.csv'), columns: CHECK_COLUMNS, rows: rows.map(csvRow) });
  const files = await writeTables(tables, [{ path: join(options.out, 'check.md'), text: report(rows, runs, options, risk) }]);
  return { rows, runs, files, risk };
}

/** What `check` needs: `CheckOptions` without the output folder. */
export type InMemoryCheckOptions = Omit<CheckOptions, 'out'>;

/**
 * The library form of `faultline check`: simulates each scenario of the plan (and the spans its
 * published claims need), pairs every metric with every applicable formula and decides all pairs
 * together (Holm), in memory: nothing is written. A single scenario may be passed instead of a
 * plan, with `replications` (default 10 000).
 *
 * @example const { rows } = await check(loadScenario('sims/tmr.json'), { seed: 1, confidence: 0.95, replications: 10_000 })
 */
export async function check(plan: readonly CheckPlanItem[] | Scenario, options: InMemoryCheckOptions & { readonly replications?: number }): Promise<{ rows: readonly CheckRow[]; runs: readonly CheckRun[]; risk: readonly RiskReport[] }> {
  const items: readonly CheckPlanItem[] = isPlan(plan) ? plan : [{ scenario: plan, replications: options.replications ?? 10_000 }];
  const { rows, runs, risk } = await simulateAndDecide(items, options);
  return { rows, runs, risk };
}

function isPlan(plan: readonly CheckPlanItem[] | Scenario): plan is readonly CheckPlanItem[] {
  return Array.isArray(plan);
}

interface Simulated {
  readonly scenario: Scenario;
  readonly acc: ScenarioAccumulator;
  /** Over the scenario's own span (not a published claim's). */
  readonly base: boolean;
}

async function simulateAndDecide(plan: readonly CheckPlanItem[], options: InMemoryCheckOptions): Promise<{ rows: CheckRow[]; runs: CheckRun[]; done: Simulated[]; risk: RiskReport[] }> {
  checkClaims(
    plan.map((p) => p.scenario),
    options.claims,
  );
  checkRisk(plan.map((p) => p.scenario));
  const done: Simulated[] = [];
  const runs: CheckRun[] = [];
  for (const { scenario, replications, base } of checkRuns(plan)) {
    const result = await runMonteCarlo(scenario, {
      seed: options.seed,
      replications,
      confidence: options.confidence,
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }),
      ...(options.targetPrecision === undefined || !base ? {} : { targetPrecision: options.targetPrecision }),
      ...(options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.onProgress === undefined ? {} : { onProgress: (n: number, planned: number) => options.onProgress?.(scenario.name, n, planned) }),
    });
    done.push({ scenario, acc: result.accumulator, base });
    runs.push({ scenario: scenario.name, from: scenario.warmup, to: scenario.horizon, seed: options.seed, replications: result.accumulator.replications, events: result.accumulator.events });
  }
  const pairs: Pair[] = done.flatMap(({ scenario, acc, base }) => pairsFor(scenario, acc, { confidence: options.confidence, spanRun: !base, ...(options.claims === undefined ? {} : { claims: options.claims }) }));
  const risk = done.filter((d) => d.base).flatMap(({ scenario, acc }) => riskReport(scenario, acc, options.confidence) ?? []);
  return { rows: decide(pairs, options.seed, options.confidence), runs, done, risk };
}

/**
 * Fills the `analytic`, `z_score` and `verdict` of a run's summary rows from the exact and other
 * correct formulas the oracle has for its metrics (`faultline run` does this too): the pairs are
 * decided together (Holm over this scenario's pairs), and a metric takes the first correct
 * formula's value.
 */
export function annotateSummary(scenario: Scenario, acc: ScenarioAccumulator, summary: SummaryRow[], timeseries: TimeseriesRow[], seed: number, confidence: number): { summary: SummaryRow[]; timeseries: TimeseriesRow[] } {
  const rows = decide(pairsFor(scenario, acc, { confidence, published: false }), seed, confidence);
  return { summary: withAnalytic(summary, rows), timeseries: withCurves(timeseries, rows) };
}

/** check.csv's columns: one row per (scenario, metric, formula); documented in results/README.md. */
export const CHECK_COLUMNS = [
  'scenario',
  'seed',
  'replications',
  'from_hours',
  'to_hours',
  'metric',
  'formula',
  'kind',
  'estimate',
  'std_error',
  'ci_low',
  'ci_high',
  'confidence',
  'low_information',
  'analytic',
  'z_score',
  'p_value',
  'p_holm',
  'verdict',
  'reps_needed',
  'why',
] as const;

function csvRow(r: CheckRow): Readonly<Record<(typeof CHECK_COLUMNS)[number], Cell>> {
  return {
    scenario: r.scenario,
    seed: r.seed,
    replications: r.replications,
    from_hours: r.from,
    to_hours: r.to,
    metric: r.metric,
    formula: r.formula,
    kind: r.kind,
    estimate: r.estimate,
    std_error: r.stdError,
    ci_low: r.low,
    ci_high: r.high,
    confidence: r.confidence,
    low_information: String(r.lowInformation),
    analytic: r.analytic,
    z_score: r.zScore,
    p_value: r.pValue,
    p_holm: r.pHolm,
    verdict: r.verdict,
    reps_needed: r.repsNeeded ?? undefined,
    why: r.why,
  };
}

/** Fills summary rows' analytic, z and verdict from the first correct formula for that metric. */
function withAnalytic(rows: SummaryRow[], checks: readonly CheckRow[]): SummaryRow[] {
  return rows.map((row) => {
    const c = checks.find((x) => x.metric === row.metric && x.kind === 'correct');
    return c === undefined ? row : { ...row, analytic: c.analytic, z_score: c.zScore, verdict: c.verdict };
  });
}

/** Fills the exact A(t) and R(t) into the time series. */
function withCurves(rows: TimeseriesRow[], checks: readonly CheckRow[]): TimeseriesRow[] {
  return rows.map((row) => {
    const c = checks.find((x) => x.metric === `${String(row.metric)}@${String(row.t_hours)}h` && x.kind === 'correct');
    return c === undefined ? row : { ...row, analytic: c.analytic };
  });
}

/** check.md: a report to paste into a design review. */
function report(rows: readonly CheckRow[], runs: readonly CheckRun[], options: CheckOptions, risk: readonly RiskReport[]): string {
  const count = (kind: string, verdict: string) => rows.filter((r) => r.kind === kind && r.verdict === verdict).length;
  const lines = [
    '# faultline check',
    '',
    `Seed ${options.seed}; verdicts at a family-wise confidence of ${options.confidence} (Holm over all ${rows.length} pairs).`,
    '',
    `- correct models: ${count('correct', 'consistent')} consistent, ${count('correct', 'refuted')} refuted, ${count('correct', 'inconclusive')} inconclusive`,
    `- published seed-000 formulas: ${count('published', 'refuted')} refuted, ${count('published', 'consistent')} consistent, ${count('published', 'inconclusive')} inconclusive`,
    '',
    'Intervals marked † are low-information bounds (fewer than 30 replications off the usual value): they assume nothing about what an unseen outage costs.',
    '',
  ];
  const shown = (r: CheckRow) => `[${fmt(r.low)}, ${fmt(r.high)}]${r.lowInformation ? '†' : ''}`;
  const refuted = rows.filter((r) => r.kind === 'published' && r.verdict === 'refuted');
  if (refuted.length > 0) {
    lines.push('## Published formulas the simulation refutes', '');
    for (const r of refuted) {
      lines.push(`- **${r.formula}** (${r.scenario} over [${r.from}, ${r.to}] h, ${r.metric}): published ${fmt(r.analytic)}, simulated ${fmt(r.estimate)} ${shown(r)}. ${r.why}`);
    }
    lines.push('');
  }
  if (risk.length > 0) {
    lines.push("## Seed 000's risk score", '');
    for (const r of risk) lines.push(...riskLines(r, fmt).map((l) => (l.startsWith('  - ') ? l.slice(2) : l)), '');
  }
  for (const run of runs) {
    const mine = rows.filter((r) => r.scenario === run.scenario && r.from === run.from && r.to === run.to);
    lines.push(`## ${run.scenario} over [${run.from}, ${run.to}] h`, '', `${run.replications} replications, ${run.events} events.`, '');
    lines.push('| metric | formula | kind | estimate | interval | analytic | verdict |', '|---|---|---|---|---|---|---|');
    for (const r of mine.filter((x) => !isCurveRow(x))) {
      const verdict = r.verdict === 'inconclusive' ? inconclusiveText(r.repsNeeded) : r.verdict;
      lines.push(`| ${r.metric} | ${r.formula} | ${r.kind} | ${fmt(r.estimate)} | ${shown(r)} | ${fmt(r.analytic)} | ${verdict} |`);
    }
    const curve = mine.filter(isCurveRow);
    if (curve.length > 0) {
      const tally = ['consistent', 'refuted', 'inconclusive'].map((v) => `${curve.filter((r) => r.verdict === v).length} ${v}`).join(', ');
      lines.push('', `Curves (point availability and reliability at each grid time): ${curve.length} points checked: ${tally}.`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
