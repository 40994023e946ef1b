import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/Engine.js';
import { FaultlineError } from '../../src/errors.js';
import { deriveStream } from '../../src/random/streams.js';

/** The oracle: a plain array kept sorted by (time, seq), searched and spliced naively. */
class NaiveQueue {
  private items: { time: number; seq: number; kind: number; target: number; id: number }[] = [];
  private seq = 0;
  now = 0;
  schedule(delay: number, kind: number, target: number, id: number): void {
    this.items.push({ time: this.now + delay, seq: this.seq++, kind, target, id });
    this.items.sort((a, b) => a.time - b.time || a.seq - b.seq);
  }
  cancel(id: number): boolean {
    const i = this.items.findIndex((e) => e.id === id);
    if (i < 0) return false;
    this.items.splice(i, 1);
    return true;
  }
  pop(until: number): { time: number; kind: number; target: number } | undefined {
    const first = this.items[0];
    if (first === undefined || first.time > until) return undefined;
    this.items.shift();
    this.now = first.time;
    return first;
  }
  get size(): number {
    return this.items.length;
  }
}

// A handler's follow-up rule, shared by the engine's handlers and the oracle's replay: even
// targets schedule target+1 after (target mod 3) hours, so ties and zero delays are frequent.
const followUp = (target: number): number | undefined => (target % 2 === 0 ? target % 3 : undefined);
// Targets ≡ 1 or 4 (mod 6) also cancel an earlier event from inside the handler, before or after
// scheduling their follow-up (which exercises the engine's replace-the-fired-root path).
const cancelsFirst = (target: number): boolean => target % 6 === 1;
const cancelsAfter = (target: number): boolean => target % 6 === 4;

describe('Engine', () => {
  it('matches a naive sorted-array queue on random schedule/cancel sequences', () => {
    for (let trial = 0; trial < 25; trial++) {
      const u = deriveStream(7, trial, 'engine-test', 'ops');
      const engine = new Engine({ initialCapacity: 2 });
      const naive = new NaiveQueue();
      const fired: string[] = [];
      const expected: string[] = [];
      const handles: number[] = []; // id → engine handle
      const cancelled: boolean[] = [];
      const expectedCancelled: boolean[] = [];
      const kinds = [0, 1, 2].map(() =>
        engine.on((target, kind) => {
          fired.push(`${engine.now}:${kind}:${target}`);
          const victim = (target * 7919) % Math.max(1, handles.length);
          if (cancelsFirst(target)) cancelled.push(engine.cancel(handles[victim] as number));
          const delay = followUp(target);
          if (delay !== undefined) handles.push(engine.schedule(delay, kind, target + 1));
          if (cancelsAfter(target)) cancelled.push(engine.cancel(handles[victim] as number));
        }),
      );
      for (let step = 0; step < 500; step++) {
        const r = u();
        if (r < 0.55) {
          const delay = u() < 0.3 ? 0 : Math.floor(u() * 10) + (u() < 0.5 ? 0.5 : 0);
          const kind = kinds[Math.floor(u() * 3)] as number;
          const target = Math.floor(u() * 1000);
          naive.schedule(delay, kind, target, handles.length);
          handles.push(engine.schedule(delay, kind, target));
        } else if (r < 0.75 && handles.length > 0) {
          const id = Math.floor(u() * handles.length);
          expect(engine.cancel(handles[id] as number)).toBe(naive.cancel(id));
        } else {
          const until = engine.now + Math.floor(u() * 5);
          let nextId = handles.length;
          engine.runUntil(until);
          for (let e = naive.pop(until); e !== undefined; e = naive.pop(until)) {
            expected.push(`${e.time}:${e.kind}:${e.target}`);
            const victim = (e.target * 7919) % Math.max(1, nextId);
            if (cancelsFirst(e.target)) expectedCancelled.push(naive.cancel(victim));
            const delay = followUp(e.target);
            if (delay !== undefined) naive.schedule(delay, e.kind, e.target + 1, nextId++);
            if (cancelsAfter(e.target)) expectedCancelled.push(naive.cancel(victim));
          }
          naive.now = until;
          expect(engine.now).toBe(until);
        }
        expect(engine.size).toBe(naive.size);
      }
      expect(fired.length).toBeGreaterThan(100);
      expect(fired).toEqual(expected);
      expect(cancelled).toEqual(expectedCancelled);
      expect(cancelled.filter(Boolean).length).toBeGreaterThan(0);
    }
  });

  it('matches the naive queue when most events are cancelled (the lazy heap sweeps them out)', () => {
    for (let trial = 0; trial < 10; trial++) {
      const u = deriveStream(11, trial, 'engine-test', 'sweep');
      const engine = new Engine({ initialCapacity: 4 });
      const naive = new NaiveQueue();
      const fired: string[] = [];
      const expected: string[] = [];
      const kind = engine.on((target) => fired.push(`${engine.now}:${target}`));
      const handles: number[] = [];
      for (let step = 0; step < 3000; step++) {
        const r = u();
        if (r < 0.45) {
          const delay = Math.floor(u() * 50) + (u() < 0.3 ? 0 : 0.25);
          const target = Math.floor(u() * 1000);
          naive.schedule(delay, kind, target, handles.length);
          handles.push(engine.schedule(delay, kind, target));
        } else if (r < 0.95 && handles.length > 0) {
          // Mostly recent handles, so that most pending events get cancelled.
          const id = handles.length - 1 - Math.floor(u() * Math.min(handles.length, 20));
          expect(engine.cancel(handles[id] as number)).toBe(naive.cancel(id));
        } else {
          const until = engine.now + u() * 3;
          engine.runUntil(until);
          for (let e = naive.pop(until); e !== undefined; e = naive.pop(until)) expected.push(`${e.time}:${e.target}`);
          naive.now = until;
        }
        expect(engine.size).toBe(naive.size);
      }
      engine.runUntil(Infinity);
      for (let e = naive.pop(Infinity); e !== undefined; e = naive.pop(Infinity)) expected.push(`${e.time}:${e.target}`);
      expect(fired.length).toBeGreaterThan(50);
      expect(fired).toEqual(expected);
    }
  });

  it('does not grow when events are scheduled and cancelled over and over', () => {
    const engine = new Engine({ initialCapacity: 8 });
    const kind = engine.on(() => undefined);
    for (let i = 0; i < 100_000; i++) {
      const h = engine.schedule(1000 + i, kind, i);
      expect(engine.cancel(h)).toBe(true);
    }
    expect(engine.size).toBe(0);
    expect(engine.allocated).toBeLessThanOrEqual(128);
    expect(engine.peekTime()).toBe(Infinity);
  });

  it('fires simultaneous events in the order they were scheduled (FIFO)', () => {
    const engine = new Engine();
    const order: number[] = [];
    const kind = engine.on((target) => order.push(target));
    for (let i = 0; i < 100; i++) engine.scheduleAt(5, kind, i);
    engine.schedule(5, kind, 100);
    engine.runUntil(5);
    expect(order).toEqual(Array.from({ length: 101 }, (_, i) => i));
  });

  it('inside a handler, size, peekTime and cancel see the queue without the event being handled', () => {
    const engine = new Engine();
    const order: string[] = [];
    const handles: number[] = [];
    const kind = engine.on((target) => {
      order.push(`${target}@${engine.now}`);
      if (target !== 0) return;
      expect(engine.size).toBe(2);
      expect(engine.peekTime()).toBe(2);
      expect(engine.cancel(handles[0] as number)).toBe(false); // the event being handled
      expect(engine.cancel(handles[1] as number)).toBe(true);
      expect(engine.size).toBe(1);
      expect(engine.peekTime()).toBe(3);
      engine.schedule(0.5, kind, 3);
      expect(engine.peekTime()).toBe(1.5);
      expect(engine.size).toBe(2);
    });
    handles.push(engine.schedule(1, kind, 0), engine.schedule(2, kind, 1), engine.schedule(3, kind, 2));
    engine.runUntil(10);
    expect(order).toEqual(['0@1', '3@1.5', '2@3']);
  });

  it('a handler that throws leaves the queue usable', () => {
    const engine = new Engine();
    const seen: number[] = [];
    const kind = engine.on((target) => {
      seen.push(target);
      if (target === 0) throw new Error('boom');
    });
    engine.schedule(1, kind, 0);
    engine.schedule(2, kind, 1);
    expect(() => engine.runUntil(10)).toThrow('boom');
    expect(engine.size).toBe(1);
    engine.runUntil(10);
    expect(seen).toEqual([0, 1]);
  });

  it('grows when full and keeps order across growth', () => {
    const engine = new Engine({ initialCapacity: 1 });
    const order: number[] = [];
    const kind = engine.on((target) => order.push(target));
    for (let i = 0; i < 1000; i++) engine.schedule(1000 - i, kind, i);
    expect(engine.size).toBe(1000);
    expect(engine.allocated).toBeGreaterThanOrEqual(1000);
    engine.runUntil(Infinity);
    expect(order).toEqual(Array.from({ length: 1000 }, (_, i) => 999 - i));
    expect(engine.eventsProcessed).toBe(1000);
    expect(engine.now).toBe(1000);
  });

  it('runUntil fires events at exactly the bound, not after it, and advances the clock', () => {
    const engine = new Engine();
    const seen: number[] = [];
    const kind = engine.on(() => seen.push(engine.now));
    engine.schedule(2, kind, 0);
    engine.schedule(3, kind, 0);
    expect(engine.runUntil(2)).toBe(1);
    expect(seen).toEqual([2]);
    expect(engine.now).toBe(2);
    expect(engine.peekTime()).toBe(3);
    engine.runUntil(2.5);
    expect(engine.now).toBe(2.5);
    expect(engine.size).toBe(1);
  });

  it('cancel is by handle; stale handles are detected, also after slot reuse', () => {
    const engine = new Engine({ initialCapacity: 1 });
    const seen: number[] = [];
    const kind = engine.on((t) => seen.push(t));
    const a = engine.schedule(1, kind, 1);
    expect(engine.isPending(a)).toBe(true);
    expect(engine.cancel(a)).toBe(true);
    expect(engine.cancel(a)).toBe(false);
    const b = engine.schedule(1, kind, 2); // reuses a's slot
    expect(engine.cancel(a)).toBe(false);
    expect(engine.isPending(b)).toBe(true);
    engine.runUntil(10);
    expect(seen).toEqual([2]);
    expect(engine.cancel(b)).toBe(false);
  });

  it('stop() ends runUntil after the current event', () => {
    const engine = new Engine();
    const kind = engine.on((t) => {
      if (t === 1) engine.stop();
    });
    engine.schedule(1, kind, 0);
    engine.schedule(2, kind, 1);
    engine.schedule(3, kind, 2);
    expect(engine.runUntil(10)).toBe(2);
    expect(engine.now).toBe(2);
    expect(engine.size).toBe(1);
  });

  it('reset empties the queue, rewinds the clock and makes old handles stale', () => {
    const engine = new Engine();
    const kind = engine.on(() => undefined);
    const h = engine.schedule(1, kind, 0);
    engine.runUntil(0.5);
    engine.reset();
    expect(engine.size).toBe(0);
    expect(engine.now).toBe(0);
    expect(engine.eventsProcessed).toBe(0);
    expect(engine.cancel(h)).toBe(false);
  });

  it('misuse fails loudly with ENGINE_MISUSE', () => {
    const engine = new Engine();
    const kind = engine.on(() => undefined);
    engine.runUntil(5);
    const cases: [() => unknown, RegExp][] = [
      [() => engine.schedule(-1, kind, 0), /delay >= 0, got -1/],
      [() => engine.schedule(Number.NaN, kind, 0), /got NaN/],
      [() => engine.schedule(Infinity, kind, 0), /got Infinity/],
      [() => engine.scheduleAt(4, kind, 0), /time >= now \(5\), got 4/],
      [() => engine.scheduleAt(Number.NaN, kind, 0), /got NaN/],
      [() => engine.schedule(1, 7, 0), /kind registered with on\(\), got 7/],
      [() => engine.schedule(1, kind, 0.5), /int32 target, got 0.5/],
      [() => engine.runUntil(4), /time >= now \(5\), got 4/],
      [() => engine.runUntil(Number.NaN), /got NaN/],
      [() => engine.cancel(-3), /event handle, got -3/],
      [() => new Engine({ initialCapacity: 0 }), /initialCapacity/],
    ];
    for (const [act, message] of cases) {
      expect(act).toThrow(FaultlineError);
      expect(act).toThrow(message);
    }
  });
});
