/** The event queue and clock: events ordered by (time, sequence) in a typed-array heap, dispatched through a handler table. */
import { FaultlineError, describeValue } from '../errors.js';

/** Called when an event fires; `engine.now` is the event's time. */
export type EventHandler = (target: number, kind: number) => void;

/** Identifies one scheduled event for `cancel`; stale handles (fired, cancelled) are detected. */
export type EventHandle = number;

// A handle packs a slot index and that slot's generation into one safe integer. The generation
// wraps after 2^27 reuses of one slot; a handle held that long could alias, which no caller does.
const SLOT_BITS = 26;
const SLOT_SPACE = 2 ** SLOT_BITS;
const GEN_MASK = 2 ** 27 - 1;
const MAX_CAPACITY = SLOT_SPACE;

function misuse(message: string): never {
  throw new FaultlineError('ENGINE_MISUSE', message);
}

export interface EngineOptions {
  /** Initial number of pending events the queue holds before it grows (default 64). */
  readonly initialCapacity?: number;
}

/**
 * A discrete-event engine. Events are (time, kind, target) triples: `kind` indexes the handler
 * table, `target` is an integer the handler interprets (a component index, say). Simultaneous
 * events fire in the order they were scheduled, so a run is a function of its inputs alone.
 *
 * Nothing on the schedule/fire path allocates: the heap and the per-event data live in typed
 * arrays that double when full.
 *
 * @example
 *   const engine = new Engine();
 *   const FAIL = engine.on((component) => { ... engine.schedule(repairTime, REPAIR, component); });
 *   engine.schedule(timeToFailure, FAIL, 0);
 *   engine.runUntil(8760);
 */
export class Engine {
  /** Simulation time in hours: the time of the event being handled, or the last `runUntil` bound. */
  now = 0;
  /** Events fired since construction or the last `reset`. */
  eventsProcessed = 0;

  private capacity: number;
  private count = 0;
  private nextSeq = 0;
  private stopRequested = false;
  // True while heap position 0 holds the event being handled (already released). The handler's
  // first schedule() then replaces it in place with one sift-down, instead of a removal and an
  // insertion: most handlers schedule exactly one follow-up, so this halves the heap work.
  private topFired = false;
  private readonly handlers: EventHandler[] = [];

  // The heap, as parallel arrays indexed by heap position.
  private heapTime: Float64Array;
  private heapSeq: Float64Array;
  private heapSlot: Int32Array;
  // Per-slot event data, indexed by slot; `slotPos` is the slot's heap position (-1 when free).
  private slotKind: Int32Array;
  private slotTarget: Int32Array;
  private slotGen: Int32Array;
  private slotPos: Int32Array;
  // Free slots, as a stack.
  private freeSlots: Int32Array;
  private freeCount: number;

  constructor(options: EngineOptions = {}) {
    const initial = options.initialCapacity ?? 64;
    if (!Number.isInteger(initial) || initial < 1 || initial > MAX_CAPACITY) {
      misuse(`initialCapacity: expected an integer in [1, ${MAX_CAPACITY}], got ${describeValue(initial)}`);
    }
    this.capacity = initial;
    this.heapTime = new Float64Array(initial);
    this.heapSeq = new Float64Array(initial);
    this.heapSlot = new Int32Array(initial);
    this.slotKind = new Int32Array(initial);
    this.slotTarget = new Int32Array(initial);
    this.slotGen = new Int32Array(initial);
    this.slotPos = new Int32Array(initial).fill(-1);
    this.freeSlots = new Int32Array(initial);
    this.freeCount = 0;
    this.pushFreeRange(0, initial);
  }

  /** Registers a handler and returns its event kind (0, 1, 2, … in registration order). */
  on(handler: EventHandler): number {
    if (typeof handler !== 'function') misuse(`on: expected a handler function, got ${describeValue(handler)}`);
    this.handlers.push(handler);
    return this.handlers.length - 1;
  }

  /** Number of pending events. */
  get size(): number {
    return this.topFired ? this.count - 1 : this.count;
  }

  /** Number of pending events the arrays hold before the next growth. */
  get allocated(): number {
    return this.capacity;
  }

  /** Time of the next pending event, or Infinity when none is pending. */
  peekTime(): number {
    if (!this.topFired) return this.count > 0 ? (this.heapTime[0] as number) : Infinity;
    // The fired event still sits at the root; the next one is the smaller of its children.
    const left = this.count > 1 ? (this.heapTime[1] as number) : Infinity;
    const right = this.count > 2 ? (this.heapTime[2] as number) : Infinity;
    return Math.min(left, right);
  }

  /**
   * Schedules an event `delay` hours from now.
   * @throws FaultlineError ENGINE_MISUSE on a negative, NaN or infinite delay, or an unknown kind.
   */
  schedule(delay: number, kind: number, target: number): EventHandle {
    if (!(delay >= 0 && delay < Infinity)) {
      misuse(`schedule: expected a finite delay >= 0, got ${describeValue(delay)} (now = ${this.now})`);
    }
    return this.insert(this.now + delay, kind, target);
  }

  /**
   * Schedules an event at absolute time `time`.
   * @throws FaultlineError ENGINE_MISUSE when `time` is before `now`, NaN or infinite.
   */
  scheduleAt(time: number, kind: number, target: number): EventHandle {
    if (!(time >= this.now && time < Infinity)) {
      misuse(`scheduleAt: expected a finite time >= now (${this.now}), got ${describeValue(time)}`);
    }
    return this.insert(time, kind, target);
  }

  /** Cancels a pending event. Returns false when it has already fired or been cancelled. */
  cancel(handle: EventHandle): boolean {
    if (!Number.isSafeInteger(handle) || handle < 0) {
      misuse(`cancel: expected an event handle, got ${describeValue(handle)}`);
    }
    const slot = handle % SLOT_SPACE;
    if (slot >= this.capacity) return false;
    const pos = this.slotPos[slot] as number;
    if (pos < 0 || this.slotGen[slot] !== Math.floor(handle / SLOT_SPACE)) return false;
    this.removeAt(pos);
    this.releaseSlot(slot);
    return true;
  }

  /** True while the event behind `handle` is pending. */
  isPending(handle: EventHandle): boolean {
    const slot = handle % SLOT_SPACE;
    return (
      slot < this.capacity &&
      (this.slotPos[slot] as number) >= 0 &&
      this.slotGen[slot] === Math.floor(handle / SLOT_SPACE)
    );
  }

  /** Asks `runUntil` to return after the event being handled. */
  stop(): void {
    this.stopRequested = true;
  }

  /**
   * Fires, in (time, sequence) order, every event with time ≤ `until`, including events that
   * handlers schedule on the way, then advances `now` to `until` (unless `stop` was called, in
   * which case `now` stays at the last event's time). `runUntil(Infinity)` runs until no event
   * is pending and leaves `now` at the last event's time. Returns the number of events fired.
   */
  runUntil(until: number): number {
    if (!(until >= this.now)) {
      misuse(`runUntil: expected a time >= now (${this.now}), got ${describeValue(until)}`);
    }
    this.stopRequested = false;
    this.dropFiredTop(); // left behind if a handler threw
    const handlers = this.handlers;
    let fired = 0;
    while (this.count > 0) {
      const time = this.heapTime[0] as number;
      if (time > until) break;
      const slot = this.heapSlot[0] as number;
      const kind = this.slotKind[slot] as number;
      const target = this.slotTarget[slot] as number;
      this.releaseSlot(slot);
      this.topFired = true;
      this.now = time;
      fired++;
      (handlers[kind] as EventHandler)(target, kind);
      this.dropFiredTop();
      if (this.stopRequested) {
        this.eventsProcessed += fired;
        return fired;
      }
    }
    this.eventsProcessed += fired;
    if (until < Infinity) this.now = until;
    return fired;
  }

  /** Empties the queue and rewinds the clock to 0; handlers stay registered, handles go stale. */
  reset(): void {
    for (let i = this.topFired ? 1 : 0; i < this.count; i++) {
      const slot = this.heapSlot[i] as number;
      this.slotPos[slot] = -1;
      this.slotGen[slot] = ((this.slotGen[slot] as number) + 1) & GEN_MASK;
    }
    this.count = 0;
    this.topFired = false;
    this.freeCount = 0;
    this.pushFreeRange(0, this.capacity);
    this.now = 0;
    this.nextSeq = 0;
    this.eventsProcessed = 0;
    this.stopRequested = false;
  }

  private insert(time: number, kind: number, target: number): EventHandle {
    if (!(kind >= 0 && kind < this.handlers.length && (kind | 0) === kind)) {
      misuse(`schedule: expected an event kind registered with on(), got ${describeValue(kind)}`);
    }
    if ((target | 0) !== target) misuse(`schedule: expected an int32 target, got ${describeValue(target)}`);
    if (this.freeCount === 0) this.grow();
    const slot = this.freeSlots[--this.freeCount] as number;
    this.slotKind[slot] = kind;
    this.slotTarget[slot] = target;
    if (this.topFired) {
      this.topFired = false;
      this.siftDown(0, time, this.nextSeq++, slot);
    } else {
      this.siftUp(this.count++, time, this.nextSeq++, slot);
    }
    return (this.slotGen[slot] as number) * SLOT_SPACE + slot;
  }

  private dropFiredTop(): void {
    if (this.topFired) {
      this.topFired = false;
      this.removeAt(0);
    }
  }

  private releaseSlot(slot: number): void {
    this.slotPos[slot] = -1;
    this.slotGen[slot] = ((this.slotGen[slot] as number) + 1) & GEN_MASK;
    this.freeSlots[this.freeCount++] = slot;
  }

  /** Removes the entry at heap position `pos`, refilling the hole with the last entry. */
  private removeAt(pos: number): void {
    const last = --this.count;
    if (pos === last) return;
    const time = this.heapTime[last] as number;
    const seq = this.heapSeq[last] as number;
    const slot = this.heapSlot[last] as number;
    const parent = (pos - 1) >> 1;
    if (
      pos > 0 &&
      (time < (this.heapTime[parent] as number) ||
        (time === this.heapTime[parent] && seq < (this.heapSeq[parent] as number)))
    ) {
      this.siftUp(pos, time, seq, slot);
    } else {
      this.siftDown(pos, time, seq, slot);
    }
  }

  /** Moves a hole at `pos` up until (time, seq) fits, then stores the entry there. */
  private siftUp(pos: number, time: number, seq: number, slot: number): void {
    const ht = this.heapTime;
    const hs = this.heapSeq;
    const hslot = this.heapSlot;
    const spos = this.slotPos;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const pt = ht[parent] as number;
      if (pt < time || (pt === time && (hs[parent] as number) < seq)) break;
      ht[pos] = pt;
      hs[pos] = hs[parent] as number;
      const ps = hslot[parent] as number;
      hslot[pos] = ps;
      spos[ps] = pos;
      pos = parent;
    }
    ht[pos] = time;
    hs[pos] = seq;
    hslot[pos] = slot;
    spos[slot] = pos;
  }

  /** Moves a hole at `pos` down until (time, seq) fits, then stores the entry there. */
  private siftDown(pos: number, time: number, seq: number, slot: number): void {
    const ht = this.heapTime;
    const hs = this.heapSeq;
    const hslot = this.heapSlot;
    const spos = this.slotPos;
    const n = this.count;
    for (;;) {
      let child = 2 * pos + 1;
      if (child >= n) break;
      let ct = ht[child] as number;
      let cs = hs[child] as number;
      const right = child + 1;
      if (right < n) {
        const rt = ht[right] as number;
        const rs = hs[right] as number;
        if (rt < ct || (rt === ct && rs < cs)) {
          child = right;
          ct = rt;
          cs = rs;
        }
      }
      if (time < ct || (time === ct && seq < cs)) break;
      ht[pos] = ct;
      hs[pos] = cs;
      const cslot = hslot[child] as number;
      hslot[pos] = cslot;
      spos[cslot] = pos;
      pos = child;
    }
    ht[pos] = time;
    hs[pos] = seq;
    hslot[pos] = slot;
    spos[slot] = pos;
  }

  private pushFreeRange(from: number, to: number): void {
    // Pushed in reverse so that slots are handed out in increasing order.
    for (let slot = to - 1; slot >= from; slot--) this.freeSlots[this.freeCount++] = slot;
  }

  private grow(): void {
    const old = this.capacity;
    if (old >= MAX_CAPACITY) misuse(`schedule: more than ${MAX_CAPACITY} pending events`);
    const next = Math.min(old * 2, MAX_CAPACITY);
    this.heapTime = copyInto(new Float64Array(next), this.heapTime);
    this.heapSeq = copyInto(new Float64Array(next), this.heapSeq);
    this.heapSlot = copyInto(new Int32Array(next), this.heapSlot);
    this.slotKind = copyInto(new Int32Array(next), this.slotKind);
    this.slotTarget = copyInto(new Int32Array(next), this.slotTarget);
    this.slotGen = copyInto(new Int32Array(next), this.slotGen);
    this.slotPos = copyInto(new Int32Array(next).fill(-1), this.slotPos);
    this.freeSlots = new Int32Array(next);
    this.capacity = next;
    this.pushFreeRange(old, next);
  }
}

function copyInto<T extends Float64Array | Int32Array>(target: T, source: T): T {
  target.set(source);
  return target;
}
