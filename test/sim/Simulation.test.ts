import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kOfNGroupsIntervalUnavailability } from '../../src/analytic/kOfNGroups.js';
import { bundledScenarioPath } from '../../src/io/bundledScenarios.js';
import { loadScenario } from '../../src/io/loadScenario.js';
import { normalQuantile } from '../../src/math/normal.js';
import { validateScenario, type Scenario } from '../../src/scenario/validateScenario.js';
import { runScenario } from '../../src/run/runScenario.js';
import { Simulation, runReplication, type ReplicationRecord } from '../../src/sim/Simulation.js';
import { Moments } from '../../src/stats/Moments.js';

const raw = (name: string): any => JSON.parse(readFileSync(bundledScenarioPath(name), 'utf8'));
// Each statistical check below is two-sided at 99.9%.
const Z = normalQuantile(1 - 0.001 / 2);

/** Moments over `reps` replications of a per-replication quantity. */
function moments(scenario: Scenario, reps: number, pick: (r: ReplicationRecord) => number, seed = 1): Moments {
  const sim = new Simulation(scenario);
  const m = new Moments();
  for (let rep = 0; rep < reps; rep++) m.add(pick(sim.replicate(seed, rep)));
  return m;
}

const single = (initial: 'up' | 'steady') =>
  validateScenario({
    name: 'single',
    description: 'one repairable exponential component',
    horizon: 500,
    grid: { step: 50 },
    windows: [5],
    groups: { unit: { failure: { type: 'exponential', mean: 50 }, repair: { type: 'exponential', mean: 5 }, initial } },
    services: { up: { all: ['unit'] } },
  });

describe('Simulation: contracts', () => {
  it('the same (scenario, seed, rep) gives the identical record, whatever ran before', () => {
    const scenario = loadScenario(bundledScenarioPath('reference-network'));
    const first = runReplication(scenario, 3, 7);
    const other = new Simulation(scenario);
    for (let rep = 0; rep < 5; rep++) other.replicate(4, rep);
    expect(other.replicate(3, 7)).toEqual(first);
    expect(runReplication(scenario, 3, 8)).not.toEqual(first);
  });

  it('adding a group leaves the draws, and so the histories, of existing groups unchanged', () => {
    const before = validateScenario(raw('tmr-one-crew'));
    const more = raw('tmr-one-crew');
    more.groups = { aaa_spare: { count: 2, failure: { type: 'exponential', mean: 10 }, repair: { type: 'exponential', mean: 1 } }, ...more.groups };
    more.services.extra = { all: ['aaa_spare', 'tmr'] };
    const after = validateScenario(more);
    for (let rep = 0; rep < 30; rep++) {
      const a = runReplication(before, 1, rep);
      const b = runReplication(after, 1, rep);
      expect(b.groups['modules']).toEqual(a.groups['modules']);
      expect(b.services['tmr']).toEqual(a.services['tmr']);
    }
  });

  it('a crash-stop component never recovers', () => {
    const sim = new Simulation(loadScenario(bundledScenarioPath('reference-cluster-norepair')));
    let failures = 0;
    for (let rep = 0; rep < 300; rep++) {
      const r = sim.replicate(1, rep);
      expect(r.events).toBeLessThanOrEqual(9); // each component fails at most once
      failures += r.events;
      for (const s of Object.values(r.services)) {
        expect(s.outages).toBeLessThanOrEqual(1);
        for (let i = 1; i < s.pointUp.length; i++) expect(s.pointUp[i]).toBeLessThanOrEqual(s.pointUp[i - 1] as number);
        expect(s.reliable).toEqual(s.pointUp);
      }
    }
    expect(failures).toBeGreaterThan(1000);
  });

  it('a crew pool is never over-subscribed, and queues do form', () => {
    const busy = raw('tmr-one-crew');
    busy.crews = { crew: 2 };
    busy.groups.modules.count = 6;
    busy.groups.modules.repair.mean = '300h';
    busy.services = { tmr: { atLeast: 2, of: 'modules' } };
    const sim = new Simulation(validateScenario(busy));
    let queued = 0;
    for (let rep = 0; rep < 200; rep++) {
      const crew = sim.replicate(1, rep).crews['crew'];
      expect(crew?.maxBusy).toBeLessThanOrEqual(2);
      expect(crew?.utilization).toBeLessThanOrEqual(1);
      if ((crew?.maxQueue ?? 0) > 0) queued++;
    }
    expect(queued).toBeGreaterThan(100);
  });

  it('repairs in first-come-first-served order (a hand-worked schedule)', () => {
    // One repairer, repair 10 h; a, b, c fail at 1, 2, 3 h and again 1, 2, 3 h after each repair.
    // FIFO: a [1,11], b [11,21], c [21,31] (c waited since 3, a since 12), a [31,41]. Up within
    // [0, 40]: a 1 + 1 = 2 h, b 2 + 2 = 4 h ([21,23]), c 3 + 3 = 6 h ([31,34]). LIFO would give 3, 4, 3.
    const unit = (ttf: number) => ({ failure: { type: 'deterministic', value: ttf }, repair: { type: 'deterministic', value: 10 }, crew: 'one' });
    const scenario = validateScenario({
      name: 'fifo',
      description: 'three components, one repairer',
      horizon: 40,
      crews: { one: 1 },
      groups: { a: unit(1), b: unit(2), c: unit(3) },
      services: { all: { all: ['a', 'b', 'c'] } },
    });
    const r = runReplication(scenario, 1, 0);
    expect(r.groups['a']?.componentUp[0]).toBeCloseTo(2 / 40, 15);
    expect(r.groups['b']?.componentUp[0]).toBeCloseTo(4 / 40, 15);
    expect(r.groups['c']?.componentUp[0]).toBeCloseTo(6 / 40, 15);
    expect(r.crews['one']).toEqual({ maxBusy: 1, maxQueue: 2, utilization: (40 - 1) / 40 });
    expect(r.services['all']).toMatchObject({ outages: 1, downtime: 39, longestOutage: 39, firstFailure: 1, failed: true });
  });

  it('measures outages, windows and curves on a hand-worked deterministic history', () => {
    // Up 10 h, down 3 h, repeating; horizon 30, warmup 2: down [10,13) and [23,26).
    const scenario = validateScenario({
      name: 'cycle',
      description: 'deterministic up 10 h, down 3 h',
      horizon: 30,
      warmup: 2,
      grid: { times: [0, 10, 12, 13, 25, 30] },
      windows: [4, 28],
      groups: { unit: { failure: { type: 'deterministic', value: 10 }, repair: { type: 'deterministic', value: 3 } } },
      services: { up: { all: ['unit'] } },
    });
    const s = runReplication(scenario, 1, 0).services['up'];
    expect(s).toMatchObject({ downtime: 6, outages: 2, longestOutage: 3, firstFailure: 10, failed: true });
    expect(s?.availability).toBeCloseTo(1 - 6 / 28, 15);
    // Right-continuous: at 10 and 13 the event at that instant has happened.
    expect(s?.pointUp).toEqual([1, 0, 0, 1, 0, 1]);
    expect(s?.reliable).toEqual([1, 0, 0, 0, 0, 0]);
    // w = 4: starts in [2, 26]; good starts [2,6] ∪ [13,19] ∪ [26,26]: 4 + 6 + 0 of 24 h.
    expect(s?.windowUp[0]).toBeCloseTo(10 / 24, 15);
    // w = 28 = horizon − warmup: the one start sees outages.
    expect(s?.windowUp[1]).toBe(0);
  });

  it('a network partition takes down quorum and connectivity; relays count for the quorum', () => {
    // Coordinators c0, c1, c2 and executor e0 on a path c0–c1–c2–e0: every link fails at 10 h for
    // 5 h; nodes never fail. Quorum holds through relays while links are up, and fails with them.
    const scenario = validateScenario({
      name: 'path',
      description: 'a path network',
      horizon: 30,
      groups: {
        coordinators: { kind: 'coordinator', count: 3, failure: { type: 'deterministic', value: 100 } },
        executors: { kind: 'executor', count: 1, failure: { type: 'deterministic', value: 100 } },
      },
      network: {
        edges: [['coordinators/0', 'coordinators/1'], ['coordinators/1', 'coordinators/2'], ['coordinators/2', 'executors/0']],
        link: { failure: { type: 'deterministic', value: 10 }, repair: { type: 'deterministic', value: 5 } },
      },
      services: {
        cluster: { quorum: { coordinators: 'coordinators', executors: 'executors', executorsAtLeast: 1 } },
        connected: { connected: ['coordinators', 'executors'] },
      },
    });
    const r = runReplication(scenario, 1, 0);
    for (const name of ['cluster', 'connected']) {
      expect(r.services[name]).toMatchObject({ outages: 2, downtime: 10, firstFailure: 10 }); // [10,15) and [25,30]
    }
  });
});

describe('Simulation: the edges of a replication (one rule: [0, horizon] closed, right-continuous)', () => {
  const atHorizon = (warmup = 0) =>
    validateScenario({
      name: 'edge',
      description: 'fails at exactly the horizon',
      horizon: 100,
      warmup,
      grid: { times: [0, 50, 100] },
      groups: { unit: { failure: { type: 'deterministic', value: 100 }, repair: { type: 'deterministic', value: 5 } } },
      services: { up: { all: ['unit'] } },
    });

  it('an event at exactly the horizon happens: failed, first failure at the horizon, down at it, one outage of 0 h', () => {
    const r = runReplication(atHorizon(), 1, 0);
    expect(r.services['up']).toMatchObject({ failed: true, firstFailure: 100, outages: 1, downtime: 0, longestOutage: 0, availability: 1 });
    expect(r.services['up']?.pointUp).toEqual([1, 1, 0]);
    expect(r.services['up']?.reliable).toEqual([1, 1, 0]);
    expect(r.groups['unit']?.failures).toBe(1);
  });

  it('the accumulated curves and shares follow the same rule', () => {
    const acc = runScenario(atHorizon(), { seed: 1, replications: 3 });
    expect(Array.from(acc.curve('up.reliability') ?? [])).toEqual([3, 3, 0]);
    expect(Array.from(acc.curve('up.point_availability') ?? [])).toEqual([3, 3, 0]);
    expect(acc.of('up.failed_by_horizon').moments.nonzero).toBe(3);
    expect(acc.of('up.no_outage').moments.nonzero).toBe(3); // every replication had an outage (of 0 h)
    expect(acc.of('up.first_failure_hours').moments.mean).toBe(0); // d = horizon − min(T, horizon) = 0
  });

  it('a warm-up ending at an event: the event counts, the state before it does not', () => {
    // Fails at 10, 25, 40, … (up 10, down 5); warmup 25: the failure at 25 is in [25, 100].
    const scenario = validateScenario({
      name: 'cycle',
      description: 'up 10 h, down 5 h',
      horizon: 100,
      warmup: 25,
      groups: { unit: { failure: { type: 'deterministic', value: 10 }, repair: { type: 'deterministic', value: 5 } } },
      services: { up: { all: ['unit'] } },
    });
    const r = runReplication(scenario, 1, 0);
    // Failures at 25, 40, 55, 70, 85, 100 (the last at the horizon itself): six.
    expect(r.groups['unit']?.failures).toBe(6);
    // Outages [25,30) … [85,90) and [100,100]: the outage [10,15) ended before the warm-up.
    expect(r.services['up']?.outages).toBe(6);
  });

  it('crew peaks, queue and utilisation are all measured over [warmup, horizon]', () => {
    // a fails at 50 (repaired 50–60), b at 51 (queues until 60, repaired 60–70); their next
    // failures (110, 121) are past the horizon. Busy [50, 70), queue of one [51, 60).
    const scenario = (warmup: number) =>
      validateScenario({
        name: 'queue',
        description: 'two failures queue for one repairer',
        horizon: 100,
        warmup,
        crews: { one: 1 },
        groups: {
          a: { failure: { type: 'deterministic', value: 50 }, repair: { type: 'deterministic', value: 10 }, crew: 'one' },
          b: { failure: { type: 'deterministic', value: 51 }, repair: { type: 'deterministic', value: 10 }, crew: 'one' },
        },
        services: { all: { all: ['a', 'b'] } },
      });
    const crew = (warmup: number) => runReplication(scenario(warmup), 1, 0).crews['one'];
    expect(crew(0)).toEqual({ maxBusy: 1, maxQueue: 1, utilization: 20 / 100 });
    expect(crew(55)).toEqual({ maxBusy: 1, maxQueue: 1, utilization: 15 / 45 });
    // At 60 the queue empties as b's repair starts: the queue at 60 is already 0.
    expect(crew(60)).toEqual({ maxBusy: 1, maxQueue: 0, utilization: 10 / 40 });
    // Idle over [75, 100]: no peak carried over from before the warm-up.
    expect(crew(75)).toEqual({ maxBusy: 0, maxQueue: 0, utilization: 0 });
  });
});

describe('Simulation: stopAt', () => {
  // MTTF of 2-of-3 with repair: (5λ + μ)/(6λ²) = 17 500 h; a horizon of 10^6 h (about 6000 events) is a cap it never reaches.
  const tmr = (stopAt: unknown) => validateScenario({ ...raw('tmr'), horizon: '1000000h', grid: { step: '100000h' }, stopAt });

  it('"firstFailure" ends each replication at the first failure: the same first-failure time, far fewer events', () => {
    const whole = new Simulation(tmr(undefined));
    const stopped = new Simulation(tmr('firstFailure'));
    let eventsWhole = 0;
    let eventsStopped = 0;
    for (let rep = 0; rep < 50; rep++) {
      const a = whole.replicate(1, rep);
      const b = stopped.replicate(1, rep);
      expect(b.services['tmr']?.firstFailure).toBe(a.services['tmr']?.firstFailure);
      expect(b.services['tmr']?.failed).toBe(a.services['tmr']?.failed);
      expect(b.services['tmr']?.availability).toBeNaN();
      eventsWhole += a.events;
      eventsStopped += b.events;
    }
    expect(eventsStopped * 10).toBeLessThan(eventsWhole);
  });

  it('only first-failure metrics are measured, and a named service must exist', () => {
    const acc = runScenario(tmr({ firstFailure: 'tmr' }), { seed: 1, replications: 10 });
    expect(acc.table.metrics.map((m) => m.name)).toEqual(['tmr.first_failure_hours', 'tmr.failed_by_horizon']);
    expect(() => tmr({ firstFailure: 'nope' })).toThrow(/stopAt\.firstFailure: expected the name of a service, got "nope"/);
    expect(() => tmr('first')).toThrow(/stopAt: expected "firstFailure" or \{"firstFailure": "<service>"\}/);
  });
});

describe('Simulation: statistics against closed forms', () => {
  const reps = 4000;

  it('one exponential component: interval availability 1 − q(1 − (1 − e^{−sT})/(sT)) from an all-up start', () => {
    // Two-state Markov chain: q = MTTR/(MTTF+MTTR) = 5/55, s = 1/50 + 1/5.
    const m = moments(single('up'), reps, (r) => r.services['up']?.availability as number);
    const q = 5 / 55;
    const s = 1 / 50 + 1 / 5;
    const exact = 1 - q * (1 - -Math.expm1(-s * 500) / (s * 500));
    expect(exact).toBeCloseTo(1 - kOfNGroupsIntervalUnavailability([{ count: 1, atLeast: 1, mttf: 50, mttr: 5 }], 500), 12);
    expect(Math.abs(m.mean - exact)).toBeLessThanOrEqual(Z * m.standardError);
  });

  it('one exponential component: R(t) = e^{−t/MTTF} and A(t) = A + (1 − A)e^{−st} on the grid', () => {
    const sim = new Simulation(single('up'));
    const grid = sim.scenario.grid;
    const up = grid.map(() => 0);
    const alive = grid.map(() => 0);
    for (let rep = 0; rep < reps; rep++) {
      const s = sim.replicate(1, rep).services['up'];
      s?.pointUp.forEach((x, i) => (up[i] = (up[i] as number) + x));
      s?.reliable.forEach((x, i) => (alive[i] = (alive[i] as number) + x));
    }
    // Binomial standard errors at the exact value; Bonferroni over 2 × 11 grid points.
    const z = normalQuantile(1 - 0.001 / 2 / 22);
    const A = 50 / 55;
    grid.forEach((t, i) => {
      const r = Math.exp(-t / 50);
      const a = A + (1 - A) * Math.exp(-(1 / 50 + 1 / 5) * t);
      expect(Math.abs((alive[i] as number) / reps - r)).toBeLessThanOrEqual(z * Math.sqrt((r * (1 - r)) / reps) + 1e-12);
      expect(Math.abs((up[i] as number) / reps - a)).toBeLessThanOrEqual(z * Math.sqrt((a * (1 - a)) / reps) + 1e-12);
    });
  });

  it('one stationary component: a window of length w sees no outage with probability A·e^{−w/MTTF}', () => {
    // Stationary alternating renewal process with exponential up times: up at a random instant
    // (A) and no failure in the next w hours (memoryless: e^{−w/MTTF}).
    const scenario = single('steady');
    const windows = moments(scenario, reps, (r) => r.services['up']?.windowUp[0] as number, 2);
    expect(Math.abs(windows.mean - (50 / 55) * Math.exp(-5 / 50))).toBeLessThanOrEqual(Z * windows.standardError);
    const availability = moments(scenario, reps, (r) => r.services['up']?.availability as number, 2);
    expect(Math.abs(availability.mean - 50 / 55)).toBeLessThanOrEqual(Z * availability.standardError);
    // Stationary from the start: up at time 0 (and at every grid time) with probability A.
    const atZero = moments(scenario, reps, (r) => r.services['up']?.pointUp[0] as number, 2);
    const A = 50 / 55;
    expect(Math.abs(atZero.mean - A)).toBeLessThanOrEqual(Z * Math.sqrt((A * (1 - A)) / reps));
  });

  it("reference cluster: availability matches the binomial tails' 0.99999937525 (independent repair)", () => {
    const m = moments(loadScenario(bundledScenarioPath('reference-cluster')), 300_000, (r) => 1 - (r.services['cluster']?.availability as number));
    const steady = 1 - 0.99999937525;
    // The simulation starts all up, so its expected interval value sits 4.3e-10 below the steady
    // state (analytic/kOfNGroups); that known offset is added to the statistical band.
    const transient = 4.3e-10;
    expect(Math.abs(m.mean - steady)).toBeLessThanOrEqual(Z * m.standardError + transient);
    expect(m.standardError / steady).toBeLessThan(0.15); // informative: outages were seen
  });

  it('TMR: 3q²(1 − q) + q³ with independent repair; the birth–death value with one crew', () => {
    const q = 10 / 1010;
    const independent = moments(loadScenario(bundledScenarioPath('tmr')), reps, (r) => 1 - (r.services['tmr']?.availability as number));
    const exactIndependent = kOfNGroupsIntervalUnavailability([{ count: 3, atLeast: 2, mttf: 1000, mttr: 10 }], 8760);
    expect(exactIndependent / (3 * q * q * (1 - q) + q ** 3)).toBeGreaterThan(0.99);
    expect(Math.abs(independent.mean - exactIndependent)).toBeLessThanOrEqual(Z * independent.standardError);
    // One crew: birth–death chain on the number failed, rates (3−i)λ up and μ down; π_i ∝ Π (3−j)λ/μ.
    const r = 10 / 1000;
    const pi = [1, 3 * r, 6 * r * r, 6 * r ** 3];
    const steadyOneCrew = ((pi[2] as number) + (pi[3] as number)) / pi.reduce((x, y) => x + y, 0);
    const oneCrew = moments(loadScenario(bundledScenarioPath('tmr-one-crew')), reps, (x) => 1 - (x.services['tmr']?.availability as number));
    // The all-up start lowers the year's mean by about (relaxation time ≈ 10 h)/8760 h ≈ 0.1%;
    // 1% of the value bounds that offset.
    expect(Math.abs(oneCrew.mean - steadyOneCrew)).toBeLessThanOrEqual(Z * oneCrew.standardError + 0.01 * steadyOneCrew);
    expect(steadyOneCrew / exactIndependent).toBeGreaterThan(1.9); // one crew roughly doubles it
  });

  it('mesh connectivity and quorum match an enumeration of the 2^6 link states', () => {
    // Coordinators c0..c2 and executor e0 on a full mesh of 6 links, links stationary and
    // independent with availability a; nodes never fail within the horizon.
    const a = 0.8;
    const scenario = validateScenario({
      name: 'mesh',
      description: 'three coordinators and an executor on a full mesh',
      horizon: 200,
      groups: {
        coordinators: { kind: 'coordinator', count: 3, failure: { type: 'deterministic', value: 1000 } },
        executors: { kind: 'executor', count: 1, failure: { type: 'deterministic', value: 1000 } },
      },
      network: { fullMesh: ['coordinators', 'executors'], link: { availability: a, mttr: 2, initial: 'steady' } },
      services: {
        coordinatorsConnected: { connected: ['coordinators'] },
        cluster: { quorum: { coordinators: 'coordinators', executors: 'executors', executorsAtLeast: 1 } },
      },
    });
    const links = [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]] as const;
    let pConnected = 0;
    let pQuorum = 0;
    for (let mask = 0; mask < 64; mask++) {
      const parent = [0, 1, 2, 3];
      const find = (v: number): number => (parent[v] === v ? v : find(parent[v] as number));
      let p = 1;
      links.forEach(([x, y], i) => {
        if (mask & (1 << i)) {
          p *= a;
          parent[find(x)] = find(y);
        } else p *= 1 - a;
      });
      if (find(0) === find(1) && find(1) === find(2)) pConnected += p;
      // Quorum: at least two coordinators together, with the executor (node 3) among them.
      const roots = [0, 1, 2].map(find);
      const majority = roots.find((root) => roots.filter((x) => x === root).length >= 2);
      if (majority !== undefined && find(3) === majority) pQuorum += p;
    }
    const connected = moments(scenario, reps, (r) => r.services['coordinatorsConnected']?.availability as number);
    expect(Math.abs(connected.mean - pConnected)).toBeLessThanOrEqual(Z * connected.standardError);
    const quorum = moments(scenario, reps, (r) => r.services['cluster']?.availability as number);
    expect(Math.abs(quorum.mean - pQuorum)).toBeLessThanOrEqual(Z * quorum.standardError);
  });
});
