/**
 * Message loss for queries (README, "Queries", message loss) against hand-worked event sequences:
 * a lost request or response ends the attempt at its timeout with cause `lost`, retried as a
 * timeout is. The arrival stream (`query/<class>` `arrival`) and the loss stream (`query/<class>`
 * `loss`) are replayed to know every arrival and every loss draw.
 */
import { describe, expect, it } from 'vitest';
import { StreamDeriver, StreamKey } from '../../../src/random/streams.js';
import { validateScenario } from '../../../src/scenario/validateScenario.js';
import { Simulation } from '../../../src/sim/Simulation.js';
import { ArrivalProcess } from '../../../src/sim/workload/ArrivalProcess.js';
import { quantityReader } from '../../support/quantities.js';

const S = 1 / 3600;
const RATE = 0.05 * 3600;

function scenario(cls: Record<string, unknown>) {
  return validateScenario({
    name: 'w',
    description: 'message loss test',
    horizon: 1,
    groups: { node: { failure: { type: 'deterministic', value: '100y' } } },
    services: { svc: { all: ['node'] } },
    workload: { drain: 0.1, classes: { q: { rate: '0.05/s', service: 'svc', ...cls } } },
  });
}

function arrivals(seed: number, rep: number): number[] {
  const draw = new StreamDeriver(seed).replication(rep).stream(new StreamKey('query/q', 'arrival'));
  const process = new ArrivalProcess({ type: 'poisson', rate: RATE });
  const out: number[] = [];
  for (let t = process.next(0, draw); t <= 1; t = process.next(t, draw)) out.push(t);
  return out;
}

function run(s: ReturnType<typeof scenario>, rep = 0, seed = 1) {
  const sim = new Simulation(s);
  sim.run(seed, rep);
  return quantityReader(sim);
}

const measured = (ts: number[]) => ts.filter((t) => t <= 0.9);

describe('workload: message loss', () => {
  it('every request lost, two retries after 1 s: three attempts each ending at its 5 s timeout, cause lost', () => {
    const n = measured(arrivals(1, 0)).length;
    const v = run(scenario({ execution: { type: 'deterministic', value: '1s' }, timeout: '5s', loss: { request: 1 }, retry: { maxRetries: 2, backoff: { type: 'constant', delay: '1s' }, on: ['timeout'] } }));
    expect(v('queries.q.queries')).toBe(n);
    expect(v('queries.q.attempts')).toBe(3 * n);
    expect(v('queries.q.failed.lost')).toBe(n);
    expect(v('queries.q.failed.timeout')).toBe(0);
    expect(v('queries.q.succeeded')).toBe(0);
    // 5 + 1 + 5 + 1 + 5 seconds from arrival to the third attempt's timeout.
    expect(v('queries.q.duration_sum')).toBeCloseTo(17 * n, 6);
  });

  it('every response lost: the 1 s execution ends, yet the client hears nothing until its 5 s timeout', () => {
    const n = measured(arrivals(1, 0)).length;
    const v = run(scenario({ execution: { type: 'deterministic', value: '1s' }, timeout: '5s', loss: { response: 1 } }));
    expect(v('queries.q.failed.lost')).toBe(n);
    expect(v('queries.q.attempts')).toBe(n);
    expect(v('queries.q.duration_sum')).toBeCloseTo(5 * n, 6);
  });

  it('a lost attempt is not retried when timeouts are not', () => {
    const n = measured(arrivals(1, 0)).length;
    const v = run(scenario({ execution: { type: 'deterministic', value: '1s' }, timeout: '5s', loss: 1, retry: { maxRetries: 2, on: ['error'] } }));
    expect(v('queries.q.attempts')).toBe(n);
    expect(v('queries.q.failed.lost')).toBe(n);
  });

  it('loss 0 draws only from its own stream: the same outcome as without loss', () => {
    const base = { execution: { type: 'deterministic', value: '1s' }, timeout: '5s' };
    const a = run(scenario(base));
    const b = run(scenario({ ...base, loss: 0 }));
    expect(b('queries.q.succeeded')).toBe(a('queries.q.succeeded'));
    expect(b('queries.q.latency_sum')).toBeCloseTo(a('queries.q.latency_sum'), 9);
    expect(b('queries.q.failed.lost')).toBe(0);
  });

  it('a scenario without loss has no lost metrics', () => {
    const sim = new Simulation(scenario({ execution: { type: 'deterministic', value: '1s' }, timeout: '5s' }));
    expect(sim.registry.quantities.map((q) => q.key).filter((k) => k.includes('lost'))).toEqual([]);
  });

  it('loss 0.5 each way, replayed: the request draw at issue, the response draw at the end of the 1 s execution, in event order', () => {
    for (const rep of [0, 1, 2]) {
      const ts = arrivals(1, rep);
      const draw = new StreamDeriver(1).replication(rep).stream(new StreamKey('query/q', 'loss'));
      // Events in time order: a request draw at each arrival; a response draw 1 s later when the request got through.
      const events: { t: number; i: number; kind: 'request' | 'response' }[] = ts.map((t, i) => ({ t, i, kind: 'request' }));
      const ok = new Uint8Array(ts.length);
      const lost = new Uint8Array(ts.length);
      events.sort((x, y) => x.t - y.t);
      while (events.length > 0) {
        const e = events.shift() as (typeof events)[number];
        if (draw() < 0.5) lost[e.i] = 1;
        else if (e.kind === 'request') {
          const at = e.t + S;
          let j = events.findIndex((x) => x.t > at);
          if (j < 0) j = events.length;
          events.splice(j, 0, { t: at, i: e.i, kind: 'response' });
        } else ok[e.i] = 1;
      }
      const m = ts.map((t) => t <= 0.9);
      const v = run(scenario({ execution: { type: 'deterministic', value: '1s' }, timeout: '5s', loss: 0.5 }), rep);
      expect(v('queries.q.succeeded')).toBe(ts.filter((_, i) => m[i] && ok[i] === 1).length);
      expect(v('queries.q.failed.lost')).toBe(ts.filter((_, i) => m[i] && lost[i] === 1).length);
    }
  });

  it('a request in flight is not failed by the service going down: the client only sees its timeout (lost)', () => {
    const s = validateScenario({
      name: 'w',
      description: 'message loss test',
      horizon: 1,
      groups: { node: { failure: { type: 'deterministic', value: '0.5h' }, repair: { type: 'deterministic', value: '0.1h' } } },
      services: { svc: { all: ['node'] } },
      workload: { drain: 0.1, classes: { q: { rate: '0.05/s', service: 'svc', execution: { type: 'deterministic', value: '1s' }, timeout: '5s', loss: { request: 1 } } } },
    });
    const ts = measured(arrivals(1, 0));
    const v = run(s);
    // Arrivals while the service is down (0.5 h, 0.6 h] fail service_down at once; every other query's request is lost.
    const down = ts.filter((t) => t >= 0.5 && t < 0.6).length;
    expect(v('queries.q.failed.service_down')).toBe(down);
    expect(v('queries.q.failed.lost')).toBe(ts.length - down);
  });
});

describe('workload: message loss validation', () => {
  const bad = (cls: Record<string, unknown>) => () => scenario(cls);
  it('a class with loss needs a timeout', () => {
    expect(bad({ execution: { type: 'deterministic', value: '1s' }, loss: 0.1 })).toThrow(/workload\.classes\.q\.loss: expected no loss without a timeout .*got 0\.1/);
  });
  it('a loss probability outside [0, 1]', () => {
    expect(bad({ execution: { type: 'deterministic', value: '1s' }, timeout: '5s', loss: { request: 1.5 } })).toThrow(/workload\.classes\.q\.loss/);
    expect(bad({ execution: { type: 'deterministic', value: '1s' }, timeout: '5s', loss: -0.1 })).toThrow(/workload\.classes\.q\.loss/);
  });
  it('an unknown key in loss', () => {
    expect(bad({ execution: { type: 'deterministic', value: '1s' }, timeout: '5s', loss: { req: 0.1 } })).toThrow(/workload\.classes\.q\.loss/);
  });
});

describe('workload: message loss against the geometric closed forms', () => {
  it('10% loss each way, 2 retries: success ratio and attempts per query within 5 standard errors of 1 − 0.19³ and 1.2261', () => {
    // Queries need no service and do not interact: each is an independent sequence of Bernoulli trials.
    const s = validateScenario({
      name: 'w',
      description: 'message loss statistics',
      horizon: 1,
      groups: { node: { failure: { type: 'deterministic', value: '100y' } } },
      services: { svc: { all: ['node'] } },
      workload: { drain: 0.05, classes: { q: { rate: '10/s', execution: { type: 'deterministic', value: '10ms' }, timeout: '1s', loss: 0.1, retry: { maxRetries: 2, on: ['timeout'], backoff: { type: 'constant', delay: '10ms' } } } } },
    });
    const v = run(s, 0, 3);
    const n = v('queries.q.queries');
    const q = 0.19;
    const success = 1 - q ** 3;
    const attempts = 1 + q + q * q;
    // Var[attempts] of a geometric law truncated at 3: E[A²] − E[A]², E[A²] = Σ (k+1)² P(A = k+1).
    const pA = [1 - q, q * (1 - q), q * q];
    const eA2 = pA.reduce((sum, p, k) => sum + p * (k + 1) ** 2, 0);
    expect(Math.abs(v('queries.q.succeeded') / n - success)).toBeLessThan(5 * Math.sqrt((success * (1 - success)) / n));
    expect(Math.abs(v('queries.q.attempts') / n - attempts)).toBeLessThan(5 * Math.sqrt((eA2 - attempts ** 2) / n));
    expect(Math.abs(v('queries.q.failed.lost') / n - q ** 3)).toBeLessThan(5 * Math.sqrt((q ** 3 * (1 - q ** 3)) / n));
  });
});
