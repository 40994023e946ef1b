/** Pairs every simulated metric with every formula that claims to compute it, over the same span, and gives each pair a verdict at a family-wise confidence. */
import { upThroughoutWindow } from '../analytic/alternatingRenewal.js';
import { meshDisconnectedProbability } from '../analytic/fullMeshNetwork.js';
import { kOfNGroupsIntervalUnavailability } from '../analytic/kOfNGroups.js';
import { normalQuantile } from '../math/normal.js';
import { studentTCdf } from '../math/studentT.js';
import { regularizedBeta } from '../math/regularizedBeta.js';
import type { Scenario } from '../scenario/validateScenario.js';
import type { ScenarioAccumulator } from '../run/ScenarioAccumulator.js';
import { estimateMetric, histogramCdf, proportionEstimate, ratioEstimate } from '../run/summarize.js';
import { studentTQuantile } from '../math/studentT.js';
import { holm } from '../stats/holm.js';
import type { Interval } from '../stats/intervals.js';
import { LOW_INFORMATION_COUNT } from '../stats/lowInformation.js';
import { meanPValue, type MeanSupport } from '../stats/meanEstimate.js';
import type { Moments } from '../stats/Moments.js';
import { exactFor, exactForGroups, exactForShocks, isExact } from './exactFor.js';
import { kOfNGroupsOf } from './kOfNGroupsOf.js';
import { publishedFor, settledMesh, stationarySourcesOf } from './publishedFor.js';
import { faultClaims } from './faultPairs.js';
import { workloadClaims } from './workloadPairs.js';
import { detectorClaims } from './detectorPairs.js';
import { electionClaims } from './electionPairs.js';
import { claimsFor, quantileMetric } from './userClaims.js';
import { claimRange, claimText, type ClaimSpec } from '../scenario/claimSpec.js';
import { pipelineClaims } from './pipelinePairs.js';
import { reflectionClaims } from './reflectionPairs.js';
import { recoveryClaims } from './recoveryPairs.js';

export type FormulaKind = 'correct' | 'published';
export type CheckVerdict = 'consistent' | 'refuted' | 'inconclusive';

/** What a pair's p-value is computed from. */
export type Evidence =
  /**
   * A mean metric: offset + scale·E[d], d the per-replication quantity in `moments`.
   * `nonzeroProbability`: the formula's own P(d ≠ 0) where it gives one (an exact model), for
   * gating on what the formula predicts.
   */
  | {
      readonly type: 'mean';
      readonly moments: Moments;
      readonly support: MeanSupport;
      readonly offset: number;
      readonly scale: number;
      readonly nonzeroProbability?: number;
    }
  /** `rare`: the rarer outcome's probability where 1 − p would round away (a 1e-32 partition, say). */
  | { readonly type: 'proportion'; readonly successes: number; readonly n: number; readonly rare?: number }
  /**
   * An asymptotically normal estimate with its standard error and the degrees of freedom of its
   * t statistic (replications − 1 for a ratio estimator, `ratioEstimate`, or a histogram's CDF at
   * an edge, `histogramCdf`), tested with the two-sided Student-t test. `informative`: the
   * replications that carry information (for a ratio, those whose denominator is not 0; default
   * df + 1); below 30 the pair can only be refuted or inconclusive.
   */
  | { readonly type: 'normal'; readonly estimate: number; readonly stdError: number; readonly df: number; readonly informative?: number };

export interface Pair {
  readonly scenario: string;
  /** The run the metric comes from: [warmup, horizon] of the scenario as run (`overSpan` for a published claim's span). */
  readonly from: number;
  readonly to: number;
  readonly replications: number;
  readonly metric: string;
  readonly formula: string;
  readonly kind: FormulaKind;
  readonly analytic: number;
  /** For a published formula: the assumption that breaks, from its documented flaws. */
  readonly why: string;
  readonly evidence: Evidence;
  /** The estimate and interval to report (those of summary.csv). */
  readonly shown: { readonly estimate: number; readonly stdError: number; readonly low: number; readonly high: number; readonly lowInformation: boolean };
}

/** A decided pair: the simulated estimate and interval (as in summary.csv), the formula's value, the test and the verdict. */
export interface CheckRow extends Interval {
  readonly scenario: string;
  readonly seed: number;
  readonly replications: number;
  readonly from: number;
  readonly to: number;
  readonly metric: string;
  readonly formula: string;
  readonly kind: FormulaKind;
  /** The interval is a bound from few replications off the usual value (fewer than 30). */
  readonly lowInformation: boolean;
  readonly analytic: number;
  /** The signed normal deviate equivalent to `pValue` (positive: the estimate is above the formula). */
  readonly zScore: number;
  readonly pValue: number;
  /** Holm-adjusted over every pair of the run. */
  readonly pHolm: number;
  readonly verdict: CheckVerdict;
  /** For an inconclusive pair: about how many replications would make it conclusive (Infinity: none would, the formula predicts no event). */
  readonly repsNeeded: number | null;
  readonly why: string;
}

// A proportion carries little information until its expected rarer count is a few.
const MIN_EXPECTED_COUNT = 5;

/**
 * Exact two-sided binomial p-value of `x` successes in `n` trials under probability `p`:
 * 2·min(P(X ≤ x), P(X ≥ x)), capped at 1, from the regularized incomplete beta function.
 */
export function binomialPValue(x: number, n: number, p: number): number {
  if (p <= 0) return x === 0 ? 1 : 0;
  if (p >= 1) return x === n ? 1 : 0;
  const lower = x >= n ? 1 : regularizedBeta(1 - p, n - x, x + 1);
  const upper = x <= 0 ? 1 : regularizedBeta(p, x, n - x + 1);
  return Math.min(1, 2 * Math.min(lower, upper));
}

export interface PairOptions {
  /** Confidence of the intervals shown (default 0.99). */
  readonly confidence?: number;
  /**
   * This is a run over a published claim's span (`overSpan`), beside the scenario's own run: it
   * adds the claims about that span and the exact values over it, not the stationary claims the
   * scenario's own run already tests.
   */
  readonly spanRun?: boolean;
  /** Include the published formulas' pairs and the claims of one's own (default true). */
  readonly published?: boolean;
  /** Claims from a `--claims` file, beside the scenario's own (those naming another scenario are skipped). */
  readonly claims?: readonly ClaimSpec[];
}

/**
 * Every (metric, formula) pair of a scenario that the simulation can test, each over the span the
 * scenario ran ([warmup, horizon]); published claims about another span are paired only when the
 * scenario is run over that span (`overSpan`), as `runCheck` does.
 */
export function pairsFor(scenario: Scenario, acc: ScenarioAccumulator, options: PairOptions = {}): Pair[] {
  const confidence = options.confidence ?? 0.99;
  const spanRun = options.spanRun ?? false;
  const pairs: Pair[] = [];
  const n = acc.replications;
  const table = acc.table;
  const common = { scenario: scenario.name, replications: n };
  const span = { from: scenario.warmup, to: scenario.horizon };
  const has = (metric: string) => acc.has(metric);
  const curveAt = (name: string, g: number) => acc.curve(name)?.[g] as number;
  /** A pair on a metric of the table (a mean or a share). */
  const onMetric = (metric: string, formula: string, kind: FormulaKind, value: number | ((estimate: number) => number), why = '', nonzeroProbability?: number): void => {
    if (!has(metric) || (typeof value === 'number' && !Number.isFinite(value))) return;
    const { moments, metric: m } = acc.of(metric);
    const e = estimateMetric(acc, m, confidence);
    const shown = { estimate: e.estimate, stdError: e.stdError, low: e.low, high: e.high, lowInformation: e.lowInformation === true };
    const analytic = typeof value === 'number' ? value : value(e.estimate);
    if (!Number.isFinite(analytic)) return;
    const est = m.estimator;
    let evidence: Evidence;
    if (est.type === 'mean') {
      const support = (table.quantities[m.quantity] as (typeof table.quantities)[number]).support;
      evidence = { type: 'mean', moments, support, offset: est.offset, scale: est.scale, ...(nonzeroProbability === undefined ? {} : { nonzeroProbability }) };
    } else if (est.type === 'share') {
      evidence = { type: 'proportion', successes: est.of === 'nonzero' ? moments.nonzero : n - moments.nonzero, n };
    } else if (est.type === 'ratio') {
      const r = ratioEstimate(acc, metric);
      evidence = { type: 'normal', estimate: r.estimate, stdError: r.stdError, df: r.replications - 1, informative: r.nonzero };
    } else return;
    pairs.push({ ...common, ...span, metric, formula, kind, analytic, why, evidence, shown });
  };
  /** A pair on a curve point: a proportion of replications at grid time t (from 0). */
  const onCurve = (metric: string, successes: number, formula: string, kind: FormulaKind, analytic: number, why = '', rare?: number): void => {
    const p = proportionEstimate(successes, n, confidence);
    const shown = { estimate: p.estimate, stdError: p.stdError, low: p.low, high: p.high, lowInformation: p.lowInformation };
    const evidence: Evidence = { type: 'proportion', successes, n, ...(rare === undefined ? {} : { rare }) };
    pairs.push({ ...common, ...span, metric, formula, kind, analytic, why, evidence, shown });
  };
  /** A pair on a point of a histogram's pooled CDF, F̂ at a bin edge (`histogramCdf`). */
  const onCdf = (histogram: string, c: ReturnType<typeof histogramCdf>, formula: string, kind: FormulaKind, analytic: number, why: string): void => {
    const t = studentTQuantile(1 - (1 - confidence) / 2, Math.max(1, c.replications - 1));
    const shown = { estimate: c.estimate, stdError: c.stdError, low: Math.max(0, c.estimate - t * c.stdError), high: Math.min(1, c.estimate + t * c.stdError), lowInformation: c.replications < LOW_INFORMATION_COUNT };
    const evidence: Evidence = { type: 'normal', estimate: c.estimate, stdError: c.stdError, df: c.replications - 1 };
    pairs.push({ ...common, ...span, metric: `${histogram}.cdf@${c.edge.toPrecision(6)}s`, formula, kind, analytic, why, evidence, shown });
  };
  const G = scenario.grid.length;
  const exactFormula = 'exact CTMC (faultline analytic)';
  const whole = scenario.stopAt === null;

  for (const e of exactFor(scenario)) {
    if (!isExact(e)) continue;
    const name = e.service;
    const outageProbability = 1 - e.noOutageProbability;
    onMetric(`${name}.availability`, exactFormula, 'correct', e.intervalAvailability, '', outageProbability);
    onMetric(`${name}.unavailability`, exactFormula, 'correct', e.expectedDowntime / (scenario.horizon - scenario.warmup), '', outageProbability);
    onMetric(`${name}.downtime_hours`, exactFormula, 'correct', e.expectedDowntime, '', outageProbability);
    onMetric(`${name}.outages`, exactFormula, 'correct', e.expectedOutages, '', outageProbability);
    onMetric(`${name}.no_outage`, exactFormula, 'correct', e.noOutageProbability);
    onMetric(`${name}.first_failure_hours`, 'exact CTMC: ∫₀^horizon R(t) dt (faultline analytic)', 'correct', e.restrictedMeanFirstFailure, '', e.failedByHorizon);
    // The unrestricted MTTF, where the horizon censors (almost) nothing of it.
    if (e.mttf - e.restrictedMeanFirstFailure <= 1e-9 * e.mttf) {
      onMetric(`${name}.first_failure_hours`, 'MTTF, exact CTMC absorption (faultline analytic)', 'correct', e.mttf, '', e.failedByHorizon);
    }
    onMetric(`${name}.failed_by_horizon`, exactFormula, 'correct', e.failedByHorizon);
    scenario.grid.forEach((t, g) => {
      if (t <= 0) return; // every service starts in a known state: nothing to test at 0
      if (whole) onCurve(`${name}.point_availability@${t}h`, curveAt(`${name}.point_availability`, g), exactFormula, 'correct', e.pointAvailability[g] as number);
      if (has(`${name}.first_failure_hours`)) onCurve(`${name}.reliability@${t}h`, curveAt(`${name}.reliability`, g), exactFormula, 'correct', e.reliability[g] as number);
    });
  }
  const crewsPaired = new Set<string>();
  for (const g of exactForGroups(scenario)) {
    const formula = g.method.startsWith('birth–death') ? 'exact birth–death chain (faultline analytic)' : 'exact CTMC (faultline analytic)';
    onMetric(`${g.group}.component_up`, formula, 'correct', g.componentUp);
    onMetric(`${g.group}.failures`, formula, 'correct', g.expectedFailures);
    // A crew shared by several groups has one utilisation: paired once.
    if (g.crew !== null && !crewsPaired.has(g.crew.name)) onMetric(`${g.crew.name}.utilization`, formula, 'correct', g.crew.utilization);
    if (g.crew !== null) crewsPaired.add(g.crew.name);
    if (g.standby !== undefined) {
      onMetric(`${g.group}.switchovers`, 'exact standby chain (faultline analytic)', 'correct', g.standby.switchovers);
      // A switch that cannot fail predicts no event: nothing to test.
      if (g.standby.switchFailures > 0) onMetric(`${g.group}.switch_failures`, 'exact standby chain (faultline analytic)', 'correct', g.standby.switchFailures);
    }
  }
  for (const sh of exactForShocks(scenario)) {
    onMetric(`${sh.shock}.shocks`, 'Poisson shocks: rate·(horizon − warmup)', 'correct', sh.expectedShocks);
    if (sh.expectedComponentsFailed !== null) onMetric(`${sh.shock}.components_failed`, 'exact: rate·p·∫ E[members up] dt, class chains (faultline analytic)', 'correct', sh.expectedComponentsFailed);
  }
  for (const service of scenario.services) {
    try {
      const groups = kOfNGroupsOf(scenario, service.name);
      const u = kOfNGroupsIntervalUnavailability(groups, scenario.horizon, scenario.warmup);
      onMetric(`${service.name}.availability`, 'binomial k-of-n, independent repair (Barlow & Proschan 1975)', 'correct', 1 - u);
    } catch {
      // Not a series of k-of-n groups: the CTMC above covers it where anything does.
    }
    const sources = stationarySourcesOf(scenario, service);
    if (sources !== undefined) {
      scenario.windows.forEach((w) => onMetric(`${service.name}.window_up_${w}h`, 'alternating renewal, stationary: Π A·e^(−w/MTTF)', 'correct', upThroughoutWindow(sources, w)));
    }
    const mesh = service.gate === 'connected' && whole && !spanRun ? settledMesh(scenario) : undefined;
    if (mesh !== undefined) {
      const disconnected = meshDisconnectedProbability(mesh.nodes, mesh.a);
      onCurve(`${service.name}.point_availability@${mesh.at}h`, curveAt(`${service.name}.point_availability`, G - 1), "full mesh connected, steady state (Gilbert's recursion)", 'correct', 1 - disconnected, '', disconnected);
    }
  }
  for (const c of spanRun ? [] : faultClaims(scenario)) onMetric(c.metric, c.formula, c.kind, c.analytic, c.why, c.nonzeroProbability);
  for (const claim of spanRun ? [] : workloadClaims(scenario)) {
    if (claim.kind === 'published' && options.published === false) continue;
    if (claim.type !== 'quantile') {
      onMetric(claim.metric, claim.formula, claim.kind, claim.analytic, claim.why);
      continue;
    }
    // A point of the latency distribution: F̂ at the bin edge nearest the formula's quantile, against the formula's F there.
    if (!table.histograms.some((h) => h.name === claim.histogram)) continue;
    const c = histogramCdf(acc, claim.histogram, claim.quantile);
    const analytic = claim.cdf(c.edge);
    // An edge beyond the law's support (past a timeout) predicts 0 or 1: nothing to test.
    if (!Number.isFinite(c.estimate) || !(analytic > 0 && analytic < 1)) continue;
    onCdf(claim.histogram, c, `${claim.formula}, at the bin edge nearest the p${claim.level * 100} quantile ${claim.quantile.toPrecision(6)} s`, claim.kind, analytic, claim.why);
  }
  for (const claim of spanRun ? [] : [...detectorClaims(scenario), ...electionClaims(scenario)]) onMetric(claim.metric, claim.formula, claim.kind, claim.analytic, claim.why);
  // Claims of one's own: tested at the point of the claimed range nearest the estimate (a range
  // holds iff some value in it does; inside it the claim cannot be refuted). Not in annotations.
  for (const c of spanRun || options.published === false ? [] : claimsFor(scenario, options.claims)) {
    const kind: FormulaKind = c.kind === 'model' ? 'correct' : 'published';
    const { low, high } = claimRange(c);
    const formula = claimText(c);
    const why = `the simulated interval excludes what ${c.source} claims`;
    const q = quantileMetric(scenario, c.metric);
    if (q === null) {
      onMetric(c.metric, formula, kind, (estimate) => Math.min(high, Math.max(low, estimate)), why);
      continue;
    }
    // A quantile claim is a claim on the CDF: p_Q ≤ v iff F(v) ≥ Q, p_Q ≥ v iff F(v) ≤ Q. It is
    // tested at a bin edge on the side that makes it weaker (F(e) ≥ F(v) for e ≥ v), never stronger.
    const sides: [number, 'atOrAbove' | 'atOrBelow', number, number][] = [];
    if (high !== Infinity) sides.push([high, 'atOrAbove', q.level, 1]);
    if (low !== -Infinity) sides.push([low, 'atOrBelow', 0, q.level]);
    for (const [x, side, lo, hi] of sides) {
      if (!(x >= 0) || !table.histograms.some((h) => h.name === q.histogram)) continue;
      const cdf = histogramCdf(acc, q.histogram, x, side);
      if (!Number.isFinite(cdf.estimate)) continue;
      onCdf(q.histogram, cdf, `${formula}: F(${cdf.edge.toPrecision(6)} s) ${lo === 0 ? '≤' : '≥'} ${q.level}`, kind, Math.min(hi, Math.max(lo, cdf.estimate)), why);
    }
  }
  for (const claim of spanRun ? [] : pipelineClaims(scenario)) {
    if (claim.kind === 'published' && options.published === false) continue;
    onMetric(claim.metric, claim.formula, claim.kind, claim.analytic, claim.why, claim.nonzeroProbability);
  }
  for (const claim of spanRun ? [] : [...reflectionClaims(scenario), ...recoveryClaims(scenario)]) {
    if (claim.kind === 'published' && options.published === false) continue;
    onMetric(claim.metric, claim.formula, claim.kind, claim.analytic, claim.why, claim.nonzeroProbability);
  }
  for (const p of options.published === false ? [] : publishedFor(scenario, false)) {
    if (p.metric === null) continue;
    if (p.horizon === null ? spanRun : !(scenario.warmup === 0 && scenario.horizon === p.horizon && whole)) continue;
    const curve = /^point_availability@(.+)h$/.exec(p.metric);
    if (curve !== null) {
      if (!whole) continue;
      const g = scenario.grid.indexOf(Number(curve[1]));
      if (g >= 0) onCurve(`${p.service}.${p.metric}`, curveAt(`${p.service}.point_availability`, g), p.published, 'published', 1 - p.publishedValue, p.why);
    } else {
      onMetric(`${p.service}.${p.metric}`, p.published, 'published', p.publishedValue, p.why);
    }
  }
  return pairs;
}

interface Tested {
  readonly pValue: number;
  /** Too little information for a verdict other than refuted: the replications that would be enough. */
  readonly needs: number | null;
}

/**
 * The p-value of a pair, never overridden, and whether the run had too little information to call
 * the pair consistent.
 *
 * A mean is tested by `meanPValue` (Hall's test, or the low-information bound inverted, which
 * with no outage seen is the exact binomial test of the outage count). Where the formula also
 * gives its own probability π that a replication leaves 0 (an exact model), the exact binomial
 * test of the count of such replications against nπ is made too, and the smaller p-value taken
 * twice (Bonferroni over the two tests).
 *
 * Too little information: fewer than 30 replications left 0 *and* the formula predicts fewer
 * than 30. The prediction is nπ where the formula gives π; otherwise, for a bounded amount,
 * n·μ/range (no replication can cost more than the range, so a claimed mean μ implies at least
 * that many), and for a count n·μ, the expected events (Garwood's bound is on those).
 *
 * A normal estimate is tested by {@link normalPValue}; it has too little information with fewer
 * than 30 informative replications (the t statistic of a ratio leans on the clusters seen).
 */
function test(pair: Pair): Tested {
  const e = pair.evidence;
  if (e.type === 'normal') {
    const n = e.df + 1;
    const informative = e.informative ?? n;
    // Every replication gave the same value (no spread) while fewer than 30 of them carried
    // information: a ratio of zeros against a tiny closed form is no evidence either way.
    const degenerate = e.stdError === 0 && informative < LOW_INFORMATION_COUNT;
    return {
      pValue: degenerate ? 1 : normalPValue(e.estimate, e.stdError, e.df, pair.analytic),
      needs: informative >= LOW_INFORMATION_COUNT ? null : informative > 0 ? Math.ceil((LOW_INFORMATION_COUNT * n) / informative) : Infinity,
    };
  }
  if (e.type === 'proportion') {
    const rare = e.rare ?? Math.min(pair.analytic, 1 - pair.analytic);
    const expected = e.n * rare;
    return {
      pValue: binomialPValue(e.successes, e.n, pair.analytic),
      needs: rare > 0 && expected < MIN_EXPECTED_COUNT ? Math.ceil(MIN_EXPECTED_COUNT / rare) : null,
    };
  }
  const m = e.moments;
  const n = m.count;
  const claimed = (pair.analytic - e.offset) / e.scale; // the claimed E[d]
  let pValue = meanPValue(m, e.support, claimed);
  if (e.nonzeroProbability !== undefined) pValue = Math.min(1, 2 * Math.min(pValue, binomialPValue(m.nonzero, n, e.nonzeroProbability)));
  const share = e.nonzeroProbability ?? Math.min(1, Math.max(0, claimed) / (e.support.kind === 'count' ? 1 : e.support.range));
  const informative = m.nonzero >= LOW_INFORMATION_COUNT || n * share >= LOW_INFORMATION_COUNT;
  return { pValue, needs: informative ? null : share > 0 ? Math.ceil(LOW_INFORMATION_COUNT / share) : Infinity };
}

/**
 * The two-sided p-value of `reference` against an estimate with standard error `stdError`:
 * 2·P(T_df ≥ |estimate − reference| / stdError), Student's t with `df` degrees of freedom. With a
 * standard error of 0 it is 0 when the estimate differs from the reference and 1 when it equals
 * it up to rounding (a relative 1e-12: 0.1 + 0.2 equals 0.3); with none (NaN: fewer than two replications, no value) or no degrees of freedom, 1 (no
 * evidence either way), as with a NaN estimate.
 */
export function normalPValue(estimate: number, stdError: number, df: number, reference: number): number {
  if (Number.isNaN(estimate) || Number.isNaN(stdError) || !(df > 0)) return 1;
  const distance = Math.abs(estimate - reference);
  if (stdError === 0) return distance <= 1e-12 * Math.max(Math.abs(estimate), Math.abs(reference)) ? 1 : 0;
  return Math.min(1, 2 * studentTCdf(-distance / stdError, df));
}

/** The signed normal deviate with two-sided p-value p: sign · Φ⁻¹(1 − p/2). */
function equivalentZ(p: number, sign: number): number {
  if (p >= 1) return 0;
  return (sign >= 0 ? 1 : -1) * -normalQuantile(p / 2);
}

/**
 * Tests every pair and decides at a family-wise confidence: Holm's step-down adjustment over all
 * pairs of the run. A pair is `refuted` when its adjusted p-value falls below 1 − confidence;
 * otherwise `inconclusive` when the run carried too little information (for a mean, fewer than
 * 30 replications off the usual value, seen or predicted by the formula; for a proportion, an
 * expected rarer count below 5), with the replications that would be enough; otherwise
 * `consistent`.
 */
export function decide(pairs: readonly Pair[], seed: number, confidence: number): CheckRow[] {
  const tested = pairs.map(test);
  const adjusted = holm(tested.map((t) => t.pValue));
  const alpha = 1 - confidence;
  return pairs.map((p, i) => {
    const t = tested[i] as Tested;
    const pHolm = adjusted[i] as number;
    const verdict: CheckVerdict = pHolm < alpha ? 'refuted' : t.needs !== null ? 'inconclusive' : 'consistent';
    return {
      scenario: p.scenario,
      seed,
      replications: p.replications,
      from: p.from,
      to: p.to,
      metric: p.metric,
      formula: p.formula,
      kind: p.kind,
      estimate: p.shown.estimate,
      stdError: p.shown.stdError,
      low: p.shown.low,
      high: p.shown.high,
      confidence,
      lowInformation: p.shown.lowInformation,
      analytic: p.analytic,
      zScore: equivalentZ(t.pValue, p.shown.estimate - p.analytic),
      pValue: t.pValue,
      pHolm,
      verdict,
      repsNeeded: verdict === 'inconclusive' ? t.needs : null,
      why: verdict === 'refuted' && p.kind === 'published' ? p.why : '',
    };
  });
}
