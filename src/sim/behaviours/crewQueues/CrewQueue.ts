/** What a repair policy is: the order in which a crew's waiting components get a free repairer. */

/** The components waiting for one crew's repairers. Non-preemptive: a repair, once started, runs to its end. */
export interface CrewQueue {
  readonly length: number;
  /** Component `c` failed while every repairer was busy. */
  push(c: number): void;
  /** The component a repairer that has just become free takes (only when `length` > 0). */
  pop(): number;
  /** Empties the queue (start of a replication). */
  clear(): void;
}

/** A ring buffer of component numbers, in order of arrival. */
export class Ring {
  length = 0;
  private head = 0;
  private readonly items: Int32Array;

  constructor(capacity: number) {
    this.items = new Int32Array(Math.max(1, capacity));
  }

  push(c: number): void {
    this.items[(this.head + this.length) % this.items.length] = c;
    this.length++;
  }

  pop(): number {
    const c = this.items[this.head] as number;
    this.head = (this.head + 1) % this.items.length;
    this.length--;
    return c;
  }

  clear(): void {
    this.head = 0;
    this.length = 0;
  }
}
