/** A Tyche-i stream whose state can be reloaded in place, draw for draw the same as seedrandom's tychei loaded with that state. */
import type { Stream } from './Stream.js';

/**
 * seedrandom builds a new generator object (five closures and a 20-round warm-up) for every
 * stream, about 0.3 µs; a replication of scenario R needs 18 streams (9 components × up time and
 * repair time), which would cost more than its 30 events. This class runs the same Tyche-i
 * recurrence (Neves & Araujo 2011, as in seedrandom/lib/tychei.js) on state that `load`
 * overwrites, so a simulation keeps one object per (component, purpose) for a whole run.
 * `test/random/ReloadableTychei.test.ts` checks it against `seedrandom.tychei('', { state })`
 * draw for draw: the numbers are seedrandom's.
 */
const TWO_POW_MINUS_32 = 2 ** -32;

export class ReloadableTychei {
  /** Draws the next double in [0, 1), 32-bit resolution (seedrandom's `prng()`). */
  readonly draw: Stream;
  /** Replaces the state; the next draw is the first of the stream with that state. */
  readonly load: (a: number, b: number, c: number, d: number) => void;
  /** Copies the state into `into[at .. at + 4)`, so that `load` can return to it (a detector replaying its heartbeats). */
  readonly save: (into: Int32Array, at: number) => void;

  constructor() {
    // The state lives in an Int32Array: closure variables holding int32 values beyond the small-
    // integer range would be boxed as heap numbers, an allocation per draw (3x slower, measured).
    const state = new Int32Array(4);
    state[3] = 1;
    this.load = (a0, b0, c0, d0) => {
      state[0] = a0;
      state[1] = b0;
      state[2] = c0;
      state[3] = d0;
    };
    this.save = (into, at) => {
      into[at] = state[0] as number;
      into[at + 1] = state[1] as number;
      into[at + 2] = state[2] as number;
      into[at + 3] = state[3] as number;
    };
    this.draw = tycheiDraw(state);
  }
}

/**
 * The draw function over `state`. A parameter rather than a local of the constructor: V8 then
 * skips the initialisation check on each access, which keeps the function's bytecode small
 * enough to be inlined into the event handlers that call it (a returned double is boxed when a
 * call is not inlined).
 */
function tycheiDraw(state: Int32Array): Stream {
  return () => {
    // seedrandom's XorGen.next, line for line.
    let a = state[0] as number;
    let b = state[1] as number;
    let c = state[2] as number;
    let d = state[3] as number;
    b = (b << 25) ^ (b >>> 7) ^ c;
    c = (c - d) | 0;
    d = (d << 24) ^ (d >>> 8) ^ a;
    a = (a - b) | 0;
    b = (b << 20) ^ (b >>> 12) ^ c;
    c = (c - d) | 0;
    d = (d << 16) ^ (c >>> 16) ^ a;
    a = (a - b) | 0;
    state[0] = a;
    state[1] = b;
    state[2] = c;
    state[3] = d;
    // × 2^-32 rather than seedrandom's ÷ 2^32: the same double (scaling by a power of two is
    // exact) for a multiplication instead of a division.
    return (a >>> 0) * TWO_POW_MINUS_32;
  };
}
