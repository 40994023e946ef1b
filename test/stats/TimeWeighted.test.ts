import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors.js';
import { TimeWeighted } from '../../src/stats/TimeWeighted.js';

describe('TimeWeighted', () => {
  it('computes the fraction of time up of a 0/1 signal', () => {
    const up = new TimeWeighted();
    up.start(0, 1);
    up.set(90, 0);
    up.set(100, 1);
    up.finish(200);
    // Up on [0, 90) and [100, 200): 190 of 200 hours (worked by hand).
    expect(up.integral).toBe(190);
    expect(up.duration).toBe(200);
    expect(up.mean).toBe(0.95);
  });

  it('integrates a real-valued step signal from a non-zero start, with repeated times', () => {
    const w = new TimeWeighted();
    w.start(10, 2);
    w.set(12, 5); // 2 · 2 = 4
    w.set(12, -1); // zero-length interval at 5
    w.set(15, 0.5); // -1 · 3 = -3
    w.finish(19); // 0.5 · 4 = 2
    expect(w.integral).toBe(3);
    expect(w.duration).toBe(9);
    expect(w.mean).toBe(3 / 9);
  });

  it('can be restarted for the next replication', () => {
    const w = new TimeWeighted();
    w.start(0, 1);
    w.finish(5);
    w.start(0, 0);
    w.set(1, 1);
    w.finish(4);
    expect(w.integral).toBe(3);
    expect(w.mean).toBe(0.75);
  });

  it('has NaN mean over an empty interval', () => {
    const w = new TimeWeighted();
    w.start(3, 1);
    w.finish(3);
    expect(w.duration).toBe(0);
    expect(w.mean).toBeNaN();
  });

  it('fails loudly on time going backwards, bad values, and misuse of the life cycle', () => {
    const w = new TimeWeighted();
    expect(() => w.set(1, 1)).toThrow(FaultlineError);
    w.start(0, 1);
    w.set(5, 0);
    expect(() => w.set(4.999, 1)).toThrow(/^t: expected a finite time >= 5, got 4.999/);
    expect(() => w.set(NaN, 1)).toThrow(/^t: expected/);
    expect(() => w.set(6, NaN)).toThrow(/^value: expected/);
    expect(() => w.finish(Infinity)).toThrow(/^t: expected/);
    expect(() => w.start(NaN, 0)).toThrow(/^t0: expected/);
    w.finish(10);
    expect(() => w.set(11, 1)).toThrow(FaultlineError);
  });
});
