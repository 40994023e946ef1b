/** The event queue: entries ordered by (time, sequence) in a typed-array heap, with lazy cancellation and handles that go stale. */
import { FaultlineError, describeValue } from '../errors.js';

/** Identifies one scheduled event for `cancel`; stale handles (fired, cancelled) are detected. */
export type EventHandle = number;

// A handle packs a slot and its generation into one safe integer; the generation wraps after
// 2^27 reuses of one slot, and a handle held that long could alias, which no caller does.
const SLOT_SPACE = 2 ** 26;
const GEN_MASK = 2 ** 27 - 1;
/** Cancelled entries are swept out once there are more than this many and more than pending ones. */
const SWEEP_AT = 32;

export function misuse(message: string): never {
  throw new FaultlineError('ENGINE_MISUSE', message);
}

// Kept out of `insert`, so that the schedule path stays small enough for V8 to inline.
function badKind(kind: number): never {
  misuse(`schedule: expected an event kind registered with on(), got ${describeValue(kind)}`);
}
function badTarget(target: number): never {
  misuse(`schedule: expected an int32 target, got ${describeValue(target)}`);
}

/**
 * The heap is two parallel arrays by position (time, slot); the rest of an entry (sequence, kind,
 * target, generation) lives in per-slot arrays. A cancelled entry keeps its heap place with kind −1
 * and is dropped when it reaches the root, or by a sweep when cancelled entries outnumber pending
 * ones: the heap never tracks positions, so the sifts move two arrays. Pop order depends only on
 * the distinct (time, sequence) keys, so lazy cancellation changes no result. While `topFired`,
 * position 0 holds the event being handled: the next insert reuses its slot and replaces it in
 * place with one sift-down, halving the heap work of a handler that schedules one follow-up.
 * Nothing allocates but growth, which doubles the arrays.
 */
export class EventQueue {
  protected count = 0;
  protected cancelled = 0;
  protected topFired = false;
  /** Kinds 0 … kindCount − 1 may be inserted. */
  protected kindCount = 0;
  /** The time of the entry being inserted: a field, so that `insert` takes and returns no double (nothing is boxed). */
  protected insertTime = 0;
  private nextSeq = 0;
  private capacity: number;
  protected heapTime: Float64Array;
  protected heapSlot: Int32Array;
  private slotSeq: Float64Array;
  protected slotKind: Int32Array;
  protected slotTarget: Int32Array;
  protected slotGen: Int32Array;
  private freeSlots: Int32Array;
  private freeCount = 0;

  constructor(initialCapacity = 64) {
    if (!Number.isInteger(initialCapacity) || initialCapacity < 1 || initialCapacity > SLOT_SPACE) {
      misuse(`initialCapacity: expected an integer in [1, ${SLOT_SPACE}], got ${describeValue(initialCapacity)}`);
    }
    this.capacity = initialCapacity;
    this.heapTime = new Float64Array(initialCapacity);
    this.heapSlot = new Int32Array(initialCapacity);
    this.slotSeq = new Float64Array(initialCapacity);
    this.slotKind = new Int32Array(initialCapacity);
    this.slotTarget = new Int32Array(initialCapacity);
    this.slotGen = new Int32Array(initialCapacity);
    this.freeSlots = new Int32Array(initialCapacity);
    this.pushFreeRange(0, initialCapacity);
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
    this.dropFiredTop();
    while (this.count > 0 && this.slotKind[this.heapSlot[0] as number] === -1) this.dropRoot();
    return this.count > 0 ? (this.heapTime[0] as number) : Infinity;
  }

  /** Cancels a pending event. Returns false when it has already fired or been cancelled. */
  cancel(handle: EventHandle): boolean {
    if (!Number.isSafeInteger(handle) || handle < 0) misuse(`cancel: expected an event handle, got ${describeValue(handle)}`);
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

  /** Empties the queue; every handle goes stale. */
  protected clear(): void {
    for (let i = this.topFired ? 1 : 0; i < this.count; i++) this.stale(this.heapSlot[i] as number);
    this.count = 0;
    this.cancelled = 0;
    this.topFired = false;
    this.freeCount = 0;
    this.pushFreeRange(0, this.capacity);
    this.nextSeq = 0;
  }

  /**
   * Inserts (insertTime, kind, target) and returns its slot: a small integer, for a handle is a
   * double and would be boxed on its way out of this call, which V8 compiles on its own.
   */
  protected insert(kind: number, target: number): number {
    if (!(kind >= 0 && kind < this.kindCount)) badKind(kind);
    if ((target | 0) !== target) badTarget(target);
    let slot: number;
    let pos = 0;
    if (this.topFired) {
      this.topFired = false;
      slot = this.heapSlot[0] as number;
    } else {
      if (this.freeCount === 0) this.grow();
      slot = this.freeSlots[--this.freeCount] as number;
      pos = this.count++;
      this.heapSlot[pos] = slot;
    }
    this.heapTime[pos] = this.insertTime;
    this.slotSeq[slot] = this.nextSeq++;
    this.slotKind[slot] = kind;
    this.slotTarget[slot] = target;
    if (pos === 0) this.siftDown(0);
    else this.siftUp(pos);
    return slot;
  }

  /** The handle of the event in `slot` (computed where it is used, so an unused one costs nothing). */
  protected handleOf(slot: number): EventHandle {
    return (this.slotGen[slot] as number) * SLOT_SPACE + slot;
  }

  /** Marks the root as the event being handled: its handles go stale, its slot awaits reuse. */
  protected fireRoot(): void {
    this.stale(this.heapSlot[0] as number);
    this.topFired = true;
  }

  /** Removes the fired event from the root, if it is still there. */
  protected dropFiredTop(): void {
    if (!this.topFired) return;
    this.topFired = false;
    this.freeSlots[this.freeCount++] = this.heapSlot[0] as number;
    this.removeRoot();
  }

  /** Drops the cancelled root entry. */
  protected dropRoot(): void {
    const slot = this.heapSlot[0] as number;
    this.stale(slot);
    this.cancelled--;
    this.freeSlots[this.freeCount++] = slot;
    this.removeRoot();
  }

  private stale(slot: number): void {
    this.slotGen[slot] = ((this.slotGen[slot] as number) + 1) & GEN_MASK;
  }

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
    let kept = 0;
    for (let i = 0; i < this.count; i++) {
      const slot = this.heapSlot[i] as number;
      if (this.slotKind[slot] === -1) {
        this.stale(slot);
        this.freeSlots[this.freeCount++] = slot;
      } else {
        this.heapTime[kept] = this.heapTime[i] as number;
        this.heapSlot[kept++] = slot;
      }
    }
    this.count = kept;
    this.cancelled = 0;
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

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

  private siftDown(pos: number): void {
    const ht = this.heapTime;
    const hslot = this.heapSlot;
    const sseq = this.slotSeq;
    const n = this.count;
    const time = ht[pos] as number;
    const slot = hslot[pos] as number;
    const seq = sseq[slot] as number;
    for (;;) {
      let child = 2 * pos + 1;
      if (child >= n) break;
      let ct = ht[child] as number;
      const right = child + 1;
      if (right < n) {
        const rt = ht[right] as number;
        if (rt < ct || (rt === ct && (sseq[hslot[right] as number] as number) < (sseq[hslot[child] as number] as number))) {
          child = right;
          ct = rt;
        }
      }
      if (time < ct || (time === ct && seq < (sseq[hslot[child] as number] as number))) break;
      ht[pos] = ct;
      hslot[pos] = hslot[child] as number;
      pos = child;
    }
    ht[pos] = time;
    hslot[pos] = slot;
  }

  private pushFreeRange(from: number, to: number): void {
    // In reverse, so that slots are handed out in increasing order.
    for (let slot = to - 1; slot >= from; slot--) this.freeSlots[this.freeCount++] = slot;
  }

  private grow(): void {
    const old = this.capacity;
    if (old >= SLOT_SPACE) misuse(`schedule: more than ${SLOT_SPACE} pending events`);
    const next = Math.min(old * 2, SLOT_SPACE);
    const widen = <T extends Float64Array | Int32Array>(make: new (n: number) => T, a: T): T => {
      const b = new make(next);
      b.set(a);
      return b;
    };
    this.heapTime = widen(Float64Array, this.heapTime);
    this.heapSlot = widen(Int32Array, this.heapSlot);
    this.slotSeq = widen(Float64Array, this.slotSeq);
    this.slotKind = widen(Int32Array, this.slotKind);
    this.slotTarget = widen(Int32Array, this.slotTarget);
    this.slotGen = widen(Int32Array, this.slotGen);
    this.freeSlots = new Int32Array(next);
    this.capacity = next;
    this.pushFreeRange(old, next);
  }
}
