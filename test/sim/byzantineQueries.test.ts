// Wrong answers to queries (docs/fault-modes.md, "Wrong answers to queries"): the byzantine module's
// per-service flag read by the workload when an answer is delivered. Hand-worked sequences replay
// the class's arrival stream (`query/<class>` `arrival`) against deterministic byzantine flips;
// the statistical check compares sims/bft-queries.json with the PASTA pairs of faultPairs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { faultClaims } from '../../src/check/faultPairs.js';
import { normalQuantile } from '../../src/math/normal.js';
import { StreamDeriver, StreamKey } from '../../src/random/streams.js';
import { validateScenario } from '../../src/scenario/validateScenario.js';
import { Simulation } from '../../src/sim/Simulation.js';
import { ArrivalProcess } from '../../src/sim/workload/ArrivalProcess.js';
import { quantityReader } from '../support/quantities.js';

// Each statistical check below is two-sided at 99.9%.
const Z = normalQuantile(1 - 0.001 / 2);
const det = (value: string | number) => ({ type: 'deterministic', value });
const RATE = 2; // queries per hour
const instant = { rate: `${RATE}/h`, execution: det(0) };

/**
 * Four replicas (f = 1), crashes after the horizon; replica 0 honest 10 h, byzantine 5 h, over and
 * over: byzantine over [10, 15), [25, 30), …, [85, 90) within the 100 h horizon. One instant read
 * class on each service.
 */
function bftQueries(edit: (s: Record<string, any>) => void = () => undefined): Record<string, any> {
  const s: Record<string, any> = {
    name: 'bft-queries-test',
    description: 'four replicas, one of which turns byzantine, with queries',
    horizon: '100h',
    grid: { step: '50h' },
    groups: {
      nodes: { count: 4, failure: det('1000h'), repair: det('1h'), byzantine: { failure: det('10h'), repair: det('5h'), count: 1 } },
    },
    services: { pbft: { bft: { of: 'nodes' } }, raft: { atLeast: 'majority', of: 'nodes' } },
    workload: { classes: { pbft_q: { ...instant, service: 'pbft' }, raft_q: { ...instant, service: 'raft' } } },
  };
  edit(s);
  return s;
}

/** The arrival times of class `name` in replication `rep` of `seed` (hours), up to `horizon`. */
function arrivals(name: string, horizon: number, seed = 1, rep = 0): number[] {
  const draw = new StreamDeriver(seed).replication(rep).stream(new StreamKey(`query/${name}`, 'arrival'));
  const process = new ArrivalProcess({ type: 'poisson', rate: RATE });
  const out: number[] = [];
  for (let t = process.next(0, draw); t <= horizon; t = process.next(t, draw)) out.push(t);
  return out;
}

/** One replication's values by quantity key (seed 1, replication 0); `has` says whether a key is declared. */
function once(input: Record<string, any>) {
  const sim = new Simulation(validateScenario(input));
  sim.run(1, 0);
  const keys = sim.registry.quantities.map((q) => q.key);
  const value = quantityReader(sim);
  return { value, has: (key: string) => keys.includes(key) };
}

/** Replica 0 byzantine at t: [10, 15) + 15m. */
const lying = (t: number) => t % 15 >= 10;

describe('wrong answers to queries: hand-worked sequences', () => {
  it('instant answers: the crash majority delivers a wrong answer to each query arriving while replica 0 lies, bft to none', () => {
    const raft = arrivals('raft_q', 100);
    const pbft = arrivals('pbft_q', 100);
    const wrong = raft.filter(lying).length;
    expect(wrong).toBeGreaterThan(10);
    const { value } = once(bftQueries());
    expect(value('queries.raft_q.succeeded')).toBe(raft.length);
    expect(value('queries.raft_q.wrong_answers')).toBe(wrong);
    expect(value('queries.pbft_q.succeeded')).toBe(pbft.length);
    expect(value('queries.pbft_q.wrong_answers')).toBe(0);
    expect(value('queries.wrong_answers')).toBe(wrong);
    expect(value('raft.wrong_answer_time')).toBeCloseTo(30, 9);
  });

  it('the flag is read at the answer, not at the arrival: a 30 min execution is wrong iff it ends while replica 0 lies', () => {
    // Crashes never happen, so every query is answered at t + 0.5 h; the default drain is the 0.5 h a query lasts.
    const raft = arrivals('raft_q', 100).filter((t) => t <= 99.5);
    const wrong = raft.filter((t) => lying(t + 0.5)).length;
    expect(wrong).not.toBe(raft.filter(lying).length); // the two instants disagree on this replay
    const { value } = once(bftQueries((x) => (x['workload'].classes.raft_q.execution = det('30min'))));
    expect(value('queries.raft_q.succeeded')).toBe(raft.length);
    expect(value('queries.raft_q.wrong_answers')).toBe(wrong);
  });

  it('a crashed byzantine replica answers nothing: replica 0 crashes at 12 h for good, so only arrivals in [10, 12) are wrong, and later ones fail', () => {
    const raft = arrivals('raft_q', 100);
    const { value } = once(
      bftQueries((x) => {
        x['groups'].nodes.count = 1;
        x['groups'].nodes.failure = det('12h');
        x['groups'].nodes.repair = null;
        x['groups'].others = { count: 3, failure: det('1000h'), repair: det('1h') };
        x['services'] = { raft: { atLeast: 1, of: 'nodes' } };
        x['workload'].classes = { raft_q: { ...instant, service: 'raft' } };
      }),
    );
    expect(value('queries.raft_q.wrong_answers')).toBe(raft.filter((t) => t >= 10 && t < 12).length);
    expect(value('queries.raft_q.succeeded')).toBe(raft.filter((t) => t < 12).length);
    expect(value('queries.raft_q.failed.service_down')).toBe(raft.filter((t) => t >= 12).length);
  });

  it('two liars (> f): bft is down while they lie, so its queries fail service_down and none is answered wrongly, though wrong_answer_time is 30 h', () => {
    const pbft = arrivals('pbft_q', 100);
    const raft = arrivals('raft_q', 100);
    const { value } = once(bftQueries((x) => (x['groups'].nodes.byzantine.count = 2)));
    expect(value('pbft.wrong_answer_time')).toBeCloseTo(30, 9);
    expect(value('queries.pbft_q.wrong_answers')).toBe(0);
    expect(value('queries.pbft_q.failed.service_down')).toBe(pbft.filter(lying).length);
    expect(value('queries.raft_q.wrong_answers')).toBe(raft.filter(lying).length);
  });

  it('the metrics exist only where a class needs a service over a group with a byzantine law', () => {
    const plain = once(bftQueries((x) => delete x['groups'].nodes.byzantine));
    expect(plain.has('queries.raft_q.succeeded')).toBe(true);
    expect(plain.has('queries.raft_q.wrong_answers')).toBe(false);
    expect(plain.has('queries.wrong_answers')).toBe(false);
    const mixed = once(
      bftQueries((x) => {
        x['groups'].cachenode = { count: 1, failure: det('1000h'), repair: det('1h') };
        x['services'].cache = { all: ['cachenode'] };
        x['workload'].classes = { raft_q: { ...instant, service: 'raft' }, cached: { ...instant, service: 'cache' }, free: instant };
      }),
    );
    expect(mixed.has('queries.raft_q.wrong_answers')).toBe(true);
    expect(mixed.has('queries.cached.wrong_answers')).toBe(false);
    expect(mixed.has('queries.free.wrong_answers')).toBe(false);
    expect(mixed.has('queries.wrong_answers')).toBe(true);
  });
});

const bundled = (): Record<string, any> => JSON.parse(readFileSync(new URL('../../sims/bft-queries.json', import.meta.url), 'utf8'));

describe('wrong answers to queries against their closed forms', () => {
  it('the pairs: PASTA forms for the crash class, a structural 0 for the bft class, none when answers take time', () => {
    const claims = faultClaims(validateScenario(bundled()));
    const metric = (m: string) => claims.find((c) => c.metric === m);
    expect(metric('queries.pbft_reads.wrong_answers')).toMatchObject({ analytic: 0, nonzeroProbability: 0 });
    expect(metric('queries.raft_reads.wrong_answers')?.analytic).toBeGreaterThan(0);
    const slow = bundled();
    slow['workload'].classes.raft_reads.execution = det('1s');
    const none = faultClaims(validateScenario(slow)).filter((c) => c.metric.startsWith('queries.raft_reads.'));
    expect(none).toEqual([]);
  });

  it('the ratio claim tends to the stationary product form (1 − A_h)·A·P(≥ 2 of 3 up) / P(≥ 3 of 4 up) over a long horizon', () => {
    const s = bundled();
    s['horizon'] = '100y';
    s['grid'] = { step: '50y' };
    const claim = faultClaims(validateScenario(s)).find((c) => c.metric === 'queries.raft_reads.wrong_answer_ratio');
    const A = 1000 / 1010;
    const Ah = 200 / 220;
    const twoOf3 = A ** 3 + 3 * A ** 2 * (1 - A);
    const threeOf4 = A ** 4 + 4 * A ** 3 * (1 - A);
    const stationary = ((1 - Ah) * A * twoOf3) / threeOf4;
    // The transient from "up and honest at 0" decays with τ = 1/(1/200 + 1/20) h ≈ 18 h: a relative effect of order τ/span.
    expect(Math.abs((claim?.analytic as number) - stationary) / stationary).toBeLessThan(1e-4);
    expect(Math.abs((claim?.analytic as number) - stationary) / stationary).toBeGreaterThan(0);
  });

  it('sims/bft-queries.json (seed 7, 60 replications): wrong answers and their ratio within Z standard errors of the claims; bft exactly 0', () => {
    const scenario = validateScenario(bundled());
    const claims = faultClaims(scenario);
    const sim = new Simulation(scenario);
    const index = (key: string) => sim.registry.quantities.findIndex((q) => q.key === key);
    const [wrongAt, okAt, pbftAt] = [index('queries.raft_reads.wrong_answers'), index('queries.raft_reads.succeeded'), index('queries.pbft_reads.wrong_answers')];
    const wrong: number[] = [];
    const ok: number[] = [];
    const reps = 60;
    for (let rep = 0; rep < reps; rep++) {
      sim.replicate(7, rep);
      wrong.push(sim.values[wrongAt] as number);
      ok.push(sim.values[okAt] as number);
      expect(sim.values[pbftAt]).toBe(0);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const mw = mean(wrong);
    const sdw = Math.sqrt(wrong.reduce((a, x) => a + (x - mw) ** 2, 0) / (reps - 1));
    const count = claims.find((c) => c.metric === 'queries.raft_reads.wrong_answers')?.analytic as number;
    expect(Math.abs(mw - count), `${mw} vs ${count}`).toBeLessThanOrEqual((Z * sdw) / Math.sqrt(reps));
    // The ratio estimator Σw/Σs and its delta-method standard error (Cochran 1977, §6.4).
    const r = mw / mean(ok);
    const se = Math.sqrt(wrong.reduce((a, x, i) => a + (x - r * (ok[i] as number)) ** 2, 0) / (reps * (reps - 1))) / mean(ok);
    const ratio = claims.find((c) => c.metric === 'queries.raft_reads.wrong_answer_ratio')?.analytic as number;
    expect(Math.abs(r - ratio), `${r} vs ${ratio}`).toBeLessThanOrEqual(Z * se);
    expect(se).toBeLessThan(0.01); // an informative test: the ratio is about 0.09
  });
});
