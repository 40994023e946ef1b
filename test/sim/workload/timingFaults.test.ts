/**
 * Timing faults for queries (docs/fault-modes.md, "Slow periods" and "Link latency") against
 * hand-worked event sequences: deterministic laws, the class's arrival stream (`query/<class>`
 * `arrival`) replayed to know every arrival time, and every outcome worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { StreamDeriver, StreamKey } from '../../../src/random/streams.js';
import { validateScenario } from '../../../src/scenario/validateScenario.js';
import { Simulation } from '../../../src/sim/Simulation.js';
import { checkScenario } from '../../../src/sim/checkScenario.js';
import { ArrivalProcess } from '../../../src/sim/workload/ArrivalProcess.js';
import { quantityReader } from '../../support/quantities.js';

const S = 1 / 3600;
const MIN = 60 * S;

function scenario(cls: Record<string, unknown>, workload: Record<string, unknown> = {}, rate = '0.05/s') {
  return validateScenario({
    name: 'w',
    description: 'timing faults test',
    horizon: 1,
    groups: { node: { failure: { type: 'deterministic', value: '100y' } } },
    services: { svc: { all: ['node'] } },
    workload: { drain: 0.1, ...workload, classes: { q: { rate, ...cls } } },
  });
}

function arrivals(rep: number, ratePerHour: number): number[] {
  const draw = new StreamDeriver(1).replication(rep).stream(new StreamKey('query/q', 'arrival'));
  const process = new ArrivalProcess({ type: 'poisson', rate: ratePerHour });
  const out: number[] = [];
  for (let t = process.next(0, draw); t <= 1; t = process.next(t, draw)) out.push(t);
  return out;
}

function run(s: ReturnType<typeof scenario>, rep = 0) {
  const sim = new Simulation(s);
  sim.run(1, rep);
  return quantityReader(sim);
}

const RATE = 0.05 * 3600;
const measured = (ts: number[]) => ts.filter((t) => t <= 0.9);
const det = (value: string) => ({ type: 'deterministic', value });

describe('workload: slow periods', () => {
  // Off at 0; every 10 min, for 5 min: slow in [10, 15), [25, 30), [40, 45) and [55, 60) min.
  const slow = { every: det('10min'), duration: det('5min'), factor: 3 };
  const inSlow = (t: number) => [10, 25, 40, 55].some((m) => t >= m * MIN && t < (m + 5) * MIN);

  it('a 1 s execution tripled in slow periods: those arrivals time out at 2.5 s, the others answer in 1 s', () => {
    for (const rep of [0, 1]) {
      const ts = measured(arrivals(rep, RATE));
      const slowOnes = ts.filter(inSlow).length;
      expect(slowOnes).toBeGreaterThan(0);
      const v = run(scenario({ execution: det('1s'), timeout: '2.5s', slow }), rep);
      expect(v('queries.q.queries')).toBe(ts.length);
      expect(v('queries.q.failed.timeout')).toBe(slowOnes);
      expect(v('queries.q.succeeded')).toBe(ts.length - slowOnes);
      expect(v('queries.q.latency_sum')).toBeCloseTo(ts.length - slowOnes, 6);
      expect(v('queries.q.duration_sum')).toBeCloseTo(ts.length - slowOnes + 2.5 * slowOnes, 6);
    }
  });

  it('without a timeout a slow execution answers in factor × its draw (3 s)', () => {
    const ts = measured(arrivals(0, RATE));
    const slowOnes = ts.filter(inSlow).length;
    const v = run(scenario({ execution: det('1s'), slow }));
    expect(v('queries.q.succeeded')).toBe(ts.length);
    expect(v('queries.q.latency_sum')).toBeCloseTo(ts.length + 2 * slowOnes, 6);
  });

  it('the latency is fixed at the execution start: an execution that starts just before a slow period is not scaled', () => {
    // 10 min executions: those starting in [0, 10) min end at their normal time even though a slow period begins meanwhile.
    // Measured arrivals in [0, 30] min (drain 30 min): a slow one ends by 60 min.
    const ts = arrivals(0, RATE).filter((t) => t <= 0.5);
    const v = run(scenario({ execution: det('10min'), slow }, { drain: 0.5 }));
    const slowOnes = ts.filter(inSlow).length;
    expect(v('queries.q.succeeded')).toBe(ts.length);
    expect(v('queries.q.latency_sum')).toBeCloseTo((ts.length + 2 * slowOnes) * 600, 4);
  });

  it('factor 1 changes nothing but draws its toggles from its own stream', () => {
    const base = { execution: { type: 'exponential', mean: '1s' }, timeout: '2s' };
    const a = run(scenario(base));
    const b = run(scenario({ ...base, slow: { ...slow, factor: 1 } }));
    expect(b('queries.q.succeeded')).toBe(a('queries.q.succeeded'));
    expect(b('queries.q.latency_sum')).toBeCloseTo(a('queries.q.latency_sum'), 9);
  });
});

describe('workload: link latency', () => {
  it('request 100 ms, execution 1 s, response 200 ms: every answer in 1.3 s; under a 1.2 s timeout none', () => {
    const ts = measured(arrivals(0, RATE));
    const network = { request: det('100ms'), response: det('200ms') };
    const ok = run(scenario({ execution: det('1s'), timeout: '5s', network }));
    expect(ok('queries.q.succeeded')).toBe(ts.length);
    expect(ok('queries.q.latency_sum')).toBeCloseTo(1.3 * ts.length, 6);
    const late = run(scenario({ execution: det('1s'), timeout: '1.2s', network }));
    expect(late('queries.q.failed.timeout')).toBe(ts.length);
    expect(late('queries.q.duration_sum')).toBeCloseTo(1.2 * ts.length, 6);
  });

  it('a request still in flight at the timeout: the attempt times out at 50 ms', () => {
    const ts = measured(arrivals(0, RATE));
    const v = run(scenario({ execution: det('1ms'), timeout: '50ms', network: { request: det('100ms') } }));
    expect(v('queries.q.failed.timeout')).toBe(ts.length);
    expect(v('queries.q.duration_sum')).toBeCloseTo(0.05 * ts.length, 6);
  });

  it('an outage while a request is in flight fails the attempt service_down at once', () => {
    // The node fails at 0.5 h for 0.1 h; requests take 10 s to arrive and execute for 1 s under a 30 s timeout.
    const s = validateScenario({
      name: 'w',
      description: 'timing faults test',
      horizon: 1,
      groups: { node: { failure: det('0.5h'), repair: det('0.1h') } },
      services: { svc: { all: ['node'] } },
      workload: { drain: 0.1, classes: { q: { rate: '0.05/s', service: 'svc', execution: det('1s'), timeout: '30s', network: { request: det('10s'), response: det('1s') } } } },
    });
    const ts = measured(arrivals(0, RATE));
    // In transit or executing at 0.5 h (issued in (0.5 h − 12 s, 0.5 h)), or issued while down: service_down.
    const failed = ts.filter((t) => (t > 0.5 - 12 * S && t < 0.5) || (t >= 0.5 && t < 0.6));
    const inTransit = failed.filter((t) => t < 0.5);
    expect(inTransit.length).toBeGreaterThan(0);
    const v = run(s);
    expect(v('queries.q.failed.service_down')).toBe(failed.length);
    expect(v('queries.q.succeeded')).toBe(ts.length - failed.length);
    expect(v('queries.q.latency_sum')).toBeCloseTo(12 * (ts.length - failed.length), 6);
  });

  it('the executor slot is held from the request’s arrival to the execution’s end, not while the response travels', () => {
    // One slot, no queue, executions of 1 s, request 100 ms, response 2 s: an arrival is rejected iff
    // it comes less than 1 s after the last accepted one (the slot is [t + 0.1 s, t + 1.1 s]). Were the
    // slot held until the answer, it would be 3 s.
    const rate = 0.5 * 3600;
    const all = arrivals(0, rate);
    const keep = new Set(measured(all));
    let rejected = 0;
    let free = 0;
    for (const t of all) {
      if (free > t) {
        if (keep.has(t)) rejected++;
        continue;
      }
      free = t + S;
    }
    expect(rejected).toBeGreaterThan(0);
    const v = run(scenario({ execution: det('1s'), timeout: '10s', network: { request: det('100ms'), response: det('2s') } }, { executors: { group: 'node', slots: 1, queueLimit: 0 } }, '0.5/s'));
    expect(v('queries.q.failed.rejected')).toBe(rejected);
    expect(v('queries.q.succeeded')).toBe(keep.size - rejected);
    expect(v('queries.q.latency_sum')).toBeCloseTo(3.1 * (keep.size - rejected), 6);
  });

  it('with executors the timeout still covers the response: 1 s + 2 s against a 2.5 s timeout', () => {
    const ts = measured(arrivals(0, RATE));
    const v = run(scenario({ execution: det('1s'), timeout: '2.5s', network: { response: det('2s') } }, { executors: { group: 'node', slots: 100 } }));
    expect(v('queries.q.failed.timeout')).toBe(ts.length);
    expect(v('queries.q.duration_sum')).toBeCloseTo(2.5 * ts.length, 6);
  });
});

describe('workload: loss episodes for queries', () => {
  // Off at 0; every 10 min, for 5 min: the loss probabilities hold in [10, 15), [25, 30), [40, 45) and [55, 60) min.
  const episodes = { every: det('10min'), duration: det('5min') };
  const inEpisode = (t: number) => [10, 25, 40, 55].some((m) => t >= m * MIN && t < (m + 5) * MIN);

  it('every request sent during an episode is lost (ending at the 5 s timeout); the others answer', () => {
    const ts = measured(arrivals(0, RATE));
    const lost = ts.filter(inEpisode).length;
    expect(lost).toBeGreaterThan(0);
    const v = run(scenario({ execution: det('1s'), timeout: '5s', loss: { request: 1, episodes } }));
    expect(v('queries.q.failed.lost')).toBe(lost);
    expect(v('queries.q.succeeded')).toBe(ts.length - lost);
    expect(v('queries.q.duration_sum')).toBeCloseTo(5 * lost + (ts.length - lost), 6);
  });

  it('a response is lost iff its answer comes during an episode (1 s after the request)', () => {
    const ts = measured(arrivals(0, RATE));
    const lost = ts.filter((t) => inEpisode(t + S)).length;
    const v = run(scenario({ execution: det('1s'), timeout: '5s', loss: { response: 1, episodes } }));
    expect(v('queries.q.failed.lost')).toBe(lost);
  });

  it('the uniforms are drawn whether or not an episode is on: loss 0.5 replayed message by message', () => {
    const ts = arrivals(0, RATE);
    const draw = new StreamDeriver(1).replication(0).stream(new StreamKey('query/q', 'loss'));
    // Instantaneous executions: the request's draw, then (if it got through) the response's, at the same instant.
    let lost = 0;
    ts.forEach((t) => {
      const on = inEpisode(t);
      const request = draw() < 0.5 && on;
      const response = !request && draw() < 0.5 && on;
      if ((request || response) && t <= 0.9) lost++;
    });
    const v = run(scenario({ execution: det('0s'), timeout: '5s', loss: { request: 0.5, response: 0.5, episodes } }));
    expect(v('queries.q.failed.lost')).toBe(lost);
  });
});

describe('workload: timing faults validation', () => {
  const bad = (cls: Record<string, unknown>) => () => scenario({ execution: det('1s'), timeout: '5s', ...cls });
  it('a slow factor below 1', () => {
    expect(bad({ slow: { every: det('1min'), duration: det('1min'), factor: 0.5 } })).toThrow(/workload\.classes\.q\.slow\.factor: expected a finite number >= 1/);
  });
  it('a slow period law of mean 0', () => {
    expect(() => checkScenario(bad({ slow: { every: det('0s'), duration: det('1min'), factor: 2 } })())).toThrow(/workload\.classes\.q\.slow\.every: expected a law with a mean > 0/);
  });
  it('a loss episode law of mean 0', () => {
    expect(() => checkScenario(bad({ loss: { request: 0.1, episodes: { every: det('1min'), duration: det('0s') } } })())).toThrow(/workload\.classes\.q\.loss\.episodes\.duration: expected a law with a mean > 0/);
  });
  it('an unknown key in network', () => {
    expect(bad({ network: { req: det('1ms') } })).toThrow(/workload\.classes\.q\.network/);
  });
  it('an unbounded network law without a timeout needs a drain, and says why', () => {
    expect(() =>
      validateScenario({
        name: 'w',
        description: 'x',
        horizon: 1,
        groups: { node: { failure: det('100y') } },
        services: { svc: { all: ['node'] } },
        workload: { classes: { q: { rate: '1/s', execution: det('1s'), network: { request: { type: 'exponential', mean: '1ms' } } } } },
      }),
    ).toThrow(/its network delay law, exponential, is unbounded/);
  });
});
