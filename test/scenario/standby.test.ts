import { describe, expect, it } from 'vitest';
import { toScenarioFile } from '../../src/io/toScenarioFile.js';
import { validateScenario } from '../../src/scenario/validateScenario.js';
import { validateForSimulation } from '../../src/sim/checkScenario.js';

const pair = (standby: Record<string, unknown>, edit: (s: any) => void = () => {}): unknown => {
  const s: any = {
    name: 'pair',
    description: 'a database with a standby',
    horizon: '1y',
    crews: { dba: 1 },
    groups: { db: { count: 2, failure: { type: 'exponential', mean: '1000h' }, repair: { type: 'exponential', mean: '24h' }, crew: 'dba', standby } },
    services: { database: { atLeast: 1, of: 'db' } },
  };
  edit(s);
  return s;
};
const problems = (input: unknown): string[] => {
  try {
    validateScenario(input);
    return [];
  } catch (e) {
    return (e as { problems: string[] }).problems;
  }
};

describe('standby spares: the schema', () => {
  it('resolves modes, defaults and the switch-over (a duration, or a distribution)', () => {
    const cold = validateScenario(pair({ spares: 1, mode: 'cold' })).groups[0]?.standby;
    expect(cold).toEqual({ spares: 1, mode: 'cold', dormantFactor: 0, switchover: null, switchFailure: 0 });
    const warm = validateScenario(pair({ spares: 1, mode: 'warm', dormantFactor: 0.25, switchover: '30s', switchFailure: 0.01 })).groups[0]?.standby;
    expect(warm).toEqual({ spares: 1, mode: 'warm', dormantFactor: 0.25, switchover: { type: 'deterministic', value: 30 / 3600 }, switchFailure: 0.01 });
    const hot = validateScenario(pair({ spares: 1, mode: 'hot', switchover: { type: 'exponential', mean: '6min' } })).groups[0]?.standby;
    expect(hot).toMatchObject({ dormantFactor: 1, switchover: { type: 'exponential', mean: 0.1 } });
    expect(validateScenario(pair({ spares: 1, mode: 'cold', switchover: 0 })).groups[0]?.standby?.switchover).toBeNull();
    expect(validateScenario(pair({ spares: 1, mode: 'cold' })).groups[0]).toMatchObject({ count: 2, crew: 'dba' });
  });

  it('round-trips through toScenarioFile', () => {
    for (const standby of [{ spares: 1, mode: 'warm', dormantFactor: 0.5, switchover: '5min', switchFailure: 0.1 }, { spares: 2, mode: 'hot' }]) {
      const scenario = validateScenario(pair(standby, (s) => (s.groups.db.count = 4)));
      expect(JSON.stringify(validateScenario(toScenarioFile(scenario)))).toBe(JSON.stringify(scenario));
    }
  });

  it('names the JSON path and the value of every problem', () => {
    expect(problems(pair({ spares: 3, mode: 'cold' }))).toEqual(['groups.db.standby.spares: expected an integer in 1..1 (fewer than count 2), got 3']);
    expect(problems(pair({ spares: 1, mode: 'cold' }, (s) => (s.groups.db.count = 1)))).toEqual(['groups.db.count: expected at least 2 for a group with standby spares, got 1']);
    expect(problems(pair({ spares: 0, mode: 'cold' }))).toEqual(['groups.db.standby.spares: expected an integer >= 1, got 0']);
    expect(problems(pair({ spares: 1, mode: 'lukewarm' }))[0]).toMatch(/^groups\.db\.standby\.mode: expected one of "cold", "warm", "hot", got "lukewarm"/);
    expect(problems(pair({ spares: 1, mode: 'warm' }))).toEqual(['groups.db.standby.dormantFactor: expected a number in (0, 1) for warm spares, got undefined']);
    expect(problems(pair({ spares: 1, mode: 'warm', dormantFactor: 1.5 }))).toEqual(['groups.db.standby.dormantFactor: expected a number in (0, 1), got 1.5']);
    expect(problems(pair({ spares: 1, mode: 'cold', dormantFactor: 0.5 }))).toEqual(['groups.db.standby.dormantFactor: expected no dormantFactor for cold spares (cold: 0, hot: 1), got 0.5']);
    expect(problems(pair({ spares: 1, mode: 'cold', switchFailure: 1 }))).toEqual(['groups.db.standby.switchFailure: expected a probability in [0, 1), got 1']);
    expect(problems(pair({ spares: 1, mode: 'cold', switchover: '-5min' }))[0]).toMatch(/^groups\.db\.standby\.switchover: expected a non-negative duration/);
    expect(problems(pair({ spares: 1, mode: 'cold', spare: 1 }))).toEqual(['groups.db.standby.spare: unknown field, got 1']);
  });

  it('refuses a steady start, and services that would see the spares as members', () => {
    const steady = pair({ spares: 1, mode: 'cold' }, (s) => {
      delete s.groups.db.crew;
      s.groups.db.initial = 'steady';
    });
    expect(problems(steady)).toEqual(['groups.db.initial: expected "up" for a group with standby spares (a stationary start of spares is not implemented), got "steady"']);
    expect(problems(pair({ spares: 1, mode: 'cold' }, (s) => (s.services.database = { atLeast: 2, of: 'db' })))).toEqual([
      'services.database.atLeast: expected at most 1 (the active components of db: its spares are never up together with them), got 2',
    ]);
    expect(problems(pair({ spares: 1, mode: 'cold' }, (s) => (s.services.database = { all: ['db'] })))).toEqual([
      'services.database.all.0: expected a group without standby spares (count the up components of db with {"atLeast": k, "of": "db"}, k ≤ 1), got "db"',
    ]);
    const onNetwork = pair({ spares: 1, mode: 'cold' }, (s) => (s.network = { fullMesh: ['db'], link: { availability: 0.99, mttr: 1 } }));
    expect(problems(onNetwork)).toEqual(['network.fullMesh: expected groups without standby spares on the network, got "db"']);
  });
});

describe('standby spares: checked before simulating', () => {
  it('builds the switch-over law as the simulation does, naming its path', () => {
    const bad = pair({ spares: 1, mode: 'cold', switchover: { type: 'uniform', min: 2, max: 1 } });
    expect(() => validateForSimulation(bad)).toThrow(/groups\.db\.standby\.switchover/);
  });
});
