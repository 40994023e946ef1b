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

// The checks on the schedule path call these to throw, so that the path itself stays small
// enough for V8 to inline into the handlers that call it (its inlining budget counts bytecode).
function badDelay(delay: number, now: number): never {
  misuse(`schedule: expected a finite delay >= 0, got ${describeValue(delay)} (now = ${now})`);
}

function badTime(time: number, now: number): never {
  misuse(`scheduleAt: expected a finite time >= now (${now}), got ${describeValue(time)}`);
}

function badKind(kind: number): never {
  misuse(`schedule: expected an event kind registered with on(), got ${describeValue(kind)}`);
}

function badTarget(target: number): never {
  misuse(`schedule: expected an int32 target, got ${describeValue(target)}`);
}

/** Cancelled entries are swept out of the heap once there are more than this many and more than pending ones. */
const SWEEP_AT = 32;

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
 * Cancellation is lazy: a cancelled event keeps its heap entry, marked, and is dropped when it
 * reaches the root, or when cancelled entries outnumber pending ones (a sweep rebuilds the heap).
 * The heap therefore never tracks where an entry sits, which keeps the sift loops to two arrays.
 * Pop order depends only on the (time, sequence) keys, which are distinct, so lazy cancellation
 * changes no result.
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
  /** Heap entries: pending, cancelled, and the fired root while `topFired`. */
  private count = 0;
  /** Cancelled entries still in the heap. */
  private cancelled = 0;
  private nextSeq = 0;
  /** The time of the event being inserted (see `insert`). */
  private insertTime = 0;
  private stopRequested = false;
  // True while heap position 0 holds the event being handled. The handler's first schedule()
  // then reuses its slot and replaces it in place with one sift-down, instead of a removal and
  // an insertion: most handlers schedule exactly one follow-up, so this halves the heap work.
  private topFired = false;
  private readonly handlers: EventHandler[] = [];

  // The heap, as parallel arrays indexed by heap position: time, and the slot holding the rest.
  private heapTime: Float64Array;
  private heapSlot: Int32Array;
  // Per-slot event data, indexed by slot. The sequence number is read only to break ties in time.
  // A slot's generation is bumped when its event fires or is dropped, so its handles go stale; a
  // cancelled event keeps its slot, with kind −1, until it is dropped from the heap.
  private slotSeq: Float64Array;
  private slotKind: Int32Array;
  private slotTarget: Int32Array;
  private slotGen: Int32Array;
  // Slots not in the heap, as a stack.
  private freeSlots: Int32Array;
  private freeCount: number;

  constructor(options: EngineOptions = {}) {
    const initial = options.initialCapacity ?? 64;
    if (!Number.isInteger(initial) || initial < 1 || initial > MAX_CAPACITY) {
      misuse(`initialCapacity: expected an integer in [1, ${MAX_CAPACITY}], got ${describeValue(initial)}`);
    }
    this.capacity = initial;
    this.heapTime = new Float64Array(initial);
    this.heapSlot = new Int32Array(initial);
    this.slotSeq = new Float64Array(initial);
    this.slotKind = new Int32Array(initial);
    this.slotTarget = new Int32Array(initial);
    this.slotGen = new Int32Array(initial);
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
    return this.count - this.cancelled - (this.topFired ? 1 : 0);
  }

  /** Number of pending events the arrays hold before the next growth. */
  get allocated(): number {
    return this.capacity;
  }

  /** Time of the next pending event, or Infinity when none is pending. */
  peekTime(): number {
    // Settles the heap first: the fired root goes, then cancelled entries at the root.
    this.dropFiredTop();
    while (this.count > 0 && this.slotKind[this.heapSlot[0] as number] === -1) {
      this.cancelled--;
      this.dropRoot();
    }
    return this.count > 0 ? (this.heapTime[0] as number) : Infinity;
  }

  /**
   * Schedules an event `delay` hours from now.
   * @throws FaultlineError ENGINE_MISUSE on a negative, NaN or infinite delay, or an unknown kind.
   */
  schedule(delay: number, kind: number, target: number): EventHandle {
    if (!(delay >= 0 && delay < Infinity)) badDelay(delay, this.now);
    this.insertTime = this.now + delay;
    const slot = this.insert(kind, target);
    return (this.slotGen[slot] as number) * SLOT_SPACE + slot;
  }

  /**
   * Schedules an event at absolute time `time`.
   * @throws FaultlineError ENGINE_MISUSE when `time` is before `now`, NaN or infinite.
   */
  scheduleAt(time: number, kind: number, target: number): EventHandle {
    if (!(time >= this.now && time < Infinity)) badTime(time, this.now);
    this.insertTime = time;
    const slot = this.insert(kind, target);
    return (this.slotGen[slot] as number) * SLOT_SPACE + slot;
  }

  /** Cancels a pending event. Returns false when it has already fired or been cancelled. */
  cancel(handle: EventHandle): boolean {
    if (!Number.isSafeInteger(handle) || handle < 0) {
      misuse(`cancel: expected an event handle, got ${describeValue(handle)}`);
    }
    if (!this.isPending(handle)) return false;
    this.slotKind[handle % SLOT_SPACE] = -1;
    this.cancelled++;
    if (this.cancelled > SWEEP_AT && 2 * this.cancelled > this.count) this.sweep();
    return true;
  }

  /** True while the event behind `handle` is pending. */
  isPending(handle: EventHandle): boolean {
    const slot = handle % SLOT_SPACE;
    return slot < this.capacity && this.slotGen[slot] === Math.floor(handle / SLOT_SPACE) && (this.slotKind[slot] as number) >= 0;
  }

  /** Asks `runUntil` to return after the event being handled. */
  stop(): void {
    this.stopRequested = true;
  }

  /**
   * Fires, in (time, sequence) order, every event with time ≤ `until`, including events that
   * handlers schedule on the way, then advances `now` to `until` (unless `stop` was called, in
   * which case `now` stays at the last event's time). `runUntil(Infinity)` runs until no event
   * is pending and leaves `now` at the last event's time. With `maxEvents`, it also returns once
   * that many have fired (`now` stays at the last one; `peekTime()` tells whether any was left
   * before `until`). Returns the number of events fired.
   */
  runUntil(until: number, maxEvents = Infinity): number {
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
      if (kind < 0) {
        this.cancelled--;
        this.dropRoot();
        continue;
      }
      this.slotGen[slot] = ((this.slotGen[slot] as number) + 1) & GEN_MASK; // its handles go stale
      this.topFired = true;
      this.now = time;
      fired++;
      (handlers[kind] as EventHandler)(this.slotTarget[slot] as number, kind);
      this.dropFiredTop();
      if (this.stopRequested || fired >= maxEvents) {
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
      this.slotGen[slot] = ((this.slotGen[slot] as number) + 1) & GEN_MASK;
    }
    this.count = 0;
    this.cancelled = 0;
    this.topFired = false;
    this.freeCount = 0;
    this.pushFreeRange(0, this.capacity);
    this.now = 0;
    this.nextSeq = 0;
    this.eventsProcessed = 0;
    this.stopRequested = false;
  }

  /**
   * Inserts an event at time `insertTime` and returns its slot. `schedule` keeps to a few
   * bytecodes that V8 inlines into the handler calling it; this part is compiled once on its own
   * (sift included). It takes and returns no doubles, so calling it boxes nothing: the time
   * travels in a field, whose double box V8 overwrites in place.
   */
  private insert(kind: number, target: number): number {
    const time = this.insertTime;
    if (this.handlers[kind] === undefined) badKind(kind);
    if ((target | 0) !== target) badTarget(target);
    let slot: number;
    let pos = 0;
    if (this.topFired) {
      // Reuse the fired event's slot and heap position.
      this.topFired = false;
      slot = this.heapSlot[0] as number;
    } else {
      if (this.freeCount === 0) this.grow();
      slot = this.freeSlots[--this.freeCount] as number;
      pos = this.count++;
      this.heapSlot[pos] = slot;
    }
    this.heapTime[pos] = time;
    this.slotSeq[slot] = this.nextSeq++;
    this.slotKind[slot] = kind;
    this.slotTarget[slot] = target;
    // The entry is stored first and sifted from there: the sift functions take no doubles, so
    // nothing is boxed when V8 does not inline them.
    if (pos === 0) this.siftDown(0);
    else this.siftUp(pos);
    return slot;
  }

  /** Removes the fired event from the root, if it is still there. */
  private dropFiredTop(): void {
    if (this.topFired) {
      this.topFired = false;
      this.freeSlots[this.freeCount++] = this.heapSlot[0] as number;
      this.removeRoot();
    }
  }

  /** Drops the (cancelled) root entry: its slot is freed and its handles go stale. */
  private dropRoot(): void {
    const slot = this.heapSlot[0] as number;
    this.slotGen[slot] = ((this.slotGen[slot] as number) + 1) & GEN_MASK;
    this.freeSlots[this.freeCount++] = slot;
    this.removeRoot();
  }

  /** Removes the root entry, refilling it with the last entry. */
  private removeRoot(): void {
    const last = --this.count;
    if (last === 0) return;
    this.heapTime[0] = this.heapTime[last] as number;
    this.heapSlot[0] = this.heapSlot[last] as number;
    this.siftDown(0);
  }

  /** Drops every cancelled entry and rebuilds the heap (Floyd): O(entries), amortised over the cancels. */
  private sweep(): void {
    this.dropFiredTop();
    const ht = this.heapTime;
    const hslot = this.heapSlot;
    let kept = 0;
    for (let i = 0; i < this.count; i++) {
      const slot = hslot[i] as number;
      if (this.slotKind[slot] === -1) {
        this.slotGen[slot] = ((this.slotGen[slot] as number) + 1) & GEN_MASK;
        this.freeSlots[this.freeCount++] = slot;
      } else {
        ht[kept] = ht[i] as number;
        hslot[kept] = slot;
        kept++;
      }
    }
    this.count = kept;
    this.cancelled = 0;
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  /** Moves the entry at `pos` up to where its (time, seq) fits. */
  private siftUp(pos: number): void {
    const ht = this.heapTime;
    const hslot = this.heapSlot;
    const time = ht[pos] as number;
    const slot = hslot[pos] as number;
    const seq = this.slotSeq[slot] as number;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const pt = ht[parent] as number;
      const ps = hslot[parent] as number;
      if (pt < time || (pt === time && (this.slotSeq[ps] as number) < seq)) break;
      ht[pos] = pt;
      hslot[pos] = ps;
      pos = parent;
    }
    ht[pos] = time;
    hslot[pos] = slot;
  }

  /** Moves the entry at `pos` down to where its (time, seq) fits. */
  private siftDown(pos: number): void {
    const ht = this.heapTime;
    const hslot = this.heapSlot;
    const n = this.count;
    const time = ht[pos] as number;
    const slot = hslot[pos] as number;
    const seq = this.slotSeq[slot] as number;
    for (;;) {
      let child = 2 * pos + 1;
      if (child >= n) break;
      let ct = ht[child] as number;
      const right = child + 1;
      if (right < n) {
        const rt = ht[right] as number;
        if (rt < ct || (rt === ct && this.before(right, child))) {
          child = right;
          ct = rt;
        }
      }
      if (time < ct || (time === ct && seq < (this.slotSeq[hslot[child] as number] as number))) break;
      ht[pos] = ct;
      hslot[pos] = hslot[child] as number;
      pos = child;
    }
    ht[pos] = time;
    hslot[pos] = slot;
  }

  /** Whether the entry at heap position `a` was scheduled before the one at `b` (for equal times). */
  private before(a: number, b: number): boolean {
    return (this.slotSeq[this.heapSlot[a] as number] as number) < (this.slotSeq[this.heapSlot[b] as number] as number);
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
    this.heapSlot = copyInto(new Int32Array(next), this.heapSlot);
    this.slotSeq = copyInto(new Float64Array(next), this.slotSeq);
    this.slotKind = copyInto(new Int32Array(next), this.slotKind);
    this.slotTarget = copyInto(new Int32Array(next), this.slotTarget);
    this.slotGen = copyInto(new Int32Array(next), this.slotGen);
    this.freeSlots = new Int32Array(next);
    this.capacity = next;
    this.pushFreeRange(old, next);
  }
}

function copyInto<T extends Float64Array | Int32Array>(target: T, source: T): T {
  target.set(source);
  return target;
}
