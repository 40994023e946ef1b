import { describe, expect, it } from 'vitest';
import { deriveStream } from '../../../../src/random/streams.js';
import type { SlidingWindowBreakerSpec } from '../../../../src/scenario/workloadSpec.js';
import { CLOSED, HALF_OPEN, OPEN } from '../../../../src/sim/workload/policies/breakerState.js';
import { SlidingWindowBreaker } from '../../../../src/sim/workload/policies/SlidingWindowBreaker.js';

const sec = (s: number): number => s / 3600;
const WAIT = sec(60);
const count: SlidingWindowBreakerSpec = {
  type: 'slidingWindow',
  name: 'r4j',
  window: 'count',
  size: 10,
  minimumCalls: 5,
  failureRateThreshold: 0.5,
  slowCallRateThreshold: 1,
  slowCallDuration: sec(2),
  permittedInHalfOpen: 3,
  waitInOpen: WAIT,
  failureCauses: ['service_down', 'timeout'],
};

/** Feeds outcomes ('f' failed, 's' success, 'S' slow success, 'F' slow failure), one per second from t = 1 s. */
function feed(b: SlidingWindowBreaker, outcomes: string, from = 1): void {
  [...outcomes].forEach((o, i) => {
    const t = sec(from + i);
    expect(b.allow(t)).toBe(true);
    b.onResult(t, o === 'f' || o === 'F', o === 'S' || o === 'F' ? sec(3) : sec(1));
  });
}

describe('SlidingWindowBreaker, count window (resilience4j COUNT_BASED)', () => {
  it('minimum calls: f f f f is 100% but below 5 calls → CLOSED; s at call 5: 4/5 = 80% ≥ 50% → OPEN', () => {
    const b = new SlidingWindowBreaker(count);
    feed(b, 'ffff');
    expect(b.state).toBe(CLOSED);
    feed(b, 's', 5);
    expect(b.state).toBe(OPEN);
    expect(b.opens).toBe(1);
  });

  it('exact tie: s s s f f is 40% → CLOSED; f at call 6: 3/6 = 50% ≥ 50% → OPEN', () => {
    const b = new SlidingWindowBreaker(count);
    feed(b, 'sssff');
    expect(b.state).toBe(CLOSED);
    feed(b, 'f', 6);
    expect(b.state).toBe(OPEN);
  });

  it('the float32 percent comparison: θ = 0.14 and 7 failures of 50 open (14.0f ≥ 14.0f; in doubles 14 < 0.14·100)', () => {
    expect(0.14 * 100 > 14).toBe(true); // why the comparison must be in float32
    const b = new SlidingWindowBreaker({ ...count, size: 50, minimumCalls: 50, failureRateThreshold: 0.14 });
    feed(b, `${'s'.repeat(43)}fffffff`);
    expect(b.state).toBe(OPEN);
  });

  it('ring eviction (size 4, minimum 4): f s s s 25%; s evicts the f: 0%; f 25%; f: [s s f f] 50% → OPEN', () => {
    const b = new SlidingWindowBreaker({ ...count, size: 4, minimumCalls: 4 });
    feed(b, 'fsss');
    expect(b.state).toBe(CLOSED);
    feed(b, 'sf', 5);
    expect(b.state).toBe(CLOSED);
    expect(b.bufferedCalls).toBe(4);
    feed(b, 'f', 7);
    expect(b.state).toBe(OPEN);
  });

  it('minimum calls clamp to the window: minimumCalls 100, size 4 → f f s s decides at 4 calls (50% → OPEN)', () => {
    const b = new SlidingWindowBreaker({ ...count, size: 4, minimumCalls: 100 });
    expect(b.minimumCalls).toBe(4);
    feed(b, 'ffss');
    expect(b.state).toBe(OPEN);
  });

  it('slow calls: duration > 2 s is slow (= 2 s is not); S S s s S → 60% slow ≥ 50% → OPEN with no failure', () => {
    const b = new SlidingWindowBreaker({ ...count, slowCallRateThreshold: 0.5 });
    feed(b, 'SSss');
    b.onResult(sec(5), false, sec(2)); // exactly the threshold: not slow; 2/5 slow
    expect(b.state).toBe(CLOSED);
    feed(b, 'S', 6); // 3/6 = 50% ≥ 50%
    expect(b.state).toBe(OPEN);
  });

  it('slow failures count as both failed and slow', () => {
    const b = new SlidingWindowBreaker({ ...count, failureRateThreshold: 1, slowCallRateThreshold: 0.5 });
    feed(b, 'ssFFF'); // failures 60% < 100%, slow 60% ≥ 50%
    expect(b.state).toBe(OPEN);
  });

  it('OPEN 60 s then HALF_OPEN lazily (strict >): 3 permits, 4th refused; s s f → 33% → CLOSED with an empty window', () => {
    const b = new SlidingWindowBreaker(count);
    feed(b, 'fffff'); // OPEN at t = 5 s
    const openedAt = sec(5);
    expect(b.allow(sec(30))).toBe(false);
    expect(b.allow(openedAt + WAIT)).toBe(false); // Instant.isAfter: not at the instant itself
    expect(b.stateAt(openedAt + WAIT + sec(0.001))).toBe(HALF_OPEN);
    const t = openedAt + WAIT + sec(0.001);
    expect([b.allow(t), b.allow(t), b.allow(t), b.allow(t)]).toEqual([true, true, true, false]);
    expect(b.state).toBe(HALF_OPEN);
    b.onResult(t, false, sec(1));
    b.onResult(t, false, sec(1));
    expect(b.state).toBe(HALF_OPEN);
    b.onResult(t, true, sec(1));
    expect(b.state).toBe(CLOSED);
    expect(b.bufferedCalls).toBe(0);
    expect(b.openTime(sec(1000))).toBeCloseTo(WAIT, 15);
  });

  it('half-open failure: s f f → 67% ≥ 50% → OPEN again (opens = 2), open time counts both periods', () => {
    const b = new SlidingWindowBreaker(count);
    feed(b, 'fffff');
    const t = sec(5) + WAIT + sec(1);
    for (let i = 0; i < 3; i++) b.allow(t);
    b.onResult(t, false, 0);
    b.onResult(t, true, 0);
    b.onResult(t + sec(1), true, 0);
    expect(b.state).toBe(OPEN);
    expect(b.opens).toBe(2);
    expect(b.openTime(t + sec(31))).toBeCloseTo(WAIT + sec(30), 12);
  });

  it('half-open tie: 2 permits, s f → 50% ≥ 50% → OPEN', () => {
    const b = new SlidingWindowBreaker({ ...count, permittedInHalfOpen: 2 });
    feed(b, 'fffff');
    const t = sec(70);
    b.allow(t);
    b.allow(t);
    b.onResult(t, false, 0);
    b.onResult(t, true, 0);
    expect(b.state).toBe(OPEN);
  });

  it('half-open decides after min(minimumCalls, permitted) results: minimumCalls 2, 3 permits, s s → CLOSED', () => {
    const b = new SlidingWindowBreaker({ ...count, minimumCalls: 2, size: 2 });
    feed(b, 'ff');
    expect(b.state).toBe(OPEN);
    const t = sec(70);
    for (let i = 0; i < 3; i++) expect(b.allow(t)).toBe(true);
    b.onResult(t, false, 0);
    b.onResult(t, false, 0);
    expect(b.state).toBe(CLOSED);
  });

  it('results arriving while OPEN are ignored; a late CLOSED call completing in HALF_OPEN counts as a probe', () => {
    const b = new SlidingWindowBreaker(count);
    feed(b, 'fffff');
    b.onResult(sec(10), false, 0); // ignored
    const t = sec(70);
    expect(b.allow(t)).toBe(true);
    b.onResult(t, true, 0); // a call let through before the opening, completing now
    b.onResult(t, true, 0);
    expect(b.state).toBe(HALF_OPEN);
    b.onResult(t, false, 0); // 3 results: 67% failed → OPEN
    expect(b.state).toBe(OPEN);
  });
});

describe('SlidingWindowBreaker, time window (resilience4j TIME_BASED)', () => {
  const time: SlidingWindowBreakerSpec = { ...count, window: 'time', size: sec(10), minimumCalls: 3 };

  it('f at 0.5 s, f at 1.5 s, s at 9.5 s: all within seconds 0…9 → 2/3 = 67% → OPEN', () => {
    const b = new SlidingWindowBreaker(time);
    expect(b.size).toBe(10);
    b.onResult(sec(0.5), true, 0);
    b.onResult(sec(1.5), true, 0);
    b.onResult(sec(9.5), false, 0);
    expect(b.state).toBe(OPEN);
  });

  it('eviction: s at 10.5 s moves the window to seconds 1…10, dropping the f of second 0 → 2 calls < 3, CLOSED', () => {
    const b = new SlidingWindowBreaker(time);
    b.onResult(sec(0.5), true, 0);
    b.onResult(sec(1.5), true, 0);
    b.onResult(sec(10.5), false, 0);
    expect(b.state).toBe(CLOSED);
    expect(b.bufferedCalls).toBe(2);
    b.onResult(sec(10.7), false, 0); // 3 calls, 1 failed: 33%
    expect(b.state).toBe(CLOSED);
    b.onResult(sec(11.2), true, 0); // second 11 evicts the f of second 1: s(10) s(10) f(11) → 1 of 3
    expect(b.bufferedCalls).toBe(3);
    expect(b.state).toBe(CLOSED);
    b.onResult(sec(11.9), true, 0); // 2 of 4 → 50% → OPEN
    expect(b.state).toBe(OPEN);
  });

  it('a gap longer than the window clears every bucket', () => {
    const b = new SlidingWindowBreaker(time);
    b.onResult(sec(0.5), true, 0);
    b.onResult(sec(0.6), true, 0);
    b.onResult(sec(100.5), false, 0);
    expect(b.bufferedCalls).toBe(1);
  });

  it('the minimum is not clamped to the window for a time window: 50 failures in one second, minimum 100 → CLOSED', () => {
    const b = new SlidingWindowBreaker({ ...time, minimumCalls: 100 });
    for (let i = 0; i < 50; i++) b.onResult(sec(3.5), true, 0);
    expect(b.state).toBe(CLOSED);
    expect(b.minimumCalls).toBe(100);
  });

  it('names the parameter it refuses', () => {
    expect(() => new SlidingWindowBreaker({ ...time, size: sec(1.5) })).toThrow(/size/);
    expect(() => new SlidingWindowBreaker({ ...count, size: 0 })).toThrow(/size/);
    expect(() => new SlidingWindowBreaker({ ...count, failureRateThreshold: 0 })).toThrow(/failureRateThreshold/);
    expect(() => new SlidingWindowBreaker({ ...count, slowCallRateThreshold: 1.5 })).toThrow(/slowCallRateThreshold/);
    expect(() => new SlidingWindowBreaker({ ...count, permittedInHalfOpen: 0 })).toThrow(/permittedInHalfOpen/);
    expect(() => new SlidingWindowBreaker({ ...count, waitInOpen: -1 })).toThrow(/waitInOpen/);
  });
});

/**
 * A deliberately naive resilience4j: every CLOSED result kept in a list, the window found by
 * filtering it; rates compared as exact fractions (the thresholds used are binary fractions, so
 * float32 rounding cannot change a comparison).
 */
class Reference {
  state = CLOSED;
  private records: { second: number; failed: boolean; slow: boolean }[] = [];
  private probes: { failed: boolean; slow: boolean }[] = [];
  private permits = 0;
  private openedAt = 0;
  constructor(private readonly s: SlidingWindowBreakerSpec) {}

  allow(now: number): boolean {
    if (this.state === OPEN) {
      if (now <= this.openedAt + this.s.waitInOpen) return false;
      this.state = HALF_OPEN;
      this.permits = this.s.permittedInHalfOpen;
      this.probes = [];
    }
    if (this.state === CLOSED) return true;
    if (this.permits === 0) return false;
    this.permits--;
    return true;
  }

  onResult(now: number, failed: boolean, duration: number): void {
    const slow = duration > this.s.slowCallDuration;
    if (this.state === CLOSED) {
      const second = Math.floor(now * 3600);
      this.records.push({ second, failed, slow });
      const window =
        this.s.window === 'count'
          ? this.records.slice(-this.s.size)
          : this.records.filter((r) => r.second > second - Math.round(this.s.size * 3600));
      const minimum = this.s.window === 'count' ? Math.min(this.s.minimumCalls, this.s.size) : this.s.minimumCalls;
      if (this.exceeded(window, minimum) === true) this.open(now);
    } else if (this.state === HALF_OPEN) {
      this.probes.push({ failed, slow });
      const verdict = this.exceeded(this.probes, Math.min(this.s.minimumCalls, this.s.permittedInHalfOpen));
      if (verdict === true) this.open(now);
      else if (verdict === false) {
        this.state = CLOSED;
        this.records = [];
      }
    }
  }

  private exceeded(w: { failed: boolean; slow: boolean }[], minimum: number): boolean | null {
    if (w.length === 0 || w.length < minimum) return null;
    const failed = w.filter((r) => r.failed).length;
    const slow = w.filter((r) => r.slow).length;
    return failed >= this.s.failureRateThreshold * w.length || slow >= this.s.slowCallRateThreshold * w.length;
  }

  private open(now: number): void {
    this.state = OPEN;
    this.openedAt = now;
  }
}

describe('SlidingWindowBreaker against a naive reference, on random call sequences with concurrency', () => {
  const specs: SlidingWindowBreakerSpec[] = [
    { ...count, size: 6, minimumCalls: 4, failureRateThreshold: 0.5, slowCallRateThreshold: 0.75, permittedInHalfOpen: 3 },
    { ...count, size: 8, minimumCalls: 2, failureRateThreshold: 0.25, slowCallRateThreshold: 1, permittedInHalfOpen: 2 },
    { ...count, window: 'time', size: sec(5), minimumCalls: 4, failureRateThreshold: 0.5, slowCallRateThreshold: 0.5, permittedInHalfOpen: 4, waitInOpen: sec(3) },
  ];

  it.each(specs.map((s, i) => [i, s] as const))('spec %i: same decisions and states for 20000 calls', (i, s) => {
    const rng = deriveStream(99, i, 'sliding-breaker', 'reference');
    const b = new SlidingWindowBreaker(s);
    const ref = new Reference(s);
    const inFlight: { end: number; failed: boolean; duration: number }[] = [];
    let now = 0;
    let opens = 0;
    for (let call = 0; call < 20_000; call++) {
      now += -Math.log(1 - rng()) * sec(0.4); // ~2.5 calls per second
      // Complete, in time order, the calls that end before this arrival.
      inFlight.sort((x, y) => x.end - y.end);
      while (inFlight.length > 0 && inFlight[0]!.end <= now) {
        const done = inFlight.shift()!;
        b.onResult(done.end, done.failed, done.duration);
        ref.onResult(done.end, done.failed, done.duration);
        expect(b.state).toBe(ref.state);
      }
      const allowed = b.allow(now);
      expect(allowed).toBe(ref.allow(now));
      expect(b.state).toBe(ref.state);
      if (b.state === OPEN) opens++;
      if (allowed) {
        // A failure probability that drifts with time, so every state is visited.
        const p = 0.3 + 0.3 * Math.sin(now * 3600 * 0.01);
        const duration = -Math.log(1 - rng()) * sec(1.5);
        inFlight.push({ end: now + duration, failed: rng() < p, duration });
      }
    }
    expect(opens).toBeGreaterThan(100);
    expect(b.opens).toBeGreaterThan(10);
  });
});
