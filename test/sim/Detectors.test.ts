// Failure detectors (docs/fault-modes.md, "Failure detectors"): the schema fragment and its errors, hand-worked
// event sequences for the heartbeat detector and each phi variant, a seeded loss replay, the
// shortcut against the full per-heartbeat simulation, and statistical checks against closed forms.
import { describe, expect, it } from 'vitest';
import { akkaPhiSuspicionTime, cassandraPhiSuspicionTime, heartbeatMeanDetectionLatency, phiSuspicionTime } from '../../src/analytic/detectors.js';
import { toScenarioFile } from '../../src/io/toScenarioFile.js';
import { normalQuantile } from '../../src/math/normal.js';
import { fromSpec } from '../../src/random/distributions/fromSpec.js';
import { ReloadableTychei } from '../../src/random/ReloadableTychei.js';
import { StreamDeriver, StreamKey } from '../../src/random/streams.js';
import { validateScenario, type Scenario } from '../../src/scenario/validateScenario.js';
import { Detectors } from '../../src/sim/detectors/Detectors.js';
import { compile } from '../../src/sim/kernel/Plan.js';
import { Simulation } from '../../src/sim/Simulation.js';

const S = 1 / 3600;

/** Two nodes, crash-stop unless edited, a heartbeat detector. */
function monitored(edit: (s: Record<string, any>) => void = () => undefined): Record<string, any> {
  const s: Record<string, any> = {
    name: 'monitored',
    description: 'two nodes and a heartbeat monitor',
    horizon: '2h',
    groups: { nodes: { count: 2, failure: { type: 'deterministic', value: '1h' }, repair: { type: 'deterministic', value: '10min' } } },
    services: { any: { atLeast: 1, of: 'nodes' }, both: { atLeast: 2, of: 'nodes' } },
    detectors: [{ group: 'nodes', heartbeat: { interval: '1s', timeout: '5s' } }],
  };
  edit(s);
  return s;
}

const problemsOf = (input: unknown): string[] => {
  try {
    validateScenario(input);
  } catch (error) {
    return (error as { problems?: string[] }).problems ?? [(error as Error).message];
  }
  return [];
};

interface Change {
  readonly c: number;
  readonly t: number;
  readonly suspected: boolean;
}

/** Runs replication `rep` of seed `seed` as Simulation.run does, recording every suspicion change; returns them and the detector. */
function trace(scenario: Scenario, seed: number, rep: number): { changes: Change[]; values: Float64Array; names: Map<string, number>; detectors: Detectors; events: number } {
  const plan = compile(scenario);
  const { kernel, modules } = plan;
  const detectors = modules.find((m): m is Detectors => m instanceof Detectors) as Detectors;
  const changes: Change[] = [];
  detectors.probe = (c, t, suspected) => changes.push({ c, t, suspected });
  const streams = new StreamDeriver(seed).replication(rep);
  kernel.reset();
  for (const m of modules) m.start(streams);
  kernel.services.start();
  kernel.runToHorizon(1e9);
  kernel.table.close(kernel.horizon);
  for (const m of modules) m.close(kernel.horizon, true);
  const names = new Map(kernel.registry.metrics.map((m, i) => [m.name, i]));
  return { changes, values: kernel.values, names, detectors, events: kernel.engine.eventsProcessed };
}

/** A metric's value in one replication (means and ratios). */
function metric(run: ReturnType<typeof trace>, scenario: Scenario, name: string): number {
  const reg = compile(scenario).kernel.registry;
  const m = reg.metrics[run.names.get(name) as number];
  if (m === undefined) throw new Error(name);
  const e = m.estimator;
  if (e.type === 'mean') return e.offset + e.scale * (run.values[m.quantity] as number);
  if (e.type === 'ratio') return (e.scale * (run.values[e.numerator] as number)) / (run.values[e.denominator] as number);
  throw new Error(name);
}

/** The phase draw of component `c` (label "nodes/<i>") in replication `rep` of seed `seed`: base = phase·Δ − Δ. */
function baseOf(seed: number, rep: number, label: string, interval: number): number {
  const t = new ReloadableTychei();
  new StreamDeriver(seed).replication(rep).loadInto(new StreamKey(label, 'heartbeat-phase'), t);
  return t.draw() * interval - interval;
}

/** The last slot at or before x: base + ⌊(x − base)/Δ⌋Δ. */
const lastSlot = (base: number, x: number, dt: number) => base + Math.floor((x - base) / dt) * dt;

describe('detectors: schema and validation', () => {
  it('resolves a heartbeat detector in hours, and phi with Akka defaults', () => {
    const s = validateScenario(
      monitored((x) => {
        x['groups'].others = { count: 1, failure: { type: 'exponential', mean: '1h' }, repair: { type: 'exponential', mean: '1h' } };
        x['detectors'].push({ group: 'others', phi: { interval: '1s', threshold: 8 }, loss: 0.1 });
      }),
    );
    expect(s.detectors?.[0]).toEqual({ group: 'nodes', detector: { type: 'heartbeat', interval: S, timeout: 5 * S }, gaps: null, loss: 0, nodeLoss: null, lossEpisodes: null, heartbeats: 'auto', pauses: null, path: 'detectors.0' });
    expect(s.detectors?.[1]?.detector).toEqual({ type: 'phi', interval: S, threshold: 8, window: 1000, minStdDeviation: 0.1 * S, acceptablePause: 3 * S, firstHeartbeatEstimate: S, variant: 'akka' });
  });

  it('a scenario without detectors resolves without the field', () => {
    expect('detectors' in validateScenario(monitored((x) => delete x['detectors']))).toBe(false);
  });

  it('round-trips through toScenarioFile', () => {
    const s = validateScenario(monitored((x) => x['detectors'].push({ group: 'nodes2', phi: { interval: '1s', threshold: 3, variant: 'cassandra' } }) && (x['groups'].nodes2 = x['groups'].nodes)));
    expect(validateScenario(toScenarioFile(s))).toEqual(s);
  });

  it('names the JSON path and the value of every bad field', () => {
    const problems = problemsOf(
      monitored((x) => {
        x['detectors'] = [
          { group: 'nope', heartbeat: { interval: '1s', timeout: '5s' } },
          { group: 'nodes', heartbeat: { interval: '2s', timeout: '1s' } },
          { group: 'nodes', heartbeat: { interval: '1s', timeout: '5s' }, phi: { interval: '1s', threshold: 8 } },
        ];
      }),
    );
    expect(problems).toContain('detectors.0.group: expected the name of a component group, got "nope"');
    expect(problems).toContain('detectors.1.heartbeat.timeout: expected at least the interval ("2s"), got "1s"');
    expect(problems).toContain('detectors.2.group: expected one detector per group, got "nodes" again');
    expect(problems.some((p) => p.startsWith('detectors.2: expected exactly one of "heartbeat" and "phi", got both'))).toBe(true);
    const schema = problemsOf(monitored((x) => (x['detectors'] = [{ group: 'nodes', phi: { interval: '1s', threshold: 8, variant: 'hazelcast' }, loss: 1.5 }])));
    expect(schema.some((p) => p.startsWith('detectors.0.loss:') && p.includes('1.5'))).toBe(true);
    expect(schema.some((p) => p.startsWith('detectors.0.phi.variant:') && p.includes('hazelcast'))).toBe(true);
  });
});

describe('heartbeat detector: hand-worked event sequences', () => {
  for (const heartbeats of ['auto', 'full'] as const) {
    it(`${heartbeats}: a crash at 1 h is suspected 5 s after the last heartbeat before it, and trusted again at the restart`, () => {
      const scenario = validateScenario(monitored((x) => (x['detectors'][0].heartbeats = heartbeats)));
      const run = trace(scenario, 7, 0);
      const expected: Change[] = [];
      for (const c of [0, 1]) {
        const base = baseOf(7, 0, `nodes/${c}`, S);
        expected.push({ c, t: lastSlot(base, 1, S) + 5 * S, suspected: true }, { c, t: 1 + 10 / 60, suspected: false });
      }
      expect([...run.changes].sort((a, b) => a.c - b.c || a.t - b.t)).toEqual(expected);
      const latency = expected.filter((e) => e.suspected).reduce((sum, e) => sum + (e.t - 1) * 3600, 0) / 2;
      expect(metric(run, scenario, 'nodes.detection_latency')).toBeCloseTo(latency, 9);
      expect(metric(run, scenario, 'nodes.false_suspicions')).toBe(0);
      // The detected view: "both" is down from the crash to the restart either way, "any" too (both crash at 1 h).
      expect(metric(run, scenario, 'any.availability_gap')).toBe(0);
    });
  }

  it('a lone node: a crash is down on both views at once, so detection adds no downtime (only false suspicions would)', () => {
    // One node crashes at 1 h; "any" survives on the other; with loss, false suspicions of the other cost "both" time.
    const scenario = validateScenario(
      monitored((x) => {
        x['groups'].nodes.count = 1;
        x['groups'].spare = { count: 1, failure: { type: 'deterministic', value: '10y' }, repair: { type: 'deterministic', value: '1h' } };
        x['services'] = { any: { atLeast: 1, of: 'nodes' } };
      }),
    );
    const run = trace(scenario, 3, 0);
    const base = baseOf(3, 0, 'nodes/0', S);
    const detection = lastSlot(base, 1, S) + 5 * S;
    // True downtime: 10 min. Detected: the same (a crashed node is down on both views; suspicion adds nothing for a crash).
    expect(run.changes).toEqual([{ c: 0, t: detection, suspected: true }, { c: 0, t: 1 + 10 / 60, suspected: false }]);
    expect(metric(run, scenario, 'any.detected_availability')).toBeCloseTo(metric(run, scenario, 'any.availability'), 12);
  });
});

describe('the detected view: a failover waits for detection', () => {
  it('one of two replicas crashes at 1 h: up throughout on the true view, down from the crash to its suspicion on the detected one', () => {
    const scenario = validateScenario(
      monitored((x) => {
        x['groups'] = {
          nodes: { count: 1, failure: { type: 'deterministic', value: '1h' }, repair: { type: 'deterministic', value: '10min' } },
          other: { count: 1, failure: { type: 'deterministic', value: '10y' }, repair: { type: 'deterministic', value: '1h' } },
        };
        x['services'] = { either: { any: ['nodes', 'other'] } };
        x['detectors'] = [
          { group: 'nodes', heartbeat: { interval: '1s', timeout: '5s' } },
          { group: 'other', heartbeat: { interval: '1s', timeout: '5s' } },
        ];
      }),
    );
    const run = trace(scenario, 3, 0);
    const detection = lastSlot(baseOf(3, 0, 'nodes/0', S), 1, S) + 5 * S;
    expect(run.changes).toEqual([{ c: 0, t: detection, suspected: true }, { c: 0, t: 1 + 10 / 60, suspected: false }]);
    expect(metric(run, scenario, 'either.availability')).toBe(1);
    expect(metric(run, scenario, 'either.detected_availability')).toBeCloseTo(1 - (detection - 1) / 2, 12);
    expect(metric(run, scenario, 'either.availability_gap')).toBeCloseTo((detection - 1) / 2, 12);
    expect(metric(run, scenario, 'nodes.detection_latency')).toBeCloseTo((detection - 1) * 3600, 8);
  });
});

describe('phi accrual: hand-worked event sequences (constant 1 s heartbeats, no loss)', () => {
  // After the crash at 1 h the window holds the bootstrap 0.75 s, 1.25 s and ~3600 intervals of 1 s: mean 1 s, sd below the 100 ms floor.
  const cases = [
    { variant: 'akka', pause: '3s', wait: akkaPhiSuspicionTime(8, S, 0, 3 * S, 0.1 * S) },
    { variant: 'normal', pause: 0, wait: phiSuspicionTime(8, S, 0.1 * S) },
    { variant: 'cassandra', pause: 0, wait: cassandraPhiSuspicionTime(8, S) },
  ] as const;
  for (const { variant, pause, wait } of cases) {
    it(`${variant}: suspected ${(wait * 3600).toFixed(4)} s after the last heartbeat`, () => {
      const scenario = validateScenario(monitored((x) => (x['detectors'][0] = { group: 'nodes', phi: { interval: '1s', threshold: 8, acceptablePause: pause, variant } })));
      const run = trace(scenario, 11, 0);
      for (const c of [0, 1]) {
        const base = baseOf(11, 0, `nodes/${c}`, S);
        const mine = run.changes.filter((e) => e.c === c);
        expect(mine.length).toBe(2);
        expect(mine[0]?.suspected).toBe(true);
        expect(mine[0]?.t as number).toBeCloseTo(lastSlot(base, 1, S) + wait, 11);
        expect(mine[1]).toEqual({ c, t: 1 + 10 / 60, suspected: false });
      }
    });
  }

  it("Akka's defaults give 4.52 s (the anchors' figure), the exact normal tail 1.561 s, Cassandra 18.42 s", () => {
    expect(akkaPhiSuspicionTime(8, 1, 0, 3, 0.1)).toBeCloseTo(4.5226, 4);
    expect(phiSuspicionTime(8, 1, 0.1)).toBeCloseTo(1 + 0.1 * -normalQuantile(1e-8), 12);
    expect(cassandraPhiSuspicionTime(8, 1)).toBeCloseTo(18.4207, 4);
  });
});

describe('heartbeats with loss', () => {
  const lossy = (heartbeats: 'auto' | 'full', loss = 0.3) =>
    validateScenario(
      monitored((x) => {
        x['horizon'] = '20h';
        x['groups'].nodes = { count: 3, failure: { type: 'exponential', mean: '2h' }, repair: { type: 'exponential', mean: '5min' } };
        x['detectors'][0] = { group: 'nodes', heartbeat: { interval: '1s', timeout: '3s' }, loss, heartbeats };
      }),
    );

  it('a seeded replay: the same seed gives the same suspicions; each false one starts T after a slot and ends at a slot n + 1 or more later', () => {
    const scenario = lossy('auto');
    const a = trace(scenario, 5, 2);
    const b = trace(scenario, 5, 2);
    expect(a.changes).toEqual(b.changes);
    expect(a.changes.length).toBeGreaterThan(100);
    const bases = [0, 1, 2].map((c) => baseOf(5, 2, `nodes/${c}`, S));
    const slotOf = (c: number, t: number) => (t - (bases[c] as number)) / S;
    for (let i = 0; i < a.changes.length; i++) {
      const e = a.changes[i] as Change;
      if (!e.suspected) continue;
      // Suspicion at a slot + 3 s (the base may move at a restart: then the start is a restart time + k s + 3 s).
      const next = a.changes.slice(i + 1).find((f) => f.c === e.c);
      if (next === undefined) continue;
      const k = slotOf(e.c, e.t) - 3;
      const k2 = slotOf(e.c, next.t);
      if (Math.abs(k - Math.round(k)) < 1e-6 && Math.abs(k2 - Math.round(k2)) < 1e-6) expect(Math.round(k2) - Math.round(k)).toBeGreaterThanOrEqual(4);
    }
  });

  it('the shortcut is exact: the same suspicion and trust times as the full per-heartbeat simulation, draw for draw (ℓ = 0 and ℓ = 0.3)', () => {
    for (const loss of [0, 0.3]) {
      const fast = lossy('auto', loss);
      const full = lossy('full', loss);
      for (let rep = 0; rep < 4; rep++) {
        const a = trace(fast, 9, rep);
        const b = trace(full, 9, rep);
        expect(a.changes.length).toBeGreaterThan(0);
        expect(a.changes).toEqual(b.changes);
        expect(Array.from(a.values)).toEqual(Array.from(b.values));
        expect(a.events).toBeLessThan(b.events / (loss === 0 ? 1000 : 10));
      }
    }
  });
});

describe('heartbeat detector: statistics against the closed forms (fixed seed)', () => {
  it('mean detection latency Σ_{g<n}(1−ℓ)ℓ^g(T − (g + ½)Δ) and mistake rate (1−ℓ)ℓ^n/Δ', () => {
    const loss = 0.2;
    const n = 5;
    const scenario = validateScenario(
      monitored((x) => {
        x['horizon'] = '300h';
        x['groups'].nodes = { count: 4, failure: { type: 'exponential', mean: '1h' }, repair: { type: 'exponential', mean: '1min' } };
        x['detectors'][0] = { group: 'nodes', heartbeat: { interval: '1s', timeout: '5s' }, loss };
      }),
    );
    const run = trace(scenario, 1, 0);
    const crashes = run.values[compile(scenario).kernel.registry.metrics.find((m) => m.name === 'nodes.crashes_detected')?.quantity as number] as number;
    const mean = heartbeatMeanDetectionLatency({ interval: 1, lossProbability: loss, missedToSuspect: n });
    // The latency's second moment under the same law: (n − j)Δ − U, U ~ U(0, Δ), for j < n.
    let second = 0;
    for (let j = 0; j < n; j++) second += (1 - loss) * loss ** j * ((n - j) ** 2 - (n - j) + 1 / 3);
    const sd = Math.sqrt(second - mean * mean);
    const z = 4.42; // two-sided 99.999%
    expect(crashes).toBeGreaterThan(800);
    expect(Math.abs(metric(run, scenario, 'nodes.detection_latency') - mean)).toBeLessThan((z * sd) / Math.sqrt(crashes));
    const rate = ((1 - loss) * loss ** n * 3600) / 1; // per hour alive
    const alive = run.values[compile(scenario).kernel.registry.quantities.findIndex((q) => q.key === 'nodes.alive_hours')] as number;
    const expectedCount = rate * alive;
    const count = metric(run, scenario, 'nodes.false_suspicions');
    expect(Math.abs(count - expectedCount)).toBeLessThan(z * Math.sqrt(expectedCount));
  });

  it('a plain scenario runs as before: the fast path has no detector module', () => {
    const scenario = validateScenario(monitored((x) => delete x['detectors']));
    expect(compile(scenario).modules.some((m) => m instanceof Detectors)).toBe(false);
    expect(new Simulation(scenario).replicate(1, 0).events).toBeGreaterThan(0);
  });
});

describe('timing faults: pauses', () => {
  const paused = (length: string, heartbeats: 'auto' | 'full' = 'auto') =>
    validateScenario(
      monitored((x) => {
        x['horizon'] = '1.5h';
        x['groups'].nodes = { count: 1, failure: { type: 'deterministic', value: '10y' }, repair: { type: 'deterministic', value: '1h' } };
        x['services'] = { any: { atLeast: 1, of: 'nodes' } };
        x['detectors'][0].heartbeats = heartbeats;
        x['detectors'][0].pauses = { every: { type: 'deterministic', value: '1h' }, duration: { type: 'deterministic', value: length } };
      }),
    );

  for (const heartbeats of ['auto', 'full'] as const) {
    it(`${heartbeats}: a 10 s pause (longer than the 5 s timeout) causes exactly one false suspicion, from the last heartbeat + 5 s to the pause's end`, () => {
      const scenario = paused('10s', heartbeats);
      const run = trace(scenario, 2, 0);
      const base = baseOf(2, 0, 'nodes/0', S);
      expect(run.changes).toEqual([
        { c: 0, t: lastSlot(base, 1, S) + 5 * S, suspected: true },
        { c: 0, t: 1 + 10 * S, suspected: false },
      ]);
      expect(metric(run, scenario, 'nodes.false_suspicions')).toBe(1);
      expect(metric(run, scenario, 'any.availability')).toBe(1);
      // A paused node answers nothing: down on the detected view for the whole pause.
      expect(metric(run, scenario, 'any.detected_availability')).toBeCloseTo(1 - (10 * S) / 1.5, 12);
      expect(metric(run, scenario, 'nodes.suspected_alive_fraction')).toBeCloseTo((1 + 10 * S - (lastSlot(base, 1, S) + 5 * S)) / 1.5, 12);
    });
  }

  it('a 3 s pause (shorter than the timeout) is never suspected, but still costs the detected view its 3 s', () => {
    const scenario = paused('3s');
    const run = trace(scenario, 2, 0);
    expect(run.changes).toEqual([]);
    expect(metric(run, scenario, 'nodes.false_suspicions')).toBe(0);
    expect(metric(run, scenario, 'any.detected_availability')).toBeCloseTo(1 - (3 * S) / 1.5, 12);
  });

  it('with pauses, crashes and loss together the shortcut still matches the full simulation draw for draw', () => {
    const mk = (heartbeats: 'auto' | 'full') =>
      validateScenario(
        monitored((x) => {
          x['horizon'] = '10h';
          x['groups'].nodes = { count: 3, failure: { type: 'exponential', mean: '1h' }, repair: { type: 'exponential', mean: '2min' } };
          x['detectors'][0] = {
            group: 'nodes',
            heartbeat: { interval: '1s', timeout: '4s' },
            loss: 0.25,
            heartbeats,
            pauses: { every: { type: 'exponential', mean: '20min' }, duration: { type: 'exponential', mean: '4s' } },
          };
        }),
      );
    for (let rep = 0; rep < 3; rep++) {
      const a = trace(mk('auto'), 4, rep);
      const b = trace(mk('full'), 4, rep);
      expect(a.changes.length).toBeGreaterThan(10);
      expect(a.changes).toEqual(b.changes);
      expect(Array.from(a.values)).toEqual(Array.from(b.values));
    }
  });
});

describe('loss episodes', () => {
  it('a 30 s episode losing every heartbeat: one false suspicion per node, from its last heartbeat + 5 s to its first heartbeat after the episode', () => {
    const scenario = validateScenario(
      monitored((x) => {
        x['horizon'] = '1.5h';
        x['groups'].nodes = { count: 2, failure: { type: 'deterministic', value: '10y' }, repair: { type: 'deterministic', value: '1h' } };
        x['detectors'][0].loss = { every: { type: 'deterministic', value: '1h' }, duration: { type: 'deterministic', value: '30s' }, probability: 1 };
      }),
    );
    expect(validateScenario(toScenarioFile(scenario))).toEqual(scenario);
    const run = trace(scenario, 6, 0);
    const expected: Change[] = [];
    for (const c of [0, 1]) {
      const base = baseOf(6, 0, `nodes/${c}`, S);
      const after = base + Math.ceil((1 + 30 * S - base) / S) * S;
      expected.push({ c, t: lastSlot(base, 1, S) + 5 * S, suspected: true }, { c, t: after, suspected: false });
    }
    const got = [...run.changes].sort((a, b) => a.c - b.c || a.t - b.t);
    expect(got.map((e) => [e.c, e.suspected])).toEqual(expected.map((e) => [e.c, e.suspected]));
    got.forEach((e, i) => expect(e.t).toBeCloseTo((expected[i] as Change).t, 11));
    expect(metric(run, scenario, 'nodes.false_suspicions')).toBe(2);
  });
});

describe('jittered heartbeats: the interval as a distribution (a renewal process)', () => {
  /** The send times of component `label` up to `until` with gap law `law` (hours), recomputed from its streams: slot 0 at −(1 − u)g₁, slot k at slot k − 1 + g_k. */
  function sendTimes(seed: number, rep: number, label: string, law: Record<string, unknown>, until: number): number[] {
    const streams = new StreamDeriver(seed).replication(rep);
    const gap = new ReloadableTychei();
    streams.loadInto(new StreamKey(label, 'heartbeat-gap'), gap);
    const phase = new ReloadableTychei();
    streams.loadInto(new StreamKey(label, 'heartbeat-phase'), phase);
    const dist = fromSpec(validateScenario(monitored((x) => (x['detectors'][0].heartbeat.interval = law))).detectors?.[0]?.gaps as never, 'law');
    const g1 = dist.sample(gap.draw);
    const u = phase.draw();
    const times = [-(1 - u) * g1, -(1 - u) * g1 + g1];
    while ((times[times.length - 1] as number) <= until) times.push((times[times.length - 1] as number) + dist.sample(gap.draw));
    return times;
  }

  const law = { type: 'uniform', min: '0.5s', max: '1.5s' };
  const jittered = (heartbeats: 'auto' | 'full', edit: (d: Record<string, any>) => void = () => undefined) =>
    validateScenario(
      monitored((x) => {
        x['horizon'] = '3min';
        x['groups'].nodes = { count: 1, failure: { type: 'deterministic', value: '10y' }, repair: { type: 'deterministic', value: '1h' } };
        x['services'] = { any: { atLeast: 1, of: 'nodes' } };
        x['detectors'][0] = { group: 'nodes', heartbeat: { interval: law, timeout: '1.3s' }, heartbeats };
        edit(x['detectors'][0]);
      }),
    );

  it('resolves: Δ is the law\'s mean, the law kept for the file; a law without a positive mean or a timeout below the mean is refused', () => {
    const s = jittered('auto');
    const det = s.detectors?.[0]?.detector as { interval: number; timeout: number };
    expect(det.interval).toBeCloseTo(S, 15);
    expect(det.timeout).toBe(1.3 * S);
    expect(s.detectors?.[0]?.gaps).toEqual({ type: 'uniform', min: 0.5 * S, max: 1.5 * S });
    const hour = validateScenario(monitored((x) => (x['detectors'][0].heartbeat.interval = law)));
    expect(validateScenario(toScenarioFile(hour))).toEqual(hour);
    const zero = problemsOf(monitored((x) => (x['detectors'][0].heartbeat.interval = { type: 'deterministic', value: 0 })));
    expect(zero).toContain('detectors.0.heartbeat.interval: expected a law with a finite mean > 0, got mean 0');
    const short = problemsOf(monitored((x) => (x['detectors'][0].heartbeat = { interval: { type: 'uniform', min: '1s', max: '9s' }, timeout: '4s' })));
    expect(short).toContain('detectors.0.heartbeat.timeout: expected at least the interval\'s mean ("5s"), got "4s"');
  });

  for (const heartbeats of ['auto', 'full'] as const) {
    it(`${heartbeats}: a live node is suspected T after each reception followed by a gap longer than T, and trusted at the next heartbeat (send times recomputed from the streams)`, () => {
      const scenario = jittered(heartbeats);
      const run = trace(scenario, 8, 0);
      const times = sendTimes(8, 0, 'nodes/0', law, 3 / 60);
      const expected: Change[] = [];
      for (let k = 1; k < times.length; k++) {
        const a = times[k - 1] as number;
        const b = times[k] as number;
        if (b > 3 / 60) break;
        if (b - a > 1.3 * S) expected.push({ c: 0, t: Math.max(a + 1.3 * S, 0), suspected: true }, { c: 0, t: b, suspected: false });
      }
      expect(expected.length).toBeGreaterThan(20); // P(gap > 1.3 s) = 0.2, 180 gaps
      expect(run.changes).toEqual(expected);
      expect(metric(run, scenario, 'nodes.false_suspicions')).toBe(expected.length / 2);
    });
  }

  it('a crash: suspected T after the last heartbeat sent before it', () => {
    const scenario = validateScenario(
      monitored((x) => {
        x['detectors'][0].heartbeat = { interval: { type: 'uniform', min: '0.9s', max: '1.1s' }, timeout: '5s' };
      }),
    );
    for (const c of [0, 1]) {
      const run = trace(scenario, 12, 0);
      const times = sendTimes(12, 0, `nodes/${c}`, { type: 'uniform', min: '0.9s', max: '1.1s' }, 1);
      const last = times.filter((t) => t <= 1).pop() as number;
      expect(run.changes.filter((e) => e.c === c)).toEqual([{ c, t: last + 5 * S, suspected: true }, { c, t: 1 + 10 / 60, suspected: false }]);
    }
  });

  it('phi (full): each reception records the jittered gap; the suspicion after the crash is at the last send + the window\'s t*', () => {
    const scenario = validateScenario(
      monitored((x) => {
        x['groups'].nodes.count = 1;
        x['services'] = { any: { atLeast: 1, of: 'nodes' } };
        x['detectors'][0] = { group: 'nodes', phi: { interval: { type: 'uniform', min: '0.8s', max: '1.2s' }, threshold: 2, window: 50, acceptablePause: 0, variant: 'normal' } };
      }),
    );
    const run = trace(scenario, 4, 0);
    const times = sendTimes(4, 0, 'nodes/0', { type: 'uniform', min: '0.8s', max: '1.2s' }, 1).filter((t) => t <= 1);
    // The window: the bootstrap 0.75 s and 1.25 s pushed out by the last 50 gaps.
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number)).slice(-50);
    const mean = gaps.reduce((a, b) => a + b, 0) / 50;
    const sd = Math.sqrt(gaps.reduce((a, b) => a + b * b, 0) / 50 - mean * mean);
    const suspicion = run.changes.find((e) => e.suspected && e.t > 1);
    expect(suspicion?.t as number).toBeCloseTo((times[times.length - 1] as number) + mean + sd * -normalQuantile(0.01), 12);
  });

  it('the shortcut is exact with jitter: auto and full give the same suspicions and values draw for draw (with loss, crashes and pauses)', () => {
    const mk = (heartbeats: 'auto' | 'full', loss: number) =>
      validateScenario(
        monitored((x) => {
          x['horizon'] = '6h';
          x['groups'].nodes = { count: 3, failure: { type: 'exponential', mean: '1h' }, repair: { type: 'exponential', mean: '2min' } };
          x['detectors'][0] = {
            group: 'nodes',
            heartbeat: { interval: { type: 'truncatedNormal', mean: '1s', sd: '0.3s' }, timeout: '2s' },
            loss,
            heartbeats,
            pauses: { every: { type: 'exponential', mean: '20min' }, duration: { type: 'exponential', mean: '3s' } },
          };
        }),
      );
    for (const loss of [0, 0.25]) {
      for (let rep = 0; rep < 3; rep++) {
        const a = trace(mk('auto', loss), 21, rep);
        const b = trace(mk('full', loss), 21, rep);
        expect(a.changes.length).toBeGreaterThan(10);
        expect(a.changes).toEqual(b.changes);
        expect(Array.from(a.values)).toEqual(Array.from(b.values));
        expect(a.events).toBeLessThan(b.events / (loss === 0 ? 100 : 2));
      }
    }
  });
});

describe('the shortcut when a crash comes during a false suspicion', () => {
  it('its streams are brought back to the full simulation\'s at the crash (the look-ahead had drawn up to the pending trust): auto = full draw for draw', () => {
    // ℓ = 0.5, T = 2Δ: a live node is suspected a quarter of the time, so many crashes (MTTF 10 min) find it suspected.
    const mk = (heartbeats: 'auto' | 'full') =>
      validateScenario(
        monitored((x) => {
          x['horizon'] = '20h';
          x['groups'].nodes = { count: 3, failure: { type: 'exponential', mean: '10min' }, repair: { type: 'exponential', mean: '1min' } };
          x['detectors'][0] = { group: 'nodes', heartbeat: { interval: '1s', timeout: '2s' }, loss: 0.5, heartbeats };
        }),
      );
    for (let rep = 0; rep < 3; rep++) {
      const a = trace(mk('auto'), 1, rep);
      const b = trace(mk('full'), 1, rep);
      expect(a.changes).toEqual(b.changes);
      expect(Array.from(a.values)).toEqual(Array.from(b.values));
    }
  });
});

describe('per-node loss: send and receive', () => {
  /** Three nodes with the detector's `loss` set to `loss`, crashes and restarts (and, when asked, pauses or jittered heartbeats). */
  const perNodeInput = (heartbeats: 'auto' | 'full', loss: unknown, edit: (d: Record<string, any>) => void = () => undefined) =>
    monitored((x) => {
      x['horizon'] = '8h';
      x['groups'].nodes = { count: 3, failure: { type: 'exponential', mean: '1h' }, repair: { type: 'exponential', mean: '2min' } };
      x['detectors'][0] = { group: 'nodes', heartbeat: { interval: '1s', timeout: '3s' }, loss, heartbeats };
      edit(x['detectors'][0]);
    });
  const perNode = (heartbeats: 'auto' | 'full', loss: unknown, edit: (d: Record<string, any>) => void = () => undefined) => validateScenario(perNodeInput(heartbeats, loss, edit));

  it('resolves each member\'s send loss ("default" for the others) and the receive loss; round-trips through toScenarioFile', () => {
    const s = perNode('auto', { send: { '2': 0.3, default: 0.1 }, receive: 0.05 });
    expect(s.detectors?.[0]?.nodeLoss).toEqual({ send: [0.1, 0.1, 0.3], receive: 0.05 });
    expect(s.detectors?.[0]?.loss).toBe(0);
    expect(perNode('auto', { receive: 0.2 }).detectors?.[0]?.nodeLoss).toEqual({ send: [0, 0, 0], receive: 0.2 });
    expect(perNode('auto', { send: 0.2 }).detectors?.[0]?.nodeLoss).toEqual({ send: [0.2, 0.2, 0.2], receive: 0 });
    expect(validateScenario(toScenarioFile(s))).toEqual(s);
  });

  it('names the JSON path and the value of every bad field', () => {
    const problems = (loss: unknown) => problemsOf(perNodeInput('auto', loss));
    expect(problems({ send: { '3': 0.1 } })).toEqual(['detectors.0.loss.send.3: expected a member index of "nodes" (0 to 2) or "default", got "3"']);
    expect(problems({ send: { '01': 0.1, first: 0.2 } })).toEqual([
      'detectors.0.loss.send.01: expected a member index of "nodes" (0 to 2) or "default", got "01"',
      'detectors.0.loss.send.first: expected a member index of "nodes" (0 to 2) or "default", got "first"',
    ]);
    expect(problems({ send: { '1': 1.5 } })).toEqual(['detectors.0.loss.send.1: expected a number in [0, 1), got 1.5']);
    expect(problems({ send: { default: -0.1 } })).toEqual(['detectors.0.loss.send.default: expected a number in [0, 1), got -0.1']);
    expect(problems({ send: '10%' })).toEqual(['detectors.0.loss.send: expected a number in [0, 1), got "10%"']);
    expect(problems({ send: 0.1, receive: 1 })).toEqual(['detectors.0.loss.receive: expected a number in [0, 1), got 1']);
    expect(problems({ send: 0.1, sendLoss: 0.2 })).toEqual(['detectors.0.loss.sendLoss: unknown field, got 0.2']);
    expect(problems({})).toEqual(['detectors.0.loss: expected loss episodes (every, duration, probability) or per-node loss (send and/or receive), got {}']);
    expect(problems({ send: 0.1, every: { type: 'exponential', mean: '1h' }, duration: { type: 'exponential', mean: '1min' }, probability: 0.5 })).toEqual([
      'detectors.0.loss.send: expected either loss episodes (every, duration, probability) or per-node loss (send, receive), not both, got 0.1',
    ]);
    expect(problems({ every: { type: 'exponential', mean: '1h' }, probability: 0.5 })).toEqual(['detectors.0.loss.duration: expected a value (loss episodes need every, duration and probability), got undefined']);
  });

  it('a hand-worked replay of the uniforms: member i\'s slot k is lost iff u_k < ℓ_i = 1 − (1 − send_i)(1 − receive); suspicions after two losses in a row (T = 2Δ)', () => {
    // Seed 3, replication 0, 15 s, interval 1 s, timeout 2 s. Member 0: send 0.5, member 1: send 0; receive 0.25 at the monitor.
    // ℓ₀ = 1 − 0.5·0.75 = 0.625, ℓ₁ = 0.25. The loss uniforms of slots 1…15 (stream nodes/<i>, heartbeat-loss):
    //   member 0: .535 .636 .349 .704 .999 .289 .763 .084 .189 .307 .454 .054 .946 .641 .187 → lost 1 3 6 8 9 10 11 12 15
    //   member 1: .365 .282 .595 .797 .563 .227 .330 .218 .148 .945 .765 .899 .323 .377 .551 → lost 6 8 9
    // Member 0: received 7, lost 8 and 9: suspected at slot 9 (7 + T), trusted at slot 13. Member 1: received 7, lost 8 and 9: suspected at
    // slot 9, trusted at slot 10. Slot k is sent at base_i + k s, base_i = phase_i − 1 s.
    const mk = (heartbeats: 'auto' | 'full') =>
      validateScenario(
        monitored((x) => {
          x['horizon'] = '15s';
          x['detectors'][0] = { group: 'nodes', heartbeat: { interval: '1s', timeout: '2s' }, loss: { send: { '0': 0.5 }, receive: 0.25 }, heartbeats };
        }),
      );
    const lost = (c: number, loss: number): number[] => {
      const stream = new ReloadableTychei();
      new StreamDeriver(3).replication(0).loadInto(new StreamKey(`nodes/${c}`, 'heartbeat-loss'), stream);
      return Array.from({ length: 15 }, (_, i) => (stream.draw() < loss ? i + 1 : 0)).filter((k) => k > 0);
    };
    expect(lost(0, 0.625)).toEqual([1, 3, 6, 8, 9, 10, 11, 12, 15]);
    expect(lost(1, 0.25)).toEqual([6, 8, 9]);
    const base = [0, 1].map((c) => baseOf(3, 0, `nodes/${c}`, S));
    const b0 = base[0] as number;
    const b1 = base[1] as number;
    const expected = [
      { c: 0, t: b0 + 9 * S, suspected: true },
      { c: 1, t: b1 + 9 * S, suspected: true },
      { c: 1, t: b1 + 10 * S, suspected: false },
      { c: 0, t: b0 + 13 * S, suspected: false },
    ].sort((a, b) => a.t - b.t);
    for (const heartbeats of ['auto', 'full'] as const) {
      const scenario = mk(heartbeats);
      const run = trace(scenario, 3, 0);
      expect(run.changes.map((e) => ({ c: e.c, suspected: e.suspected }))).toEqual(expected.map((e) => ({ c: e.c, suspected: e.suspected })));
      run.changes.forEach((e, i) => expect(e.t).toBeCloseTo((expected[i] as Change).t, 12));
      expect(metric(run, scenario, 'nodes.false_suspicions')).toBe(2);
      expect(metric(run, scenario, 'nodes.suspected_alive_fraction')).toBeCloseTo((4 + 1) / (2 * 15), 9); // 4 s and 1 s suspected of 2 × 15 s alive
    }
  });

  it('"loss": x, { "send": x } and { "receive": x } give bit-identical runs (one uniform per slot against the same ℓ), auto and full', () => {
    for (const heartbeats of ['auto', 'full'] as const) {
      for (let rep = 0; rep < 2; rep++) {
        const a = trace(perNode(heartbeats, 0.3), 11, rep);
        expect(a.changes.length).toBeGreaterThan(10);
        for (const loss of [{ send: 0.3 }, { send: { default: 0.3 } }, { receive: 0.3 }]) {
          const b = trace(perNode(heartbeats, loss), 11, rep);
          expect(b.changes).toEqual(a.changes);
          expect(Array.from(b.values)).toEqual(Array.from(a.values));
        }
      }
    }
  });

  it('the shortcut is exact with per-node loss (one member lossless): auto = full draw for draw, with crashes, pauses and jitter', () => {
    const loss = { send: { '0': 0, '1': 0.2, '2': 0.5 }, receive: 0 };
    const pauses = (d: Record<string, any>) => (d['pauses'] = { every: { type: 'exponential', mean: '20min' }, duration: { type: 'exponential', mean: '4s' } });
    const jitter = (d: Record<string, any>) => (d['heartbeat'].interval = { type: 'truncatedNormal', mean: '1s', sd: '0.3s' });
    for (const [name, edit, l] of [
      ['crashes', () => undefined, { ...loss, receive: 0.1 }],
      ['crashes', () => undefined, loss],
      ['pauses', pauses, { ...loss, receive: 0.1 }],
      ['jitter', jitter, { ...loss, receive: 0.1 }],
    ] as const) {
      for (let rep = 0; rep < 2; rep++) {
        const a = trace(perNode('auto', l, edit), 13, rep);
        const b = trace(perNode('full', l, edit), 13, rep);
        expect(a.changes.length, name).toBeGreaterThan(10);
        expect(a.changes, name).toEqual(b.changes);
        expect(Array.from(a.values), name).toEqual(Array.from(b.values));
        expect(a.events, name).toBeLessThan(b.events / 2);
      }
    }
  });

  it('false suspicions against Σ_i (1 − ℓ_i)ℓ_i^n/Δ × time alive (two nodes that never fail, ℓ = 0.2 and 0.6, n = 3; fixed seed)', () => {
    const scenario = validateScenario(
      monitored((x) => {
        x['horizon'] = '2h';
        x['groups'].nodes = { count: 2, failure: { type: 'deterministic', value: '10y' }, repair: { type: 'deterministic', value: '1h' } };
        x['detectors'][0] = { group: 'nodes', heartbeat: { interval: '1s', timeout: '3s' }, loss: { send: { '1': 0.5 }, receive: 0.2 } };
      }),
    );
    const run = trace(scenario, 2, 0);
    // Per hour alive, member i starts a mistake at each reception followed by 3 losses: (1 − ℓ_i)ℓ_i³ per slot, 3600 slots an hour.
    const expectedCount = [0.2, 0.6].reduce((sum, l) => sum + (1 - l) * l ** 3 * 3600 * 2, 0); // 668.16 over 2 h each
    // Starts within n slots of one another exclude each other and farther ones are independent: the count's variance is at most its mean.
    const count = metric(run, scenario, 'nodes.false_suspicions');
    expect(Math.abs(count - expectedCount)).toBeLessThan(4.42 * Math.sqrt(expectedCount)); // two-sided 99.999%
    expect(metric(run, scenario, 'nodes.mistakes_per_hour')).toBeCloseTo(count / 4, 9); // 4 node-hours alive
  });
});
