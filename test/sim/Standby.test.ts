import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exactFor, exactForGroups, isExact, type ExactService } from '../../src/check/exactFor.js';
import { bundledScenarioPath } from '../../src/io/bundledScenarios.js';
import { toScenarioFile } from '../../src/io/toScenarioFile.js';
import { loadScenario } from '../../src/io/loadScenario.js';
import { normalQuantile } from '../../src/math/normal.js';
import { validateScenario, type Scenario } from '../../src/scenario/validateScenario.js';
import { StreamDeriver } from '../../src/random/streams.js';
import { Standby } from '../../src/sim/behaviours/Standby.js';
import { Cause } from '../../src/sim/kernel/ComponentTable.js';
import { compile } from '../../src/sim/kernel/Plan.js';
import { Simulation, runReplication } from '../../src/sim/Simulation.js';
import { Moments } from '../../src/stats/Moments.js';

// Each statistical check below is two-sided at 99.9%.
const Z = normalQuantile(1 - 0.001 / 2);
const raw = (name: string): any => JSON.parse(readFileSync(bundledScenarioPath(name), 'utf8'));
const det = (value: number) => ({ type: 'deterministic', value });

/** The last run's value of metric `name` (a count or a mean of the registry). */
function metric(sim: Simulation, name: string): number {
  const m = sim.registry.metrics[sim.registry.indexOf(name) as number];
  if (m === undefined || m.estimator.type !== 'mean') throw new Error(`no mean metric ${name}`);
  return m.estimator.offset + m.estimator.scale * (sim.values[m.quantity] as number);
}

const deterministicPair = (standby: Record<string, unknown>, count = 2, repair = 4): Scenario =>
  validateScenario({
    name: 'pair',
    description: 'a deterministic standby pair',
    horizon: 30,
    groups: { db: { count, failure: det(10), repair: det(repair), standby } },
    services: { database: { atLeast: 1, of: 'db' } },
  });

describe('standby spares: hand-worked histories', () => {
  it('cold, switch-over 1 h: down for each switch, the repaired one back to standby', () => {
    // db/0 active fails at 10 (repaired at 14, then STANDBY: db/1 is switching in); db/1 is up at
    // 11 and fails at 21; db/0 is switched in, up at 22 (fails at 32, after the horizon).
    const scenario = deterministicPair({ spares: 1, mode: 'cold', switchover: 1 });
    const sim = new Simulation(scenario);
    const r = sim.replicate(1, 0);
    expect(r.services['database']).toMatchObject({ outages: 2, downtime: 2, longestOutage: 1, firstFailure: 10, failed: true });
    expect(r.groups['db']?.componentUp).toEqual([18 / 30, 10 / 30]);
    expect(r.groups['db']?.failures).toBe(2);
    expect(metric(sim, 'db.switchovers')).toBe(2);
    expect(metric(sim, 'db.switch_failures')).toBe(0);
  });

  it('an instantaneous switch leaves no gap: the services never see the active one fail', () => {
    const r = runReplication(deterministicPair({ spares: 1, mode: 'cold' }), 1, 0);
    expect(r.services['database']).toMatchObject({ outages: 0, downtime: 0, failed: false });
    expect(r.groups['db']?.componentUp).toEqual([20 / 30, 10 / 30]);
  });

  it('a warm spare fails while dormant, after a draw divided by its factor', () => {
    // Three components, two warm spares (factor 0.5: dormant life 20 h), repairs of 100 h. db/0
    // fails at 10 and db/1 is switched in (its dormant failure cancelled; active until 20); db/2,
    // dormant since 0, fails at 20 just before db/1 does, so nothing is left: down from 20.
    const r = runReplication(deterministicPair({ spares: 2, mode: 'warm', dormantFactor: 0.5 }, 3, 100), 1, 0);
    expect(r.services['database']).toMatchObject({ outages: 1, downtime: 10, firstFailure: 20 });
    expect(r.groups['db']?.failures).toBe(3);
    expect(r.groups['db']?.componentUp).toEqual([10 / 30, 10 / 30, 0]);
  });
});

describe('standby spares: contracts', () => {
  it('the same (scenario, seed, rep) gives the same record; another group leaves the standby group\'s draws unchanged', () => {
    const scenario = loadScenario(bundledScenarioPath('standby-pair'));
    const first = runReplication(scenario, 3, 7);
    const other = new Simulation(scenario);
    for (let rep = 0; rep < 5; rep++) other.replicate(4, rep);
    expect(other.replicate(3, 7)).toEqual(first);
    const more = raw('standby-pair');
    more.groups = { aaa: { count: 2, failure: { type: 'exponential', mean: 10 }, repair: { type: 'exponential', mean: 1 } }, ...more.groups };
    more.services.extra = { all: ['aaa'] };
    const after = validateScenario(more);
    for (let rep = 0; rep < 30; rep++) {
      const a = runReplication(scenario, 1, rep);
      const b = runReplication(after, 1, rep);
      expect(b.groups['db']).toEqual(a.groups['db']);
      expect(b.services['database']).toEqual(a.services['database']);
      expect(b.crews['dba']).toEqual(a.crews['dba']);
    }
  });

  it('a crew shared by a standby group and a plain group is never over-subscribed, and serves both', () => {
    const shared = raw('standby-pair');
    shared.groups.db_single.crew = 'dba';
    shared.groups.db_single.repair.mean = '200h';
    const sim = new Simulation(validateScenario(shared));
    let queued = 0;
    for (let rep = 0; rep < 200; rep++) {
      const r = sim.replicate(1, rep);
      expect(r.crews['dba']?.maxBusy).toBeLessThanOrEqual(1);
      if ((r.crews['dba']?.maxQueue ?? 0) > 0) queued++;
      expect(r.groups['db_single']?.failures).toBeGreaterThan(0);
    }
    expect(queued).toBeGreaterThan(50);
  });
});

describe('standby spares: simulation against the oracle (seed 1)', () => {
  it('cold pair without repair: the mean time to failure is 2/λ (Erlang-2 life)', () => {
    // λ = 1/100 h; a horizon of 5000 h censors with probability e^{−50}·51 < 1e-19.
    const scenario = validateScenario({
      name: 'cold',
      description: 'a cold standby pair without repair',
      horizon: 5000,
      groups: { db: { count: 2, failure: { type: 'exponential', mean: 100 }, standby: { spares: 1, mode: 'cold' } } },
      services: { database: { atLeast: 1, of: 'db' } },
    });
    const sim = new Simulation(scenario);
    const m = new Moments();
    for (let rep = 0; rep < 4000; rep++) m.add(sim.replicate(1, rep).services['database']?.firstFailure as number);
    const se = Math.sqrt(m.variance / m.count);
    expect(Math.abs(m.mean - 200)).toBeLessThan(Z * se);
  });

  it('the bundled cold pair with switch-over, switch failures and one crew: availability and switch counts as the CTMC says', () => {
    const scenario = loadScenario(bundledScenarioPath('standby-pair'));
    const exact = exactFor(scenario).find((e) => e.service === 'database') as ExactService;
    expect(isExact(exact)).toBe(true);
    const group = exactForGroups(scenario).find((g) => g.group === 'db');
    const sim = new Simulation(scenario);
    const availability = new Moments();
    const failures = new Moments();
    for (let rep = 0; rep < 3000; rep++) {
      availability.add(sim.replicate(1, rep).services['database']?.availability as number);
      failures.add(metric(sim, 'db.switch_failures'));
    }
    const se = (m: Moments) => Math.sqrt(m.variance / m.count);
    expect(Math.abs(availability.mean - exact.intervalAvailability)).toBeLessThan(Z * se(availability));
    expect(Math.abs(failures.mean - (group?.standby?.switchFailures as number))).toBeLessThan(Z * se(failures));
  });
});

describe('standby spares: failNow (for another cause, e.g. a shock)', () => {
  it('fails an active spare now, cancels its pending failure, and refuses one already down', () => {
    // Cold pair, failure 10, repair 4, switch-over 1; db/0 is shocked at 5: down [5, 9], db/1
    // switching until 6, up until 16; db/0 (standby from 9, its failure at 10 cancelled) up
    // 17–27; db/1 (standby from 20) up at 28. Down: [5, 6), [16, 17), [27, 28).
    const plan = compile(deterministicPair({ spares: 1, mode: 'cold', switchover: 1 }));
    const { kernel, modules, serviceMetrics } = plan;
    const standby = modules.find((m) => m instanceof Standby) as Standby;
    const answers: boolean[] = [];
    const shock = kernel.engine.on((c) => answers.push(standby.failNow(c, Cause.SHOCK)));
    kernel.reset();
    for (const m of modules) m.start(new StreamDeriver(1).replication(0));
    kernel.services.start();
    kernel.engine.schedule(5, shock, 0);
    kernel.engine.schedule(7, shock, 0);
    kernel.engine.runUntil(kernel.horizon, 1000);
    kernel.table.close(kernel.horizon);
    for (const m of modules) m.close(kernel.horizon, true);
    expect(answers).toEqual([true, false]);
    expect(serviceMetrics.outages[0]).toBe(3);
    expect(serviceMetrics.downtime[0]).toBeCloseTo(3, 12);
    expect(kernel.table.groupFailures[0]).toBe(3);
  });
});

describe('standby spares under common-cause shocks', () => {
  const racked = () =>
    validateScenario({
      name: 'racked',
      description: 'a cold pair in one rack',
      horizon: 12,
      groups: { db: { count: 2, failure: det(100), repair: det(4), standby: { spares: 1, mode: 'cold' } } },
      shocks: { rack: { every: det(5), members: ['db'] } },
      services: { database: { atLeast: 1, of: 'db' } },
    });

  it('a shock fails the active component and the dormant spare alike (the spare switched in is hit too)', () => {
    // At 5: db/0 fails, db/1 is switched in at once and is hit as well; both repaired at 9
    // (db/0 active, db/1 standby); the shock at 10 takes both again. Down [5, 9) and [10, 12].
    const r = runReplication(racked(), 1, 0);
    expect(r.services['database']).toMatchObject({ outages: 2, downtime: 6, firstFailure: 5 });
    expect(r.groups['db']?.failures).toBe(4);
  });

  it('the oracle says it has no chain for a standby group that shocks hit', () => {
    const file: any = toScenarioFile(racked());
    file.groups.db.failure = { type: 'exponential', mean: 100 };
    file.groups.db.repair = { type: 'exponential', mean: 4 };
    file.shocks.rack.every = { type: 'exponential', mean: 5 };
    const scenario = validateScenario(file);
    expect(exactFor(scenario)[0]).toMatchObject({ reason: expect.stringMatching(/shock rack hits the standby group db/) });
    expect(exactForGroups(scenario)).toEqual([]);
  });
});
