import { describe, expect, it } from 'vitest';
import type { ConsecutiveBreakerSpec } from '../../../../src/scenario/workloadSpec.js';
import { CLOSED, HALF_OPEN, OPEN } from '../../../../src/sim/workload/policies/breakerState.js';
import { ConsecutiveBreaker } from '../../../../src/sim/workload/policies/ConsecutiveBreaker.js';

const sec = (s: number): number => s / 3600;
const W = sec(30);
const spec: ConsecutiveBreakerSpec = {
  type: 'consecutive',
  name: 'b',
  threshold: 5,
  resetTimeout: W,
  halfOpenSuccesses: 3,
  failureCauses: ['service_down', 'timeout'],
};

/** Five failures at t = 1…5 s: OPEN at call 5, t = 5 s. */
function tripped(b = new ConsecutiveBreaker(spec)): ConsecutiveBreaker {
  for (let s = 1; s <= 5; s++) {
    expect(b.allow(sec(s))).toBe(true);
    b.onFailure(sec(s));
  }
  return b;
}

describe('ConsecutiveBreaker (seed 003)', () => {
  it('f f f f f → OPEN at call 5; t+29 s rejected; t+30 s half-open; success ×3 → CLOSED', () => {
    const b = tripped();
    expect(b.state).toBe(OPEN);
    expect(b.opens).toBe(1);
    expect(b.allow(sec(5 + 29))).toBe(false);
    expect(b.state).toBe(OPEN);
    expect(b.stateAt(sec(5) + W)).toBe(HALF_OPEN);
    expect(b.allow(sec(5) + W)).toBe(true); // ≥: exactly resetTimeout after opening
    expect(b.state).toBe(HALF_OPEN);
    b.onSuccess(sec(35));
    b.onSuccess(sec(36));
    expect(b.state).toBe(HALF_OPEN);
    b.onSuccess(sec(37));
    expect(b.state).toBe(CLOSED);
    expect(b.openTime(sec(100))).toBeCloseTo(W, 15);
  });

  it('a success in CLOSED resets the count: f f f f s f f f f stays CLOSED, one more f opens', () => {
    const b = new ConsecutiveBreaker(spec);
    for (const failed of [1, 1, 1, 1, 0, 1, 1, 1, 1]) {
      if (failed) b.onFailure(0);
      else b.onSuccess(0);
    }
    expect(b.state).toBe(CLOSED);
    b.onFailure(0);
    expect(b.state).toBe(OPEN);
  });

  it('half-open: s then f at 36 s re-opens (openedAt = 36 s); 65 s rejected, 66 s let through; opens = 2', () => {
    const b = tripped();
    expect(b.allow(sec(35))).toBe(true);
    b.onSuccess(sec(35));
    b.onFailure(sec(36));
    expect(b.state).toBe(OPEN);
    expect(b.opens).toBe(2);
    expect(b.allow(sec(65))).toBe(false);
    expect(b.allow(sec(36) + W)).toBe(true);
    // A new half-open visit needs 3 fresh successes: the earlier one does not carry over.
    b.onSuccess(sec(66));
    b.onSuccess(sec(67));
    expect(b.state).toBe(HALF_OPEN);
    // Open time: [5, 35) and [36, 66): 30 s + 14 s by 50 s, 60 s by 70 s.
    expect(b.openTime(sec(50))).toBeCloseTo(sec(44), 15);
    expect(b.openTime(sec(70))).toBeCloseTo(sec(60), 15);
  });

  it('open time ends resetTimeout after opening even when no call comes to make the lazy transition', () => {
    const b = tripped();
    expect(b.openTime(sec(20))).toBeCloseTo(sec(15), 15);
    expect(b.openTime(sec(1000))).toBeCloseTo(W, 15);
    expect(b.state).toBe(OPEN); // still lazily OPEN
  });

  it('results arriving while OPEN (late calls) are ignored and do not prolong it', () => {
    const b = tripped();
    b.onFailure(sec(10));
    b.onSuccess(sec(11));
    expect(b.allow(sec(5) + W)).toBe(true);
  });

  it('rejected calls record nothing: a refused allow changes no count', () => {
    const b = tripped();
    for (let s = 6; s < 35; s++) expect(b.allow(sec(s))).toBe(false);
    expect(b.opens).toBe(1);
    expect(b.allow(sec(5) + W)).toBe(true);
  });

  it('reset(now, measureFrom): an opening before measureFrom is not counted, its open time is clipped', () => {
    const b = new ConsecutiveBreaker(spec);
    b.reset(0, sec(20));
    tripped(b);
    expect(b.opens).toBe(0);
    expect(b.openTime(sec(100))).toBeCloseTo(sec(15), 15); // [5, 35) ∩ [20, 100]
    b.reset(0, 0);
    expect(b.state).toBe(CLOSED);
    expect(b.openTime(sec(100))).toBe(0);
  });

  it('threshold 1 and halfOpenSuccesses 1: every failure opens, one success closes', () => {
    const b = new ConsecutiveBreaker({ ...spec, threshold: 1, halfOpenSuccesses: 1 });
    b.onFailure(0);
    expect(b.state).toBe(OPEN);
    expect(b.allow(W)).toBe(true);
    b.onSuccess(W);
    expect(b.state).toBe(CLOSED);
  });

  it('names the parameter it refuses', () => {
    expect(() => new ConsecutiveBreaker({ ...spec, threshold: 0 })).toThrow(/threshold/);
    expect(() => new ConsecutiveBreaker({ ...spec, resetTimeout: 0 })).toThrow(/resetTimeout/);
    expect(() => new ConsecutiveBreaker({ ...spec, halfOpenSuccesses: 1.5 })).toThrow(/halfOpenSuccesses/);
  });
});
