// Verdicts that cannot hide a refutation, pairs over the span a formula claims, and every distribution spelling through the check.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide, pairsFor, type CheckRow, type Pair } from '../../src/check/crossCheck.js';
import { overSpan } from '../../src/check/publishedFor.js';
import { checkRuns } from '../../src/check/runCheck.js';
import { bundledScenarioPath } from '../../src/io/bundledScenarios.js';
import { loadScenario } from '../../src/io/loadScenario.js';
import { runScenario } from '../../src/run/runScenario.js';
import { validateScenario, type Scenario } from '../../src/scenario/validateScenario.js';

const raw = (name: string): any => JSON.parse(readFileSync(bundledScenarioPath(name), 'utf8'));
const load = (name: string) => loadScenario(bundledScenarioPath(name));

function decideAll(scenario: Scenario, replications: number, extra: (pairs: Pair[]) => Pair[] = (p) => p, spanRun = false): CheckRow[] {
  const acc = runScenario(scenario, { seed: 1, replications });
  return decide(extra(pairsFor(scenario, acc, { spanRun })), 1, 0.99);
}

describe('verdicts gate on what the formula predicts, and never overwrite a p-value', () => {
  // The reference cluster over one year with 2000 replications: about 5 see an outage (the exact
  // P(outage in a year) is 0.00273), far fewer than the 30 a mean test needs.
  const scenario = load('reference-cluster');
  const rows = decideAll(scenario, 2000, (pairs) => {
    const base = pairs.find((p) => p.metric === 'cluster.availability' && p.formula.startsWith('exact')) as Pair;
    return [
      ...pairs,
      // Off by orders of magnitude: A = 0.9 against a system that shows 1 − 6e-7.
      { ...base, formula: 'claim: A = 0.9', kind: 'correct', analytic: 0.9 },
      // Off by a factor 5 in unavailability, with few outages seen either way.
      { ...base, formula: 'claim: U five times too small', kind: 'correct', analytic: 1 - base.analytic / 1e9 },
    ];
  });
  const row = (formula: string, metric = 'cluster.availability') => rows.find((r) => r.formula === formula && r.metric === metric) as CheckRow;

  it('a claim off by orders of magnitude is refuted with few outages', () => {
    const claim = row('claim: A = 0.9');
    expect(claim.lowInformation).toBe(true);
    expect(claim.verdict).toBe('refuted');
    // The claim predicts every replication down for a tenth of the year: the exact count test
    // alone gives p ≤ 2·P(Bin(2000, 0.1) ≤ 5), below 1e-80.
    expect(claim.pValue).toBeLessThan(1e-80);
    expect(claim.zScore).toBeGreaterThan(15); // the estimate is far above the claim
  });

  it('a correct claim with few outages stays consistent or inconclusive, with its p-value kept', () => {
    const exact = row('exact CTMC (faultline analytic)');
    expect(exact.lowInformation).toBe(true);
    expect(exact.verdict).toBe('inconclusive');
    expect(exact.pValue).toBeGreaterThan(0.01);
    expect(exact.repsNeeded).toBeGreaterThan(2000);
    // The formula predicts 2000 × 0.00273 ≈ 5.5 replications with an outage: it needs about 30/0.00273.
    expect(exact.repsNeeded).toBeCloseTo(30 / 0.0027285, -2);
    // A claim of (almost) perfect availability is refuted by the outages seen, not waved through.
    expect(row('claim: U five times too small').verdict).toBe('refuted');
  });

  it('the low-information intervals lie inside the support and are never of zero width', () => {
    for (const r of rows.filter((x) => x.metric.endsWith('.availability'))) {
      expect(r.low).toBeGreaterThanOrEqual(0);
      expect(r.high).toBeLessThanOrEqual(1);
      expect(r.high).toBeGreaterThan(r.low);
    }
    // executor_pool is never seen down in 2000 replications: its bound reflects the 2000 run.
    const pool = row('exact CTMC (faultline analytic)', 'executor_pool.availability');
    expect(pool.estimate).toBe(1);
    expect(1 - pool.low).toBeCloseTo(-Math.expm1(Math.log(0.005) / 2000), 12);
  });

  it('gating honours the warm-up: failures before it do not make a run look informative', () => {
    // Every replication fails in [10, 11] h and is repaired 5 h later; its next failure is past the
    // horizon (24 h). With the warm-up at 20 h nothing is ever down in the measured [20, 24]:
    // 1000 replications failed, none saw an outage. Gating on failures since 0 would call this
    // informative and refute any positive unavailability with a zero-width interval.
    const s = validateScenario({
      name: 'early',
      description: 'an outage before the warm-up only',
      horizon: 24,
      warmup: 20,
      groups: { unit: { failure: { type: 'uniform', min: 10, max: 11 }, repair: { type: 'deterministic', value: 5 } } },
      services: { up: { all: ['unit'] } },
    });
    const acc = runScenario(s, { seed: 1, replications: 1000 });
    expect(acc.of('up.failed_by_horizon').moments.nonzero).toBe(1000);
    expect(acc.of('up.availability').moments.nonzero).toBe(0);
    const base = pairsFor(s, acc).find((p) => p.metric === 'up.availability');
    expect(base).toBeUndefined(); // no formula for a uniform law: judge a claim of A = 0.999 by hand
    const availability = acc.of('up.availability');
    const claim: Pair = {
      scenario: 'early',
      from: 20,
      to: 24,
      replications: 1000,
      metric: 'up.availability',
      formula: 'claim: A = 0.999',
      kind: 'correct',
      analytic: 0.999,
      why: '',
      evidence: { type: 'mean', moments: availability.moments, support: { range: 4, kind: 'amount' }, offset: 1, scale: -1 / 4 },
      shown: { estimate: 1, stdError: 0, low: 0, high: 1, lowInformation: true },
    };
    const [row] = decide([claim], 1, 0.99);
    // 0.001 of 4 h per replication predicts about one replication with an outage in 1000: too few.
    expect(row?.verdict).toBe('inconclusive');
    expect(row?.pValue).toBeCloseTo(Math.min(1, 2 * 0.999 ** 1000), 6);
  });
});

describe('published formulas are paired with the quantity and span they claim', () => {
  it('the 24-hour claim is judged against a run over [0, 24] h, beside P(no outage in 24 h)', () => {
    const scenario = load('reference-cluster');
    const runs = checkRuns([{ scenario, replications: 10 }]);
    expect(runs.map((r) => [r.scenario.warmup, r.scenario.horizon, r.base])).toEqual([
      [0, 8760, true],
      [0, 24, false],
    ]);
    const own = pairsFor(scenario, runScenario(scenario, { seed: 1, replications: 200 }));
    expect(own.filter((p) => p.kind === 'published').map((p) => p.formula)).toEqual([
      'ClusterReliabilityModel(3, 6).system_availability(8760)',
      'ClusterReliabilityModel(3, 6).system_availability(8760)',
    ]);
    const day = overSpan(scenario, 24);
    const rows = decideAll(day, 1_000_000, undefined, true).filter((r) => r.kind === 'published');
    expect(rows.map((r) => [r.formula, r.metric, r.from, r.to])).toEqual([
      ['ClusterReliabilityModel(3, 6).system_availability(24)', 'cluster.availability', 0, 24],
      ['ClusterReliabilityModel(3, 6).system_availability(24)', 'cluster.no_outage', 0, 24],
    ]);
    // Published U = 2.24e-5 over the day; exact 4.7e-7: refuted with the few outages (about 6) that
    // 10^6 replications of a day see, by the bound that assumes nothing of their length.
    expect(rows[0]?.lowInformation).toBe(true);
    expect(rows[0]?.verdict).toBe('refuted');
    // P(no outage in a day) = 1 − 6.2e-6 against the published 1 − 2.24e-5: an exact binomial test,
    // already strong here (22 outages predicted, about 6 seen); the headline's 3·10^6 replications refute it.
    expect(rows[1]?.pValue).toBeLessThan(0.01);
  });

  it('the window and partition claims keep the guards of their correct models', () => {
    // Sources starting all up are not stationary: no window claim, published or correct.
    const cold = raw('federated-sources');
    for (const g of Object.values(cold.groups) as { initial?: string }[]) delete g.initial;
    const pairs = pairsFor(validateScenario(cold), runScenario(validateScenario(cold), { seed: 1, replications: 50 }));
    expect(pairs.filter((p) => p.metric.includes('window_up'))).toEqual([]);
    // A mesh read before it settles (a grid ending at 1 h, links repaired in 10 min on average, so
    // ten repair times is 1.67 h): no partition claim either.
    const early = raw('reference-network');
    early.horizon = '1h';
    early.grid = { step: '0.5h' };
    delete early.windows;
    const net = validateScenario(early);
    const netPairs = pairsFor(net, runScenario(net, { seed: 1, replications: 20 }));
    expect(netPairs.filter((p) => p.metric.includes('network_connected'))).toEqual([]);
  });

  it('the published cluster model is paired only with clusters of its own node MTBFs', () => {
    const busy = load('reference-cluster-busy');
    expect(pairsFor(busy, runScenario(busy, { seed: 1, replications: 20 })).filter((p) => p.kind === 'published')).toEqual([]);
  });
});

describe('first failures: stopAt gives MTTF studies one failure per replication', () => {
  it('TMR with repair: the mean first failure is consistent with MTTF = (5λ + μ)/(6λ²)', () => {
    const s = validateScenario({ ...raw('tmr'), horizon: '1000000h', grid: { step: '100000h' }, stopAt: 'firstFailure' });
    const rows = decideAll(s, 4000);
    const mttf = rows.find((r) => r.formula.startsWith('MTTF'));
    expect(mttf?.analytic).toBeCloseTo((5 / 1000 + 1 / 10) / (6 / 1e6), 4);
    expect(mttf?.verdict).toBe('consistent');
    expect(rows.filter((r) => r.kind === 'correct' && r.verdict === 'refuted')).toEqual([]);
    expect(rows.some((r) => r.metric === 'tmr.availability')).toBe(false);
  });
});

describe('every distribution spelling the schema accepts goes through the check', () => {
  const spellings: Record<string, unknown>[] = [
    { type: 'exponential', mean: '200h' },
    { type: 'exponential', rate: 0.005 },
    { type: 'weibull', shape: 1.5, scale: '200h' },
    { type: 'lognormal', mu: 5, sigma: 0.5 },
    { type: 'lognormal', mean: '200h', sd: '50h' },
    { type: 'truncatedNormal', mean: '200h', sd: '50h' },
    { type: 'gamma', shape: 2, scale: '100h' },
    { type: 'gamma', shape: 2, rate: 0.01 },
    { type: 'uniform', min: '100h', max: '300h' },
    { type: 'deterministic', value: '200h' },
    { type: 'empirical', samples: ['150h', '200h', '250h'] },
  ];
  it.each(spellings.map((s) => [JSON.stringify(s), s]))('failure %s: pairs, a verdict for each, no correct model refuted', (_, failure) => {
    for (const initial of ['up', 'steady']) {
      const exponential = (failure as { type: string }).type === 'exponential';
      if (initial === 'steady' && !exponential) continue; // the schema refuses a steady start there
      const s = validateScenario({
        name: 'spelling',
        description: 'one source, each distribution spelling',
        horizon: '2000h',
        windows: ['1h'],
        groups: { s3: { kind: 'source', failure, repair: { type: 'exponential', rate: 0.5 }, initial } },
        services: { q: { all: ['s3'] } },
      });
      const rows = decideAll(s, 400);
      expect(rows.every((r) => ['consistent', 'inconclusive', 'refuted'].includes(r.verdict))).toBe(true);
      expect(rows.filter((r) => r.kind === 'correct' && r.verdict === 'refuted')).toEqual([]);
      if (exponential) expect(rows.some((r) => r.metric === 'q.availability' && r.formula.startsWith('exact'))).toBe(true);
      if (exponential && initial === 'steady') expect(rows.some((r) => r.metric === 'q.window_up_1h')).toBe(true);
    }
  });

  it('and the availability + mttr spelling of a failure model', () => {
    const s = validateScenario({
      name: 'spelling',
      description: 'availability and mttr',
      horizon: '2000h',
      windows: ['1h'],
      groups: { s3: { kind: 'source', availability: 0.99, mttr: '2h', initial: 'steady' } },
      services: { q: { all: ['s3'] } },
    });
    const rows = decideAll(s, 400);
    expect(rows.filter((r) => r.kind === 'correct' && r.verdict === 'refuted')).toEqual([]);
    expect(rows.some((r) => r.metric === 'q.window_up_1h' && r.formula.startsWith('alternating renewal'))).toBe(true);
  });
});
