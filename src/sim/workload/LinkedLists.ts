/** Intrusive doubly linked lists over numbered slots, in typed arrays: which attempts a service, an executor or a queue holds, with O(1) insert and removal and no allocation. */

const NONE = -1;

/**
 * `lists` FIFO lists over slots 0 … capacity − 1; a slot is in at most one list of this set at a
 * time (`listOf[x]`, −1 when in none). `grow` enlarges the slot range (amortised: the workload
 * doubles its pools when full, never per event).
 */
export class LinkedLists {
  head: Int32Array;
  tail: Int32Array;
  /** Items per list. */
  size: Int32Array;
  next: Int32Array;
  prev: Int32Array;
  listOf: Int32Array;

  constructor(lists: number, capacity: number) {
    this.head = new Int32Array(lists).fill(NONE);
    this.tail = new Int32Array(lists).fill(NONE);
    this.size = new Int32Array(lists);
    this.next = new Int32Array(capacity).fill(NONE);
    this.prev = new Int32Array(capacity).fill(NONE);
    this.listOf = new Int32Array(capacity).fill(NONE);
  }

  /** Empties every list. */
  clear(): void {
    this.head.fill(NONE);
    this.tail.fill(NONE);
    this.size.fill(0);
    this.listOf.fill(NONE);
  }

  /** Makes room for slots up to `capacity` − 1. */
  grow(capacity: number): void {
    const extend = (a: Int32Array) => {
      const b = new Int32Array(capacity).fill(NONE);
      b.set(a);
      return b;
    };
    this.next = extend(this.next);
    this.prev = extend(this.prev);
    this.listOf = extend(this.listOf);
  }

  /** Appends slot `x` (in no list) to list `l`. */
  push(l: number, x: number): void {
    const t = this.tail[l] as number;
    this.prev[x] = t;
    this.next[x] = NONE;
    if (t === NONE) this.head[l] = x;
    else this.next[t] = x;
    this.tail[l] = x;
    this.listOf[x] = l;
    this.size[l] = (this.size[l] as number) + 1;
  }

  /** Takes slot `x` out of its list, if it is in one. */
  remove(x: number): void {
    const l = this.listOf[x] as number;
    if (l === NONE) return;
    const p = this.prev[x] as number;
    const n = this.next[x] as number;
    if (p === NONE) this.head[l] = n;
    else this.next[p] = n;
    if (n === NONE) this.tail[l] = p;
    else this.prev[n] = p;
    this.listOf[x] = NONE;
    this.size[l] = (this.size[l] as number) - 1;
  }

  /** Removes and returns the first slot of list `l`, or −1 when it is empty. */
  shift(l: number): number {
    const x = this.head[l] as number;
    if (x !== NONE) this.remove(x);
    return x;
  }
}
