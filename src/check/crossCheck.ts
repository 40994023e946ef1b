/** Pairs every simulated metric with every formula that claims to compute it, and gives each pair a verdict at a family-wise confidence. */
import { upThroughoutWindow } from '../analytic/alternatingRenewal.js';
import { meshDisconnectedProbability } from '../analytic/fullMeshNetwork.js';
import { kOfNGroupsIntervalUnavailability } from '../analytic/kOfNGroups.js';
import { regularizedBeta } from '../math/regularizedBeta.js';
import type { Scenario } from '../run/runScenario.js';
import type { ScenarioAccumulator } from '../run/ScenarioAccumulator.js';
import { holm } from '../stats/holm.js';
import { clopperPearsonInterval, meanInterval } from '../stats/intervals.js';
import type { Moments } from '../stats/Moments.js';
import { twoSidedPValue, zScore } from '../stats/zScore.js';
import { exactFor, exponentialMean, isExact } from './exactFor.js';
import { kOfNGroupsOf } from './kOfNGroupsOf.js';
import { publishedFor } from './publishedFor.js';

export type FormulaKind = 'correct' | 'published';
export type CheckVerdict = 'consistent' | 'refuted' | 'inconclusive';

type Evidence =
  /** A mean over replications; `complement` compares 1 − mean (availability from unavailability). */
  | { readonly type: 'mean'; readonly moments: Moments; readonly complement: boolean; readonly repsWithOutage: number }
  /** `rare`: the rarer outcome's probability where 1 − p would round away (a 1e-32 partition, say). */
  | { readonly type: 'proportion'; readonly successes: number; readonly n: number; readonly rare?: number };

export interface Pair {
  readonly scenario: string;
  readonly metric: string;
  readonly formula: string;
  readonly kind: FormulaKind;
  readonly analytic: number;
  /** For a published formula: the assumption that breaks, from its documented flaws. */
  readonly why: string;
  readonly evidence: Evidence;
}

export interface CheckRow {
  readonly scenario: string;
  readonly seed: number;
  readonly replications: number;
  readonly metric: string;
  readonly formula: string;
  readonly kind: FormulaKind;
  readonly estimate: number;
  readonly stdError: number;
  readonly low: number;
  readonly high: number;
  readonly confidence: number;
  readonly analytic: number;
  /** For means; NaN for proportions, which use an exact binomial test. */
  readonly zScore: number;
  readonly pValue: number;
  /** Holm-adjusted over every pair of the run. */
  readonly pHolm: number;
  readonly verdict: CheckVerdict;
  /** For an inconclusive pair: about how many replications would make it conclusive. */
  readonly repsNeeded: number | null;
  readonly why: string;
}

// A mean of a mostly-zero quantity is far from normal until enough replications see an outage;
// a binomial proportion carries little information until its expected rarer count is a few.
const MIN_REPS_WITH_OUTAGE = 30;
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

/** Every (metric, formula) pair of a scenario that the simulation can test. */
export function pairsFor(scenario: Scenario, acc: ScenarioAccumulator): Pair[] {
  const pairs: Pair[] = [];
  const n = acc.replications;
  const serviceIndex = new Map(scenario.services.map((s, i) => [s.name, i]));
  const horizon = scenario.horizon;
  const lastGrid = scenario.grid.length - 1;
  const add = (service: string, metric: string, formula: string, kind: FormulaKind, analytic: number, why: string, evidence: Evidence) =>
    pairs.push({ scenario: scenario.name, metric: `${service}.${metric}`, formula, kind, analytic, why, evidence });
  const availability = (s: number): Evidence => {
    const a = acc.services[s];
    return { type: 'mean', moments: a?.unavailability as Moments, complement: true, repsWithOutage: repsWithOutage(acc, s) };
  };

  for (const e of exactFor(scenario)) {
    const s = serviceIndex.get(e.service) as number;
    const a = acc.services[s];
    if (!isExact(e) || a === undefined) continue;
    const formula = 'exact CTMC (faultline analytic)';
    add(e.service, 'availability', formula, 'correct', e.intervalAvailability, '', availability(s));
    scenario.grid.forEach((t, g) => {
      if (t <= 0) return; // every service starts in a known state: nothing to test at 0
      add(e.service, `point_availability@${t}h`, formula, 'correct', e.pointAvailability[g] as number, '', { type: 'proportion', successes: a.pointUp[g] as number, n });
      add(e.service, `reliability@${t}h`, formula, 'correct', e.reliability[g] as number, '', { type: 'proportion', successes: a.reliable[g] as number, n });
    });
  }
  for (const service of scenario.services) {
    const s = serviceIndex.get(service.name) as number;
    try {
      const groups = kOfNGroupsOf(scenario, service.name);
      const u = kOfNGroupsIntervalUnavailability(groups, horizon, scenario.warmup);
      add(service.name, 'availability', 'binomial k-of-n, independent repair (Barlow & Proschan 1975)', 'correct', 1 - u, '', availability(s));
    } catch {
      // Not a series of k-of-n groups: the CTMC above covers it where anything does.
    }
    const stationarySources = stationarySourcesOf(scenario, service);
    if (stationarySources !== undefined) {
      scenario.windows.forEach((w, k) => {
        const a = acc.services[s];
        if (a === undefined) return;
        add(service.name, `window_up_${w}h`, 'alternating renewal, stationary: Π A·e^(−w/MTTF)', 'correct', upThroughoutWindow(stationarySources, w), '', {
          type: 'mean',
          moments: a.windowUp[k] as Moments,
          complement: false,
          repsWithOutage: repsWithOutage(acc, s),
        });
      });
    }
    if (service.gate === 'connected' && scenario.network !== null) {
      const a = acc.services[s];
      const p = meshLinkAvailability(scenario);
      if (p !== undefined && a !== undefined && (scenario.grid[lastGrid] as number) >= 10 * p.mttr) {
        const disconnected = meshDisconnectedProbability(p.nodes, p.a);
        add(service.name, `point_availability@${scenario.grid[lastGrid]}h`, "full mesh connected, steady state (Gilbert's recursion)", 'correct', 1 - disconnected, '', {
          type: 'proportion',
          successes: a.pointUp[lastGrid] as number,
          n,
          rare: disconnected,
        });
      }
    }
  }
  for (const p of publishedFor(scenario)) {
    const s = serviceIndex.get(p.service) as number;
    const a = acc.services[s];
    if (a === undefined) continue;
    if (p.published.startsWith('ClusterReliabilityModel')) {
      add(p.service, 'availability', p.published, 'published', p.publishedValue, p.why, availability(s));
    } else if (p.published.startsWith('NetworkPartitionModel') && p.published.includes('partition_probability')) {
      add(p.service, `point_availability@${scenario.grid[lastGrid]}h`, p.published, 'published', 1 - p.publishedValue, p.why, {
        type: 'proportion',
        successes: a.pointUp[lastGrid] as number,
        n,
      });
    } else if (p.published.startsWith('DataSourceReliabilityModel') && scenario.windows.length > 0) {
      add(p.service, `window_up_${scenario.windows[0]}h`, p.published, 'published', p.publishedValue, p.why, {
        type: 'mean',
        moments: a.windowUp[0] as Moments,
        complement: false,
        repsWithOutage: repsWithOutage(acc, s),
      });
    }
  }
  return pairs;
}

function repsWithOutage(acc: ScenarioAccumulator, s: number): number {
  const a = acc.services[s];
  if (a === undefined) return 0;
  // Replications with some downtime: those whose unavailability is positive. The accumulator
  // keeps the count of replications that failed by the horizon, the closest exact count.
  return a.failed;
}

function stationarySourcesOf(scenario: Scenario, service: Scenario['services'][number]) {
  if (service.gate !== 'kOfMembers' || service.k !== service.members.length) return undefined;
  const sources = [];
  for (const m of service.members) {
    const g = scenario.groups.find((x) => x.name === m.name);
    if (m.type !== 'group' || !g || g.count !== 1 || g.initial !== 'steady' || g.failure.type !== 'exponential' || g.repair?.type !== 'exponential') return undefined;
    const mttf = g.failure['mean'] as number;
    const mttr = g.repair['mean'] as number;
    sources.push({ availability: mttf / (mttf + mttr), mttr });
  }
  return sources;
}

function meshLinkAvailability(scenario: Scenario): { a: number; nodes: number; mttr: number } | undefined {
  const net = scenario.network;
  if (net === null) return undefined;
  const links = scenario.groups.find((g) => g.name === net.linkGroup);
  const nodes = net.nodeGroups.reduce((sum, name) => sum + (scenario.groups.find((g) => g.name === name)?.count ?? 0), 0);
  if (!links || links.repair === null || net.endpoints.length !== (nodes * (nodes - 1)) / 2) return undefined;
  const mttf = exponentialMean(links.failure);
  const mttr = exponentialMean(links.repair);
  if (!(mttf > 0 && mttr > 0)) return undefined;
  return { a: mttf / (mttf + mttr), nodes, mttr };
}

interface Tested {
  readonly estimate: number;
  readonly stdError: number;
  readonly low: number;
  readonly high: number;
  readonly zScore: number;
  readonly pValue: number;
  /** Too little information for a verdict other than refuted; with the replications needed. */
  readonly lowInformation: number | null;
}

function test(pair: Pair, n: number, confidence: number): Tested {
  const e = pair.evidence;
  if (e.type === 'proportion') {
    const ci = clopperPearsonInterval(e.successes, e.n, confidence);
    const rare = e.rare ?? Math.min(pair.analytic, 1 - pair.analytic);
    const expected = e.n * rare;
    return {
      estimate: e.successes / e.n,
      stdError: ci.stdError,
      low: ci.low,
      high: ci.high,
      zScore: NaN,
      pValue: binomialPValue(e.successes, e.n, pair.analytic),
      lowInformation: rare > 0 && expected < MIN_EXPECTED_COUNT ? Math.ceil(MIN_EXPECTED_COUNT / rare) : null,
    };
  }
  const m = e.moments;
  const interval = m.count >= 2 ? meanInterval(m, confidence, 'student-t') : { estimate: m.mean, stdError: NaN, low: NaN, high: NaN };
  const flip = (x: number) => (e.complement ? 1 - x : x);
  const estimate = flip(interval.estimate);
  const z = e.complement ? zScore(interval.estimate, 1 - pair.analytic, interval.stdError) : zScore(interval.estimate, pair.analytic, interval.stdError);
  const few = e.repsWithOutage < MIN_REPS_WITH_OUTAGE;
  return {
    estimate,
    stdError: interval.stdError,
    low: e.complement ? 1 - interval.high : interval.low,
    high: e.complement ? 1 - interval.low : interval.high,
    zScore: e.complement ? -z : z,
    pValue: few || !Number.isFinite(z) ? (few ? 1 : 0) : twoSidedPValue(z),
    lowInformation: few ? Math.ceil((MIN_REPS_WITH_OUTAGE * n) / Math.max(1, e.repsWithOutage)) : null,
  };
}

/**
 * Tests every pair and decides at a family-wise confidence: Holm's step-down adjustment over all
 * pairs of the run. A pair is `refuted` when its adjusted p-value falls below 1 − confidence;
 * otherwise `inconclusive` when the replications carried too little information (fewer than 30
 * replications with an outage for a mean, an expected rarer count below 5 for a proportion),
 * with the replications that would be needed; otherwise `consistent`.
 */
export function decide(
  pairs: readonly Pair[],
  runs: ReadonlyMap<string, { readonly seed: number; readonly replications: number }>,
  confidence: number,
): CheckRow[] {
  const tested = pairs.map((p) => test(p, runs.get(p.scenario)?.replications ?? 0, confidence));
  const adjusted = holm(tested.map((t) => t.pValue));
  const alpha = 1 - confidence;
  return pairs.map((p, i) => {
    const t = tested[i] as Tested;
    const pHolm = adjusted[i] as number;
    const verdict: CheckVerdict = pHolm < alpha ? 'refuted' : t.lowInformation !== null ? 'inconclusive' : 'consistent';
    const run = runs.get(p.scenario);
    return {
      scenario: p.scenario,
      seed: run?.seed ?? NaN,
      replications: run?.replications ?? 0,
      metric: p.metric,
      formula: p.formula,
      kind: p.kind,
      estimate: t.estimate,
      stdError: t.stdError,
      low: t.low,
      high: t.high,
      confidence,
      analytic: p.analytic,
      zScore: t.zScore,
      pValue: t.pValue,
      pHolm,
      verdict,
      repsNeeded: verdict === 'inconclusive' ? t.lowInformation : null,
      why: verdict === 'refuted' && p.kind === 'published' ? p.why : '',
    };
  });
}
