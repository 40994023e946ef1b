/**
 * The workload module against hand-worked event sequences. Arrivals are Poisson, so each test
 * replays the class's arrival stream (the same key, `query/<class>` `arrival`, and the same
 * ArrivalProcess) to know every arrival time, works out by hand what must happen to each query
 * under deterministic laws, and compares with the simulated counts exactly.
 */
import { describe, expect, it } from 'vitest';
import { StreamDeriver, StreamKey } from '../../../src/random/streams.js';
import { validateScenario } from '../../../src/scenario/validateScenario.js';
import { Simulation } from '../../../src/sim/Simulation.js';
import { ArrivalProcess } from '../../../src/sim/workload/ArrivalProcess.js';
import { quantityReader } from '../../support/quantities.js';

const S = 1 / 3600; // one second in hours

/** A one-class scenario: `cls` is the class, `workload` the rest of the fragment, `extra` more scenario fields. */
function scenario(cls: Record<string, unknown>, workload: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return validateScenario({
    name: 'w',
    description: 'workload test',
    horizon: 1,
    groups: { node: { failure: { type: 'deterministic', value: '100y' } } },
    services: { svc: { all: ['node'] } },
    ...extra,
    workload: { drain: 0.1, ...workload, classes: { q: { rate: '0.05/s', ...cls } } },
  });
}

/** The arrival times of class `name` in replication `rep` (hours), up to the horizon. */
function arrivals(seed: number, rep: number, name: string, ratePerHour: number, horizon: number): number[] {
  const draw = new StreamDeriver(seed).replication(rep).stream(new StreamKey(`query/${name}`, 'arrival'));
  const process = new ArrivalProcess({ type: 'poisson', rate: ratePerHour });
  const out: number[] = [];
  for (let t = process.next(0, draw); t <= horizon; t = process.next(t, draw)) out.push(t);
  return out;
}

/** Runs replication `rep` and returns a reader of its per-replication quantities by key. */
function run(s: ReturnType<typeof scenario>, rep = 0, seed = 1) {
  const sim = new Simulation(s);
  sim.run(seed, rep);
  return quantityReader(sim);
}

const RATE = 0.05 * 3600;
const measured = (ts: number[], drain = 0.1) => ts.filter((t) => t <= 1 - drain);

describe('workload: timeouts, retries and backoff', () => {
  it('an execution of 10 s under a 20 s timeout succeeds with latency 10 s; under a 5 s timeout it times out', () => {
    const ts = measured(arrivals(1, 0, 'q', RATE, 1));
    const ok = run(scenario({ execution: { type: 'deterministic', value: '10s' }, timeout: '20s' }));
    expect(ok('queries.q.queries')).toBe(ts.length);
    expect(ok('queries.q.succeeded')).toBe(ts.length);
    expect(ok('queries.q.latency_sum')).toBeCloseTo(10 * ts.length, 6);
    const late = run(scenario({ execution: { type: 'deterministic', value: '10s' }, timeout: '5s' }));
    expect(late('queries.q.succeeded')).toBe(0);
    expect(late('queries.q.failed.timeout')).toBe(ts.length);
    expect(late('queries.q.attempts')).toBe(ts.length);
  });

  it('two retries after a constant 1 s backoff: three attempts, all timed out', () => {
    const ts = measured(arrivals(1, 0, 'q', RATE, 1));
    const v = run(scenario({ execution: { type: 'deterministic', value: '10s' }, timeout: '5s', retry: { maxRetries: 2, backoff: { type: 'constant', delay: '1s' }, on: ['timeout'] } }));
    expect(v('queries.q.attempts')).toBe(3 * ts.length);
    expect(v('queries.q.failed.timeout')).toBe(ts.length);
  });

  it('a cause not listed in `on` is not retried', () => {
    const ts = measured(arrivals(1, 0, 'q', RATE, 1));
    const v = run(scenario({ execution: { type: 'deterministic', value: '10s' }, timeout: '5s', retry: { maxRetries: 2, on: ['service_down'] } }));
    expect(v('queries.q.attempts')).toBe(ts.length);
  });

  it('an error on every attempt with 3 retries: 4 attempts, cause error', () => {
    const ts = measured(arrivals(1, 0, 'q', RATE, 1));
    const v = run(scenario({ execution: { type: 'deterministic', value: '1s' }, errorProbability: 1, retry: { maxRetries: 3, on: ['error'] } }));
    expect(v('queries.q.attempts')).toBe(4 * ts.length);
    expect(v('queries.q.failed.error')).toBe(ts.length);
  });

  it('a retry budget of capacity 1 and ratio 1: a retry only with a token, each request adding one', () => {
    const all = arrivals(1, 0, 'q', RATE, 1);
    const keep = new Set(measured(all));
    // Replay: attempt k of the query arriving at t fails at t + k s; retry k needs a token.
    const events: { at: number; t: number; k: number }[] = all.map((t) => ({ at: t, t, k: 0 }));
    let tokens = 1;
    let attempts = 0;
    events.sort((x, y) => x.at - y.at);
    while (events.length > 0) {
      const e = events.shift() as { at: number; t: number; k: number };
      if (e.k === 0) {
        tokens = Math.min(1, tokens + 1);
        if (keep.has(e.t)) attempts++;
        events.push({ at: e.t + S, t: e.t, k: 1 });
      } else if (e.k <= 3 && tokens >= 1) {
        tokens -= 1;
        if (keep.has(e.t)) attempts++;
        events.push({ at: e.t + (e.k + 1) * S, t: e.t, k: e.k + 1 });
      }
      events.sort((x, y) => x.at - y.at);
    }
    const v = run(scenario({ execution: { type: 'deterministic', value: '1s' }, errorProbability: 1, retry: { maxRetries: 3, on: ['error'], budget: { ratio: 1, capacity: 1 } } }));
    expect(v('queries.q.attempts')).toBe(attempts);
    expect(attempts).toBeLessThan(2 * keep.size);
  });
});

describe('workload: the service going down beneath the queries', () => {
  it('a query fails service_down iff its [arrival, arrival + w] meets an outage ([0.3 h, 0.5 h), then [0.8 h, 1 h): up 0.3 h, down 0.2 h, repeating)', () => {
    const w = 60 * S;
    const s = scenario(
      { execution: { type: 'deterministic', value: '60s' }, service: 'svc' },
      {},
      { groups: { node: { failure: { type: 'deterministic', value: 0.3 }, repair: { type: 'deterministic', value: 0.2 } } } },
    );
    const ts = measured(arrivals(1, 0, 'q', RATE, 1));
    const hit = ts.filter((t) => (t + w > 0.3 && t < 0.5) || (t + w > 0.8 && t < 1)).length;
    const v = run(s);
    expect(hit).toBeGreaterThan(0);
    expect(v('queries.q.failed.service_down')).toBe(hit);
    expect(v('queries.q.succeeded')).toBe(ts.length - hit);
  });

  it('with a fallback the failed queries are served by it, not counted as failed', () => {
    const s = scenario(
      { execution: { type: 'deterministic', value: '60s' }, service: 'svc', fallbacks: [{ name: 'cache', latency: { type: 'deterministic', value: '2ms' } }] },
      {},
      { groups: { node: { failure: { type: 'deterministic', value: 0.3 }, repair: { type: 'deterministic', value: 0.2 } } } },
    );
    const ts = measured(arrivals(1, 0, 'q', RATE, 1));
    const hit = ts.filter((t) => (t + 60 * S > 0.3 && t < 0.5) || (t + 60 * S > 0.8 && t < 1)).length;
    const v = run(s);
    expect(v('queries.q.served.cache')).toBe(hit);
    expect(v('queries.q.failed.service_down')).toBe(0);
  });
});

/** FIFO single server of deterministic service d and an unbounded queue: each arrival's latency, replayed by hand. */
function fifoLatencies(ts: number[], d: number): number[] {
  let free = 0; // when the server is next free
  return ts.map((t) => {
    free = Math.max(t, free) + d;
    return free - t;
  });
}

/** Arrivals that find a single server of deterministic service d busy, with no queue, among the measured ones (a loss system, replayed by hand). */
function lostMeasured(all: number[], d: number): number {
  const keep = new Set(measured(all));
  let lost = 0;
  let free = 0;
  for (const t of all) {
    if (free > t) {
      if (keep.has(t)) lost++;
      continue;
    }
    free = t + d;
  }
  return lost;
}

describe('workload: executors, bulkheads and memory as capacity', () => {
  const busyRate = 2 * 3600 * 0.05; // 0.1/s
  const d = 8 * S;
  const base = { rate: '0.1/s', execution: { type: 'deterministic', value: '8s' } };
  const ts = () => arrivals(1, 0, 'q', busyRate, 1);

  it('one executor slot, no queue: an arrival finding it busy is rejected', () => {
    const lost = lostMeasured(ts(), d);
    expect(lost).toBeGreaterThan(0);
    const v = run(scenario(base, { executors: { group: 'node', slots: 1, queueLimit: 0 } }));
    expect(v('queries.q.failed.rejected')).toBe(lost);
  });

  it('one executor slot with an unbounded FIFO queue: latencies are the queue-and-serve times', () => {
    const all = ts();
    const m = measured(all).length;
    const latencies = fifoLatencies(all, d);
    const v = run(scenario(base, { executors: { group: 'node', slots: 1 } }));
    const sum = latencies.slice(0, m).reduce((a, b) => a + b, 0) * 3600;
    expect(v('queries.q.succeeded')).toBe(m);
    expect(v('queries.q.latency_sum')).toBeCloseTo(sum, 6);
  });

  it('a bulkhead of 1 without queue rejects like a single slot, and counts its rejections', () => {
    const lost = lostMeasured(ts(), d);
    const v = run(scenario({ ...base, bulkhead: 'b' }, { bulkheads: { b: { maxConcurrent: 1 } } }));
    expect(v('queries.q.failed.rejected')).toBe(lost);
    expect(v('bulkheads.b.rejected')).toBe(lost);
  });

  it('memory for one query at a time: an attempt arriving while one runs is out_of_memory', () => {
    const lost = lostMeasured(ts(), d);
    const v = run(scenario({ ...base, memory: 6 }, { memory: { capacity: 10 } }));
    expect(v('queries.q.failed.out_of_memory')).toBe(lost);
  });

  it('a queue deadline: a query that would wait more than 5 s for the slot is dropped as a timeout', () => {
    const all = ts();
    const v = run(scenario(base, { executors: { group: 'node', slots: 1, queueTimeout: '5s' } }));
    // Replay: FIFO, each waiter dropped at its deadline (its place given to the next).
    const keep = new Set(measured(all));
    let free = 0;
    let dropped = 0;
    for (const t of all) {
      if (free - t > 5 * S) {
        if (keep.has(t)) dropped++;
        continue;
      }
      free = Math.max(free, t) + d;
    }
    expect(v('queries.q.failed.timeout')).toBe(dropped);
  });
});

describe('workload: the consecutive breaker', () => {
  it('every call fails: 3 failures open it for 10 s; the first call after that is a probe that fails and re-opens it', () => {
    const all = arrivals(1, 0, 'q', RATE, 1);
    const keep = new Set(measured(all));
    let errors = 0;
    let rejected = 0;
    let failures = 0;
    let openUntil = -1;
    for (const t of all) {
      if (t < openUntil) {
        if (keep.has(t)) rejected++;
        continue;
      }
      if (keep.has(t)) errors++;
      if (openUntil >= 0) openUntil = t + 10 * S; // a half-open probe failed
      else if (++failures >= 3) openUntil = t + 10 * S;
    }
    const v = run(scenario({ execution: { type: 'deterministic', value: 0 }, errorProbability: 1, breaker: 'b' }, { breakers: { b: { type: 'consecutive', threshold: 3, resetTimeout: '10s', failureCauses: ['error'] } } }));
    expect(v('queries.q.failed.error')).toBe(errors);
    expect(v('queries.q.failed.breaker_open')).toBe(rejected);
  });
});

describe('workload: determinism', () => {
  it('the same seed and replication give the same values, whatever ran before', () => {
    const s = validateScenario(JSON.parse(JSON.stringify({
      name: 'd', description: 'd', horizon: 1,
      groups: { e: { count: 2, failure: { type: 'exponential', mean: 0.5 }, repair: { type: 'exponential', mean: 0.1 } } },
      services: { svc: { atLeast: 1, of: 'e' } },
      workload: { executors: { group: 'e', slots: 2, queueLimit: 5 }, classes: { q: { rate: '2/s', execution: { type: 'lognormal', mu: 0, sigma: 0.5, unit: 's' }, service: 'svc', timeout: '3s', retry: { maxRetries: 2, backoff: { type: 'exponential', base: '100ms', cap: '1s', jitter: 'decorrelated' } } } } },
    })));
    const a = new Simulation(s);
    a.run(5, 3);
    const first = Float64Array.from(a.values);
    const b = new Simulation(s);
    for (let rep = 0; rep < 3; rep++) b.run(5, rep);
    b.run(5, 3);
    expect(Array.from(b.values)).toEqual(Array.from(first));
  });
});
