import { describe, expect, it } from 'vitest';
import { exactImportance } from '../../src/run/exactImportance.js';
import { loadScenario } from '../../src/io/loadScenario.js';
import { validateScenario } from '../../src/scenario/validateScenario.js';
import { estimateImportance, type Estimate } from '../../src/run/estimateImportance.js';
import { Simulation } from '../../src/sim/Simulation.js';

const det = (h: number) => ({ type: 'deterministic', value: `${h}h` });

/**
 * 2 of 3 groups of one component each, deterministic laws, horizon 300 h. a: down [100, 145)
 * and [245, 290); b: down [120, 130) and [250, 260); c never. By hand: the service is down in
 * [120, 130) and [250, 260), both started by b, 20 h; a is critical while b is down (20 h), b
 * while a is down (90 h), c while exactly one of a, b is down (20 + 15 + 5 + 30 = 70 h);
 * φ(0_c) = 0 while a or b is down (90 h), φ(1_c) = 0 while both are (20 h).
 */
const handWorked = validateScenario({
  name: 'importance-hand',
  description: 'hand-worked importance: 2 of 3 single-component groups with deterministic laws',
  horizon: '300h',
  groups: {
    a: { count: 1, failure: det(100), repair: det(45) },
    b: { count: 1, failure: det(120), repair: det(10) },
    c: { count: 1, failure: det(1000), repair: det(1) },
  },
  services: { s: { atLeast: 2, of: ['a', 'b', 'c'] } },
});

describe('importance measures', () => {
  it('hand-worked 2-of-3 with deterministic laws: exact hours', () => {
    const sim = new Simulation(handWorked);
    const meter = sim.measureImportance();
    sim.run(1, 0);
    expect(meter.down[0]).toBeCloseTo(20, 9);
    // [critical, restores, downIfDown, downIfUp] per component a, b, c.
    expect(Array.from(meter.byComponent, (x) => Number(x.toFixed(9)))).toEqual([20, 20, 20, 0, 90, 20, 90, 0, 70, 0, 90, 20]);
    // Groups of one component: the same.
    expect(Array.from(meter.byGroup, (x) => Number(x.toFixed(9)))).toEqual([20, 20, 20, 0, 90, 20, 90, 0, 70, 0, 90, 20]);
    // Downtime share: none, a, b, c.
    expect(Array.from(meter.shareHours, (x) => Number(x.toFixed(9)))).toEqual([0, 0, 20, 0]);
    const e = estimateImportance(handWorked, 1, 1);
    expect(e.group['s']?.['c']?.raw.value).toBeCloseTo(4.5, 12);
    expect(e.group['s']?.['c']?.rrw.value).toBeCloseTo(1, 12);
    expect(e.downtimeShare['s']?.['b']?.value).toBeCloseTo(1, 12);
  });

  it('asking for importance changes no draw of a plain run', () => {
    const tmr = loadScenario('sims/tmr.json');
    const plain = new Simulation(tmr);
    const withMeter = new Simulation(tmr);
    withMeter.measureImportance();
    for (let r = 0; r < 5; r++) {
      plain.run(7, r);
      withMeter.run(7, r);
      expect(Array.from(withMeter.values)).toEqual(Array.from(plain.values));
    }
  });

  const within = (e: Estimate, exact: number) => {
    // 5 standard errors, plus the first-order bias of a ratio estimator is O(1/n): none needed here at n = 600.
    expect(Math.abs(e.value - exact)).toBeLessThanOrEqual(5 * e.stderr + 1e-12);
  };

  it('tmr: simulated Birnbaum, criticality, RAW, RRW agree with the exact time averages (seed 1, 600 reps, 5 standard errors)', () => {
    const tmr = loadScenario('sims/tmr.json');
    const e = estimateImportance(tmr, 1, 600);
    const x = exactImportance(tmr);
    const U = x.unavailability['tmr'] as number;
    const c = x.component['tmr']?.['modules'];
    if (c === undefined) throw new Error('no exact');
    // Closed form at steady state: I_B = 2p(1 − p) for 2-of-3 with p the component availability.
    const p = 100 / 101;
    expect(c.critical).toBeCloseTo(2 * p * (1 - p), 3);
    for (const name of ['modules[0]', 'modules[1]', 'modules[2]']) {
      const m = e.component['tmr']?.[name];
      if (m === undefined) throw new Error(name);
      within(m.birnbaum, c.critical);
      within(m.criticality, c.restores / U);
      within(m.raw, c.downIfDown / U);
      within(m.rrw, U / c.downIfUp);
      // Invariants.
      expect(m.criticality.value).toBeLessThanOrEqual(1);
      expect(m.raw.value).toBeGreaterThanOrEqual(1);
      expect(m.rrw.value).toBeGreaterThanOrEqual(1);
    }
    within(e.unavailability['tmr'] as Estimate, U);
    const shares = e.downtimeShare['tmr'];
    expect((shares?.['modules']?.value ?? 0) + (shares?.['none']?.value ?? 0)).toBeCloseTo(1, 12);
  });

  it('reference-cluster: simulated Birnbaum of a coordinator agrees with the exact value', () => {
    const sc = loadScenario('sims/reference-cluster.json');
    const e = estimateImportance(sc, 1, 200);
    const x = exactImportance(sc);
    const exact = x.component['cluster']?.['coordinators']?.critical as number;
    within(e.component['cluster']?.['coordinators[0]']?.birnbaum as Estimate, exact);
    // The executors as a whole are critical unless the coordinator quorum is lost (exact 1 − 6.2e-7):
    // 200 replications see no such state, so the estimate is 1 with no spread.
    expect(e.group['cluster']?.['executors']?.birnbaum.value).toBeCloseTo(x.group['cluster']?.['executors']?.critical as number, 5);
  });

  it('exact: tmr against the steady-state closed forms of 2 of 3 (transient over 1 y: relative gap below 1e-2)', () => {
    const x = exactImportance(loadScenario('sims/tmr.json'));
    const p = 100 / 101;
    const q = 1 - p;
    const c = x.component['tmr']?.['modules'];
    const rel = (a: number, b: number) => expect(Math.abs(a / b - 1)).toBeLessThan(1e-2);
    rel(x.unavailability['tmr'] as number, 3 * q * q * p + q ** 3);
    rel(c?.critical as number, 2 * p * q); // exactly one of the other two up
    rel(c?.downIfDown as number, 1 - p * p); // with i down, both others must be up
    rel(c?.downIfUp as number, q * q); // with i up, down only when both others are
    rel(c?.restores as number, q * 2 * p * q); // i down and exactly one other up
  });

  it('rejects a scenario whose gates read more than up counts, naming the service', () => {
    const sc = loadScenario('sims/reference-network.json');
    expect(() => new Simulation(sc).measureImportance()).toThrow(/importance/);
  });
});
