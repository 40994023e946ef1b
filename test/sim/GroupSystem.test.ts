import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors.js';
import { deterministic, exponential } from '../../src/random/distributions/index.js';
import { GroupSystem } from '../../src/sim/GroupSystem.js';
import { referenceClusterSpec } from '../../src/sim/referenceCluster.js';

describe('GroupSystem', () => {
  it('a replication is a pure function of (spec, seed, rep), whatever ran before it', () => {
    const a = new GroupSystem(referenceClusterSpec(100));
    const b = new GroupSystem(referenceClusterSpec(100));
    const first = a.replicate(1, 5);
    for (let rep = 0; rep < 10; rep++) b.replicate(2, rep);
    expect(b.replicate(1, 5)).toEqual(first);
    expect(a.replicate(1, 5)).toEqual(first);
    expect(a.replicate(1, 6)).not.toEqual(first);
  });

  it('follows a hand-worked deterministic schedule', () => {
    // One group of 2, both needed: A fails at 10 (repair 3), B at 10 too; FIFO order, one outage
    // [10, 13); both return to service at 13 and fail again at 23, down until 26; horizon 30.
    const system = new GroupSystem({
      horizon: 30,
      groups: [{ name: 'pair', count: 2, atLeast: 2, failure: deterministic({ value: 10 }), repair: deterministic({ value: 3 }) }],
    });
    const r = system.replicate(1, 0);
    expect(r.outages).toBe(2);
    expect(r.downtime).toBe(6);
    expect(r.firstFailure).toBe(10);
    expect(r.intervalAvailability).toBeCloseTo(24 / 30, 15);
    expect(r.events).toBe(8);
  });

  it('crash-stop components never come back; firstFailure is censored at the horizon', () => {
    const system = new GroupSystem({
      horizon: 100,
      groups: [{ name: 'solo', count: 1, atLeast: 1, failure: deterministic({ value: 40 }), repair: null }],
    });
    expect(system.replicate(1, 0)).toMatchObject({ outages: 1, downtime: 60, firstFailure: 40, events: 1 });
    const never = new GroupSystem({
      horizon: 100,
      groups: [{ name: 'solo', count: 1, atLeast: 1, failure: deterministic({ value: 400 }), repair: null }],
    });
    expect(never.replicate(1, 0)).toMatchObject({ outages: 0, downtime: 0, firstFailure: 100, events: 0 });
  });

  it('rejects bad groups naming the field', () => {
    const failure = exponential({ mean: 1 });
    const bad = (count: number, atLeast: number) => () =>
      new GroupSystem({ horizon: 1, groups: [{ name: 'g', count, atLeast, failure, repair: null }] });
    expect(bad(0, 0)).toThrow(FaultlineError);
    expect(bad(0, 0)).toThrow(/groups.g.count: expected an integer >= 1, got 0/);
    expect(bad(3, 4)).toThrow(/groups.g.atLeast: expected an integer in \[0, 3\], got 4/);
    expect(() => new GroupSystem({ horizon: -1, groups: [] })).toThrow(/horizon: expected a finite number > 0, got -1/);
  });
});
